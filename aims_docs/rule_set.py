"""The rule set in force: the default rules merged with a project's configuration.

``aims_rules`` adds rules, or overrides default rules by name, key by key.
``aims_disabled_rules`` switches rules and built-in checks off by name, and
``aims_default_rules = False`` drops the default ISO/IEC 42001 rules.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from aims_docs.default_rules import BUILTIN_CHECKS, DEFAULT_RULES
from aims_docs.rules import NAME, Rule, RuleProblems, Vocabulary, hint, parse_rule


def merged_rule_dicts(
    extra: Sequence[Any],
    disabled: Sequence[Any],
    use_defaults: bool,
    problems: RuleProblems,
) -> list[tuple[str, dict[str, Any]]]:
    """Combine the default rules with a project's ``aims_rules`` and disabled names.

    An entry of ``aims_rules`` whose name is a default rule replaces the keys it
    gives and keeps the others. Returns ``(key, rule dict)`` pairs; the key names
    where the rule came from, for messages.
    """
    rules: dict[str, tuple[str, dict[str, Any]]] = {}
    if use_defaults:
        for raw in DEFAULT_RULES:
            rules[raw["name"]] = (f"default rule {raw['name']!r}", dict(raw))
    if not isinstance(extra, (list, tuple)):
        problems.add(
            "aims_rules", f"invalid value {extra!r}; give a list of rule dicts"
        )
        extra = []
    for index, raw in enumerate(extra):
        key = f"aims_rules[{index}]"
        if not isinstance(raw, Mapping):
            problems.add(
                key, f"invalid rule {raw!r}; give a dict with name, select and require"
            )
            continue
        name = raw.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            problems.add(
                f"{key}['name']",
                f"invalid name {name!r}; give a lower-case name such as 'system-owner'",
            )
            continue
        if name in BUILTIN_CHECKS:
            problems.add(
                f"{key}['name']",
                f"{name!r} is a built-in check and cannot be "
                "redefined; choose another name, or list it in "
                "aims_disabled_rules to switch it off",
            )
            continue
        base = rules.get(name, (key, {}))[1]
        rules[name] = (key, {**base, **raw})
    _apply_disabled(rules, disabled, problems)
    return list(rules.values())


def _apply_disabled(
    rules: dict[str, tuple[str, dict[str, Any]]], disabled: Any, problems: RuleProblems
) -> None:
    if not isinstance(disabled, (list, tuple)):
        problems.add(
            "aims_disabled_rules",
            f"invalid value {disabled!r}; give a list of rule names",
        )
        return
    known = set(rules) | set(BUILTIN_CHECKS) | {r["name"] for r in DEFAULT_RULES}
    for index, name in enumerate(disabled):
        if name not in known:
            problems.add(
                f"aims_disabled_rules[{index}]",
                f"unknown rule {name!r}{hint(str(name), known)}; use the name of a "
                "default rule, a built-in check or a rule in aims_rules",
            )
        rules.pop(name, None)


def load_rules(
    extra: Sequence[Any],
    disabled: Sequence[Any],
    use_defaults: bool,
    vocabulary: Vocabulary,
) -> tuple[list[Rule], list[str]]:
    """Return the rules in force and every problem found in their configuration."""
    problems = RuleProblems()
    rules: list[Rule] = []
    for key, raw in merged_rule_dicts(extra, disabled, use_defaults, problems):
        rule = parse_rule(raw, key, vocabulary, problems)
        if rule is not None:
            rules.append(rule)
    return rules, problems.messages


def enabled_builtin_checks(disabled: Sequence[Any]) -> list[str]:
    """Return the names of the built-in checks that are not switched off."""
    names = set(disabled) if isinstance(disabled, (list, tuple)) else set()
    return [name for name in BUILTIN_CHECKS if name not in names]
