"""An index of the needs of one build, by id and by type, built once and shared."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Need = Mapping[str, Any]


@dataclass(frozen=True)
class ObjectRef:
    """Reference to one object, or one page, as a view shows it: id, title, type, status.

    ``type`` is ``"page"`` for a document, whose ``id`` is then its docname, and
    ``""`` for an id that no object has.
    """

    id: str
    title: str
    type: str
    status: str = ""

    @property
    def missing(self) -> bool:
        return self.type == ""


class ObjectIndex:
    """The needs of one build, grouped by type in id order.

    Built once per build, so every view looks objects up in constant time instead
    of filtering all needs again.
    """

    def __init__(self, needs: Mapping[str, Need]) -> None:
        self.needs = needs
        self.by_type: dict[str, list[Need]] = defaultdict(list)
        for need_id in sorted(needs):
            need = needs[need_id]
            self.by_type[str(need.get("type", ""))].append(need)
        self._refs: dict[str, ObjectRef] = {}

    def ref(self, need_id: str) -> ObjectRef:
        """Return the reference of *need_id*; an unknown id gives a missing one."""
        cached = self._refs.get(need_id)
        if cached is not None:
            return cached
        need = self.needs.get(need_id)
        if need is None:
            ref = ObjectRef(need_id, "", "")
        else:
            ref = ObjectRef(
                need_id,
                str(need.get("title") or ""),
                str(need.get("type") or ""),
                str(need.get("status") or ""),
            )
        self._refs[need_id] = ref
        return ref

    def refs(self, need_ids: Iterable[str]) -> tuple[ObjectRef, ...]:
        """Return the references of *need_ids*, sorted by id and without repeats."""
        return tuple(self.ref(need_id) for need_id in sorted(set(need_ids)))

    def linked(self, need: Need, link: str) -> list[Need]:
        """Return the known objects that *need* links to with *link* (or ``<link>_back``)."""
        found = []
        for target_id in sorted(set(need.get(link) or ())):
            target = self.needs.get(target_id)
            if target is not None:
                found.append(target)
        return found


def text(need: Need, field: str) -> str:
    """Return a field of *need* as stripped text, ``""`` when it is not set."""
    value = need.get(field)
    return "" if value is None else str(value).strip()
