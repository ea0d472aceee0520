"""Build mechanics of the gate: incremental and parallel builds, -W, as-of date, rules in conf.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.errors import ConfigError
from sphinx.util.console import strip_colors

from gate_testing import build, copy_root, edit, messages, rows


def test_incremental_build_drops_closed_gap(tmp_path):
    srcdir = copy_root("gate-systems", tmp_path)
    first = build(srcdir)
    assert len(rows(first, "system-")) == 4
    with (srcdir / "systems.md").open("a") as page:
        page.write(
            "\n:::{specification} Chatbot specification\n:id: SPEC_GAP\n"
            ":applies_to: SYS_GAP\n:::\n"
        )
    second = build(srcdir)
    assert "0 added, 1 changed, 0 removed" in strip_colors(second.status.getvalue())
    assert "system-specification" not in [r[0] for r in rows(second)]
    assert len(rows(second)) == len(rows(first)) - 1


def test_unchanged_rebuild_repeats_findings(tmp_path):
    srcdir = copy_root("gate-coverage", tmp_path)
    first = rows(build(srcdir, "html"))
    second = rows(build(srcdir, "html"))
    assert second == first
    assert len(first) == 4


def test_incremental_build_reports_new_gap(tmp_path):
    srcdir = copy_root("gate-coverage", tmp_path)
    build(srcdir)
    edit(srcdir / "measures.md", ":status: approved", ":status: draft")
    second = build(srcdir)
    assert "0 added, 1 changed, 0 removed" in strip_colors(second.status.getvalue())
    assert [r[2] for r in rows(second, "clause-coverage")] == [
        "ISO42001_5_1",
        "ISO42001_5_2",
        "ISO42001_5_3",
    ]


@pytest.mark.parametrize(
    "root", ["gate-coverage", "gate-systems", "gate-risks", "gate-reviews"]
)
def test_parallel_build_same_findings(tmp_path, root):
    serial = rows(build(copy_root(root, tmp_path / "serial")))
    parallel = rows(build(copy_root(root, tmp_path / "parallel"), parallel=2))
    assert parallel == serial
    assert serial != []


def test_findings_are_located_warnings(tmp_path):
    srcdir = copy_root("gate-risks", tmp_path)
    app = build(srcdir, "html")
    text = strip_colors(app.warning.getvalue())
    lines = text.replace(str(srcdir) + os.sep, "").splitlines()
    assert [line for line in lines if "RISK_HIGH" in line] == [
        "index.md:8: WARNING: RISK_HIGH: risk level 16 is above the acceptance "
        "threshold but nothing mitigates it; add ':mitigates: RISK_HIGH' to a control, "
        "procedure or policy, or set ':treatment: accept' with an ':approver:' "
        "[aims.risk]"
    ]


def test_warnings_as_errors_fail(tmp_path):
    srcdir = copy_root("gate-risks", tmp_path)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-q",
        "-b",
        "html",
        str(srcdir),
        str(tmp_path / "out"),
    ]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "[aims.risk]" in result.stderr


def test_warnings_as_errors_pass_when_closed(tmp_path):
    srcdir = copy_root("gate-reviews", tmp_path)
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-W",
        "-q",
        "-b",
        "html",
        str(srcdir),
        str(tmp_path / "out"),
    ]
    env = {**os.environ, "AIMS_AS_OF": "2026-01-01"}
    result = subprocess.run(
        command, capture_output=True, text=True, env=env, check=False
    )
    assert result.stderr == ""
    assert result.returncode == 0


def test_suppress_warnings_per_subtype(tmp_path):
    srcdir = copy_root("gate-systems", tmp_path)
    app = build(srcdir, "html", confoverrides={"suppress_warnings": ["aims.system"]})
    assert rows(app) == [
        ("review-overdue", "review_overdue", "IA_GAP", "systems.md", 41),
    ]
    assert "[aims.system]" not in app.warning.getvalue()


def test_findings_file_matches_report(tmp_path):
    app = build(copy_root("gate-risks", tmp_path), "html")
    data = json.loads((app.outdir / "aims-findings.json").read_text("utf-8"))
    assert [(f["rule"], f["id"], f["file"], f["line"]) for f in data["findings"]] == [
        (rule, object_id, file, line) for rule, _, object_id, file, line in rows(app)
    ]
    assert data["as_of"] == "2026-11-30"
    assert data["summary"]["by_subtype"] == {"risk": 3}


def test_as_of_from_config(tmp_path, monkeypatch):
    monkeypatch.delenv("AIMS_AS_OF", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    app = build(copy_root("gate-reviews", tmp_path))
    assert [r[2] for r in rows(app)] == ["POL_OVERDUE", "CTRL_NEXT"]


def test_as_of_environment_beats_config(tmp_path, monkeypatch):
    monkeypatch.setenv("AIMS_AS_OF", "2026-09-01")
    app = build(copy_root("gate-reviews", tmp_path))
    assert rows(app) == []


def test_as_of_source_date_epoch_without_config(tmp_path, monkeypatch):
    monkeypatch.delenv("AIMS_AS_OF", raising=False)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1777593600")  # 2026-05-01
    app = build(copy_root("gate-reviews", tmp_path), confoverrides={"aims_as_of": ""})
    assert rows(app) == []
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1893456000")  # 2030-01-01
    app = build(app.srcdir, freshenv=True, confoverrides={"aims_as_of": ""})
    assert [r[2] for r in rows(app)] == ["POL_OVERDUE", "PROC_DUE_SOON", "CTRL_NEXT"]


def test_invalid_as_of_environment_rejected(tmp_path, monkeypatch):
    monkeypatch.setenv("AIMS_AS_OF", "2026-02-30")
    with pytest.raises(ConfigError, match="AIMS_AS_OF: invalid date '2026-02-30'"):
        build(copy_root("gate-reviews", tmp_path))


CUSTOM_RULES = [
    {
        "name": "system-owner",
        "subtype": "system",
        "select": {"type": "ai_system", "where": {"status": {"not": "retired"}}},
        "require": {"where": {"owner": {"present": True}}},
        "message": "{id}: {problems}; name an ':owner:'",
    },
    {
        "name": "assessment-applies",
        "select": {"type": "assessment"},
        "require": {"link": "applies_to", "to": {"type": "ai_system"}, "max": 1},
    },
]


def test_custom_rules_added(tmp_path):
    srcdir = copy_root("gate-systems", tmp_path)
    edit(
        srcdir / "systems.md",
        ":applies_to: SYS_GAP\n",
        ":applies_to: SYS_GAP, SYS_OK\n",
    )
    app = build(
        srcdir,
        confoverrides={
            "aims_rules": CUSTOM_RULES,
            "aims_disabled_rules": ["review-overdue", "system-impact-assessment"],
        },
    )
    found = [
        r
        for r in rows(app)
        if r[0]
        not in ("system-specification", "system-operation", "system-incident-plan")
    ]
    assert found == [
        ("system-owner", "system", "SYS_OK", "systems.md", 3),
        ("system-owner", "system", "SYS_GAP", "systems.md", 35),
        ("assessment-applies", "rule", "IA_GAP", "systems.md", 41),
        ("system-owner", "system", "SYS_RETIRED", "systems.md", 48),
    ]


def test_custom_rule_messages(tmp_path):
    from gate_testing import messages

    srcdir = copy_root("gate-systems", tmp_path)
    edit(
        srcdir / "systems.md",
        ":applies_to: SYS_GAP\n",
        ":applies_to: SYS_GAP, SYS_OK\n",
    )
    app = build(srcdir, confoverrides={"aims_rules": CUSTOM_RULES})
    assert (
        messages(app, "system-owner")[0]
        == "SYS_OK: owner is missing; name an ':owner:'"
    )
    assert messages(app, "assessment-applies") == [
        "IA_GAP: has 2 matching outgoing 'applies_to' links, needs at most 1"
    ]


def test_default_rule_override_by_name(tmp_path):
    srcdir = copy_root("gate-risks", tmp_path)
    override = {
        "name": "risk-treated",
        "require": {"link": "mitigates", "direction": "incoming", "min": 2},
    }
    app = build(srcdir, confoverrides={"aims_rules": [override]})
    assert [r[2] for r in rows(app, "risk-treated")] == [
        "RISK_HIGH",
        "RISK_NO_APPROVER",
        "RISK_MITIGATED",
    ]


def test_default_rules_switched_off(tmp_path):
    app = build(
        copy_root("gate-risks", tmp_path), confoverrides={"aims_default_rules": False}
    )
    assert rows(app) == []


@pytest.mark.parametrize(
    ("rules", "expected"),
    [
        (
            [{"name": "x", "select": {"type": "ai_sytem"}, "require": {"where": {}}}],
            "aims_rules[0]['select']['type']: unknown object type 'ai_sytem' "
            "(did you mean 'ai_system'?)",
        ),
        (
            [
                {
                    "name": "x",
                    "select": {},
                    "require": {"where": {"ownr": {"present": True}}},
                }
            ],
            "aims_rules[0]['require'][0]['where']['ownr']: unknown field 'ownr' "
            "(did you mean 'owner'?)",
        ),
        (
            [{"name": "x", "select": {}, "require": {"link": "applys_to"}}],
            "aims_rules[0]['require'][0]['link']: unknown link type 'applys_to' "
            "(did you mean 'applies_to'?)",
        ),
        (
            [{"name": "x", "select": {}, "require": {"link": "addresses", "min": -1}}],
            "aims_rules[0]['require'][0]['min']: invalid count -1; give a whole number",
        ),
        (
            [{"name": "x", "select": {}}],
            "aims_rules[0]: missing 'require'; every rule needs select and require",
        ),
        (
            [
                {
                    "name": "x",
                    "select": {},
                    "require": {"where": {"owner": {"exists": 1}}},
                }
            ],
            "aims_rules[0]['require'][0]['where']['owner']: unknown operator 'exists'",
        ),
        (
            [
                {
                    "name": "x",
                    "select": {},
                    "require": {"where": {}},
                    "message": "{nope}",
                }
            ],
            "aims_rules[0]['message']: unknown placeholder {nope}",
        ),
        (
            [{"name": "x", "select": {}, "require": {"where": {}}, "message": "{}"}],
            "aims_rules[0]['message']: unknown placeholder {}",
        ),
        (
            [
                {
                    "name": "x",
                    "select": {},
                    "require": {"where": {}},
                    "message": "{count:d}",
                }
            ],
            "placeholders take no format spec or conversion",
        ),
        (
            [{"name": "field-values", "select": {}, "require": {"where": {}}}],
            "aims_rules[0]['name']: 'field-values' is a built-in check",
        ),
        (
            [
                {
                    "name": "x",
                    "select": {},
                    "require": {
                        "link": "applies_to",
                        "direction": "incoming",
                        "to": {},
                    },
                }
            ],
            "an incoming link names the other object with 'from'",
        ),
    ],
)
def test_malformed_rule_is_config_error(tmp_path, rules, expected):
    with pytest.raises(ConfigError) as error:
        build(copy_root("gate-risks", tmp_path), confoverrides={"aims_rules": rules})
    assert "invalid traceability rules in conf.py" in str(error.value)
    assert expected in str(error.value)


def test_unknown_disabled_rule_is_config_error(tmp_path):
    with pytest.raises(
        ConfigError,
        match=r"aims_disabled_rules\[0\]: unknown rule "
        r"'risk-treatd' \(did you mean 'risk-treated'\?\)",
    ):
        build(
            copy_root("gate-risks", tmp_path),
            confoverrides={"aims_disabled_rules": ["risk-treatd"]},
        )


def test_readme_rule_example_builds(tmp_path):
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    block = next(
        part.split("```", 1)[0]
        for part in readme.split("```python\n")[1:]
        if "aims_rules = [" in part.split("```", 1)[0]
    )
    settings: dict = {}
    exec(block, settings)
    options = {k: v for k, v in settings.items() if k.startswith("aims_")}
    assert sorted(options) == [
        "aims_default_rules",
        "aims_disabled_rules",
        "aims_review_window_days",
        "aims_risk_criteria",
        "aims_rules",
    ]
    app = build(copy_root("gate-risks", tmp_path), confoverrides=options)
    assert [r[2] for r in rows(app, "risk-treated")] == [
        "RISK_HIGH",
        "RISK_NO_APPROVER",
        "RISK_MITIGATED",
    ]


def test_needs_schema_violations_located(tmp_path):
    app = build(copy_root("gate-schema", tmp_path), "html")
    assert rows(app) == [
        ("needs-schema", "field", "POL_EXPENSES", "index.md", 11),
        ("needs-schema", "field", "POL_EXPENSES", "index.md", 12),
    ]
    assert messages(app, "needs-schema")[0] == (
        "POL_EXPENSES: invalid cost: -3 is less than the minimum of 0 (sphinx-needs "
        "schema: fields > schema > properties > cost > minimum); fix the value or "
        "the schema"
    )
    warnings = strip_colors(app.warning.getvalue())
    assert "has schema violations" not in warnings
    assert warnings.count("[aims.field]") == 2


def test_needs_schema_check_switched_off(tmp_path):
    app = build(
        copy_root("gate-schema", tmp_path),
        "html",
        confoverrides={"aims_disabled_rules": ["needs-schema"]},
    )
    assert rows(app) == []
    assert "has schema violations" in strip_colors(app.warning.getvalue())
