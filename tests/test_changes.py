"""Changes between two releases: the comparison of two sets of needs, and its page."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from sphinx.errors import ConfigError

from aims_docs.changes import (
    ApplicabilityChange,
    FieldChange,
    IncomingLinkChange,
    LinkChange,
    NewlyOverdue,
    ObjectChange,
    ObjectSummary,
    compare,
    read_needs_json,
)
from aims_docs.config import RiskCriteria
from aims_docs.extensions.changes_page import change_details
from aims_docs.extensions.versions import break_ids_at_underscores
from conftest import warning_lines

OLD_AS_OF = dt.date(2026, 6, 1)
NEW_AS_OF = dt.date(2026, 12, 1)


def need(need_id: str, type_: str, **fields: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": need_id,
        "type": type_,
        "title": need_id.title(),
        "status": "approved",
        "docname": "pages",
        "content": "",
        "tags": [],
        "is_external": False,
    }
    return {**base, **fields}


def run(previous: list[dict[str, object]], current: list[dict[str, object]]):
    return compare(
        {n["id"]: n for n in previous},
        {n["id"]: n for n in current},
        previous_as_of=OLD_AS_OF,
        current_as_of=NEW_AS_OF,
    )


def test_no_change_is_empty():
    needs = [need("POL_AI", "policy", owner="CEO")]
    assert run(needs, needs).is_empty()


def test_added_and_removed_objects():
    result = run(
        [need("POL_OLD", "policy", title="Old policy")],
        [need("RISK_NEW", "risk", title="New risk")],
    )
    assert result.added == [ObjectSummary("RISK_NEW", "New risk", "risk")]
    assert result.removed == [ObjectSummary("POL_OLD", "Old policy", "policy")]
    assert result.changed == []


def test_changed_field_and_description():
    result = run(
        [need("POL_AI", "policy", owner="CEO", content="Rules.")],
        [need("POL_AI", "policy", owner="CTO", content="New rules.")],
    )
    assert len(result.changed) == 1
    assert result.changed[0].fields == (
        FieldChange("description", "Rules.", "New rules."),
        FieldChange("owner", "CEO", "CTO"),
    )


def test_changed_links_outgoing_and_incoming():
    result = run(
        [
            need(
                "CTRL_A", "control", mitigates=["RISK_A"], addresses=["ISO42001_6_1_3"]
            ),
            need("RISK_A", "risk", mitigates_back=["CTRL_A"]),
            need("RISK_B", "risk"),
        ],
        [
            need(
                "CTRL_A", "control", mitigates=["RISK_B"], addresses=["ISO42001_6_1_3"]
            ),
            need("RISK_A", "risk"),
            need("RISK_B", "risk", mitigates_back=["CTRL_A"]),
        ],
    )
    assert [change.id for change in result.changed] == ["CTRL_A", "RISK_A", "RISK_B"]
    control, old_risk, new_risk = result.changed
    assert control.links == (LinkChange("mitigates", ("RISK_B",), ("RISK_A",)),)
    assert control.incoming == ()
    assert old_risk.links == ()
    assert old_risk.incoming == (IncomingLinkChange("CTRL_A", "mitigates", False),)
    assert new_risk.incoming == (IncomingLinkChange("CTRL_A", "mitigates", True),)


def test_incoming_links_of_added_and_removed_objects():
    result = run(
        [need("PROC_A", "procedure"), need("REC_OLD", "record", evidences=["PROC_A"])],
        [need("PROC_A", "procedure"), need("REC_NEW", "record", evidences=["PROC_A"])],
    )
    assert [change.id for change in result.changed] == ["PROC_A"]
    assert result.changed[0].fields == ()
    assert result.changed[0].incoming == (
        IncomingLinkChange("REC_NEW", "evidences", True),
        IncomingLinkChange("REC_OLD", "evidences", False),
    )


def test_change_details_lines():
    change = ObjectChange(
        "PROC_A",
        "Procedure",
        "procedure",
        fields=(
            FieldChange("description", "Old text.", "New text."),
            FieldChange("owner", "", "CTO"),
        ),
        links=(LinkChange("applies_to", ("SYS_B",), ("SYS_A",)),),
        incoming=(
            IncomingLinkChange("REC_NEW", "evidences", True),
            IncomingLinkChange("REC_OLD", "evidences", False),
        ),
    )
    assert change_details(change) == [
        "description changed",
        "owner: (empty) to CTO",
        "applies_to: added SYS_B",
        "applies_to: removed SYS_A",
        "links from other objects changed: +REC_NEW evidences, -REC_OLD evidences",
    ]


def test_applicability_change_also_changed():
    result = run(
        [
            need(
                "ISO42001_A_10_4",
                "requirement",
                applicability="applicable",
                justification="We supply AI systems.",
            )
        ],
        [
            need(
                "ISO42001_A_10_4",
                "requirement",
                applicability="excluded",
                justification="We supply no AI system.",
            )
        ],
    )
    assert result.applicability == [
        ApplicabilityChange(
            "ISO42001_A_10_4",
            "Iso42001_A_10_4",
            "applicable",
            "excluded",
            "We supply AI systems.",
            "We supply no AI system.",
        )
    ]
    assert [change.id for change in result.changed] == ["ISO42001_A_10_4"]
    assert result.changed[0].fields == (
        FieldChange("applicability", "applicable", "excluded"),
        FieldChange(
            "justification", "We supply AI systems.", "We supply no AI system."
        ),
    )


def test_new_decision_is_applicability_change():
    result = run(
        [need("ISO42001_A_2_2", "requirement")],
        [need("ISO42001_A_2_2", "requirement", applicability="applicable")],
    )
    assert [(c.old_decision, c.new_decision) for c in result.applicability] == [
        ("", "applicable")
    ]


def test_risk_rescore_with_levels():
    result = run(
        [need("RISK_A", "risk", likelihood="4", impact="3")],
        [need("RISK_A", "risk", likelihood="2", impact="3", residual_likelihood="1")],
    )
    assert len(result.rescored) == 1
    rescore = result.rescored[0]
    assert (rescore.old_level, rescore.new_level) == (12, 6)
    assert rescore.scores == (
        FieldChange("likelihood", "4", "2"),
        FieldChange("residual_likelihood", "", "1"),
    )
    # A re-scored risk is a changed object too, with its score fields.
    assert [change.id for change in result.changed] == ["RISK_A"]
    assert result.changed[0].fields == rescore.scores


def test_rescore_uses_risk_criteria():
    previous = {"RISK_A": need("RISK_A", "risk", likelihood="4", impact="3")}
    current = {"RISK_A": need("RISK_A", "risk", likelihood="2", impact="3")}
    result = compare(
        previous,
        current,
        previous_as_of=OLD_AS_OF,
        current_as_of=NEW_AS_OF,
        criteria=RiskCriteria(level="sum"),
    )
    assert (result.rescored[0].old_level, result.rescored[0].new_level) == (7, 5)


def test_invalid_score_has_no_level():
    result = run(
        [need("RISK_A", "risk", likelihood="4", impact="3")],
        [need("RISK_A", "risk", likelihood="high", impact="3")],
    )
    assert result.rescored[0].new_level is None


def test_became_overdue():
    reviewed = {"last_reviewed": "2025-09-01", "review_interval": "12 months"}
    result = run(
        [need("PROC_A", "procedure", **reviewed)],
        [
            need("PROC_A", "procedure", **reviewed),
            need("PROC_B", "procedure", **reviewed),
        ],
    )
    assert result.overdue == [
        NewlyOverdue("PROC_A", "Proc_A", "procedure", dt.date(2026, 9, 1)),
        NewlyOverdue("PROC_B", "Proc_B", "procedure", dt.date(2026, 9, 1)),
    ]


def test_overdue_before_not_repeated():
    reviewed = {"last_reviewed": "2025-01-01", "review_interval": "12 months"}
    result = run(
        [need("PROC_A", "procedure", **reviewed)],
        [need("PROC_A", "procedure", **reviewed)],
    )
    assert result.overdue == []


def test_external_and_foreign_needs_ignored():
    result = run(
        [],
        [need("EXT_1", "policy", is_external=True), need("SPEC_X", "story")],
    )
    assert result.is_empty()


def test_read_needs_json(tmp_path):
    path = tmp_path / "needs.json"
    path.write_text(
        json.dumps({"current_version": "1", "versions": {"1": {"needs": {"A": {}}}}})
    )
    assert read_needs_json(path) == {"A": {}}


def test_read_needs_json_invalid(tmp_path):
    path = tmp_path / "needs.json"
    path.write_text('{"versions": {}}')
    with pytest.raises(ValueError, match=r"needs\.json: cannot read the needs"):
        read_needs_json(path)


def _release_file(tmp_path: Path, previous: dict[str, object] | None) -> Path:
    path = tmp_path / "release.json"
    path.write_text(
        json.dumps(
            {
                "version": "2.0",
                "date": "2026-12-04",
                "as_of": "2026-12-01",
                "versions": [{"version": "2.0", "date": "2026-12-04"}],
                "previous": previous,
            }
        )
    )
    return path


@pytest.mark.sphinx("html", testroot="publish-manual")
def test_changes_page_outside_release(app, warning):
    app.build()
    html = (app.outdir / "changes.html").read_text("utf-8")
    assert "This build is not a published release." in html
    assert "aims-version-switcher" not in html
    assert warning_lines(warning, app.srcdir) == []


@pytest.fixture()
def first_release(tmp_path):
    return str(_release_file(tmp_path, None))


def test_changes_page_first_release(make_app, rootdir, tmp_path, first_release):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish-manual", srcdir)
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"aims_release_file": first_release}
    )
    app.build()
    html = (app.outdir / "changes.html").read_text("utf-8")
    assert "Release 2.0 is the first published release" in html
    assert 'data-version="2.0"' in html


def test_changes_page_missing_previous_needs(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish-manual", srcdir)
    missing = tmp_path / "old" / "needs.json"
    release = _release_file(
        tmp_path,
        {"version": "1.0", "as_of": "2026-06-01", "needs_file": str(missing)},
    )
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"aims_release_file": str(release)}
    )
    app.build()
    html = (app.outdir / "changes.html").read_text("utf-8")
    assert "The changes could not be computed" in html
    lines = warning_lines(app.warning, app.srcdir)
    assert any(
        "changes.md:3: WARNING:" in line
        and str(missing) in line
        and "[aims.changes]" in line
        for line in lines
    ), lines


def test_invalid_release_file(make_app, rootdir, tmp_path):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish-manual", srcdir)
    bad = tmp_path / "release.json"
    bad.write_text('{"version": "1.0", "date": "soon", "as_of": "2026-12-01"}')
    with pytest.raises(ConfigError, match="key 'date': invalid date 'soon'"):
        make_app("html", srcdir=srcdir, confoverrides={"aims_release_file": str(bad)})


def test_release_without_changes_page(make_app, rootdir, tmp_path, first_release):
    srcdir = tmp_path / "src"
    shutil.copytree(rootdir / "test-publish-manual", srcdir)
    (srcdir / "changes.md").write_text("# Changes\n\nNo directive here.\n", "utf-8")
    app = make_app(
        "html", srcdir=srcdir, confoverrides={"aims_release_file": first_release}
    )
    app.build()
    lines = warning_lines(app.warning, app.srcdir)
    expected = (
        "WARNING: release 2.0 has no changes page: place the aims-changes directive "
        "on a page of the manual to list what changed since the previous release "
        "[aims.changes]"
    )
    assert lines == [expected]
    assert "aims-changes-link" not in (app.outdir / "index.html").read_text("utf-8")


def test_ids_break_at_underscores():
    html = '<a href="#RISK_A">RISK_CHAT_LEAK</a> <p>Plain_text and ISO</p>'
    assert break_ids_at_underscores(html) == (
        '<a href="#RISK_A">RISK_<wbr>CHAT_<wbr>LEAK</a> <p>Plain_text and ISO</p>'
    )
