"""The gap list: the findings of the traceability gate, as ``aims-docs check`` reports them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from aims_docs.findings import Finding
from aims_docs.views.index import ObjectIndex, ObjectRef


@dataclass(frozen=True)
class GapRow:
    """One finding with the object at fault and its source file."""

    finding: Finding
    object: ObjectRef | None  # None for page-level findings and unknown ids
    file: str  # the source file relative to the configuration folder, or ""

    @property
    def location(self) -> str:
        if not self.file:
            return ""
        return f"{self.file}:{self.finding.line}" if self.finding.line else self.file


@dataclass(frozen=True)
class GapList:
    """Every finding in the gate's order, and how many there are of each subtype."""

    rows: tuple[GapRow, ...]
    by_subtype: tuple[tuple[str, int], ...]


def gap_list(
    findings: Sequence[Finding], index: ObjectIndex, doc_paths: Mapping[str, str]
) -> GapList:
    """Return a row for each finding, keeping the order and every duplicate."""
    rows = []
    for finding in findings:
        known = finding.id and finding.id in index.needs
        rows.append(
            GapRow(
                finding,
                index.ref(finding.id) if known else None,
                doc_paths.get(finding.docname, finding.docname),
            )
        )
    counts = Counter(finding.subtype for finding in findings)
    return GapList(tuple(rows), tuple(sorted(counts.items())))
