"""Release pages: the version switcher, the PDF cover and the open findings.

In a release build (``aims_release_file`` set by ``aims-docs publish``):

- every HTML page starts with a version switcher that lists the site's releases,
  newest first, with the newest marked, and links to the release's PDF;
- the PDF cover names the organisation, the release and its date;
- the start page and the cover mark a release built from uncommitted changes;
- when the release was published with ``--allow-findings``, its start page lists
  the open findings of the gate.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from aims_docs.extensions.checks import get_findings
from aims_docs.extensions.release import ReleaseInfo, get_release
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.util import logging

from aims_docs.text import plural

logger = logging.getLogger(__name__)

STATIC_FILES = ("aims-versions.js", "aims-versions.css")
PDF_STYLE = "aims-pdf.css"
SWITCHER_TEMPLATE = "version-switcher.html.j2"


def _templates() -> Any:
    return resources.files("aims_docs.templates")


def _is_multi_page_html(app: Sphinx) -> bool:
    return app.builder.format == "html" and not isinstance(
        app.builder, SingleFileHTMLBuilder
    )


def _copy_static(app: Sphinx, names: tuple[str, ...]) -> None:
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    for name in names:
        (static / name).write_bytes(_templates().joinpath(name).read_bytes())


def add_static_files(app: Sphinx) -> None:
    """Add the switcher's script and style sheet, or the PDF's style sheet.

    Runs in ``builder-inited``. Sphinx copies its own static files later in the
    build and leaves files of other names in ``_static`` alone.
    """
    if get_release(app.env) is None:
        return
    if app.builder.name == "simplepdf":
        _copy_static(app, (PDF_STYLE,))
        app.add_css_file(PDF_STYLE)
    elif _is_multi_page_html(app):
        _copy_static(app, STATIC_FILES)
        app.add_js_file("aims-versions.js", defer="defer")
        app.add_css_file("aims-versions.css")


def changes_docname(app: Sphinx) -> str | None:
    """Return the first page that contains the ``aims-changes`` directive, if any."""
    views = app.env.get_domain("aims").data["views"]
    pages = sorted(docname for docname, names in views.items() if "changes" in names)
    return pages[0] if pages else None


def warn_without_changes_page(app: Sphinx, builder: Builder) -> None:
    """Warn when a release has no page with the ``aims-changes`` directive."""
    release = get_release(app.env)
    if release is None or changes_docname(app) is not None:
        return
    logger.warning(
        "release %s has no changes page: place the aims-changes directive on a "
        "page of the manual to list what changed since the previous release",
        release.version,
        type="aims",
        subtype="changes",
    )


def render_switcher(release: ReleaseInfo, page_uri: str, changes_uri: str = "") -> str:
    """Return the switcher's HTML for the page at *page_uri* within the release."""
    release_root = "../" * page_uri.count("/")
    versions = release.versions or [
        {"version": release.version, "date": release.date.isoformat()}
    ]
    newest = versions[0]["version"]
    newest_uri = f"{newest}/index.html"
    # The notice of an outdated release links to this page in the newest release
    # when it exists there, as the switcher's script does on a served site.
    if release.site and newest != release.version:
        if (release.site / newest / page_uri).is_file():
            newest_uri = f"{newest}/{page_uri}"
    environment = jinja2.Environment(autoescape=True, keep_trailing_newline=True)
    template = environment.from_string(
        _templates().joinpath(SWITCHER_TEMPLATE).read_text("utf-8")
    )
    return template.render(
        version=release.version,
        versions=versions,
        newest=newest,
        pdf=release.pdf,
        release_root=release_root,
        site_root=release_root + "../",
        newest_uri=newest_uri,
        changes_uri=changes_uri,
        previous=release.previous.version if release.previous else "",
    )


