"""The default rule set: each gap is one finding at the right place, and closing it clears it."""

from __future__ import annotations

from gate_testing import build, copy_root, edit, messages, rows


def test_coverage_gaps_located(tmp_path):
    app = build(copy_root("gate-coverage", tmp_path))
    assert rows(app) == [
        ("clause-coverage", "coverage", "ISO42001_5_3", "framework.md", 3),
        ("control-applicability", "applicability", "ISO42001_A_2_4", "framework.md", 6),
        ("control-coverage", "coverage", "ISO42001_A_2_4", "framework.md", 6),
        (
            "control-applicability",
            "applicability",
            "ISO42001_A_2_3",
            "framework.md",
            13,
        ),
    ]


def test_coverage_names_draft_object(tmp_path):
    app = build(copy_root("gate-coverage", tmp_path))
    (message,) = messages(app, "clause-coverage")
    assert "add ':addresses: ISO42001_5_3' to one with ':status: approved'" in message
    assert "not counted: PROC_ROLES status is 'draft', not 'approved'" in message


def test_coverage_closed(tmp_path):
    srcdir = copy_root("gate-coverage", tmp_path)
    edit(srcdir / "measures.md", ":status: draft", ":status: approved")
    edit(srcdir / "measures.md", "ISO42001_A_2_2\n", "ISO42001_A_2_2, ISO42001_A_2_4\n")
    edit(
        srcdir / "framework.md",
        ":decision: excluded\n",
        ":decision: excluded\n:justification: No AI policy of our own.\n",
    )
    with (srcdir / "framework.md").open("a") as page:
        page.write("\n:::{applicability} ISO42001_A_2_4\n:decision: applicable\n:::\n")
    app = build(srcdir)
    assert rows(app) == []


def test_excluded_control_needs_no_coverage(tmp_path):
    srcdir = copy_root("gate-coverage", tmp_path)
    with (srcdir / "framework.md").open("a") as page:
        page.write(
            "\n:::{applicability} ISO42001_A_2_4\n:decision: excluded\n"
            "Reviewed with the group policy.\n:::\n"
        )
    app = build(srcdir)
    assert rows(app, "control-") == [
        (
            "control-applicability",
            "applicability",
            "ISO42001_A_2_3",
            "framework.md",
            13,
        ),
    ]


def test_system_gaps_located(tmp_path):
    app = build(copy_root("gate-systems", tmp_path))
    assert rows(app) == [
        ("system-impact-assessment", "system", "SYS_GAP", "systems.md", 35),
        ("system-incident-plan", "system", "SYS_GAP", "systems.md", 35),
        ("system-operation", "system", "SYS_GAP", "systems.md", 35),
        ("system-specification", "system", "SYS_GAP", "systems.md", 35),
        ("review-overdue", "review_overdue", "IA_GAP", "systems.md", 41),
    ]


def test_system_overdue_assessment_named(tmp_path):
    app = build(copy_root("gate-systems", tmp_path))
    (message,) = messages(app, "system-impact-assessment")
    assert message.startswith("SYS_GAP: no current impact assessment applies")
    assert "not counted: IA_GAP review_state is 'overdue'" in message
    (specification,) = messages(app, "system-specification")
    assert "not counted" not in specification


def test_system_gaps_closed(tmp_path):
    srcdir = copy_root("gate-systems", tmp_path)
    edit(
        srcdir / "systems.md", ":performed_on: 2025-06-01", ":performed_on: 2026-06-01"
    )
    with (srcdir / "systems.md").open("a") as page:
        page.write(
            "\n:::{specification} Chatbot specification\n:id: SPEC_GAP\n"
            ":applies_to: SYS_GAP\n:::\n"
            "\n:::{procedure} Chatbot operation and incidents\n:id: PROC_GAP\n"
            ":status: approved\n:applies_to: SYS_GAP\n"
            ":addresses: ISO42001_A_6_2_6, ISO42001_A_8_4\n:::\n"
        )
    app = build(srcdir)
    assert rows(app) == []


def test_one_system_gap_closed(tmp_path):
    srcdir = copy_root("gate-systems", tmp_path)
    with (srcdir / "systems.md").open("a") as page:
        page.write(
            "\n:::{specification} Chatbot specification\n:id: SPEC_GAP\n"
            ":applies_to: SYS_GAP\n:::\n"
        )
    app = build(srcdir)
    assert [r[0] for r in rows(app, "system-")] == [
        "system-impact-assessment",
        "system-incident-plan",
        "system-operation",
    ]


