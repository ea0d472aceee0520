"""The rule engine on plain objects: conditions, filters, link counts and locations."""

from __future__ import annotations

import datetime as dt

import pytest

from aims_docs.gate import GateContext, NeedIndex, evaluate_rule, holds
from aims_docs.model import LINK_NAMES, TYPE_NAMES
from aims_docs.rule_set import load_rules
from aims_docs.rules import Condition, Vocabulary

VOCABULARY = Vocabulary(
    TYPE_NAMES,
    frozenset(
        {
            "id",
            "type",
            "title",
            "status",
            "owner",
            "approver",
            "likelihood",
            "impact",
            "treatment",
            "applicability",
            "justification",
            "catalog_kind",
            "lifecycle",
            "tags",
        }
    ),
    frozenset(LINK_NAMES),
)
CONTEXT = GateContext(as_of=dt.date(2026, 11, 30))


def need(need_id: str, need_type: str, line: int = 1, **fields) -> dict:
    return {
        "id": need_id,
        "type": need_type,
        "title": need_id,
        "docname": "page",
        "lineno": line,
        "is_external": False,
        **fields,
    }


def check(rule: dict, *needs: dict, context: GateContext = CONTEXT) -> list[tuple]:
    """Evaluate one rule dict on *needs*; return ``(id, line, message)`` per finding."""
    rules, problems = load_rules([rule], [], False, VOCABULARY)
    assert problems == []
    index = NeedIndex({n["id"]: n for n in needs}, context)
    result = evaluate_rule(rules[0], index)
    return [(f.id, f.line, f.message) for f in result.findings]


@pytest.mark.parametrize(
    ("operator", "operand", "value", "expected"),
    [
        ("equals", "approved", "approved", True),
        ("equals", "approved", "draft", False),
        ("equals", "approved", None, False),
        ("not", "retired", None, True),
        ("not", "retired", "retired", False),
        ("in", ("draft", "approved"), "draft", True),
        ("not_in", ("draft", "approved"), "retired", True),
        ("contains", "ISO42001_8_4", ["ISO42001_8_4", "ISO42001_6_1_4"], True),
        ("contains", "ISO42001_8_4", [], False),
        ("present", True, "", False),
        ("present", True, [], False),
        ("present", False, None, True),
        ("gt", 9, "12", True),
        ("gt", 9, "9", False),
        ("le", 3, "3", True),
        ("ge", 3, "high", False),
        ("equals", True, True, True),
        ("equals", True, "True", False),
    ],
)
def test_condition_operators(operator, operand, value, expected):
    assert holds(Condition("field", operator, operand), value) is expected


def test_select_by_id_and_unless():
    rule = {
        "name": "owned",
        "select": {"id": ["POL_A", "POL_B", "POL_C"], "unless": {"status": "retired"}},
        "require": {"where": {"owner": {"present": True}}},
    }
    found = check(
        rule,
        need("POL_A", "policy", 3),
        need("POL_B", "policy", 9, status="retired"),
        need("POL_D", "policy", 12),
    )
    assert found == [("POL_A", 3, "POL_A: owner is missing")]


def test_when_limits_requirement():
    rule = {
        "name": "accepted",
        "select": {"type": "risk"},
        "require": {
            "when": {"treatment": "accept"},
            "where": {"approver": {"present": True}},
            "message": "{id}: accepted without approver",
        },
    }
    found = check(
        rule,
        need("RISK_A", "risk", 2, treatment="accept"),
        need("RISK_M", "risk", 8, treatment="mitigate"),
    )
    assert found == [("RISK_A", 2, "RISK_A: accepted without approver")]


