"""A synthetic AIMS of N objects, as plain data the project writers turn into files.

Objects come in families of twenty around one AI system: its specification,
impact assessment, four risks, four controls that mitigate them, three
procedures, a policy, an AI objective and four records that evidence the rest.
Every object addresses catalog requirements. A few objects carry a defect that
the gate reports (a link to an unknown id, an overdue review), as a real manual
at a CI gate would. The content is deterministic: the same N gives the same
objects.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from aims_docs.catalog import load_catalog

#: Objects a page, as in a large manual split by topic.
OBJECTS_PER_PAGE = 50
#: The as-of date every synthetic project pins, so review status is reproducible.
AS_OF = dt.date(2026, 11, 30)
#: One object in this many has a link to an id that does not exist.
DEAD_LINK_EVERY = 211
#: One object in this many was last reviewed more than its interval ago.
OVERDUE_EVERY = 97

_FAMILY = (
    ("ai_system", 1),
    ("specification", 1),
    ("assessment", 1),
    ("risk", 4),
    ("control", 4),
    ("procedure", 3),
    ("policy", 1),
    ("objective", 1),
    ("record", 4),
)
FAMILY_SIZE = sum(count for _, count in _FAMILY)

_PREFIX = {
    "ai_system": "SYS",
    "specification": "SPEC",
    "assessment": "IA",
    "risk": "RISK",
    "control": "CTRL",
    "procedure": "PROC",
    "policy": "POL",
    "objective": "OBJ",
    "record": "REC",
}

_ADDRESSES = {
    "ai_system": ("ISO42001_4_3", "ISO42001_A_4_2"),
    "specification": ("ISO42001_A_6_2_2", "ISO42001_A_6_2_3"),
    "assessment": ("ISO42001_8_4", "ISO42001_6_1_4", "ISO42001_A_5_2"),
    "risk": ("ISO42001_6_1_2", "ISO42001_8_2"),
    "policy": ("ISO42001_5_2", "ISO42001_A_2_2"),
    "objective": ("ISO42001_6_2",),
    "record": ("ISO42001_7_5_3", "ISO42001_9_1"),
}
_PROCEDURE_CLAUSES = ("ISO42001_A_6_2_6", "ISO42001_A_8_4", "ISO42001_8_1")
_LIFECYCLE = ("development", "validation", "deployment", "operation", "operation")
_TREATMENTS = ("mitigate", "mitigate", "mitigate", "accept")
_TRIGGERS = ("initial", "scheduled", "significant_change")
_INTERVALS = ("6 months", "12 months", "1 year", "90 days")
_OWNERS = (
    "Head of AI Governance",
    "Chief Data Officer",
    "Head of Machine Learning",
    "Information Security Manager",
    "Head of Customer Operations",
)


@dataclass
class SyntheticObject:
    """One AIMS object: type, id, title, fields, links and description."""

    type: str
    id: str
    title: str
    fields: dict[str, str] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    content: str = ""


@dataclass
class SyntheticAims:
    """The objects of a synthetic AIMS, split into pages of equal size."""

    objects: list[SyntheticObject]

    def pages(self) -> list[list[SyntheticObject]]:
        size = OBJECTS_PER_PAGE
        return [self.objects[i : i + size] for i in range(0, len(self.objects), size)]


def annex_a_controls() -> list[tuple[str, str]]:
    """Return ``(id, number and title)`` of each Annex A control of the catalog."""
    return [(e.id, f"{e.number} {e.title}") for e in load_catalog().controls()]


def build_aims(count: int) -> SyntheticAims:
    """Return a synthetic AIMS of exactly *count* objects."""
    objects: list[SyntheticObject] = []
    family = 0
    while len(objects) < count:
        objects.extend(_family(family))
        family += 1
    del objects[count:]
    for index, obj in enumerate(objects, start=1):
        _add_common_fields(obj, index)
    return SyntheticAims(objects)


def _family(number: int) -> Iterator[SyntheticObject]:
    """Yield the twenty objects around AI system *number*."""
    tag = f"{number:05d}"
    ids = {
        kind: [f"{_PREFIX[kind]}_{tag}_{i}" for i in range(1, count + 1)]
        for kind, count in _FAMILY
    }
    system = ids["ai_system"][0]
    yield _object(
        "ai_system", system, f"AI system {tag}",
        {"lifecycle": _LIFECYCLE[number % len(_LIFECYCLE)]},
        {"addresses": list(_ADDRESSES["ai_system"])},
        "Classifies incoming requests and routes them to a team.",
    )
    yield _object(
        "specification", ids["specification"][0], f"Specification of system {tag}",
        {}, {"applies_to": [system], "addresses": list(_ADDRESSES["specification"])},
        "Functional, security and operational requirements of the system.",
    )
    yield _object(
        "assessment", ids["assessment"][0], f"Impact assessment of system {tag}",
        {
            "performed_on": "2026-03-02",
            "trigger": _TRIGGERS[number % len(_TRIGGERS)],
            "result": "acceptable with controls",
        },
        {"applies_to": [system], "addresses": list(_ADDRESSES["assessment"])},
        "Effects on individuals, groups and society were assessed.",
    )
    yield from _risks_and_measures(number, tag, ids)
    yield from _governance(number, tag, ids)


def _risks_and_measures(
    number: int, tag: str, ids: dict[str, list[str]]
) -> Iterator[SyntheticObject]:
    """Yield the risks of one family, the controls and procedures against them."""
    system = ids["ai_system"][0]
    controls = annex_a_controls()
    for i, risk in enumerate(ids["risk"]):
        yield _object(
            "risk", risk, f"Risk {i + 1} of system {tag}",
            {
                "likelihood": str(1 + (number + i) % 5),
                "impact": str(1 + (number * 3 + i) % 5),
                "treatment": _TREATMENTS[i % len(_TREATMENTS)],
            },
            {"affects": [system], "addresses": list(_ADDRESSES["risk"])},
            "Wrong outputs could lead to a wrong decision about a person.",
        )
    for i, control in enumerate(ids["control"]):
        control_id = controls[(number * 4 + i) % len(controls)][0]
        yield _object(
            "control", control, f"Control {i + 1} of system {tag}", {},
            {"mitigates": [ids["risk"][i]], "addresses": [control_id]},
            "A second person reviews a sample of the outputs every week.",
        )
    for i, procedure in enumerate(ids["procedure"]):
        yield _object(
            "procedure", procedure, f"Procedure {i + 1} of system {tag}", {},
            {
                "applies_to": [system],
                "mitigates": [ids["risk"][i]],
                "addresses": [_PROCEDURE_CLAUSES[i % len(_PROCEDURE_CLAUSES)]],
            },
            "The on-call engineer checks the monitoring dashboard each morning.",
        )


def _governance(
    number: int, tag: str, ids: dict[str, list[str]]
) -> Iterator[SyntheticObject]:
    """Yield the policy, objective and records of one family."""
    yield _object(
        "policy", ids["policy"][0], f"Use policy of system {tag}", {},
        {"addresses": list(_ADDRESSES["policy"])},
        "The system may be used only for the purposes its specification names.",
    )
    yield _object(
        "objective", ids["objective"][0], f"Accuracy objective of system {tag}",
        {"measure": "share of correct outputs in the monthly sample"},
        {"applies_to": [ids["ai_system"][0]], "addresses": list(_ADDRESSES["objective"])},
        "At least 95 out of 100 sampled outputs are correct.",
    )
    evidenced = [*ids["procedure"], ids["assessment"][0]]
    for i, record in enumerate(ids["record"]):
        yield _object(
            "record", record, f"Record {i + 1} of system {tag}",
            {},
            {"evidences": [evidenced[i]], "addresses": list(_ADDRESSES["record"])},
            "Minutes of the monthly review, kept for three years.",
        )


def _object(
    kind: str,
    need_id: str,
    title: str,
    fields: dict[str, str],
    links: dict[str, list[str]],
    content: str,
) -> SyntheticObject:
    return SyntheticObject(kind, need_id, title, dict(fields), links, content)


def _add_common_fields(obj: SyntheticObject, index: int) -> None:
    """Add owner, status and review dates; plant the rare defect."""
    obj.fields["owner"] = _OWNERS[index % len(_OWNERS)]
    obj.fields["status"] = "draft" if index % 13 == 0 else "approved"
    if obj.type != "risk":
        obj.fields["approver"] = "Chief Executive Officer"
    interval = _INTERVALS[index % len(_INTERVALS)]
    reviewed = AS_OF - dt.timedelta(days=400 if index % OVERDUE_EVERY == 0 else 40)
    obj.fields["last_reviewed"] = reviewed.isoformat()
    obj.fields["review_interval"] = interval
    if index % DEAD_LINK_EVERY == 0:
        obj.links.setdefault("addresses", []).append("ISO42001_6_1_9")
