"""Field validation: each invalid value is one located ``aims.field`` warning."""

from __future__ import annotations

import pytest

from conftest import read_needs, warning_lines

EXPECTED_FIELD_WARNINGS = [
    "index.md:5: WARNING: SYS_SCORE: invalid lifecycle 'production'; expected one of "
    "planned, development, validation, deployment, operation, retired [aims.field]",
    "index.md:6: WARNING: SYS_SCORE: invalid status 'live'; expected one of draft, "
    "approved, retired [aims.field]",
    "index.md:12: WARNING: RISK_BIAS: invalid likelihood '6'; expected an integer "
    "from 1 to 5 [aims.field]",
    "index.md:13: WARNING: RISK_BIAS: invalid impact 'high'; expected an integer "
    "from 1 to 5 [aims.field]",
    "index.md:14: WARNING: RISK_BIAS: invalid treatment 'ignore'; expected one of "
    "mitigate, accept, avoid, transfer [aims.field]",
    "index.md:15: WARNING: RISK_BIAS: invalid last_reviewed '2026-13-01'; expected "
    "a calendar date as YYYY-MM-DD; 2026-13-01 does not exist [aims.field]",
    "index.md:16: WARNING: RISK_BIAS: invalid review_interval 'every year'; expected "
    "a count and a unit, such as '12 months', '90 days' or '1 year' [aims.field]",
    "index.md:22: WARNING: IA_SCORE: invalid performed_on '04/05/2026'; expected a "
    "date as YYYY-MM-DD [aims.field]",
    "index.md:23: WARNING: IA_SCORE: invalid trigger 'yearly'; expected one of "
    "initial, scheduled, significant_change [aims.field]",
    "index.md:24: WARNING: IA_SCORE: invalid next_review '2026-02-30'; expected a "
    "calendar date as YYYY-MM-DD; 2026-02-30 does not exist [aims.field]",
    "index.md:29: WARNING: POL_AI: field 'likelihood' does not apply to policy "
    "objects (value '2'); remove it or move it to a risk [aims.field]",
]

EXPECTED_LINK_WARNINGS = [
    "index.md:30: WARNING: POL_AI: 'addresses' links to unknown id 'ISO42001_5_9', "
    "which is not in the ISO/IEC 42001 catalog; did you mean ISO42001_A_9? Catalog "
    "ids take the standard's numbering with underscores, such as ISO42001_A_6_2_6 "
    "[aims.link]",
    "index.md:30: WARNING: POL_AI: 'addresses' links to unknown id "
    "'ISO42001_A_6_2_66', which is not in the ISO/IEC 42001 catalog; did you mean "
    "ISO42001_A_6_2_6? Catalog ids take the standard's numbering with underscores, "
    "such as ISO42001_A_6_2_6 [aims.link]",
    "index.md:31: WARNING: POL_AI: 'applies_to' links to RISK_BIAS, a risk; it must "
    "link to ai_system objects [aims.link]",
    "index.md:32: WARNING: POL_AI: 'mitigates' links to SYS_SCORE, an ai_system; it "
    "must link to risk objects [aims.link]",
    "index.md:40: WARNING: PROC_REFUSALS: 'addresses' links to unknown id "
    "'ISO42001.5.2', which is not in the ISO/IEC 42001 catalog; did you mean "
    "ISO42001_5_2? Catalog ids take the standard's numbering with underscores, such "
    "as ISO42001_A_6_2_6 [aims.link]",
    "index.md:41: WARNING: PROC_REFUSALS: 'applies_to' links to unknown id "
    "'SYS_SCORES'; did you mean SYS_SCORE? [aims.link]",
]


def aims_warnings(warning, srcdir, subtype):
    return [
        line for line in warning_lines(warning, srcdir) if line.endswith(f"[{subtype}]")
    ]


@pytest.mark.sphinx("html", testroot="fields")
def test_each_invalid_value_warns(app, warning):
    app.build()
    assert aims_warnings(warning, app.srcdir, "aims.field") == EXPECTED_FIELD_WARNINGS


@pytest.mark.sphinx("html", testroot="fields")
def test_unknown_and_mistyped_links_warn(app, warning):
    app.build()
    assert aims_warnings(warning, app.srcdir, "aims.link") == EXPECTED_LINK_WARNINGS


