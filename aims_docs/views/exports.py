"""Spreadsheet exports of the Statement of Applicability and the risk register.

Each export is a table of text cells, written as CSV (UTF-8 with a byte order
mark, which spreadsheet programs need to detect the encoding) and as XLSX.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from aims_docs.views.index import ObjectRef
from aims_docs.views.requirements import COVERAGE_LABELS, SoaRow
from aims_docs.views.risks import RiskRow, Score

#: Leading characters that make a spreadsheet program read a cell as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """A titled table of text cells, with labelled facts about it such as the release."""

    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    about: tuple[tuple[str, str], ...]  # (label, value), such as the release


def _ids(refs: Sequence[ObjectRef]) -> str:
    return "; ".join(ref.id for ref in refs)


def _with_status(refs: Sequence[ObjectRef]) -> str:
    return "; ".join(f"{ref.id} ({ref.status or 'no status'})" for ref in refs)


def soa_table(rows: Sequence[SoaRow], about: tuple[tuple[str, str], ...]) -> Table:
    """Return the Statement of Applicability with one row per Annex A control."""
    header = (
        "Control",
        "Title",
        "Control objective",
        "Applicability",
        "Justification",
        "Implemented by",
        "Coverage",
    )
    body = tuple(
        (
            row.entry.number,
            row.entry.title,
            f"{row.objective.number} {row.objective.title}" if row.objective else "",
            row.applicability or "not decided",
            row.justification,
            _with_status(row.implemented_by),
            COVERAGE_LABELS[row.coverage],
        )
        for row in rows
    )
    return Table("Statement of Applicability", header, body, about)


def _level(score: Score) -> str:
    return "" if score.level is None else str(score.level)


def risk_table(rows: Sequence[RiskRow], about: tuple[tuple[str, str], ...]) -> Table:
    """Return the risk register with one row per risk."""
    header = (
        "ID",
        "Title",
        "AI systems",
        "Likelihood",
        "Impact",
        "Level",
        "Above threshold",
        "Treatment",
        "Mitigated by",
        "Owner",
        "Next review",
        "Review state",
        "Residual likelihood",
        "Residual impact",
        "Residual level",
    )
    body = tuple(
        (
            row.risk.id,
            row.risk.title,
            _ids(row.systems),
            row.inherent.likelihood_text,
            row.inherent.impact_text,
            _level(row.inherent),
            "yes" if row.inherent.above_threshold else "no",
            row.treatment,
            _ids(row.mitigations),
            row.owner,
            row.review.due.isoformat() if row.review.due else "",
            row.review.state.replace("_", " "),
            row.residual.likelihood_text,
            row.residual.impact_text,
            _level(row.residual),
        )
        for row in rows
    )
    return Table("Risk register", header, body, about)


def _safe_cell(value: str) -> str:
    """Quote a cell that a spreadsheet program would run as a formula."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def write_csv(table: Table, path: Path) -> None:
    """Write *table* as CSV: the header, then one line per row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.header)
    for row in table.rows:
        writer.writerow([_safe_cell(cell) for cell in row])
    path.write_text("\ufeff" + buffer.getvalue(), "utf-8")


def write_xlsx(table: Table, path: Path) -> None:
    """Write *table* as an XLSX workbook: the table and an "About" sheet.

    Cells are stored as text, never as formulas. The file has fixed timestamps,
    so the same table always gives the same bytes.
    """
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title[:31]  # the XLSX limit on sheet names
    sheet.append(list(table.header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.rows:
        sheet.append(list(row))
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            cell.data_type = "s"  # keep "=..." as text instead of a formula
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    about = workbook.create_sheet("About")
    for label, value in table.about:
        about.append([label, value])
    _write_reproducible(workbook, path)


#: Timestamp of every XLSX export, so the same table always gives the same bytes.
_FIXED_STAMP = dt.datetime(2000, 1, 1)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _write_reproducible(workbook: Workbook, path: Path) -> None:
    """Save *workbook* with fixed document and ZIP entry timestamps.

    openpyxl stamps the save time into ``docProps/core.xml`` whatever the
    workbook's properties contain, so that entry is rewritten while copying.
    """
    workbook.properties.created = _FIXED_STAMP
    saved = io.BytesIO()
    workbook.save(saved)
    stamp = _FIXED_STAMP.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with (
        zipfile.ZipFile(saved) as source,
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _MODIFIED.sub(rb"\g<1>" + stamp + rb"\g<2>", data)
            entry = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, data)
