"""The document control block: owner, approver, approval date and next review.

Every page whose front matter records any of these keys shows all four in one
block under its title, so an auditor finds them in the same place on each page.
A page with a generated view shows, in place of the approval date and next
review, that its content is generated at build time, with the release and the
as-of date.
"""

from __future__ import annotations

from aims_docs.extensions.checks import get_as_of
from aims_docs.extensions.domain import AimsDomain
from docutils import nodes
from sphinx.application import Sphinx

#: Front matter keys of the block, with their labels, in the order shown.
FIELDS: tuple[tuple[str, str], ...] = (
    ("owner", "Owner"),
    ("approver", "Approver"),
    ("approved_on", "Approved on"),
    ("next_review", "Next review"),
)

#: The keys of the block on a page with a generated view.
GENERATED_FIELDS = FIELDS[:2]

NOT_RECORDED = "not recorded"

#: Class of the paragraph that ``refresh_generated_notes`` fills at write time.
GENERATED_NOTE = "aims-generated-note"


def _field(key: str, label: str, value: str) -> nodes.field:
    body = nodes.paragraph(text=value or NOT_RECORDED)
    if not value:
        body["classes"].append("aims-not-recorded")
    return nodes.field(
        "",
        nodes.field_name(text=label),
        nodes.field_body("", body),
        classes=[f"aims-doc-control-{key.replace('_', '-')}"],
    )


def doc_control_block(
    metadata: dict[str, object], generated: str = ""
) -> nodes.container:
    """Return the block for a page's metadata; missing keys read "not recorded".

    With *generated*, the text saying when the page's view was generated, the
    block shows it in place of the approval date and next review.
    """
    field_list = nodes.field_list()
    for key, label in GENERATED_FIELDS if generated else FIELDS:
        field_list += _field(key, label, str(metadata.get(key, "")).strip())
    classes = ["aims-doc-control"]
    if generated:
        note = _field("generated", "Content", generated)
        note.next_node(nodes.paragraph)["classes"].append(GENERATED_NOTE)
        field_list += note
        classes.append("aims-doc-control-generated")
    block = nodes.container(classes=classes)
    block += nodes.rubric(text="Document control")
    block += field_list
    return block


def generated_note(app: Sphinx) -> str:
    """Return the text saying that a page's view is generated in this build."""
    release = str(app.config.release or app.config.version or "")
    source = f"release {release}" if release else "this manual"
    as_of = get_as_of(app.env).isoformat()
    return f"generated at build time from the objects of {source}, as of {as_of}"


def add_doc_control(app: Sphinx, doctree: nodes.document) -> None:
    """Insert the document control block after the page title.

    Runs in ``doctree-read`` after Sphinx collected the front matter into
    ``env.metadata``. Pages without any of the keys are left as they are.
    """
    metadata = app.env.metadata.get(app.env.docname, {})
    if not any(key in metadata for key, _ in FIELDS):
        return
    domain = app.env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    has_view = app.env.docname in domain.docs_with_views()
    block = doc_control_block(metadata, generated_note(app) if has_view else "")
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.insert(1, block)
    else:
        doctree.insert(0, block)


def refresh_generated_notes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write this build's release and as-of date into the blocks of view pages.

    Runs in ``doctree-resolved``: view pages are written again on every build
    without being read again, and the as-of date can change between builds.
    """
    for paragraph in doctree.findall(nodes.paragraph):
        if GENERATED_NOTE in paragraph["classes"]:
            del paragraph[:]
            paragraph += nodes.Text(generated_note(app))

