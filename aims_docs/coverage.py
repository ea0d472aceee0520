"""Coverage of the ISO/IEC 42001 catalog: which leaf clauses and controls are addressed.

A leaf clause, or an Annex A control that is not excluded, is covered when at
least one approved policy, procedure, control or record ``addresses`` it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from aims_docs.catalog import Catalog, Entry

#: Object types whose approved objects count as addressing a requirement.
ADDRESSING_TYPES = frozenset({"policy", "procedure", "control", "record"})

CoverageState = Literal["covered", "not_covered", "excluded"]


@dataclass(frozen=True)
class CoverageRow:
    """The coverage state of one leaf clause or control and what addresses it."""

    entry: Entry
    state: CoverageState
    addressed_by: tuple[str, ...]  # approved policies, procedures, controls, records
    other_addressing: tuple[str, ...]  # every other object that addresses it


@dataclass
class GroupCoverage:
    """Covered and applicable counts of one clause or Annex A area."""

    number: str
    title: str
    covered: int = 0
    applicable: int = 0
    excluded: int = 0
    rows: list[CoverageRow] = field(default_factory=list)

    @property
    def percent(self) -> int:
        """Share of applicable entries that are covered, rounded down; 100 if none."""
        return 100 if not self.applicable else self.covered * 100 // self.applicable


def coverage_rows(
    needs: Mapping[str, Mapping[str, Any]], catalog: Catalog
) -> list[CoverageRow]:
    """Return the coverage of every leaf clause and control, in catalog order."""
    rows: list[CoverageRow] = []
    for entry in catalog.entries:
        if not entry.is_leaf:
            continue
        need = needs.get(entry.id)
        addressing = sorted(need.get("addresses_back") or ()) if need else []
        approved = tuple(
            source_id
            for source_id in addressing
            if needs[source_id].get("type") in ADDRESSING_TYPES
            and needs[source_id].get("status") == "approved"
        )
        others = tuple(
            source_id for source_id in addressing if source_id not in approved
        )
        if need is not None and need.get("applicability") == "excluded":
            state: CoverageState = "excluded"
        elif approved:
            state = "covered"
        else:
            state = "not_covered"
        rows.append(CoverageRow(entry, state, approved, others))
    return rows


def coverage_by_group(rows: list[CoverageRow], catalog: Catalog) -> list[GroupCoverage]:
    """Sum the rows by clause (4 to 10) and by Annex A area (A.2 to A.10)."""
    groups = {
        top.number: GroupCoverage(top.number, top.title)
        for part in ("clauses", "annex_a")
        for top in catalog.areas(part)
    }
    for row in rows:
        group = groups[row.entry.area]
        group.rows.append(row)
        if row.state == "excluded":
            group.excluded += 1
            continue
        group.applicable += 1
        if row.state == "covered":
            group.covered += 1
    return list(groups.values())
