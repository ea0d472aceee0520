"""Views of the catalog: Statement of Applicability, traceability matrix, coverage."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from aims_docs.catalog import Catalog, Entry
from aims_docs.coverage import CoverageRow, CoverageState, GroupCoverage
from aims_docs.views.index import ObjectIndex, ObjectRef, text

#: Readable names of the coverage states, shared by the pages and the exports.
COVERAGE_LABELS: dict[str, str] = {
    "covered": "covered",
    "not_covered": "not covered",
    "excluded": "excluded",
}


def soa_anchor(entry: Entry) -> str:
    """Return the HTML id of a control's row in the Statement of Applicability."""
    return f"soa-{entry.id}"


@dataclass(frozen=True)
class SoaRow:
    """One Annex A control in the Statement of Applicability."""

    entry: Entry
    objective: Entry | None  # the control objective the control belongs to
    applicability: str  # "applicable", "excluded", or "" when not decided
    justification: str
    implemented_by: tuple[ObjectRef, ...]  # every object that addresses the control
    coverage: CoverageState

    @property
    def anchor(self) -> str:
        return soa_anchor(self.entry)


def soa_rows(
    index: ObjectIndex, catalog: Catalog, coverage: Sequence[CoverageRow]
) -> list[SoaRow]:
    """Return one row per Annex A control, in the standard's order."""
    state_by_id = {row.entry.id: row.state for row in coverage}
    rows = []
    for entry in catalog.controls():
        need = index.needs.get(entry.id) or {}
        rows.append(
            SoaRow(
                entry=entry,
                objective=catalog.by_id.get(entry.parent_id or ""),
                applicability=text(need, "applicability"),
                justification=text(need, "justification"),
                implemented_by=index.refs(need.get("addresses_back") or ()),
                coverage=state_by_id.get(entry.id, "not_covered"),
            )
        )
    return rows


@dataclass(frozen=True)
class TraceLink:
    """An object that addresses a requirement, and the records that evidence it."""

    object: ObjectRef
    counts: bool  # whether it counts for coverage: approved and of an addressing type
    evidence: tuple[ObjectRef, ...]


@dataclass(frozen=True)
class TraceRow:
    """One leaf clause or control with its trail to addressing objects and records."""

    entry: Entry
    state: CoverageState
    links: tuple[TraceLink, ...]


@dataclass(frozen=True)
class TraceGroup:
    """The rows of one clause or Annex A area."""

    area: Entry
    rows: tuple[TraceRow, ...]


def traceability(
    index: ObjectIndex,
    catalog: Catalog,
    coverage: Sequence[CoverageRow],
    group: str = "all",
) -> list[TraceGroup]:
    """Return the traceability rows of *group* (as for ``Catalog.select``) by area."""
    selected = {entry.id for entry in catalog.select(group)}
    by_area: dict[str, list[TraceRow]] = {}
    for row in coverage:
        if row.entry.id not in selected:
            continue
        links = tuple(
            _trace_link(index, source_id, source_id in row.addressed_by)
            for source_id in sorted(row.addressed_by + row.other_addressing)
        )
        by_area.setdefault(row.entry.area, []).append(
            TraceRow(row.entry, row.state, links)
        )
    return [
        TraceGroup(catalog.by_id[area.id], tuple(by_area[area.number]))
        for part in ("clauses", "annex_a")
        for area in catalog.areas(part)
        if area.number in by_area
    ]


def _trace_link(index: ObjectIndex, source_id: str, counts: bool) -> TraceLink:
    need = index.needs.get(source_id) or {}
    return TraceLink(
        index.ref(source_id), counts, index.refs(need.get("evidences_back") or ())
    )


@dataclass(frozen=True)
class CoverageSummary:
    """Coverage of clauses 4 to 10 and of Annex A, by group and in total."""

    clauses: tuple[GroupCoverage, ...]
    annex_a: tuple[GroupCoverage, ...]

    @staticmethod
    def total(groups: Sequence[GroupCoverage]) -> GroupCoverage:
        """Add up *groups* into one group without rows."""
        total = GroupCoverage("", "total")
        for group in groups:
            total.covered += group.covered
            total.applicable += group.applicable
            total.excluded += group.excluded
        return total

    @property
    def clauses_total(self) -> GroupCoverage:
        return self.total(self.clauses)

    @property
    def annex_a_total(self) -> GroupCoverage:
        return self.total(self.annex_a)


def coverage_summary(groups: Sequence[GroupCoverage]) -> CoverageSummary:
    """Split the groups of ``coverage_by_group`` into clauses and Annex A areas."""
    return CoverageSummary(
        clauses=tuple(g for g in groups if not g.number.startswith("A.")),
        annex_a=tuple(g for g in groups if g.number.startswith("A.")),
    )
