"""Traceability rules as data: their format, parsing and validation.

A rule selects objects and states what each selected object needs::

    {
        "name": "system-specification",
        "subtype": "system",
        "select": {"type": "ai_system", "where": {"status": {"not": "retired"}}},
        "require": {
            "link": "applies_to",
            "direction": "incoming",
            "from": {"type": "specification"},
            "min": 1,
        },
        "message": "{id} has no specification; ...",
    }

A *filter* (``select``, ``from``, ``to``) has optional keys ``type`` and ``id``
(a value or a list), ``where`` (conditions that must all hold) and ``unless``
(conditions that, when all hold, exclude the object). A *requirement* is either
a link count (``link``, ``direction``, ``from`` or ``to``, ``min``, ``max``) or
conditions on the object itself (``where``); ``require`` may be a list of them,
each with an optional ``when`` that limits it to some of the selected objects.
:mod:`aims_docs.rule_set` merges them with the default rules of
:mod:`aims_docs.default_rules`, and :mod:`aims_docs.gate` evaluates them.
"""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: Condition operators and what their operand must be.
OPERATORS: dict[str, str] = {
    "equals": "a value",
    "not": "a value",
    "in": "a list of values",
    "not_in": "a list of values",
    "contains": "a value",
    "present": "true or false",
    "gt": "a number",
    "ge": "a number",
    "lt": "a number",
    "le": "a number",
}

#: Fields computed by the gate, usable in conditions like any written field.
COMPUTED_FIELDS: dict[str, str] = {
    "review_state": "overdue, due_soon, scheduled or unscheduled, at the as-of date",
    "review_due": "the date the next review is due, as YYYY-MM-DD",
    "risk_level": "likelihood and impact combined as the risk criteria say",
    "needs_treatment": "true when the risk level is above the acceptance threshold",
}

#: Placeholders a rule's message may use.
MESSAGE_FIELDS = frozenset(
    {"id", "type", "title", "rule", "problems", "not_counted", "count", "min", "max"}
    | set(COMPUTED_FIELDS)
)

_RULE_KEYS = frozenset(
    {"name", "subtype", "description", "select", "require", "message"}
)
_FILTER_KEYS = frozenset({"type", "id", "where", "unless"})
_LINK_KEYS = frozenset(
    {"link", "direction", "from", "to", "min", "max", "when", "message"}
)
_WHERE_KEYS = frozenset({"where", "when", "message"})
#: The form of a rule name, such as ``system-owner``.
NAME = re.compile(r"^[a-z][a-z0-9_-]*$")
_SUBTYPE = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Condition:
    """One test on a field: ``operator`` applied to the field's value."""

    field: str
    operator: str
    operand: Any


@dataclass(frozen=True)
class Filter:
    """A selection of objects: those a rule checks, or the linked objects that count."""

    types: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()
    where: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()


@dataclass(frozen=True)
class Requirement:
    """The need of each selected object: a count of links, or conditions on itself.

    A link requirement sets ``link``; otherwise ``where`` lists conditions the
    object must meet. ``when`` limits the requirement to objects that meet it.
    """

    link: str = ""
    incoming: bool = False
    other: Filter = field(default_factory=Filter)
    min: int = 1
    max: int | None = None
    where: tuple[Condition, ...] = ()
    when: tuple[Condition, ...] = ()
    message: str = ""


@dataclass(frozen=True)
class Rule:
    """A parsed traceability rule."""

    name: str
    subtype: str
    select: Filter
    require: tuple[Requirement, ...]
    message: str
    description: str = ""


@dataclass(frozen=True)
class Vocabulary:
    """The object types, fields and link types a rule may name."""

    types: frozenset[str]
    fields: frozenset[str]
    links: frozenset[str]

    def all_fields(self) -> frozenset[str]:
        backs = {f"{link}_back" for link in self.links}
        return self.fields | self.links | backs | frozenset(COMPUTED_FIELDS)


class RuleProblems:
    """Collects the problems of a rule set, each naming the key, value and fix."""

    def __init__(self) -> None:
        self.messages: list[str] = []

    def add(self, key: str, problem: str) -> None:
        self.messages.append(f"{key}: {problem}")


