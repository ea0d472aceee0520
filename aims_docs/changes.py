"""Changes between two releases, computed from the needs of each.

The input of :func:`compare` is two mappings of id to need, in the shape of the
``needs`` of a sphinx-needs ``needs.json`` (a live build's needs view has the same
keys). Only what a writer controls is compared: the title, the description (the
need's ``content``), the fields of the AIMS object model and the links. An
object's incoming links are derived from the outgoing links of the other objects
of the same release, so an object that gains or loses one, such as a new record
that evidences it, is listed as changed too. Text of the pages outside objects is
not compared.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aims_docs.config import RiskCriteria
from aims_docs.model import FIELDS, LINK_NAMES, TYPE_NAMES
from aims_docs.reviews import review_status

Need = Mapping[str, Any]

#: Need keys compared besides the AIMS fields and links, with their labels.
BASE_FIELDS: dict[str, str] = {
    "title": "title",
    "type": "type",
    "status": "status",
    "docname": "page",
    "content": "description",
    "tags": "tags",
}
#: Fields also reported as applicability changes.
APPLICABILITY_FIELDS = ("applicability", "justification")
#: Fields also reported as risk re-scores.
SCORE_FIELDS = (
    "likelihood",
    "impact",
    "residual_likelihood",
    "residual_impact",
    "risk_level",
)

COMPARED_FIELDS: tuple[str, ...] = (*BASE_FIELDS, *(f.name for f in FIELDS))


@dataclass(frozen=True)
class FieldChange:
    """One field of one object whose value differs between two releases."""

    name: str
    old: str
    new: str


@dataclass(frozen=True)
class LinkChange:
    """Targets added to and removed from one link option of one object."""

    name: str
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class IncomingLinkChange:
    """A link from another object to this one that was added or removed."""

    source: str  # id of the object the link is set on
    name: str  # link option, such as "evidences"
    added: bool  # False when the link was removed


@dataclass(frozen=True)
class ObjectChange:
    """An object in both releases whose fields, links or incoming links differ."""

    id: str
    title: str
    type: str
    fields: tuple[FieldChange, ...] = ()
    links: tuple[LinkChange, ...] = ()
    incoming: tuple[IncomingLinkChange, ...] = ()


@dataclass(frozen=True)
class ObjectSummary:
    """An object added or removed between two releases."""

    id: str
    title: str
    type: str


@dataclass(frozen=True)
class ApplicabilityChange:
    """A Statement of Applicability decision that differs between two releases."""

    id: str
    title: str
    old_decision: str
    new_decision: str
    old_justification: str
    new_justification: str


@dataclass(frozen=True)
class RiskRescore:
    """A risk whose likelihood, impact or residual scores differ."""

    id: str
    title: str
    old_level: int | None
    new_level: int | None
    scores: tuple[FieldChange, ...]


@dataclass(frozen=True)
class NewlyOverdue:
    """An object overdue for review in the new release but not in the old one."""

    id: str
    title: str
    type: str
    due: dt.date


@dataclass
class ChangeSet:
    """Every difference between a previous and a current release."""

    added: list[ObjectSummary] = field(default_factory=list)
    removed: list[ObjectSummary] = field(default_factory=list)
    changed: list[ObjectChange] = field(default_factory=list)
    applicability: list[ApplicabilityChange] = field(default_factory=list)
    rescored: list[RiskRescore] = field(default_factory=list)
    overdue: list[NewlyOverdue] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not (
            self.added
            or self.removed
            or self.changed
            or self.applicability
            or self.rescored
            or self.overdue
        )


def read_needs_json(path: Path) -> dict[str, dict[str, Any]]:
    """Return the needs of the current version stored in a ``needs.json`` file.

    Raises ``ValueError`` naming the file when it is not a sphinx-needs export.
    """
    try:
        data = json.loads(path.read_text("utf-8"))
        version = data["versions"][data["current_version"]]
        needs = version["needs"]
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ValueError(
            f"{path}: cannot read the needs of the previous release ({error}); "
            "the file must be a needs.json written by sphinx-needs"
        ) from None
    if not isinstance(needs, dict):
        raise ValueError(f"{path}: 'needs' is not an object of id to need")
    return needs


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value).strip()


def _is_aims_object(need: Need) -> bool:
    return need.get("type") in TYPE_NAMES and not need.get("is_external")


def _summary(need: Need) -> ObjectSummary:
    return ObjectSummary(need["id"], _text(need.get("title")), _text(need.get("type")))


def _field_changes(old: Need, new: Need, names: tuple[str, ...]) -> list[FieldChange]:
    changes = []
    for name in names:
        before, after = _text(old.get(name)), _text(new.get(name))
        if before != after:
            changes.append(FieldChange(BASE_FIELDS.get(name, name), before, after))
    return changes


def _link_changes(old: Need, new: Need) -> list[LinkChange]:
    changes = []
    for name in sorted(LINK_NAMES):
        before, after = set(old.get(name) or ()), set(new.get(name) or ())
        if before != after:
            changes.append(
                LinkChange(
                    name, tuple(sorted(after - before)), tuple(sorted(before - after))
                )
            )
    return changes


Incoming = dict[str, set[tuple[str, str]]]


def _incoming_links(needs: Mapping[str, Need]) -> Incoming:
    """Map each object id to the ``(source id, link name)`` of the links to it."""
    incoming: Incoming = {}
    for source_id, source in needs.items():
        for name in LINK_NAMES:
            for target in source.get(name) or ():
                incoming.setdefault(target, set()).add((source_id, name))
    return incoming


def _incoming_changes(
    need_id: str, old: Incoming, new: Incoming
) -> list[IncomingLinkChange]:
    before, after = old.get(need_id, set()), new.get(need_id, set())
    changes = [
        IncomingLinkChange(source, name, True) for source, name in after - before
    ]
    changes += [
        IncomingLinkChange(source, name, False) for source, name in before - after
    ]
    return sorted(changes, key=lambda c: (not c.added, c.source, c.name))


def _risk_level(need: Need, criteria: RiskCriteria) -> int | None:
    likelihood = criteria.likelihood.parse(_text(need.get("likelihood")))
    impact = criteria.impact.parse(_text(need.get("impact")))
    if likelihood is None or impact is None:
        return None
    return criteria.level_of(likelihood, impact)


def _applicability_change(old: Need, new: Need) -> ApplicabilityChange | None:
    before = [_text(old.get(name)) for name in APPLICABILITY_FIELDS]
    after = [_text(new.get(name)) for name in APPLICABILITY_FIELDS]
    if before == after:
        return None
    return ApplicabilityChange(
        new["id"], _text(new.get("title")), before[0], after[0], before[1], after[1]
    )


def _rescore(old: Need, new: Need, criteria: RiskCriteria) -> RiskRescore | None:
    if new.get("type") != "risk":
        return None
    scores = _field_changes(old, new, SCORE_FIELDS)
    if not scores:
        return None
    return RiskRescore(
        new["id"],
        _text(new.get("title")),
        _risk_level(old, criteria),
        _risk_level(new, criteria),
        tuple(scores),
    )


def compare(
    previous: Mapping[str, Need],
    current: Mapping[str, Need],
    *,
    previous_as_of: dt.date,
    current_as_of: dt.date,
    criteria: RiskCriteria | None = None,
) -> ChangeSet:
    """Compare the needs of a previous release with those of the current one.

    Review status is computed for each release on its own as-of date, so an
    object "became overdue" when it is overdue at *current_as_of* and was not
    overdue (or did not exist) at *previous_as_of*.
    """
    criteria = criteria or RiskCriteria()
    old = {k: v for k, v in previous.items() if _is_aims_object(v)}
    new = {k: v for k, v in current.items() if _is_aims_object(v)}
    result = ChangeSet()
    result.added = [_summary(new[i]) for i in sorted(new.keys() - old.keys())]
    result.removed = [_summary(old[i]) for i in sorted(old.keys() - new.keys())]
    old_incoming, new_incoming = _incoming_links(old), _incoming_links(new)
    for need_id in sorted(old.keys() & new.keys()):
        before, after = old[need_id], new[need_id]
        fields = _field_changes(before, after, COMPARED_FIELDS)
        links = _link_changes(before, after)
        incoming = _incoming_changes(need_id, old_incoming, new_incoming)
        if fields or links or incoming:
            result.changed.append(
                ObjectChange(
                    need_id,
                    _text(after.get("title")),
                    _text(after.get("type")),
                    tuple(fields),
                    tuple(links),
                    tuple(incoming),
                )
            )
        if applicability := _applicability_change(before, after):
            result.applicability.append(applicability)
        if rescore := _rescore(before, after, criteria):
            result.rescored.append(rescore)
    result.overdue = _newly_overdue(old, new, previous_as_of, current_as_of)
    return result


def _newly_overdue(
    old: Mapping[str, Need],
    new: Mapping[str, Need],
    previous_as_of: dt.date,
    current_as_of: dt.date,
) -> list[NewlyOverdue]:
    found = []
    for need_id in sorted(new):
        status = review_status(new[need_id], current_as_of)
        if status.state != "overdue" or status.due is None:
            continue
        if need_id in old and review_status(old[need_id], previous_as_of).state == (
            "overdue"
        ):
            continue
        need = new[need_id]
        found.append(
            NewlyOverdue(
                need_id, _text(need.get("title")), _text(need.get("type")), status.due
            )
        )
    return found
