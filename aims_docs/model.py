"""The AIMS object model: object types, link types, fields and their accepted values.

This module is plain data and pure functions, so it can be used and tested
without Sphinx. :mod:`aims_docs.extensions.objects` registers it with sphinx-needs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass


@dataclass(frozen=True)
class ObjectType:
    """One kind of AIMS object, written as a sphinx-needs directive."""

    directive: str
    title: str
    prefix: str
    color: str
    description: str


OBJECT_TYPES: tuple[ObjectType, ...] = (
    ObjectType(
        "requirement",
        "Requirement",
        "REQ_",
        "#d9e2f3",
        "a requirement of a framework or of an interested party",
    ),
    ObjectType("policy", "Policy", "POL_", "#e2efd9", "documented rules"),
    ObjectType(
        "procedure",
        "Procedure",
        "PROC_",
        "#fbe5d5",
        "how something is done, by whom and how often",
    ),
    ObjectType(
        "control", "Control", "CTRL_", "#fff2cc", "a measure the organisation operates"
    ),
    ObjectType("objective", "AI objective", "OBJ_", "#ddebf7", "an AI objective"),
    ObjectType(
        "ai_system",
        "AI system",
        "SYS_",
        "#e4dfec",
        "an AI system in scope, with owner and lifecycle stage",
    ),
    ObjectType(
        "specification",
        "Specification",
        "SPEC_",
        "#f2f2f2",
        "functional, security and operational requirements of an AI system",
    ),
    ObjectType("risk", "AI risk", "RISK_", "#f8cbad", "an AI risk and its treatment"),
    ObjectType(
        "assessment",
        "Impact assessment",
        "IA_",
        "#c6e0b4",
        "an AI system impact assessment and its result",
    ),
    ObjectType(
        "record", "Record", "REC_", "#d0cece", "retained documented information"
    ),
)

TYPE_NAMES: frozenset[str] = frozenset(t.directive for t in OBJECT_TYPES)


@dataclass(frozen=True)
class LinkType:
    """A link option: outgoing name on the source, incoming name on the target."""

    name: str
    outgoing: str
    incoming: str
    source_types: frozenset[str]
    target_types: frozenset[str]
    description: str


_ANY = TYPE_NAMES
_MEASURES = frozenset({"control", "procedure", "policy"})

LINK_TYPES: tuple[LinkType, ...] = (
    LinkType(
        "addresses",
        "addresses",
        "addressed by",
        _ANY - {"requirement"},
        frozenset({"requirement"}),
        "an object that meets part of a requirement",
    ),
    LinkType(
        "applies_to",
        "applies to",
        "governed by",
        _ANY - {"ai_system"},
        frozenset({"ai_system"}),
        "an object that concerns one AI system",
    ),
    LinkType(
        "mitigates",
        "mitigates",
        "mitigated by",
        _MEASURES,
        frozenset({"risk"}),
        "a control, procedure or policy that reduces a risk",
    ),
    LinkType(
        "affects",
        "affects",
        "affected by",
        frozenset({"risk"}),
        frozenset({"ai_system"}),
        "a risk that concerns an AI system",
    ),
    LinkType(
        "evidences",
        "evidences",
        "evidenced by",
        frozenset({"record"}),
        _ANY,
        "a record that shows an object is carried out",
    ),
)

LINK_NAMES: frozenset[str] = frozenset(link.name for link in LINK_TYPES)

STATUSES = ("draft", "approved", "retired")
TREATMENTS = ("mitigate", "accept", "avoid", "transfer")
TRIGGERS = ("initial", "scheduled", "significant_change")
LIFECYCLE_STAGES = (
    "planned",
    "development",
    "validation",
    "deployment",
    "operation",
    "retired",
)
APPLICABILITY = ("applicable", "excluded")


@dataclass(frozen=True)
class Field:
    """An object field added to sphinx-needs, with the form its values must take."""

    name: str
    description: str
    kind: str = "text"  # text, date, interval, score, enum or computed
    choices: tuple[str, ...] = ()
    types: frozenset[str] = TYPE_NAMES


_RISK = frozenset({"risk"})

FIELDS: tuple[Field, ...] = (
    Field("owner", "person or role accountable for the object"),
    Field("approver", "person or role who approved the object"),
    Field("last_reviewed", "date of the last review", "date"),
    Field("review_interval", "time between reviews, such as '12 months'", "interval"),
    Field("next_review", "date of the next review, instead of an interval", "date"),
    Field(
        "likelihood", "likelihood on the risk criteria's scale", "score", types=_RISK
    ),
    Field("impact", "impact on the risk criteria's scale", "score", types=_RISK),
    Field("residual_likelihood", "likelihood after treatment", "score", types=_RISK),
    Field("residual_impact", "impact after treatment", "score", types=_RISK),
    Field("treatment", "risk treatment decision", "enum", TREATMENTS, _RISK),
    Field(
        "risk_level",
        "likelihood and impact combined by the risk criteria",
        "computed",
        types=_RISK,
    ),
    Field(
        "performed_on",
        "date the impact assessment was performed",
        "date",
        types=frozenset({"assessment"}),
    ),
    Field(
        "trigger",
        "why the impact assessment was performed",
        "enum",
        TRIGGERS,
        frozenset({"assessment"}),
    ),
    Field(
        "result",
        "outcome of the impact assessment",
        types=frozenset({"assessment"}),
    ),
    Field(
        "lifecycle",
        "lifecycle stage of the AI system",
        "enum",
        LIFECYCLE_STAGES,
        frozenset({"ai_system"}),
    ),
    Field(
        "measure",
        "how an AI objective is measured",
        types=frozenset({"objective"}),
    ),
    Field(
        "catalog_number",
        "number of the catalog entry, such as 'A.6.2.6'",
        types=frozenset({"requirement"}),
    ),
    Field(
        "catalog_kind",
        "clause, clause_group, control_objective or control",
        types=frozenset({"requirement"}),
    ),
    Field(
        "catalog_parent",
        "id of the enclosing catalog entry",
        types=frozenset({"requirement"}),
    ),
    Field(
        "applicability",
        "Statement of Applicability decision",
        "enum",
        APPLICABILITY,
        frozenset({"requirement"}),
    ),
    Field(
        "justification",
        "reason for the applicability decision",
        types=frozenset({"requirement"}),
    ),
)

FIELDS_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}
#: Fields aims-docs sets itself; a writer who sets one gets a finding.
COMPUTED_FIELDS: frozenset[str] = frozenset(
    f.name for f in FIELDS if f.kind == "computed"
)

#: The written form of every date field; :func:`parse_date` also checks the calendar.
DATE_FORM = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INTERVAL = re.compile(r"^(\d+)\s+(day|week|month|year)s?$")


def parse_date(value: str) -> dt.date | None:
    """Parse a ``YYYY-MM-DD`` date, returning ``None`` for any other form."""
    if not DATE_FORM.match(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


@dataclass(frozen=True)
class Interval:
    """A review interval: a count of days, weeks, months or years."""

    count: int
    unit: str

    def after(self, start: dt.date) -> dt.date:
        """Return the date one interval after *start*, clamping to month ends."""
        if self.unit == "day":
            return start + dt.timedelta(days=self.count)
        if self.unit == "week":
            return start + dt.timedelta(weeks=self.count)
        months = self.count * (12 if self.unit == "year" else 1)
        month_index = start.month - 1 + months
        year = start.year + month_index // 12
        month = month_index % 12 + 1
        day = min(start.day, _days_in_month(year, month))
        return dt.date(year, month, day)


def _days_in_month(year: int, month: int) -> int:
    next_month = dt.date(year + month // 12, month % 12 + 1, 1)
    return (next_month - dt.timedelta(days=1)).day


def parse_interval(value: str) -> Interval | None:
    """Parse an interval such as ``12 months`` or ``90 days``; ``None`` if invalid."""
    match = _INTERVAL.match(value.strip().lower())
    if not match or int(match.group(1)) == 0:
        return None
    return Interval(int(match.group(1)), match.group(2))


@dataclass(frozen=True)
class Scale:
    """An inclusive integer scale, such as likelihood 1 to 5."""

    low: int
    high: int

    def parse(self, value: str) -> int | None:
        """Return *value* as an integer on this scale, or ``None`` if it is not."""
        if not re.fullmatch(r"\d+", value.strip()):
            return None
        score = int(value)
        return score if self.low <= score <= self.high else None

    def __str__(self) -> str:
        return f"an integer from {self.low} to {self.high}"


def accepted_form(field: Field, likelihood: Scale, impact: Scale) -> str:
    """Describe the values *field* accepts, for error messages."""
    if field.kind == "date":
        return "a date as YYYY-MM-DD"
    if field.kind == "interval":
        return "a count and a unit, such as '12 months', '90 days' or '1 year'"
    if field.kind == "score":
        return str(impact if "impact" in field.name else likelihood)
    if field.kind == "enum":
        return "one of " + ", ".join(field.choices)
    return "any text"


def check_value(field: Field, value: str, likelihood: Scale, impact: Scale) -> bool:
    """Return whether *value* is a valid value of *field*."""
    if field.kind == "date":
        return parse_date(value) is not None
    if field.kind == "interval":
        return parse_interval(value) is not None
    if field.kind == "score":
        scale = impact if "impact" in field.name else likelihood
        return scale.parse(value) is not None
    if field.kind == "enum":
        return value in field.choices
    return True
