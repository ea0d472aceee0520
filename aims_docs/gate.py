"""Evaluate traceability rules against the objects of a build.

The gate indexes the objects by type once and follows each selected object's
own link lists (``<link>`` or ``<link>_back``) by id, so a rule costs time in
proportion to the objects it selects and their links, never objects times
objects. Computed fields (review state, risk level) are worked out at most once
per object.
"""

# sphinx-needs 9.0 has a rule engine of its own (``needs_schema_definitions``),
# but its JSON schemas cannot multiply likelihood by impact or compare a review
# date with the as-of date, and ``schema/process.py`` logs each violation
# without a Sphinx location. One engine of our own keeps every rule, default or
# project-defined, in one format whose findings all carry a file and line.

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_docs.config import RiskCriteria
from aims_docs.findings import Finding
from aims_docs.reviews import review_status
from aims_docs.rules import Condition, Filter, Requirement, Rule

Need = Mapping[str, Any]
Location = tuple[str, int | None]

#: How many non-matching linked objects a message names before "and N more".
_NOT_COUNTED_SHOWN = 3


@dataclass(frozen=True)
class GateContext:
    """What rule evaluation depends on besides the objects themselves.

    ``field_locations`` maps ``(object id, field)`` to where that field's value
    is written when that is not the object's own directive, such as an
    applicability decision copied onto a catalog control.
    """

    as_of: dt.date
    window_days: int = 30
    criteria: RiskCriteria = field(default_factory=RiskCriteria)
    field_locations: Mapping[tuple[str, str], Location] = field(default_factory=dict)


@dataclass
class RuleResult:
    """The objects a rule checked and the findings it produced."""

    rule: Rule
    checked: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


class NeedIndex:
    """The build's objects indexed by type, with computed fields cached per object."""

    def __init__(self, needs: Mapping[str, Need], context: GateContext) -> None:
        self.needs = needs
        self.context = context
        self.by_type: dict[str, list[Need]] = {}
        self.local: list[Need] = []
        for need in needs.values():
            if need.get("is_external"):
                continue
            self.local.append(need)
            self.by_type.setdefault(need["type"], []).append(need)
        self._computed: dict[str, dict[str, Any]] = {}

    def computed(self, need: Need) -> dict[str, Any]:
        """Return the computed fields of *need*: review state and due date, risk level."""
        cached = self._computed.get(need["id"])
        if cached is not None:
            return cached
        status = review_status(need, self.context.as_of, self.context.window_days)
        level = self._risk_level(need)
        values = {
            "review_state": status.state,
            "review_due": status.due.isoformat() if status.due else None,
            "risk_level": level,
            "needs_treatment": (
                None if level is None else self.context.criteria.needs_treatment(level)
            ),
        }
        self._computed[need["id"]] = values
        return values

    def _risk_level(self, need: Need) -> int | None:
        criteria = self.context.criteria
        likelihood = criteria.likelihood.parse(str(need.get("likelihood") or ""))
        impact = criteria.impact.parse(str(need.get("impact") or ""))
        if likelihood is None or impact is None:
            return None
        return criteria.level_of(likelihood, impact)

    def value(self, need: Need, name: str) -> Any:
        """Return a written or computed field of *need*."""
        if name in ("review_state", "review_due", "risk_level", "needs_treatment"):
            return self.computed(need)[name]
        return need.get(name)

    def select(self, selection: Filter) -> Iterator[Need]:
        """Yield the local objects that match *selection*, in reading order."""
        if selection.ids:
            candidates: Iterable[Need] = (
                self.needs[i] for i in sorted(selection.ids) if i in self.needs
            )
        elif selection.types:
            candidates = (
                need
                for t in sorted(selection.types)
                for need in self.by_type.get(t, ())
            )
        else:
            candidates = self.local
        for need in candidates:
            if not need.get("is_external") and self.matches(need, selection):
                yield need

    def matches(self, need: Need, selection: Filter) -> bool:
        return self.mismatch(need, selection) is None

    def mismatch(self, need: Need, selection: Filter) -> str | None:
        """Return why *need* does not match *selection*, or ``None`` if it does."""
        if selection.types and need.get("type") not in selection.types:
            type_name = str(need.get("type"))
            article = "an" if type_name[:1] in "aeiou" else "a"
            return f"is {article} {type_name}"
        if selection.ids and need["id"] not in selection.ids:
            return "has another id"
        failed = self.failed(need, selection.where)
        if failed:
            return describe(failed[0], self.value(need, failed[0].field))
        if selection.unless and not self.failed(need, selection.unless):
            return "is excluded by 'unless'"
        return None

    def failed(self, need: Need, conditions: Iterable[Condition]) -> list[Condition]:
        """Return the conditions that do not hold for *need*."""
        return [c for c in conditions if not holds(c, self.value(need, c.field))]


def is_present(value: Any) -> bool:
    return value not in (None, "", [], ())