def hint(value: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(value, sorted(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _as_set(value: Any, key: str, problems: RuleProblems) -> frozenset[str]:
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value):
        return frozenset(value)
    problems.add(key, f"invalid value {value!r}; give a string or a list of strings")
    return frozenset()


def parse_conditions(
    raw: Any, key: str, vocabulary: Vocabulary, problems: RuleProblems
) -> tuple[Condition, ...]:
    """Parse ``{field: value | [values] | {operator: operand}}`` into conditions."""
    if not isinstance(raw, Mapping):
        problems.add(key, f"invalid conditions {raw!r}; give a dict of field to value")
        return ()
    known = vocabulary.all_fields()
    conditions: list[Condition] = []
    for name, spec in raw.items():
        if name not in known:
            problems.add(
                f"{key}[{name!r}]",
                f"unknown field {name!r}{hint(str(name), known)}; use a field of "
                "the object model, a field in needs_fields, a link name or one of "
                + ", ".join(COMPUTED_FIELDS),
            )
            continue
        conditions.extend(_parse_condition(name, spec, f"{key}[{name!r}]", problems))
    return tuple(conditions)


def _parse_condition(
    name: str, spec: Any, key: str, problems: RuleProblems
) -> list[Condition]:
    if isinstance(spec, (list, tuple)):
        return [Condition(name, "in", tuple(spec))]
    if not isinstance(spec, Mapping):
        return [Condition(name, "equals", spec)]
    conditions: list[Condition] = []
    for operator, operand in spec.items():
        if operator not in OPERATORS:
            problems.add(
                key,
                f"unknown operator {operator!r}{hint(str(operator), OPERATORS)}; "
                f"use one of {', '.join(OPERATORS)}",
            )
            continue
        if not _operand_ok(operator, operand):
            problems.add(
                f"{key}[{operator!r}]",
                f"invalid operand {operand!r}; give {OPERATORS[operator]}",
            )
            continue
        if operator in ("in", "not_in"):
            operand = tuple(operand)
        conditions.append(Condition(name, operator, operand))
    if not spec:
        problems.add(key, "empty condition; give an operator such as {'present': True}")
    return conditions


def _operand_ok(operator: str, operand: Any) -> bool:
    if operator in ("in", "not_in"):
        return isinstance(operand, (list, tuple))
    if operator == "present":
        return isinstance(operand, bool)
    if operator in ("gt", "ge", "lt", "le"):
        return isinstance(operand, (int, float)) and not isinstance(operand, bool)
    return not isinstance(operand, (list, tuple, dict))


def parse_filter(
    raw: Any, key: str, vocabulary: Vocabulary, problems: RuleProblems
) -> Filter:
    """Parse a filter: ``type``, ``id``, ``where`` and ``unless``."""
    if not isinstance(raw, Mapping):
        problems.add(
            key, f"invalid filter {raw!r}; give a dict such as {{'type': 'ai_system'}}"
        )
        return Filter()
    for unknown in sorted(set(raw) - _FILTER_KEYS):
        problems.add(
            f"{key}[{unknown!r}]",
            f"unknown key{hint(str(unknown), _FILTER_KEYS)}; use one of "
            + ", ".join(sorted(_FILTER_KEYS)),
        )
    types = _as_set(raw.get("type", ()), f"{key}['type']", problems)
    for type_name in sorted(types - vocabulary.types):
        problems.add(
            f"{key}['type']",
            f"unknown object type {type_name!r}{hint(type_name, vocabulary.types)}; "
            f"use one of {', '.join(sorted(vocabulary.types))}",
        )
    return Filter(
        types=types,
        ids=_as_set(raw.get("id", ()), f"{key}['id']", problems),
        where=parse_conditions(
            raw.get("where", {}), f"{key}['where']", vocabulary, problems
        ),
        unless=parse_conditions(
            raw.get("unless", {}), f"{key}['unless']", vocabulary, problems
        ),
    )


def parse_requirement(
    raw: Any, key: str, vocabulary: Vocabulary, problems: RuleProblems
) -> Requirement | None:
    """Parse one requirement: a link count, or conditions on the object itself."""
    if not isinstance(raw, Mapping):
        problems.add(
            key, f"invalid requirement {raw!r}; give a dict with 'link' or 'where'"
        )
        return None
    when = parse_conditions(raw.get("when", {}), f"{key}['when']", vocabulary, problems)
    message = _parse_message(raw.get("message", ""), f"{key}['message']", problems)
    if "link" not in raw:
        for unknown in sorted(set(raw) - _WHERE_KEYS):
            problems.add(
                f"{key}[{unknown!r}]",
                "unknown key in a requirement without 'link'; use where, when, "
                "message, or add 'link' to count links",
            )
        if "where" not in raw:
            problems.add(key, "missing 'link' or 'where'; say what the object needs")
            return None
        where = parse_conditions(raw["where"], f"{key}['where']", vocabulary, problems)
        return Requirement(where=where, when=when, message=message)
    return _parse_link_requirement(raw, key, vocabulary, problems, when, message)


def _parse_link_requirement(
    raw: Mapping[str, Any],
    key: str,
    vocabulary: Vocabulary,
    problems: RuleProblems,
    when: tuple[Condition, ...],
    message: str,
) -> Requirement:
    for unknown in sorted(set(raw) - _LINK_KEYS):
        problems.add(
            f"{key}[{unknown!r}]",
            f"unknown key{hint(str(unknown), _LINK_KEYS)}; use one of "
            + ", ".join(sorted(_LINK_KEYS)),
        )
    link = raw["link"]
    if link not in vocabulary.links:
        problems.add(
            f"{key}['link']",
            f"unknown link type {link!r}{hint(str(link), vocabulary.links)}; "
            f"use one of {', '.join(sorted(vocabulary.links))}",
        )
    direction = raw.get("direction", "outgoing")
    if direction not in ("incoming", "outgoing"):
        problems.add(
            f"{key}['direction']",
            f"invalid direction {direction!r}; use 'incoming' (links from other "
            "objects to this one) or 'outgoing'",
        )
    incoming = direction == "incoming"
    other_key, wrong_key = ("from", "to") if incoming else ("to", "from")
    if wrong_key in raw:
        problems.add(
            f"{key}[{wrong_key!r}]",
            f"{'an incoming' if incoming else 'an outgoing'} link names the other "
            f"object with {other_key!r}; "
            f"rename {wrong_key!r} to {other_key!r}",
        )
    other = parse_filter(
        raw.get(other_key, raw.get(wrong_key, {})),
        f"{key}[{other_key!r}]",
        vocabulary,
        problems,
    )
    minimum = _parse_count(raw.get("min", 1), f"{key}['min']", problems) or 0
    maximum = _parse_count(raw.get("max"), f"{key}['max']", problems)
    if maximum is not None and maximum < minimum:
        problems.add(
            f"{key}['max']",
            f"max {maximum} is below min {minimum}; raise max or lower min",
        )
    return Requirement(
        link=str(link),
        incoming=incoming,
        other=other,
        min=minimum,
        max=maximum,
        when=when,
        message=message,
    )


def _parse_count(value: Any, key: str, problems: RuleProblems) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.add(key, f"invalid count {value!r}; give a whole number such as 1")
        return None
    return value


def _parse_message(value: Any, key: str, problems: RuleProblems) -> str:
    if not isinstance(value, str):
        problems.add(key, f"invalid message {value!r}; give a string")
        return ""
    try:
        parts = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(value)
            if name is not None
        ]
    except ValueError as error:
        problems.add(
            key,
            f"invalid message template {value!r} ({error}); "
            "write literal braces as {{ and }}",
        )
        return ""
    # Values may be empty strings, so a format spec such as {count:d} could fail.
    if any(spec or conversion for _, spec, conversion in parts):
        problems.add(
            key,
            f"invalid message template {value!r}; placeholders take no format "
            "spec or conversion, write them as {id}",
        )
    names = {name for name, _, _ in parts}
    for name in sorted(names - MESSAGE_FIELDS):
        problems.add(
            key,
            f"unknown placeholder {{{name}}}; use one of "
            + ", ".join("{" + n + "}" for n in sorted(MESSAGE_FIELDS)),
        )
    return value


def parse_rule(
    raw: Mapping[str, Any], key: str, vocabulary: Vocabulary, problems: RuleProblems
) -> Rule | None:
    """Parse one complete rule; report each problem under *key*."""
    for unknown in sorted(set(raw) - _RULE_KEYS):
        problems.add(
            f"{key}[{unknown!r}]",
            f"unknown key{hint(str(unknown), _RULE_KEYS)}; use one of "
            + ", ".join(sorted(_RULE_KEYS)),
        )
    missing = [k for k in ("select", "require") if k not in raw]
    for required in missing:
        problems.add(key, f"missing {required!r}; every rule needs select and require")
    if missing:
        return None
    subtype = raw.get("subtype", "rule")
    if not isinstance(subtype, str) or not _SUBTYPE.match(subtype):
        problems.add(
            f"{key}['subtype']",
            f"invalid subtype {subtype!r}; use lower-case "
            "letters, digits and underscores, such as 'system'",
        )
    select = parse_filter(raw["select"], f"{key}['select']", vocabulary, problems)
    raw_require = raw["require"]
    if isinstance(raw_require, Mapping):
        raw_require = [raw_require]
    if not isinstance(raw_require, list) or not raw_require:
        problems.add(
            f"{key}['require']",
            f"invalid value {raw_require!r}; give a "
            "requirement dict or a non-empty list of them",
        )
        return None
    require = [
        parse_requirement(item, f"{key}['require'][{index}]", vocabulary, problems)
        for index, item in enumerate(raw_require)
    ]
    return Rule(
        name=str(raw["name"]),
        subtype=str(subtype),
        select=select,
        require=tuple(r for r in require if r is not None),
        message=_parse_message(raw.get("message", ""), f"{key}['message']", problems),
        description=str(raw.get("description", "")),
    )
