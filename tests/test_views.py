"""The generated auditor pages, built from the sample project ``test-views``."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import read_needs, warning_lines

from aims_docs.catalog import load_catalog

AUDIT_PAGES = (
    "statement-of-applicability", "traceability", "traceability-a6", "coverage",
    "risk-register", "risk-heat-map", "ai-systems", "review-calendar", "gaps",
)


def plain_warnings(warning, srcdir: Path) -> list[str]:
    """Return the warning lines without terminal colour codes."""
    return [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in warning_lines(warning, srcdir)]


def page(outdir: Path, docname: str) -> BeautifulSoup:
    """Parse a built page, joining the ids that ``<wbr>`` tags split for wrapping."""
    soup = BeautifulSoup((outdir / f"{docname}.html").read_text("utf-8"), "html.parser")
    for tag in soup.find_all("wbr"):
        tag.unwrap()
    soup.smooth()
    return soup


def row_text(soup: BeautifulSoup, row_id: str) -> str:
    row = soup.find(id=row_id)
    assert row is not None, f"no element with id {row_id}"
    return " ".join(row.get_text(" ").split())


@pytest.mark.sphinx("html", testroot="views")
def test_soa_lists_every_control(app):
    app.build()
    soa = page(app.outdir, "audit/statement-of-applicability")
    rows = soa.select("tr[id^=soa-]")
    expected = [f"soa-{entry.id}" for entry in load_catalog().controls()]
    assert len(expected) == 38
    assert [row["id"] for row in rows] == expected


@pytest.mark.sphinx("html", testroot="views")
def test_soa_shows_decisions_and_objects(app):
    app.build()
    soa = page(app.outdir, "audit/statement-of-applicability")
    excluded = row_text(soa, "soa-ISO42001_A_10_4")
    assert "excluded" in excluded
    assert "No AI system is supplied to customers." in excluded
    operation = row_text(soa, "soa-ISO42001_A_6_2_6")
    assert "applicable" in operation
    assert "PROC_MON Model monitoring approved" in operation
    assert "PROC_SCORE_OPS Scoring model operation draft" in operation
    assert "covered" in operation
    assert "not decided" in row_text(soa, "soa-ISO42001_A_7_2")
    links = [a["href"] for a in soa.find(id="soa-ISO42001_A_6_2_6").find_all("a")]
    assert "../framework.html#ISO42001_A_6_2_6" in links
    assert "../policies.html#PROC_MON" in links


@pytest.mark.sphinx("html", testroot="views")
def test_soa_controls_in_search_index(app):
    app.build()
    text = (app.outdir / "searchindex.js").read_text("utf-8")
    index = json.loads(text[text.index("(") + 1 : text.rindex(")")])
    entries = index["indexentries"]
    assert "a.6.2.6" in entries
    assert entries["a.6.2.6"][0][1] == "soa-ISO42001_A_6_2_6"
    assert "a.8.4" in entries


@pytest.mark.sphinx("html", testroot="views")
def test_traceability_trail_to_records(app):
    app.build()
    matrix = page(app.outdir, "audit/traceability")
    trail = row_text(matrix, "trace-ISO42001_A_6_2_6")
    assert "PROC_MON" in trail
    assert "REC_MON Monitoring report October 2026" in trail
    draft = matrix.find(string=re.compile("Scoring model operation"))
    assert draft is not None
    assert "does not count" in draft.find_parent("td").get_text()
    rows = matrix.select("tr[id^=trace-]")
    leaves = [e for e in load_catalog().entries if e.is_leaf]
    assert len(rows) == len(leaves)


@pytest.mark.sphinx("html", testroot="views")
def test_traceability_group_filter(app):
    app.build()
    matrix = page(app.outdir, "audit/traceability-a6")
    ids = [row["id"] for row in matrix.select("tr[id^=trace-]")]
    expected = [
        f"trace-{e.id}" for e in load_catalog().select("A.6") if e.is_leaf
    ]
    assert ids == expected
    assert "Clause or area A.6" in matrix.get_text()


@pytest.mark.sphinx("html", testroot="views-bad-group")
def test_unknown_group_is_error(app, warning):
    app.build()
    lines = plain_warnings(warning, app.srcdir)
    assert any(
        line.startswith("index.md:3: ERROR: aims-traceability: unknown group 'B.1'")
        for line in lines
    ), lines
    assert any(
        line.startswith("index.md:") and "horizon" in line for line in lines
    ), lines


@pytest.mark.sphinx("html", testroot="views")
def test_coverage_percentages(app):
    app.build()
    coverage = page(app.outdir, "audit/coverage")
    area = coverage.find(id="coverage-A.8")
    cells = [td.get_text(strip=True) for td in area.find_all("td")]
    # A.8 has four controls; A.8.4 is addressed by an approved procedure.
    assert cells[:4] == ["1", "4", "0", "25"]
    excluded = coverage.find(id="coverage-A.10")
    assert [td.get_text(strip=True) for td in excluded.find_all("td")][:4] == [
        "0", "2", "1", "0",
    ]


@pytest.mark.sphinx("html", testroot="views")
def test_heat_map_counts_equal_register(app):
    app.build()
    needs = read_needs(app.outdir)
    risks = {i: n for i, n in needs.items() if n["type"] == "risk"}
    register = page(app.outdir, "audit/risk-register")
    assert len(register.select("tr[id^=register-]")) == len(risks)
    heat = page(app.outdir, "audit/risk-heat-map")
    inherent = heat.find("table", attrs={"data-kind": "inherent"})
    cells = inherent.select("td[data-count]")
    assert len(cells) == 25
    placed = 0
    for cell in cells:
        expected = sorted(
            i for i, n in risks.items()
            if n["likelihood"] == cell["data-likelihood"]
            and n["impact"] == cell["data-impact"]
        )
        assert int(cell["data-count"]) == len(expected), cell
        placed += len(expected)
        if expected:
            listing = heat.find(id=cell.a["href"][1:])
            assert [a.get_text() for a in listing.select("a.aims-obj-id")] == expected
    unscored = heat.find(id="heat-inherent-unscored")
    assert [a.get_text() for a in unscored.select("a.aims-obj-id")] == ["RISK_SUPPLIER"]
    assert placed + 1 == len(risks)


@pytest.mark.sphinx("html", testroot="views")
def test_heat_map_residual_scores(app):
    app.build()
    heat = page(app.outdir, "audit/risk-heat-map")
    residual = heat.find("table", attrs={"data-kind": "residual"})
    counts = {
        (c["data-likelihood"], c["data-impact"]): int(c["data-count"])
        for c in residual.select("td[data-count]")
    }
    assert counts[("2", "3")] == 1
    assert counts[("2", "4")] == 1
    assert sum(counts.values()) == 2
    register = page(app.outdir, "audit/risk-register")
    assert "2 × 3 = 6" in row_text(register, "register-RISK_HALL")
    assert "not recorded" in row_text(register, "register-RISK_DRIFT")


@pytest.mark.sphinx("html", testroot="views")
def test_heat_map_lists_link_to_register(app):
    app.build()
    heat = page(app.outdir, "audit/risk-heat-map")
    listing = heat.find(id="heat-l4-i3")
    assert listing.a["href"] == "risk-register.html#register-RISK_HALL"


@pytest.mark.sphinx("html", testroot="views")
def test_register_row_fields(app):
    app.build()
    register = page(app.outdir, "audit/risk-register")
    hall = row_text(register, "register-RISK_HALL")
    for expected in (
        "RISK_HALL Wrong answers", "SYS_CHAT", "4 × 3 = 12", "mitigate",
        "CTRL_GROUND", "Head of support", "2026-12-10", "due soon",
    ):
        assert expected in hall
    assert "aims-above-threshold" in register.find(id="register-RISK_HALL")["class"]
    supplier = row_text(register, "register-RISK_SUPPLIER")
    assert "invalid score" in supplier
    assert "no decision" in supplier


@pytest.mark.sphinx("html", testroot="views")
def test_system_inventory(app):
    app.build()
    inventory = page(app.outdir, "audit/ai-systems")
    chat = inventory.find(id="inventory-SYS_CHAT")
    assert "PROC_INCIDENT_CHAT" in chat.select_one("dd.aims-incident-plan").get_text()
    assert "SPEC_CHAT" in chat.select_one("dd.aims-specification").get_text()
    assessment = " ".join(chat.select_one("dd.aims-assessment").get_text().split())
    assert "IA_CHAT_2026" in assessment
    assert "performed 2026-03-01" in assessment
    assert "due 2027-03-01" in assessment
    assert "current" in assessment
    score = inventory.find(id="inventory-SYS_SCORE")
    assert score.select_one("dd.aims-incident-plan").get_text(strip=True) == "missing"
    assert score.select_one("dd.aims-specification").get_text(strip=True) == "missing"
    assert "not current" in score.select_one("dd.aims-assessment").get_text()
    retired = inventory.find(id="inventory-SYS_OLD")
    for field in ("specification", "operation", "incident-plan", "assessment"):
        text = retired.select_one(f"dd.aims-{field}").get_text(strip=True)
        assert text == "not required: retired", field


@pytest.mark.sphinx("html", testroot="views")
def test_review_calendar(app):
    app.build()
    calendar = page(app.outdir, "audit/review-calendar")

    def ids(section: str) -> list[str]:
        found = calendar.find(id=section)
        return [row["data-id"] for row in found.select("tr[data-id]")]

    assert ids("reviews-overdue") == ["IA_SCORE", "CTRL_GROUND", "framework"]
    assert ids("reviews-due-soon") == ["RISK_HALL", "PROC_MON", "risks"]
    assert ids("reviews-due-later") == [
        "POL_AI", "index", "PROC_INCIDENT_CHAT", "RISK_BIAS",
    ]


@pytest.mark.sphinx("html", testroot="views")
def test_gap_list_equals_findings(app):
    app.build()
    findings = json.loads((app.outdir / "aims-findings.json").read_text("utf-8"))
    gaps = page(app.outdir, "audit/gaps")
    rows = gaps.select("table.aims-gap-list tbody tr")
    assert len(findings["findings"]) > 0
    assert len(rows) == len(findings["findings"])
    for row, finding in zip(rows, findings["findings"], strict=True):
        cells = row.find_all("td")
        assert cells[0].get_text() == f"aims.{finding['subtype']}"
        assert cells[2].get_text() == finding["message"]
        assert cells[3].get_text() == f"{finding['file']}:{finding['line']}"
        assert row["data-rule"] == finding["rule"]
    messages = [f["message"] for f in findings["findings"]]
    assert any(m.startswith("SYS_SCORE: no incident communication plan") for m in messages)
    assert any(m.startswith("REC_DRILL: 'evidences' links to unknown id") for m in messages)


@pytest.mark.sphinx("html", testroot="views")
def test_doc_control_block_on_pages(app):
    app.build()
    for docname in ("index", "risks", *(f"audit/{name}" for name in AUDIT_PAGES)):
        block = page(app.outdir, docname).select_one("div.aims-doc-control")
        assert block is not None, docname
        labels = [dt.get_text(strip=True) for dt in block.select("dt")]
        assert labels == ["Owner:", "Approver:", "Approved on:", "Next review:"]
    risks = page(app.outdir, "risks").select_one("div.aims-doc-control")
    assert [dd.get_text(strip=True) for dd in risks.select("dd")] == [
        "Chief Risk Officer", "Chief Executive Officer", "2026-04-01", "2026-12-20",
    ]
    records = page(app.outdir, "records").select_one("div.aims-doc-control")
    assert records.select("dd")[3].get_text(strip=True) == "not recorded"


@pytest.mark.sphinx("html", testroot="views")
def test_generated_pages_state_release_and_as_of(app):
    app.build()
    for name in AUDIT_PAGES:
        generated = page(app.outdir, f"audit/{name}").select_one("p.aims-generated")
        assert generated is not None, name
        text = " ".join(generated.get_text().split())
        assert text == "Generated from the objects of release 2.0, as of 2026-11-30."


@pytest.mark.sphinx("html", testroot="views")
def test_incremental_build_refreshes_views(app, make_app):
    app.build()
    source = app.srcdir / "risks.md"
    text = source.read_text("utf-8").replace(
        ":likelihood: 2\n:impact: 2\n", ":likelihood: 5\n:impact: 2\n"
    )
    source.write_text(text, "utf-8")
    later = os.stat(source).st_mtime + 5
    os.utime(source, (later, later))
    second = make_app("html", srcdir=app.srcdir)
    second.build()
    register = page(second.outdir, "audit/risk-register")
    assert "5 × 2 = 10" in row_text(register, "register-RISK_INJECT")
    heat = page(second.outdir, "audit/risk-heat-map")
    cell = heat.select_one('table[data-kind=inherent] td[data-likelihood="5"][data-impact="2"]')
    assert cell["data-count"] == "1"


@pytest.mark.sphinx("html", testroot="views", parallel=2)
def test_parallel_build_renders_views(app):
    app.build()
    soa = page(app.outdir, "audit/statement-of-applicability")
    assert len(soa.select("tr[id^=soa-]")) == 38
    findings = json.loads((app.outdir / "aims-findings.json").read_text("utf-8"))
    gaps = page(app.outdir, "audit/gaps")
    rows = gaps.select("table.aims-gap-list tbody tr")
    assert len(rows) == len(findings["findings"])


@pytest.mark.sphinx("html", testroot="views")
def test_rebuild_shows_new_as_of_date(app, make_app, monkeypatch):
    app.build()
    monkeypatch.setenv("AIMS_AS_OF", "2027-01-20")
    second = make_app("html", srcdir=app.srcdir)
    second.build()
    calendar = page(second.outdir, "audit/review-calendar")
    text = " ".join(calendar.select_one("p.aims-generated").get_text().split())
    assert text.endswith("as of 2027-01-20.")
    overdue = calendar.find(id="reviews-overdue")
    assert "RISK_HALL" in [row["data-id"] for row in overdue.select("tr[data-id]")]


@pytest.mark.sphinx("html", testroot="views")
def test_stylesheet_copied_and_linked(app):
    app.build()
    assert (app.outdir / "_static" / "aims-views.css").is_file()
    html = (app.outdir / "audit" / "coverage.html").read_text("utf-8")
    assert 'href="../_static/aims-views.css' in html


@pytest.mark.sphinx("html", testroot="views")
def test_long_ids_may_wrap(app):
    app.build()
    html = (app.outdir / "audit" / "ai-systems.html").read_text("utf-8")
    assert ">PROC_<wbr>INCIDENT_<wbr>CHAT</a>" in html


@pytest.mark.sphinx("singlehtml", testroot="views")
def test_singlehtml_links_stay_on_page(app):
    app.build()
    soup = page(app.outdir, "index")
    row = soup.find(id="soa-ISO42001_A_6_2_6")
    links = [a["href"] for a in row.find_all("a")]
    assert "#PROC_MON" in links
    assert "#ISO42001_A_6_2_6" in links
    listing = soup.find(id="heat-l4-i3")
    assert listing.a["href"] == "#register-RISK_HALL"


@pytest.mark.sphinx("dirhtml", testroot="views")
def test_dirhtml_links(app):
    app.build()
    soa = page(app.outdir, "audit/statement-of-applicability/index")
    row = soa.find(id="soa-ISO42001_A_6_2_6")
    assert "../../policies/#PROC_MON" in [a["href"] for a in row.find_all("a")]
    exports = [a["href"] for a in soa.select("p.aims-exports a")]
    assert exports == [
        "../../_exports/statement-of-applicability.csv",
        "../../_exports/statement-of-applicability.xlsx",
    ]