def add_switcher(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Put the version switcher at the top of each page (``html-page-context``).

    Pages with a body get the switcher in the body. Pages the theme renders
    without one, such as the index and the search page, get it in a
    ``<template>`` in the head, which the switcher's script puts on the page.
    """
    release = get_release(app.env)
    if release is None or not _is_multi_page_html(app):
        return
    changes = changes_docname(app)
    changes_uri = app.builder.get_relative_uri(pagename, changes) if changes else ""
    switcher = render_switcher(
        release, app.builder.get_target_uri(pagename), changes_uri
    )
    if "body" in context:
        context["body"] = switcher + context["body"]
    else:
        template = f'<template id="aims-version-switcher">{switcher}</template>'
        context["metatags"] = context.get("metatags", "") + template


def add_cover(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Fill the PDF cover of sphinx-simplepdf with the organisation and release."""
    release = get_release(app.env)
    if release is None or app.builder.name != "simplepdf":
        return
    organisation = app.config.aims_organisation or app.config.project
    context["cover_logo_title"] = ""
    context["cover_meta_data"] = (
        f"{organisation}. Published {release.date.isoformat()}; review status "
        f"as of {release.as_of.isoformat()}."
    )
    if release.dirty:
        context["cover_meta_data"] += (
            f" Built from uncommitted changes to git commit {_short(release.commit)}."
        )
    context["cover_footer"] = f"{organisation}, release {release.version}"


def let_ids_wrap(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Let object ids wrap at underscores on every HTML page and in the PDF."""
    if app.builder.format == "html" and "body" in context:
        context["body"] = break_ids_at_underscores(context["body"])


#: Text between two tags of a page, and the object ids in it, such as
#: ``RISK_CHAT_DATA_LEAK``.
_TEXT = re.compile(r">([^<>]+)<")
_OBJECT_ID = re.compile(r"\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b")


def break_ids_at_underscores(html: str) -> str:
    """Let each object id in the text of *html* wrap after its underscores.

    Ids have no spaces, so without break opportunities a table column is as
    wide as its longest id, and a table with many columns runs off the page.
    NOTE: text inside a ``<script>`` of the page body would be changed too;
    Sphinx and the themes used here put their scripts in the head.
    """

    def wrap(text: re.Match[str]) -> str:
        ids = _OBJECT_ID.sub(lambda m: m.group(0).replace("_", "_<wbr>"), text.group(1))
        return f">{ids}<"

    return _TEXT.sub(wrap, html)


def _short(commit: str | None) -> str:
    return commit[:12] if commit else "(none)"


def _dirty_notice(release: ReleaseInfo) -> nodes.Element:
    notice = nodes.admonition(classes=["warning", "aims-release-dirty"])
    notice += nodes.title(
        text=f"Release {release.version} was built from uncommitted changes"
    )
    notice += nodes.paragraph(
        text=f"The working tree differed from git commit {_short(release.commit)} "
        "when this release was published, so that commit does not reproduce it. "
        "release.json lists the files that differed."
    )
    return notice


def _findings_notice(app: Sphinx, release: ReleaseInfo) -> nodes.Element | None:
    findings = get_findings(app.env)
    if not findings:
        return None
    notice = nodes.admonition(classes=["warning", "aims-release-findings"])
    notice += nodes.title(
        text=f"Release {release.version} was published with "
        f"{plural(len(findings), 'open finding')}"
    )
    items = nodes.bullet_list()
    for finding in findings:
        where = str(app.env.doc2path(finding.docname, False)) if finding.docname else ""
        if where and finding.line:
            where = f"{where}:{finding.line}"
        label = f"{where}: " if where else ""
        items += nodes.list_item(
            "",
            nodes.paragraph(text=f"{label}{finding.message} [aims.{finding.subtype}]"),
        )
    notice += items
    return notice


def add_release_notices(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Put the release's notices under the title of its start page.

    A notice marks a release built from uncommitted changes, and another lists
    the open findings of a release published with ``--allow-findings``. Connected to
    ``doctree-resolved``, which runs after the checks of ``write-started``, so
    the findings of this build are known.
    """
    release = get_release(app.env)
    if release is None or docname != app.config.root_doc:
        return
    notices: list[nodes.Element] = []
    if release.dirty:
        notices.append(_dirty_notice(release))
    if release.allow_findings and (findings := _findings_notice(app, release)):
        notices.append(findings)
    if not notices:
        return
    section = doctree.next_node(nodes.section)
    if section is None:
        doctree[0:0] = notices
        return
    title_index = section.first_child_matching_class(nodes.title)
    position = 0 if title_index is None else title_index + 1
    section[position:position] = notices
