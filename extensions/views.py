"""Directives of the generated auditor pages and their rendering.

Each directive leaves a placeholder node and records its page in the AIMS domain.
After all documents are read and the needs resolved, ``doctree-resolved``
replaces each placeholder with its view rendered through a Jinja2 template.
Pages with views are re-read on every build, so an incremental build never
shows a stale table.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from aims_docs.extensions.domain import AimsDomain
from aims_docs.extensions.view_context import (
    BuildViews,
    Linker,
    get_views,
    prepare_views,
    template_environment,
)
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util.docutils import SphinxDirective

from aims_docs.catalog import load_catalog
from aims_docs.views.requirements import soa_anchor


class aims_view(nodes.General, nodes.Element):
    """Placeholder of a generated view; ``view`` names it, ``options`` configure it.

    Lower case, as docutils names its node classes.
    """


Context = Callable[[BuildViews, dict[str, Any]], dict[str, Any]]

#: Each view: its template and the function giving the template's variables.
VIEWS: dict[str, tuple[str, Context]] = {
    "soa": ("view_soa.html.j2", lambda v, o: {"rows": v.data.soa}),
    "traceability": (
        "view_traceability.html.j2",
        lambda v, o: {"groups": v.data.traceability(o["group"]), "group": o["group"]},
    ),
    "coverage": ("view_coverage.html.j2", lambda v, o: {"summary": v.data.coverage}),
    "risk-register": (
        "view_risk_register.html.j2",
        lambda v, o: {"rows": v.data.risks, "criteria": v.data.inputs.criteria},
    ),
    "risk-heatmap": (
        "view_risk_heatmap.html.j2",
        lambda v, o: {
            "maps": [v.data.heat_map(False), v.data.heat_map(True)],
            "criteria": v.data.inputs.criteria,
        },
    ),
    "system-inventory": (
        "view_system_inventory.html.j2",
        lambda v, o: {"rows": v.data.systems},
    ),
    "review-calendar": (
        "view_review_calendar.html.j2",
        lambda v, o: {"calendar": v.data.calendar(o["horizon"])},
    ),
    "gap-list": ("view_gap_list.html.j2", lambda v, o: {"gaps": v.data.gaps}),
}


class ViewDirective(SphinxDirective):
    """Base of the view directives: records the page and leaves a placeholder."""

    view: ClassVar[str]
    has_content = False

    def view_options(self) -> dict[str, Any]:
        return {}

    def extra_nodes(self) -> list[nodes.Node]:
        return []

    def run(self) -> Sequence[nodes.Node]:
        domain = self.env.get_domain("aims")
        assert isinstance(domain, AimsDomain)
        domain.record_view(self.env.docname, self.view)
        placeholder = aims_view(view=self.view, options=self.view_options())
        self.set_source_info(placeholder)
        return [*self.extra_nodes(), placeholder]


class SoaDirective(ViewDirective):
    """``aims-soa``: the Statement of Applicability of the Annex A controls."""

    view = "soa"

    def extra_nodes(self) -> list[nodes.Node]:
        # Index entries make each control number findable in the search box and
        # the general index, and lead to the control's row.
        entries = [
            ("single", f"{entry.number}; {entry.title}", soa_anchor(entry), "", None)
            for entry in load_catalog().controls()
        ]
        return [addnodes.index(entries=entries)]


class TraceabilityDirective(ViewDirective):
    """``aims-traceability``: clauses and controls, what addresses them, the evidence.

    ``:group:`` limits the matrix to ``clauses``, ``annex_a`` or one clause or area
    such as ``6`` or ``A.6``.
    """

    view = "traceability"
    option_spec: ClassVar[dict[str, Any]] = {"group": directives.unchanged_required}

    def view_options(self) -> dict[str, Any]:
        group = self.options.get("group", "all").strip()
        if not load_catalog().select(group):
            raise self.error(
                f"aims-traceability: unknown group {group!r}; use all, clauses, "
                "annex_a or a clause or area number such as 6 or A.6"
            )
        return {"group": group}


class ReviewCalendarDirective(ViewDirective):
    """``aims-review-calendar``: overdue reviews and those due within the horizon.

    ``:horizon:`` sets how many days ahead the calendar looks (90 by default); the
    first window is the ``aims_review_window_days`` option.
    """

    view = "review-calendar"
    option_spec: ClassVar[dict[str, Any]] = {
        "horizon": directives.nonnegative_int,
    }

    def view_options(self) -> dict[str, Any]:
        return {"horizon": self.options.get("horizon", 90)}


class CoverageDirective(ViewDirective):
    """``aims-coverage``: coverage by clause and by Annex A area."""

    view = "coverage"


class RiskRegisterDirective(ViewDirective):
    """``aims-risk-register``: every risk with its scores, treatment and review."""

    view = "risk-register"


class RiskHeatmapDirective(ViewDirective):
    """``aims-risk-heatmap``: risks counted by likelihood and impact."""

    view = "risk-heatmap"


class SystemInventoryDirective(ViewDirective):
    """``aims-system-inventory``: each AI system and its documented information."""

    view = "system-inventory"


class GapListDirective(ViewDirective):
    """``aims-gap-list``: the findings of the traceability gate."""

    view = "gap-list"


#: Directive name -> directive class, registered by ``setup()``.
DIRECTIVES: dict[str, type[ViewDirective]] = {
    "aims-soa": SoaDirective,
    "aims-traceability": TraceabilityDirective,
    "aims-coverage": CoverageDirective,
    "aims-risk-register": RiskRegisterDirective,
    "aims-risk-heatmap": RiskHeatmapDirective,
    "aims-system-inventory": SystemInventoryDirective,
    "aims-review-calendar": ReviewCalendarDirective,
    "aims-gap-list": GapListDirective,
}


def view_pages_to_write(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Return the pages with views, so that every build writes them again.

    A view depends on every document, on the as-of date (which can come from the
    environment or the clock without any document changing) and on the findings.
    Connected to ``env-updated``: the pages returned are written again from
    their stored doctrees, without being read again, and writing them keeps
    their entries in the search index, which Sphinx 9 drops for pages an
    incremental build does not write.
    """
    domain = env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    return sorted(domain.docs_with_views() & env.found_docs)


def prepare_build_views(app: Sphinx, builder: Builder) -> None:
    """Compute the view data once for the build, after the checks ran."""
    prepare_views(app.env)


def render_view(views: BuildViews, node: aims_view, linker: Linker) -> str:
    """Render one placeholder's view to HTML."""
    view: str = node["view"]
    template_name, context = VIEWS[view]
    template = template_environment().get_template(template_name)
    inputs = views.data.inputs
    html: str = template.render(
        view=view,
        link=linker,
        release=inputs.release,
        as_of=inputs.as_of,
        **context(views, node["options"]),
    )
    return html


def render_views(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each view placeholder of *doctree* with its rendered HTML.

    NOTE: builders other than HTML drop the raw HTML, so they show no views.
    """
    placeholders = list(doctree.findall(aims_view))
    if not placeholders:
        return
    views = get_views(app.env)
    linker = Linker(app.builder, views, docname)
    for node in placeholders:
        html = render_view(views, node, linker)
        node.replace_self(nodes.raw("", html, format="html"))