def test_risk_gaps_located(tmp_path):
    app = build(copy_root("gate-risks", tmp_path))
    assert rows(app) == [
        ("risk-scored", "risk", "RISK_UNSCORED", "index.md", 3),
        ("risk-treated", "risk", "RISK_HIGH", "index.md", 8),
        ("risk-treated", "risk", "RISK_NO_APPROVER", "index.md", 15),
    ]


def test_risk_messages(tmp_path):
    app = build(copy_root("gate-risks", tmp_path))
    assert messages(app, "risk-scored") == [
        "RISK_UNSCORED: not scored (likelihood is missing, treatment is missing); "
        "give ':likelihood:' and ':impact:' on the scale of the risk criteria and a "
        "':treatment:'"
    ]
    assert messages(app, "risk-treated")[0].startswith(
        "RISK_HIGH: risk level 16 is above the acceptance threshold"
    )


def test_risk_gaps_closed(tmp_path):
    srcdir = copy_root("gate-risks", tmp_path)
    page = srcdir / "index.md"
    edit(page, ":impact: 2\n", ":impact: 2\n:likelihood: 1\n:treatment: accept\n")
    edit(page, ":mitigates: RISK_MITIGATED", ":mitigates: RISK_MITIGATED, RISK_HIGH")
    edit(
        page,
        ":treatment: accept\n:::\n\n:::{risk} Accepted outage",
        ":treatment: accept\n:approver: Chief Risk Officer\n:::\n\n"
        ":::{risk} Accepted outage",
    )
    app = build(srcdir)
    assert rows(app) == []


def test_risk_threshold_configurable(tmp_path):
    srcdir = copy_root("gate-risks", tmp_path)
    app = build(srcdir, confoverrides={"aims_risk_criteria": {"threshold": 12}})
    assert [r[2] for r in rows(app, "risk-treated")] == ["RISK_HIGH"]
    app = build(
        srcdir,
        freshenv=True,
        confoverrides={"aims_risk_criteria": {"level": "max", "threshold": 3}},
    )
    assert [r[2] for r in rows(app, "risk-treated")] == [
        "RISK_HIGH",
        "RISK_NO_APPROVER",
    ]


def test_review_overdue_located(tmp_path):
    app = build(copy_root("gate-reviews", tmp_path))
    assert rows(app) == [
        ("review-overdue", "review_overdue", "POL_OVERDUE", "index.md", 3),
        ("review-overdue", "review_overdue", "CTRL_NEXT", "index.md", 15),
    ]
    assert messages(app, "review-overdue")[0] == (
        "POL_OVERDUE: review was due on 2026-10-01; review it and update "
        "':last_reviewed:' (or ':next_review:')"
    )


def test_review_due_soon_listed(tmp_path):
    from aims_docs.extensions.checks import get_report

    app = build(copy_root("gate-reviews", tmp_path))
    report = get_report(app.env)
    assert [(e.id, e.due, e.days_left) for e in report.due_soon] == [
        ("PROC_DUE_SOON", "2026-12-15", 15)
    ]
    assert [e.id for e in report.overdue] == ["POL_OVERDUE", "CTRL_NEXT"]


def test_review_overdue_closed(tmp_path):
    srcdir = copy_root("gate-reviews", tmp_path)
    edit(
        srcdir / "index.md", ":last_reviewed: 2025-10-01", ":last_reviewed: 2026-10-01"
    )
    edit(srcdir / "index.md", ":next_review: 2026-11-01", ":next_review: 2027-11-01")
    app = build(srcdir)
    assert rows(app) == []


def test_review_window_configurable(tmp_path):
    from aims_docs.extensions.checks import get_report

    app = build(
        copy_root("gate-reviews", tmp_path),
        confoverrides={"aims_review_window_days": 10},
    )
    assert get_report(app.env).due_soon == []


def test_record_is_not_incident_plan(tmp_path):
    """A record shows an incident was handled; it does not plan communication."""
    srcdir = copy_root("gate-systems", tmp_path)
    edit(
        srcdir / "systems.md",
        ":::{procedure} Invoice reader incident communication",
        ":::{record} Invoice reader incident report",
    )
    app = build(srcdir)
    assert ("system-incident-plan", "system", "SYS_OK", "systems.md", 3) in rows(app)
