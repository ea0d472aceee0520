"""The ISO/IEC 42001:2023 catalog shipped with aims-docs: numbers and short titles.

Catalog ids use the standard's own numbering with underscores, such as
``ISO42001_6_1_2`` for clause 6.1.2 and ``ISO42001_A_6_2_6`` for control A.6.2.6.
"""

from __future__ import annotations

import difflib
import functools
import json
from dataclasses import dataclass
from importlib import resources

import yaml

ID_PREFIX = "ISO42001_"
STANDARD = "ISO/IEC 42001:2023"
#: Names under which writers may cite the standard. "42001:2024" is what some
#: vendors call the same first edition.
STANDARD_ALIASES = ("ISO/IEC 42001:2023", "ISO/IEC 42001:2024", "ISO 42001")

LEAF_KINDS = frozenset({"clause", "control"})


@dataclass(frozen=True)
class Entry:
    """One clause, control objective or control of the standard."""

    number: str
    title: str
    kind: str  # clause, clause_group, control_objective or control
    parent: str | None
    part: str  # "clauses" or "annex_a"
    documented_information: str | None = None

    @property
    def id(self) -> str:
        return number_to_id(self.number)

    @property
    def parent_id(self) -> str | None:
        return number_to_id(self.parent) if self.parent else None

    @property
    def area(self) -> str:
        """Top-level group: the clause number (``6``) or control area (``A.6``)."""
        parts = self.number.split(".")
        return ".".join(parts[:2]) if self.part == "annex_a" else parts[0]

    @property
    def is_leaf(self) -> bool:
        return self.kind in LEAF_KINDS


def number_to_id(number: str) -> str:
    """Turn ``A.6.2.6`` into ``ISO42001_A_6_2_6``."""
    return ID_PREFIX + number.replace(".", "_")


def id_to_number(need_id: str) -> str | None:
    """Turn ``ISO42001_A_6_2_6`` into ``A.6.2.6``; ``None`` for other ids."""
    if not need_id.startswith(ID_PREFIX):
        return None
    return need_id[len(ID_PREFIX) :].replace("_", ".")


@dataclass(frozen=True)
class Catalog:
    """All entries of the standard, in the standard's order."""

    entries: tuple[Entry, ...]

    @functools.cached_property
    def by_id(self) -> dict[str, Entry]:
        return {entry.id: entry for entry in self.entries}

    def leaf_clauses(self) -> list[Entry]:
        return [e for e in self.entries if e.part == "clauses" and e.is_leaf]

    def controls(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "control"]

    def control_objectives(self) -> list[Entry]:
        return [e for e in self.entries if e.kind == "control_objective"]

    def areas(self, part: str) -> list[Entry]:
        """Top-level entries of *part*: clauses 4 to 10 or areas A.2 to A.10."""
        return [e for e in self.entries if e.part == part and e.parent is None]

    def children(self, number: str) -> list[Entry]:
        return [e for e in self.entries if e.parent == number]

    def select(self, group: str) -> list[Entry]:
        """Entries of a group: ``all``, ``clauses``, ``annex_a`` or a number's subtree."""
        if group == "all":
            return list(self.entries)
        if group in ("clauses", "annex_a"):
            return [e for e in self.entries if e.part == group]
        return [
            e
            for e in self.entries
            if e.number == group or e.number.startswith(group + ".")
        ]

    def suggest(self, need_id: str) -> str | None:
        """Return the catalog id closest to a mistyped one, if any is close."""
        matches = difflib.get_close_matches(need_id, list(self.by_id), n=1, cutoff=0.8)
        return matches[0] if matches else None


@functools.cache
def load_catalog() -> Catalog:
    """Load the ISO/IEC 42001 catalog that ships in ``aims_docs/data``."""
    text = (
        resources.files("aims_docs.data").joinpath("iso42001.yaml").read_text("utf-8")
    )
    data = yaml.safe_load(text)
    entries: list[Entry] = []
    for part in ("clauses", "annex_a"):
        numbers_with_children = {row["parent"] for row in data[part] if row["parent"]}
        for row in data[part]:
            kind = row["kind"]
            if kind == "clause" and row["number"] in numbers_with_children:
                kind = "clause_group"
            entries.append(
                Entry(
                    number=row["number"],
                    title=row["title"],
                    kind=kind,
                    parent=row["parent"],
                    part=part,
                    documented_information=row.get("documented_information"),
                )
            )
    return Catalog(tuple(entries))


@functools.cache
def load_nist_crosswalk() -> tuple[tuple[str, str], ...]:
    """Load the NIST AI RMF 1.0 to ISO/IEC 42001 pairs (subcategory, catalog id)."""
    text = (
        resources.files("aims_docs.data")
        .joinpath("nist-ai-rmf-1.0-to-iso42001.json")
        .read_text("utf-8")
    )
    return tuple((nist, number_to_id(iso)) for nist, iso in json.loads(text)["pairs"])
