"""The AI system inventory: each system's owner, stage and documented information."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from aims_docs.default_rules import DOCUMENTING_TYPES
from aims_docs.model import parse_date
from aims_docs.reviews import ReviewStatus, review_status
from aims_docs.views.index import Need, ObjectIndex, ObjectRef, text

#: Control on documented operation and support: monitoring, repairs, updates, support.
OPERATION_CONTROL = "ISO42001_A_6_2_6"
#: Control on communicating incidents to the users of an AI system.
INCIDENT_CONTROL = "ISO42001_A_8_4"


@dataclass(frozen=True)
class AssessmentState:
    """The latest impact assessment of a system and when it is due again."""

    assessment: ObjectRef
    performed_on: dt.date | None
    review: ReviewStatus

    @property
    def current(self) -> bool:
        return self.performed_on is not None and self.review.state != "overdue"


@dataclass(frozen=True)
class SystemRow:
    """One AI system in the inventory."""

    system: ObjectRef
    owner: str
    lifecycle: str
    specifications: tuple[ObjectRef, ...]
    operation: tuple[ObjectRef, ...]  # documents for the system addressing A.6.2.6
    incident_plans: tuple[ObjectRef, ...]  # documents for the system addressing A.8.4
    assessment: AssessmentState | None  # the latest impact assessment, if any
    risks: tuple[ObjectRef, ...]  # risks that affect the system

    @property
    def anchor(self) -> str:
        return f"inventory-{self.system.id}"

    @property
    def retired(self) -> bool:
        """Whether the system is retired, which exempts it from the gate's rules."""
        return self.system.status == "retired" or self.lifecycle == "retired"


def system_rows(
    index: ObjectIndex, as_of: dt.date, window_days: int
) -> list[SystemRow]:
    """Return every AI system, in id order, with what documents it."""
    return [
        _system_row(index, need, as_of, window_days)
        for need in index.by_type.get("ai_system", ())
    ]


def _system_row(
    index: ObjectIndex, need: Need, as_of: dt.date, window_days: int
) -> SystemRow:
    governing = index.linked(need, "applies_to_back")
    return SystemRow(
        system=index.ref(need["id"]),
        owner=text(need, "owner"),
        lifecycle=text(need, "lifecycle"),
        specifications=_refs_of_type(index, governing, "specification"),
        operation=_refs_addressing(index, governing, OPERATION_CONTROL),
        incident_plans=_refs_addressing(index, governing, INCIDENT_CONTROL),
        assessment=_latest_assessment(index, governing, as_of, window_days),
        risks=index.refs(need.get("affects_back") or ()),
    )


def _refs_of_type(
    index: ObjectIndex, needs: list[Need], need_type: str
) -> tuple[ObjectRef, ...]:
    return index.refs(n["id"] for n in needs if n.get("type") == need_type)


def _refs_addressing(
    index: ObjectIndex, needs: list[Need], requirement_id: str
) -> tuple[ObjectRef, ...]:
    return index.refs(
        n["id"]
        for n in needs
        if n.get("type") in DOCUMENTING_TYPES
        and requirement_id in (n.get("addresses") or ())
    )


def _latest_assessment(
    index: ObjectIndex, needs: list[Need], as_of: dt.date, window_days: int
) -> AssessmentState | None:
    """Return the assessment with the latest valid ``performed_on``, if any.

    Assessments without a valid date sort first, so a dated one always wins.
    """
    latest: tuple[dt.date, str, Need] | None = None
    for need in needs:
        if need.get("type") != "assessment":
            continue
        performed = parse_date(text(need, "performed_on")) or dt.date.min
        key = (performed, str(need["id"]), need)
        if latest is None or key[:2] > latest[:2]:
            latest = key
    if latest is None:
        return None
    performed, _, need = latest
    return AssessmentState(
        index.ref(need["id"]),
        None if performed == dt.date.min else performed,
        review_status(need, as_of, window_days),
    )
