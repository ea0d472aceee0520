"""Shared state of the generated views in one build: data, links and templates.

The view data is computed once per build, in ``write-started`` after the checks,
so every page (and every worker of a parallel write, which forks after that
event) renders from the same indexes.
"""

from __future__ import annotations

import functools
import weakref
from dataclasses import dataclass
from importlib import resources

import jinja2
import markupsafe
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri
from sphinx_needs.data import SphinxNeedsData

from aims_docs.catalog import load_catalog
from aims_docs.config import AimsConfig
from aims_docs.extensions.checks import doc_paths, get_as_of, get_findings
from aims_docs.extensions.domain import AimsDomain
from aims_docs.views import ObjectRef, ViewData, ViewInputs
from aims_docs.views.calendar import PageReview

#: Folder of the output that contains the CSV and XLSX exports.
EXPORTS_DIR = "_exports"


@dataclass
class BuildViews:
    """The view data of one build and the page that shows each kind of view."""

    data: ViewData
    view_docs: dict[str, str]  # view name -> first docname (sorted) that shows it


_build_views: weakref.WeakKeyDictionary[BuildEnvironment, BuildViews] = (
    weakref.WeakKeyDictionary()
)


def break_after_underscores(text: str) -> markupsafe.Markup:
    """Escape *text* and let the browser wrap it after each underscore.

    Long ids such as ``PROC_IMPACT_ASSESSMENT`` would otherwise widen narrow
    table columns beyond the page.
    """
    escaped = markupsafe.escape(text)
    # Markup.replace would escape "<wbr>" as well, so replace in the plain string.
    return markupsafe.Markup(str(escaped).replace("_", "_<wbr>"))


@functools.cache
def template_environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the view templates, created once per process."""
    folder = resources.files("aims_docs.templates")
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(folder)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["wbr"] = break_after_underscores
    return environment


def page_reviews(env: BuildEnvironment) -> list[PageReview]:
    """Return the document control of every page that records an owner or review."""
    pages = []
    for docname in sorted(env.found_docs):
        metadata = env.metadata.get(docname, {})
        if not any(key in metadata for key in ("owner", "next_review")):
            continue
        title = env.titles[docname].astext() if docname in env.titles else docname
        pages.append(
            PageReview(
                docname,
                title,
                str(metadata.get("owner", "")),
                str(metadata.get("next_review", "")),
            )
        )
    return pages


def collect_views(env: BuildEnvironment) -> BuildViews:
    """Compute the view data of this build from the resolved needs."""
    config = AimsConfig.from_sphinx(env.config)
    inputs = ViewInputs(
        needs=SphinxNeedsData(env).get_needs_view(),
        catalog=load_catalog(),
        criteria=config.criteria(),
        as_of=get_as_of(env),
        release=str(env.config.release or env.config.version or ""),
        window_days=config.review_window_days,
        findings=get_findings(env),
        doc_paths=doc_paths(env),
        pages=page_reviews(env),
    )
    domain = env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    view_docs: dict[str, str] = {}
    for docname in sorted(domain.docs_with_views()):
        for view in domain.data["views"][docname]:
            view_docs.setdefault(view, docname)
    return BuildViews(ViewData(inputs), view_docs)


def prepare_views(env: BuildEnvironment) -> BuildViews:
    """Compute and keep this build's view data, replacing any earlier build's."""
    views = collect_views(env)
    _build_views[env] = views
    return views


def get_views(env: BuildEnvironment) -> BuildViews:
    """Return this build's view data, computing it if ``write-started`` did not."""
    return _build_views.get(env) or prepare_views(env)


class Linker:
    """Relative links from one page to objects, views and exported files."""

    def __init__(self, builder: Builder, views: BuildViews, docname: str) -> None:
        self.builder = builder
        self.views = views
        self.docname = docname
        self._page_uris: dict[str, str | None] = {}

    def _uri(self, docname: str) -> str | None:
        """Return the relative URI of *docname*, or ``None`` if it has none."""
        if docname not in self._page_uris:
            try:
                uri: str | None = self.builder.get_relative_uri(self.docname, docname)
            except NoUri:
                uri = None
            self._page_uris[docname] = uri
        return self._page_uris[docname]

    def page(self, docname: str) -> str:
        """Return the link to *docname*, or ``""`` if the builder gives none."""
        return self._uri(docname) or ""

    def anchor(self, docname: str, anchor: str) -> str:
        """Return the link to *anchor* on *docname*, or ``""`` if there is none.

        ``singlehtml`` links a document as ``#document-<name>``; its anchors are
        on the one page, so the fragment is dropped before adding *anchor*.
        """
        if not docname:
            return ""
        uri = "" if docname == self.docname else self._uri(docname)
        if uri is None:
            return ""
        return f"{uri.split('#', 1)[0]}#{anchor}"

    def href(self, ref: ObjectRef) -> str:
        """Return the link to an object's anchor or a page; ``""`` for unknown ids."""
        if ref.type == "page":
            return self.page(ref.id)
        need = self.views.data.inputs.needs.get(ref.id)
        if need is None:
            return ""
        if need.get("is_external"):
            return str(need.get("external_url") or "")
        return self.anchor(str(need.get("docname") or ""), ref.id)

    def href_id(self, need_id: str) -> str:
        """Return the link to the object with *need_id*; ``""`` if there is none."""
        return self.href(ObjectRef(need_id, "", "requirement"))

    def view(self, view: str, anchor: str = "") -> str:
        """Return the link to the page showing *view*, or ``""`` if none does."""
        docname = self.views.view_docs.get(view)
        if docname is None:
            return ""
        if anchor:
            return self.anchor(docname, anchor)
        return "#" if docname == self.docname else self.page(docname)

    def output(self, path: str) -> str:
        """Return the relative URI of a file at *path* under the output folder."""
        return relative_uri(self.builder.get_target_uri(self.docname), path)

    def export(self, name: str) -> str:
        return self.output(f"{EXPORTS_DIR}/{name}")
