"""Per-document data of aims-docs, kept in a Sphinx domain.

A domain's ``clear_doc`` and ``merge_domaindata`` keep the data right across
incremental builds (a re-read page replaces its entries) and parallel reads
(each worker's entries are merged into the main process).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from dataclasses import dataclass
from typing import Any

from sphinx.domains import Domain


@dataclass(frozen=True)
class ApplicabilityDecision:
    """A Statement of Applicability decision on one Annex A control."""

    control_id: str
    decision: str
    justification: str
    docname: str
    line: int


_PER_DOCUMENT_KEYS = ("objects", "applicability", "views", "problems")


class AimsDomain(Domain):
    """Records object definitions, applicability decisions and generated views."""

    name = "aims"
    label = "AIMS"
    data_version = 3  # raise when the layout of `data` changes
    initial_data: dict[str, Any] = {
        "objects": {},  # docname -> [(id, line, {option: line})]
        "applicability": {},  # docname -> [ApplicabilityDecision]
        "views": {},  # docname -> [view name]
        "problems": {},  # docname -> [(line, subtype, id, message)]
        "link_signatures": {},  # docname -> digest of the links its objects show
    }

    def record_object(
        self, need_id: str, docname: str, line: int, option_lines: dict[str, int]
    ) -> None:
        entry = (need_id, line, option_lines)
        self.data["objects"].setdefault(docname, []).append(entry)

    def record_applicability(self, decision: ApplicabilityDecision) -> None:
        self.data["applicability"].setdefault(decision.docname, []).append(decision)

    def record_problem(
        self, docname: str, line: int, subtype: str, need_id: str, message: str
    ) -> None:
        """Record an authoring mistake found while reading, for the check step."""
        entry = (line, subtype, need_id, message)
        self.data["problems"].setdefault(docname, []).append(entry)

    def authoring_problems(self, subtype: str) -> Iterator[tuple[str, int, str, str]]:
        """Yield ``(docname, line, id, message)`` of each recorded problem of *subtype*."""
        for docname, entries in self.data["problems"].items():
            for line, entry_subtype, need_id, message in entries:
                if entry_subtype == subtype:
                    yield docname, line, need_id, message

    @property
    def link_signatures(self) -> dict[str, str]:
        """Digests of each page's shown links as of the last build (whole project)."""
        signatures: dict[str, str] = self.data.setdefault("link_signatures", {})
        return signatures

    @link_signatures.setter
    def link_signatures(self, signatures: dict[str, str]) -> None:
        self.data["link_signatures"] = signatures

    def record_view(self, docname: str, view: str) -> None:
        self.data["views"].setdefault(docname, []).append(view)

    def object_definitions(self) -> Iterator[tuple[str, str, int]]:
        """Yield ``(id, docname, line)`` for every object with an explicit id."""
        for docname, entries in self.data["objects"].items():
            for need_id, line, _ in entries:
                yield need_id, docname, line

    def option_lines(self) -> dict[tuple[str, str], dict[str, int]]:
        """Map ``(docname, id)`` to the source line of each option written."""
        return {
            (docname, need_id): lines
            for docname, entries in self.data["objects"].items()
            for need_id, _, lines in entries
        }

    def applicability_decisions(self) -> list[ApplicabilityDecision]:
        decisions = [d for ds in self.data["applicability"].values() for d in ds]
        return sorted(decisions, key=lambda d: (d.docname, d.line))

    def docs_with_views(self) -> set[str]:
        return {docname for docname, views in self.data["views"].items() if views}

    def clear_doc(self, docname: str) -> None:
        for key in _PER_DOCUMENT_KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in _PER_DOCUMENT_KEYS:
            for docname in docnames:
                if docname in otherdata[key]:
                    self.data[key][docname] = otherdata[key][docname]

    def resolve_any_xref(self, *args: Any, **kwargs: Any) -> list[Any]:
        return []

    def get_objects(self) -> Iterable[tuple[str, str, str, str, str, int]]:
        return []
