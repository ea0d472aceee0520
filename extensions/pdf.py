"""Adjustments of the single HTML page that sphinx-simplepdf lays out as the PDF."""

from __future__ import annotations

import re
from typing import Any

from sphinx.application import Sphinx

#: The anchor Sphinx's single-page HTML puts before each document, followed by
#: the document's first section and its heading.
_DOCUMENT_START = re.compile(
    r'<span id="(document-[^"]+)"></span>(\s*<section id="[^"]+">\s*<h[1-6])>'
)


def anchor_documents_at_headings(html: str) -> str:
    """Move each document's anchor from before its section onto its heading.

    The heading starts a new page in the PDF, while the empty ``<span>`` before
    it stays at the foot of the previous page, so table-of-contents entries
    that link the anchor showed that page's number.
    """
    return _DOCUMENT_START.sub(r'\2 id="\1">', html)


def fix_pdf_anchors(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point the PDF's links to documents at their headings (``html-page-context``)."""
    if app.builder.name == "simplepdf" and "body" in context:
        context["body"] = anchor_documents_at_headings(context["body"])
