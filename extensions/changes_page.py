"""The ``aims-changes`` directive: what changed since the previous release.

The directive leaves a placeholder node. When the page is resolved, after every
document has been read, the placeholder is replaced by the comparison of the
previous release's stored ``needs.json`` with this build's needs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from aims_docs.extensions.domain import AimsDomain
from aims_docs.extensions.release import ReleaseInfo, get_release
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.data import SphinxNeedsData

from aims_docs.changes import (
    ChangeSet,
    FieldChange,
    ObjectChange,
    compare,
    read_needs_json,
)
from aims_docs.config import AimsConfig

logger = logging.getLogger(__name__)


#: Sentence on every changes page with a predecessor, naming what is not compared.
UNTRACKED_PROSE = (
    "Only objects are compared: text of the pages outside objects is not tracked, "
    "so compare the pages of both releases for changes to it."
)


class changes_placeholder(nodes.General, nodes.Element):
    """Replaced by the changes since the previous release when the page resolves."""


class ChangesDirective(SphinxDirective):
    """Place the changes since the previous release on this page."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        domain = self.env.get_domain("aims")
        assert isinstance(domain, AimsDomain)
        domain.record_view(self.env.docname, "changes")
        placeholder = changes_placeholder()
        self.set_source_info(placeholder)
        return [placeholder]


