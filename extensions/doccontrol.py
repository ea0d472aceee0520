"""The document control block: owner, approver, approval date and next review.

Every page whose front matter records any of these keys shows all four in one
block under its title, so an auditor finds them in the same place on each page.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx

#: Front matter keys of the block, with their labels, in the order shown.
FIELDS: tuple[tuple[str, str], ...] = (
    ("owner", "Owner"),
    ("approver", "Approver"),
    ("approved_on", "Approved on"),
    ("next_review", "Next review"),
)

NOT_RECORDED = "not recorded"


def doc_control_block(metadata: dict[str, object]) -> nodes.container:
    """Return the block for a page's metadata; missing keys read "not recorded"."""
    field_list = nodes.field_list()
    for key, label in FIELDS:
        value = str(metadata.get(key, "")).strip()
        body = nodes.paragraph(text=value or NOT_RECORDED)
        if not value:
            body["classes"].append("aims-not-recorded")
        field_list += nodes.field(
            "",
            nodes.field_name(text=label),
            nodes.field_body("", body),
            classes=[f"aims-doc-control-{key.replace('_', '-')}"],
        )
    block = nodes.container(classes=["aims-doc-control"])
    block += nodes.rubric(text="Document control")
    block += field_list
    return block


def add_doc_control(app: Sphinx, doctree: nodes.document) -> None:
    """Insert the document control block after the page title.

    Runs in ``doctree-read`` after Sphinx collected the front matter into
    ``env.metadata``. Pages without any of the keys are left as they are.
    """
    metadata = app.env.metadata.get(app.env.docname, {})
    if not any(key in metadata for key, _ in FIELDS):
        return
    block = doc_control_block(metadata)
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, block)
    else:
        doctree.insert(0, block)
