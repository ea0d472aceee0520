"""Findings: what the checks report, each with the object and place at fault."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Documented finding subtypes; each is emitted as a warning ``aims.<subtype>``.
SUBTYPES: dict[str, str] = {
    "field": "a field value that is not in the accepted form",
    "link": "a link to an unknown id or to an object of the wrong type",
    "duplicate": "an id defined more than once",
}


@dataclass(frozen=True, order=True)
class Finding:
    """One gap or error, located at the object at fault."""

    docname: str
    line: int | None
    subtype: str
    rule: str
    id: str  # the id of the object at fault, or "" for page-level findings
    message: str

    def key(self) -> tuple[str, str, str, str]:
        """Identity of the finding across builds, ignoring line numbers."""
        return (self.rule, self.subtype, self.id, self.message)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
