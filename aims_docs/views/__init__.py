"""Data of the generated auditor pages, prepared from the objects of one build.

Each module turns the resolved needs (plain mappings of id to fields) into rows
that a template renders. Nothing here imports Sphinx, so the views can be built
and tested from a ``needs.json`` alone. :class:`ViewData` computes each view at
most once per build and shares the indexes between them.
"""

from __future__ import annotations

from aims_docs.views.data import ViewData, ViewInputs
from aims_docs.views.index import ObjectIndex, ObjectRef

__all__ = ["ObjectIndex", "ObjectRef", "ViewData", "ViewInputs"]
