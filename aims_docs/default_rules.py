"""The ISO/IEC 42001 rule set that aims-docs applies by default, as data.

Each rule uses the format that :mod:`aims_docs.rules` parses, so a project can
override any key of a rule by name in ``aims_rules``, or switch a rule off in
``aims_disabled_rules``. Retired AI systems, risks and objects are exempt.
"""

from __future__ import annotations

from typing import Any

from aims_docs.coverage import ADDRESSING_TYPES

#: Checks of single objects that are code, not rule data. They can be switched
#: off by name but not redefined.
BUILTIN_CHECKS: dict[str, tuple[str, str]] = {
    "field-values": ("field", "every field value is in its accepted form"),
    "link-targets": ("link", "every link names an existing object of the right type"),
    "unique-ids": ("duplicate", "every id is defined once"),
    "needs-schema": (
        "field",
        "every field meets its JSON schema in needs_fields (sphinx-needs validation)",
    ),
    "directive-options": (
        "field",
        "every option of an object is known, and no value was cut at a ' #' comment",
    ),
    "object-ids": ("id", "every object has a hand-written id in the accepted form"),
    "applicability-decisions": (
        "applicability",
        "every applicability decision names an Annex A control, once, with a valid "
        "decision",
    ),
}

_APPROVED_MEASURES: dict[str, Any] = {
    "type": sorted(ADDRESSING_TYPES),
    "where": {"status": "approved"},
}

#: Types that can document an AI system's operation or incident plan. A record
#: shows something was done, but the plans these rules ask for are documents.
DOCUMENTING_TYPES = ["policy", "procedure", "control"]

_LIVE_SYSTEM: dict[str, Any] = {
    "type": "ai_system",
    "where": {"status": {"not": "retired"}, "lifecycle": {"not": "retired"}},
}

_NOT_RETIRED: dict[str, Any] = {"status": {"not": "retired"}}


def _system_rule(
    name: str,
    description: str,
    other: dict[str, Any],
    message: str,
    not_counted: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "subtype": "system",
        "description": "each AI system that is not retired " + description,
        "select": _LIVE_SYSTEM,
        "require": {"link": "applies_to", "direction": "incoming", "from": other},
        "message": "{id}: " + message + not_counted,
    }


DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {
        "name": "clause-coverage",
        "subtype": "coverage",
        "description": "each leaf clause of 4 to 10 is addressed by an approved "
        "policy, procedure, control or record",
        "select": {"type": "requirement", "where": {"catalog_kind": "clause"}},
        "require": {
            "link": "addresses",
            "direction": "incoming",
            "from": _APPROVED_MEASURES,
        },
        "message": "{id} ({title}) is not addressed by an approved policy, procedure, "
        "control or record; add ':addresses: {id}' to one with ':status: approved'"
        "{not_counted}",
    },
    {
        "name": "control-coverage",
        "subtype": "coverage",
        "description": "each Annex A control that is not excluded is addressed by an "
        "approved policy, procedure, control or record",
        "select": {
            "type": "requirement",
            "where": {"catalog_kind": "control", "applicability": {"not": "excluded"}},
        },
        "require": {
            "link": "addresses",
            "direction": "incoming",
            "from": _APPROVED_MEASURES,
        },
        "message": "{id} ({title}) is not addressed by an approved policy, procedure, "
        "control or record; add ':addresses: {id}' to one with ':status: approved', "
        "or exclude the control with a justification{not_counted}",
    },
    {
        "name": "control-applicability",
        "subtype": "applicability",
        "description": "each Annex A control has an applicability decision, and each "
        "exclusion a justification",
        "select": {"type": "requirement", "where": {"catalog_kind": "control"}},
        "require": [
            {
                "where": {"applicability": {"present": True}},
                "message": "{id} ({title}) has no applicability decision; add an "
                "applicability directive for {id} with ':decision: applicable', or "
                "'excluded' and a ':justification:'",
            },
            {
                "when": {"applicability": "excluded"},
                "where": {"justification": {"present": True}},
                "message": "{id}: excluded without a justification; give the reason "
                "with ':justification:' or in the directive's content",
            },
        ],
    },
    _system_rule(
        "system-specification",
        "has a specification that applies to it (A.6.2.2)",
        {"type": "specification"},
        "no specification applies to this AI system (A.6.2.2); add a specification "
        "with ':applies_to: {id}'",
        "{not_counted}",
    ),
    _system_rule(
        "system-operation",
        "has documented operation and monitoring that applies to it (A.6.2.6)",
        {
            "type": DOCUMENTING_TYPES,
            "where": {"addresses": {"contains": "ISO42001_A_6_2_6"}},
        },
        "no documented operation and monitoring applies to this AI system "
        "(A.6.2.6); add ':applies_to: {id}' to a policy, procedure or control with "
        "':addresses: ISO42001_A_6_2_6' that documents monitoring, repairs, updates "
        "and support",
    ),
    _system_rule(
        "system-incident-plan",
        "has an incident communication plan that applies to it (A.8.4)",
        {
            "type": DOCUMENTING_TYPES,
            "where": {"addresses": {"contains": "ISO42001_A_8_4"}},
        },
        "no incident communication plan applies to this AI system (A.8.4); add "
        "':applies_to: {id}' to a policy, procedure or control with ':addresses: "
        "ISO42001_A_8_4' that plans how incidents are communicated to its users",
    ),
    _system_rule(
        "system-impact-assessment",
        "has a current impact assessment that applies to it (8.4)",
        {"type": "assessment", "where": {"review_state": {"not": "overdue"}}},
        "no current impact assessment applies to this AI system (8.4); add an "
        "assessment with ':applies_to: {id}', or perform the overdue one again and "
        "update its dates",
        "{not_counted}",
    ),
    {
        "name": "risk-scored",
        "subtype": "risk",
        "description": "each risk has a likelihood, an impact and a treatment",
        "select": {"type": "risk", "where": _NOT_RETIRED},
        "require": {
            "where": {
                "likelihood": {"present": True},
                "impact": {"present": True},
                "treatment": {"present": True},
            },
        },
        "message": "{id}: not scored ({problems}); give ':likelihood:' and ':impact:' "
        "on the scale of the risk criteria and a ':treatment:'",
    },
    {
        "name": "risk-treated",
        "subtype": "risk",
        "description": "each risk above the acceptance threshold is mitigated by a "
        "control, procedure or policy, unless it is accepted with an approver",
        "select": {
            "type": "risk",
            "where": {**_NOT_RETIRED, "needs_treatment": True},
            "unless": {"treatment": "accept", "approver": {"present": True}},
        },
        "require": {
            "link": "mitigates",
            "direction": "incoming",
            "from": {"type": ["control", "procedure", "policy"]},
        },
        "message": "{id}: risk level {risk_level} is above the acceptance threshold "
        "but nothing mitigates it; add ':mitigates: {id}' to a control, procedure or "
        "policy, or set ':treatment: accept' with an ':approver:'",
    },
    {
        "name": "review-overdue",
        "subtype": "review_overdue",
        "description": "no object's review is overdue at the as-of date",
        "select": {"where": {**_NOT_RETIRED, "review_due": {"present": True}}},
        "require": {"where": {"review_state": {"not": "overdue"}}},
        "message": "{id}: review was due on {review_due}; review it and update "
        "':last_reviewed:' (or ':next_review:')",
    },
)