@pytest.mark.sphinx("html", testroot="fields")
def test_invalid_values_are_kept(app):
    """An invalid value is reported, never dropped: the object still carries it."""
    app.build()
    needs = read_needs(app.outdir)
    assert needs["RISK_BIAS"]["likelihood"] == "6"
    assert needs["IA_SCORE"]["performed_on"] == "04/05/2026"
    assert needs["POL_AI"]["addresses"] == [
        "ISO42001_5_2", "ISO42001_5_9", "ISO42001_A_6_2_66",
    ]


@pytest.mark.sphinx(
    "html", testroot="fields", confoverrides={"suppress_warnings": ["aims.field"]}
)
def test_suppress_warnings_per_subtype(app, warning):
    app.build()
    assert aims_warnings(warning, app.srcdir, "aims.field") == []
    assert aims_warnings(warning, app.srcdir, "aims.link") == EXPECTED_LINK_WARNINGS


@pytest.mark.sphinx(
    "html",
    testroot="fields",
    confoverrides={"aims_risk_criteria": {"likelihood": [1, 6], "impact": [1, 3]}},
)
def test_score_scale_follows_risk_criteria(app, warning):
    app.build()
    warnings = aims_warnings(warning, app.srcdir, "aims.field")
    assert not any("invalid likelihood" in line for line in warnings)
    assert (
        "index.md:13: WARNING: RISK_BIAS: invalid impact 'high'; expected an integer "
        "from 1 to 3 [aims.field]" in warnings
    )


@pytest.mark.sphinx("html", testroot="duplicates")
def test_duplicate_id_across_pages(app, warning):
    app.build()
    assert warning_lines(warning, app.srcdir) == [
        "second.md:5: WARNING: duplicate id 'CTRL_REVIEW', first defined at "
        "first.md:3; give one of the objects another id [aims.duplicate]"
    ]
    needs = read_needs(app.outdir)
    assert needs["CTRL_REVIEW"]["type"] == "control"


@pytest.mark.sphinx("html", testroot="duplicates")
def test_duplicate_id_reported_again_when_unchanged(app, warning):
    """A second build that reads no page still reports the duplicate."""
    app.build()
    warning.truncate(0)
    warning.seek(0)
    app.build()
    assert warning_lines(warning, app.srcdir) == [
        "second.md:5: WARNING: duplicate id 'CTRL_REVIEW', first defined at "
        "first.md:3; give one of the objects another id [aims.duplicate]"
    ]


@pytest.mark.sphinx("html", testroot="authoring")
def test_authoring_mistakes_are_findings(app, warning):
    app.build()
    warnings = [
        line for line in warning_lines(warning, app.srcdir) if "[aims." in line
    ]
    assert warnings == [
        "index.md:5: WARNING: RISK_A: the value of :owner: contains ' #', which MyST "
        "reads as the start of a comment, so only 'Head of Operations' was kept; "
        'quote the value: :owner: "Head of Operations #2 desk" [aims.field]',
        "index.md:6: WARNING: RISK_A: unknown option ':onwer:'; did you mean "
        "':owner:'? [aims.field]",
        "index.md:7: WARNING: RISK_A: unknown option ':likelyhood:'; did you mean "
        "':likelihood:'? [aims.field]",
        "index.md:11: WARNING: risk 'B' has no :id:; write one by hand, such as "
        "':id: RISK_NAME', so links to it stay stable [aims.id]",
        "index.md:16: WARNING: invalid id 'ctrl_c'; use capital letters, digits and "
        "'_' (matching '^[A-Z0-9_]{5,}'), such as 'CTRL_C' [aims.id]",
    ]
    needs = read_needs(app.outdir)
    assert needs["CTRL_D"]["owner"] == "Desk #4"


@pytest.mark.sphinx("html", testroot="authoring")
def test_authoring_mistakes_reported_again(app, warning):
    """The second build reads no page and still reports every mistake."""
    app.build()
    first = [line for line in warning_lines(warning, app.srcdir) if "[aims." in line]
    warning.truncate(0)
    warning.seek(0)
    app.build()
    second = [line for line in warning_lines(warning, app.srcdir) if "[aims." in line]
    assert len(first) == 5
    assert second == first