def test_outgoing_link_count_and_max():
    rule = {
        "name": "one-system",
        "select": {"type": "specification"},
        "require": {
            "link": "applies_to",
            "to": {"type": "ai_system"},
            "min": 1,
            "max": 1,
        },
    }
    found = check(
        rule,
        need("SPEC_NONE", "specification", 1),
        need("SPEC_TWO", "specification", 5, applies_to=["SYS_A", "SYS_B"]),
        need("SPEC_ONE", "specification", 9, applies_to=["SYS_A", "SYS_GONE"]),
        need("SYS_A", "ai_system"),
        need("SYS_B", "ai_system"),
    )
    assert found == [
        (
            "SPEC_NONE",
            1,
            "SPEC_NONE: has 0 matching outgoing 'applies_to' links, needs at least 1",
        ),
        (
            "SPEC_TWO",
            5,
            "SPEC_TWO: has 2 matching outgoing 'applies_to' links, needs at most 1",
        ),
    ]


def test_not_counted_lists_three():
    rule = {
        "name": "approved-addressing",
        "select": {"type": "requirement"},
        "require": {
            "link": "addresses",
            "direction": "incoming",
            "from": {"where": {"status": "approved"}},
        },
        "message": "{id}{not_counted}",
    }
    drafts = [need(f"POL_{n}", "policy", status="draft") for n in range(5)]
    found = check(
        rule,
        need("REQ", "requirement", 4, addresses_back=[d["id"] for d in drafts]),
        *drafts,
    )
    assert found == [
        (
            "REQ",
            4,
            "REQ (not counted: POL_0 status is 'draft', not 'approved'; POL_1 status is "
            "'draft', not 'approved'; POL_2 status is 'draft', not 'approved'; and 2 more)",
        )
    ]


def test_field_location_moves_finding():
    rule = {
        "name": "justified",
        "select": {"type": "requirement"},
        "require": {
            "when": {"applicability": "excluded"},
            "where": {"justification": {"present": True}},
        },
    }
    context = GateContext(
        as_of=dt.date(2026, 11, 30),
        field_locations={("CTRL", "justification"): ("decisions", 17)},
    )
    index = NeedIndex(
        {"CTRL": need("CTRL", "requirement", 2, applicability="excluded")}, context
    )
    rules, _ = load_rules([rule], [], False, VOCABULARY)
    (finding,) = evaluate_rule(rules[0], index).findings
    assert (finding.docname, finding.line) == ("decisions", 17)


def test_computed_review_state():
    rule = {
        "name": "current",
        "select": {"type": "assessment"},
        "require": {"where": {"review_state": {"not": "overdue"}}},
        "message": "{id}: due {review_due}",
    }
    found = check(
        rule,
        need(
            "IA_OLD",
            "assessment",
            6,
            performed_on="2025-01-10",
            review_interval="12 months",
        ),
        need(
            "IA_NEW",
            "assessment",
            9,
            performed_on="2026-05-10",
            review_interval="12 months",
        ),
    )
    assert found == [("IA_OLD", 6, "IA_OLD: due 2026-01-10")]


def test_external_objects_not_selected():
    rule = {
        "name": "owned",
        "select": {"type": "policy"},
        "require": {"where": {"owner": {"present": True}}},
    }
    external = need("POL_EXT", "policy")
    external["is_external"] = True
    assert check(rule, external) == []


def test_override_keeps_other_keys():
    override = {
        "name": "risk-treated",
        "require": {"link": "mitigates", "direction": "incoming", "min": 2},
    }
    rules, problems = load_rules([override], [], True, VOCABULARY)
    assert problems == []
    (rule,) = [r for r in rules if r.name == "risk-treated"]
    assert rule.subtype == "risk"
    assert rule.require[0].min == 2
    assert rule.select.types == frozenset({"risk"})


def test_default_rule_names():
    rules, problems = load_rules([], [], True, VOCABULARY)
    assert problems == []
    assert [r.name for r in rules] == [
        "clause-coverage",
        "control-coverage",
        "control-applicability",
        "system-specification",
        "system-operation",
        "system-incident-plan",
        "system-impact-assessment",
        "risk-scored",
        "risk-treated",
        "review-overdue",
    ]