def _paragraph(text: str) -> nodes.paragraph:
    return nodes.paragraph(text=text)


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[nodes.Node | str]]
) -> nodes.table:
    table = nodes.table(classes=["aims-changes-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    group.extend(nodes.colspec(colwidth=1) for _ in headers)
    head = nodes.thead()
    head += nodes.row("", *(nodes.entry("", _paragraph(h)) for h in headers))
    group += head
    body = nodes.tbody()
    for cells in rows:
        row = nodes.row()
        for cell in cells:
            content = _paragraph(cell) if isinstance(cell, str) else cell
            row += nodes.entry("", content)
        body += row
    group += body
    return table


class _Links:
    """Links from the changes page to objects of this and the previous release."""

    def __init__(self, app: Sphinx, fromdocname: str, previous_version: str) -> None:
        self.app = app
        self.fromdocname = fromdocname
        self.previous_version = previous_version
        self.needs = SphinxNeedsData(app.env).get_needs_view()
        self.single_page = isinstance(app.builder, SingleFileHTMLBuilder)

    def current(self, need_id: str) -> nodes.Node:
        """Return a link to an object of this release."""
        need = self.needs.get(need_id)
        if need is None or not need["docname"]:
            return nodes.literal(text=need_id)
        if self.single_page:
            uri = f"#{need_id}"
        else:
            page = self.app.builder.get_relative_uri(self.fromdocname, need["docname"])
            uri = f"{page}#{need_id}"
        return self._reference(need_id, uri)

    def previous(self, need_id: str, docname: str) -> nodes.Node:
        """Return a link to a removed object's page in the previous release."""
        if self.single_page or not docname:
            return nodes.literal(text=need_id)
        depth = self.app.builder.get_target_uri(self.fromdocname).count("/")
        uri = f"{'../' * (depth + 1)}{self.previous_version}/{docname}.html#{need_id}"
        return self._reference(need_id, uri)

    @staticmethod
    def _reference(need_id: str, uri: str) -> nodes.paragraph:
        paragraph = nodes.paragraph()
        paragraph += nodes.reference("", "", nodes.literal(text=need_id), refuri=uri)
        return paragraph


def _scores(changes: Sequence[FieldChange]) -> str:
    return "; ".join(f"{c.name} {c.old or '-'} to {c.new or '-'}" for c in changes)


def _field_detail(change: FieldChange) -> str:
    # Descriptions can be paragraphs long; both releases show them in full.
    if change.name == "description":
        return "description changed"
    return f"{change.name}: {change.old or '(empty)'} to {change.new or '(empty)'}"


def change_details(change: ObjectChange) -> list[str]:
    """Return one line per changed field, changed link and set of incoming links."""
    details = [_field_detail(f) for f in change.fields]
    for link in change.links:
        if link.added:
            details.append(f"{link.name}: added {', '.join(link.added)}")
        if link.removed:
            details.append(f"{link.name}: removed {', '.join(link.removed)}")
    if change.incoming:
        incoming = ", ".join(
            f"{'+' if c.added else '-'}{c.source} {c.name}" for c in change.incoming
        )
        details.append(f"links from other objects changed: {incoming}")
    return details


def _details(lines: Sequence[str]) -> nodes.Node:
    items = nodes.bullet_list()
    for line in lines:
        items += nodes.list_item("", _paragraph(line))
    return items


def render_changes(
    change_set: ChangeSet,
    release: ReleaseInfo,
    links: _Links,
    previous_needs: dict[str, Any],
) -> list[nodes.Node]:
    """Build the nodes of the changes page from a computed change set."""
    assert release.previous is not None
    previous = release.previous
    result: list[nodes.Node] = [
        _paragraph(
            f"Release {release.version} (as of {release.as_of.isoformat()}) compared "
            f"with release {previous.version} (as of {previous.as_of.isoformat()})."
        ),
        _paragraph(UNTRACKED_PROSE),
    ]
    if change_set.is_empty():
        result.append(
            _paragraph(f"No object changed since release {previous.version}.")
        )
        return result

    def section(title: str, headers: Sequence[str], rows: list[list[Any]]) -> None:
        # Sections added after the toctrees were collected show as headings only.
        node = nodes.section(ids=[f"aims-changes-{len(result)}"])
        node += nodes.title(text=f"{title} ({len(rows)})")
        if rows:
            # The same scroll box as the auditor views, so a wide table scrolls
            # inside the page rather than running off it on a phone.
            scroll_box = nodes.container(classes=["aims-table-scroll"])
            scroll_box += _table(headers, rows)
            node += scroll_box
        else:
            node += _paragraph("None.")
        result.append(node)

    section(
        "Added objects",
        ("id", "title", "type"),
        [[links.current(o.id), o.title, o.type] for o in change_set.added],
    )
    section(
        "Removed objects",
        ("id", "title", "type"),
        [
            [
                links.previous(o.id, previous_needs.get(o.id, {}).get("docname", "")),
                o.title,
                o.type,
            ]
            for o in change_set.removed
        ],
    )
    section(
        "Changed objects",
        ("id", "title", "changes"),
        [
            [links.current(c.id), c.title, _details(change_details(c))]
            for c in change_set.changed
        ],
    )
    section(
        "Statement of Applicability changes",
        ("control", "title", "decision", "justification"),
        [
            [
                links.current(a.id),
                a.title,
                f"{a.old_decision or '(none)'} to {a.new_decision or '(none)'}",
                a.new_justification or "(none)",
            ]
            for a in change_set.applicability
        ],
    )
    section(
        "Risk re-scores",
        ("risk", "title", "level", "scores"),
        [
            [
                links.current(r.id),
                r.title,
                f"{r.old_level or '-'} to {r.new_level or '-'}",
                _scores(r.scores),
            ]
            for r in change_set.rescored
        ],
    )
    section(
        "Objects that became overdue for review",
        ("id", "title", "type", "due"),
        [
            [links.current(o.id), o.title, o.type, o.due.isoformat()]
            for o in change_set.overdue
        ],
    )
    return result


def _content(app: Sphinx, docname: str, node: nodes.Node) -> list[nodes.Node]:
    release = get_release(app.env)
    if release is None:
        return [
            _paragraph(
                "This build is not a published release. Each release published with "
                "'aims-docs publish' lists here what changed since the previous one."
            )
        ]
    if release.previous is None:
        return [
            _paragraph(
                f"Release {release.version} is the first published release: it has no "
                "predecessor to compare with."
            )
        ]
    try:
        previous_needs = read_needs_json(release.previous.needs_file)
    except ValueError as error:
        logger.warning(str(error), type="aims", subtype="changes", location=node)
        return [_paragraph(f"The changes could not be computed: {error}")]
    change_set = compare(
        previous_needs,
        SphinxNeedsData(app.env).get_needs_view(),
        previous_as_of=release.previous.as_of,
        current_as_of=release.as_of,
        criteria=AimsConfig.from_sphinx(app.config).criteria(),
    )
    links = _Links(app, docname, release.previous.version)
    return render_changes(change_set, release, links, previous_needs)


def resolve_changes(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each changes placeholder of a resolved page with the changes."""
    for node in list(doctree.findall(changes_placeholder)):
        node.replace_self(_content(app, docname, node))
