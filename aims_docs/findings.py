"""Findings: what the checks report, each with the object and place at fault."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

#: Documented finding subtypes; each is emitted as a warning ``aims.<subtype>``.
#: A project's own rule may name another subtype; without one it uses ``rule``.
SUBTYPES: dict[str, str] = {
    "field": "a field value that is not in the accepted form, an unknown option, or "
    "a value cut short at a ' #' comment",
    "link": "a link to an unknown id or to an object of the wrong type",
    "duplicate": "an id defined more than once",
    "id": "an object without a hand-written id, or with an id in an invalid form",
    "applicability": "an Annex A control without an applicability decision, an "
    "exclusion without a justification, or an invalid or repeated decision",
    "coverage": "a leaf clause of 4 to 10, or an Annex A control that is not "
    "excluded, that no approved policy, procedure, control or record addresses",
    "system": "an AI system, not retired, without a specification, documented "
    "operation and monitoring, an incident communication plan or a current impact "
    "assessment",
    "risk": "a risk without likelihood, impact or treatment, or above the acceptance "
    "threshold without mitigation or an approved acceptance",
    "review_overdue": "an object whose review was due before the as-of date",
    "rule": "a gap found by a project's own rule that names no subtype",
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
