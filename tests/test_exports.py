"""Spreadsheet exports of the Statement of Applicability and the risk register."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from conftest import read_needs

from aims_docs.views.exports import Table, write_csv, write_xlsx

ABOUT = (("Release", "1.0"), ("As of", "2026-11-30"))


def read_csv(path) -> list[list[str]]:
    text = path.read_text("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csv_quotes_formula_cells(tmp_path):
    table = Table("T", ("a", "b"), (("=1+1", "plain"), ("-2", "@x")), ABOUT)
    write_csv(table, tmp_path / "t.csv")
    assert read_csv(tmp_path / "t.csv") == [["a", "b"], ["'=1+1", "plain"], ["'-2", "'@x"]]


def test_xlsx_keeps_formulas_as_text(tmp_path):
    table = Table("Risk register", ("a",), (("=HYPERLINK(1)",),), ABOUT)
    write_xlsx(table, tmp_path / "t.xlsx")
    workbook = openpyxl.load_workbook(tmp_path / "t.xlsx")
    sheet = workbook["Risk register"]
    assert sheet["A2"].value == "=HYPERLINK(1)"
    assert sheet["A2"].data_type == "s"
    assert [list(row) for row in workbook["About"].values] == [list(r) for r in ABOUT]


def test_xlsx_bytes_reproducible(tmp_path):
    table = Table("T", ("a",), (("x",),), ABOUT)
    write_xlsx(table, tmp_path / "one.xlsx")
    write_xlsx(table, tmp_path / "two.xlsx")
    assert (tmp_path / "one.xlsx").read_bytes() == (tmp_path / "two.xlsx").read_bytes()
    with zipfile.ZipFile(tmp_path / "one.xlsx") as archive:
        assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode("utf-8")
    assert "2000-01-01T00:00:00Z</dcterms:created>" in core
    assert "2000-01-01T00:00:00Z</dcterms:modified>" in core


@pytest.mark.sphinx("html", testroot="views")
def test_soa_exports_one_row_per_control(app):
    app.build()
    rows = read_csv(app.outdir / "_exports" / "statement-of-applicability.csv")
    assert rows[0][:4] == ["Control", "Title", "Control objective", "Applicability"]
    assert len(rows) == 1 + 38
    by_number = {row[0]: row for row in rows[1:]}
    assert by_number["A.10.4"][3] == "excluded"
    assert by_number["A.10.4"][4] == "No AI system is supplied to customers."
    assert by_number["A.6.2.6"][5] == (
        "PROC_MON (approved); PROC_SCORE_OPS (draft)"
    )
    assert by_number["A.6.2.6"][6] == "covered"
    sheet = openpyxl.load_workbook(
        app.outdir / "_exports" / "statement-of-applicability.xlsx"
    )["Statement of Applicability"]
    assert sheet.max_row == 1 + 38
    assert [cell.value for cell in sheet[1]] == rows[0]


@pytest.mark.sphinx("html", testroot="views")
def test_risk_exports_one_row_per_risk(app):
    app.build()
    risks = sorted(i for i, n in read_needs(app.outdir).items() if n["type"] == "risk")
    rows = read_csv(app.outdir / "_exports" / "risk-register.csv")
    assert [row[0] for row in rows[1:]] == risks
    hall = dict(zip(rows[0], rows[1 + risks.index("RISK_HALL")], strict=True))
    assert hall["Level"] == "12"
    assert hall["Above threshold"] == "yes"
    assert hall["Mitigated by"] == "CTRL_GROUND"
    assert hall["Residual level"] == "6"
    assert hall["Next review"] == "2026-12-10"
    workbook = openpyxl.load_workbook(app.outdir / "_exports" / "risk-register.xlsx")
    assert workbook["Risk register"].max_row == 1 + len(risks)
    about = dict(workbook["About"].values)
    assert about["Release"] == "2.0"
    assert about["As of"] == "2026-11-30"
    assert about["Organisation"] == "Sample Ltd"


@pytest.mark.sphinx("html", testroot="views")
def test_export_links_resolve(app):
    app.build()
    for docname, name in (
        ("audit/statement-of-applicability", "statement-of-applicability"),
        ("audit/risk-register", "risk-register"),
    ):
        html = (app.outdir / f"{docname}.html").read_text("utf-8")
        for suffix in ("csv", "xlsx"):
            href = f"../_exports/{name}.{suffix}"
            assert f'href="{href}"' in html
            assert (app.outdir / "audit" / href).resolve().is_file()