def _same(value: Any, expected: Any) -> bool:
    if value is None or isinstance(value, (list, tuple)):
        return False
    if isinstance(expected, bool) or isinstance(value, bool):
        return value is expected
    return str(value) == str(expected)


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def holds(condition: Condition, value: Any) -> bool:
    """Return whether *condition* holds for a field *value*."""
    operator, operand = condition.operator, condition.operand
    if operator == "equals":
        return _same(value, operand)
    if operator == "not":
        return not _same(value, operand)
    if operator == "in":
        return any(_same(value, o) for o in operand)
    if operator == "not_in":
        return not any(_same(value, o) for o in operand)
    if operator == "contains":
        if isinstance(value, (list, tuple)):
            return any(_same(item, operand) for item in value)
        return _same(value, operand)
    if operator == "present":
        return is_present(value) is operand
    number = _number(value)
    if number is None or isinstance(value, bool):
        return False
    comparisons: dict[str, bool] = {
        "gt": number > operand,
        "ge": number >= operand,
        "lt": number < operand,
        "le": number <= operand,
    }
    return comparisons[operator]


def describe(condition: Condition, value: Any) -> str:
    """Say, in a few words, why *condition* does not hold for *value*."""
    name, operator, operand = condition.field, condition.operator, condition.operand
    if operator == "present":
        return f"{name} is missing" if operand else f"{name} is set"
    if not is_present(value) and operator != "not":
        return f"{name} is missing"
    if operator == "equals":
        return f"{name} is {value!r}, not {operand!r}"
    if operator == "not":
        return f"{name} is {value!r}"
    if operator == "in":
        return f"{name} is {value!r}, not one of {', '.join(map(repr, operand))}"
    if operator == "not_in":
        return f"{name} is {value!r}"
    if operator == "contains":
        return f"{name} does not include {operand!r}"
    symbols = {"gt": ">", "ge": ">=", "lt": "<", "le": "<="}
    return f"{name} is {value!r}, not {symbols[operator]} {operand}"


@dataclass
class _Gap:
    problems: list[str]
    fields: list[str] = field(default_factory=list)
    not_counted: list[str] = field(default_factory=list)
    count: int | None = None


def _link_gap(need: Need, requirement: Requirement, index: NeedIndex) -> _Gap | None:
    link_field = requirement.link + ("_back" if requirement.incoming else "")
    count = 0
    not_counted: list[str] = []
    for other_id in need.get(link_field) or ():
        other = index.needs.get(other_id)
        if other is None:
            continue  # a link to an unknown id: the link-targets check reports it
        reason = index.mismatch(other, requirement.other)
        if reason is None:
            count += 1
        elif not requirement.other.types or other.get("type") in requirement.other.types:
            # Objects of another type are not candidates, so the message skips them.
            not_counted.append(f"{other_id} {reason}")
    too_few = count < requirement.min
    too_many = requirement.max is not None and count > requirement.max
    if not (too_few or too_many):
        return None
    direction = "incoming" if requirement.incoming else "outgoing"
    limit = f"at least {requirement.min}" if too_few else f"at most {requirement.max}"
    problem = (
        f"has {count} matching {direction} '{requirement.link}' links, needs {limit}"
    )
    return _Gap([problem], not_counted=not_counted, count=count)


def _requirement_gap(
    need: Need, requirement: Requirement, index: NeedIndex
) -> _Gap | None:
    if requirement.link:
        return _link_gap(need, requirement, index)
    failed = index.failed(need, requirement.where)
    if not failed:
        return None
    return _Gap(
        [describe(c, index.value(need, c.field)) for c in failed],
        fields=[c.field for c in failed],
    )


def _message(
    rule: Rule, requirement: Requirement, need: Need, gap: _Gap, index: NeedIndex
) -> str:
    template = requirement.message or rule.message or "{id}: {problems}"
    not_counted = ""
    if gap.not_counted:
        shown = gap.not_counted[:_NOT_COUNTED_SHOWN]
        more = len(gap.not_counted) - len(shown)
        not_counted = " (not counted: " + "; ".join(shown)
        not_counted += f"; and {more} more)" if more else ")"
    values: dict[str, Any] = {
        "id": need["id"],
        "type": need.get("type", ""),
        "title": need.get("title", ""),
        "rule": rule.name,
        "problems": ", ".join(gap.problems),
        "not_counted": not_counted,
        "count": "" if gap.count is None else gap.count,
        "min": requirement.min,
        "max": "" if requirement.max is None else requirement.max,
    }
    for name, value in index.computed(need).items():
        values[name] = "" if value is None else value
    return template.format_map(values)


def _location(need: Need, gap: _Gap, index: NeedIndex) -> Location:
    for name in gap.fields:
        written = index.context.field_locations.get((need["id"], name))
        if written is not None:
            return written
    return need.get("docname") or "", need.get("lineno")


def evaluate_rule(rule: Rule, index: NeedIndex) -> RuleResult:
    """Check every object *rule* selects; return what was checked and each gap."""
    result = RuleResult(rule)
    for need in index.select(rule.select):
        result.checked.append(need["id"])
        for requirement in rule.require:
            if requirement.when and index.failed(need, requirement.when):
                continue
            gap = _requirement_gap(need, requirement, index)
            if gap is None:
                continue
            docname, line = _location(need, gap, index)
            result.findings.append(
                Finding(
                    docname,
                    line,
                    rule.subtype,
                    rule.name,
                    need["id"],
                    _message(rule, requirement, need, gap, index),
                )
            )
    return result


def evaluate(rules: Iterable[Rule], index: NeedIndex) -> list[RuleResult]:
    """Evaluate each rule on the indexed objects, in the order given."""
    return [evaluate_rule(rule, index) for rule in rules]
