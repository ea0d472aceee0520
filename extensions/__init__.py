"""The Sphinx extensions of aims-docs, loaded together by ``extensions = ["aims_docs"]``."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

from aims_docs.extensions import (
    catalog,
    changes_page,
    checks,
    context,
    doccontrol,
    exports,
    freshness,
    objects,
    pdf,
    release,
    versions,
    views,
)
from aims_docs.extensions.domain import AimsDomain
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from aims_docs import __version__
from aims_docs.config import AimsConfig, resolve_as_of


def validate_config(app: Sphinx, config: Config) -> None:
    """Report every invalid ``aims_*`` option at once, as one configuration error."""
    problems = AimsConfig.from_sphinx(config).problems()
    try:
        resolve_as_of(config.aims_as_of)
    except ValueError as error:
        if str(error) not in problems:  # an environment variable, not aims_as_of
            problems.append(str(error))
    if problems:
        raise ConfigError(
            "invalid aims-docs configuration in conf.py:\n  " + "\n  ".join(problems)
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.setup_extension("myst_parser")
    app.setup_extension("sphinx_needs")

    for option in fields(AimsConfig):
        default = (
            option.default_factory()  # type: ignore[misc]
            if option.default is MISSING
            else option.default
        )
        app.add_config_value(
            f"aims_{option.name}", default, "env", description=option.metadata["help"]
        )

    app.add_domain(AimsDomain)
    app.add_directive("aims-catalog", catalog.CatalogDirective)
    app.add_directive("applicability", catalog.ApplicabilityDirective)
    app.add_node(views.aims_view)
    for name, directive in views.DIRECTIVES.items():
        app.add_directive(name, directive)
    app.add_css_file("aims-views.css")
    # Releases: set by 'aims-docs publish' to its description of the release built.
    app.add_config_value("aims_release_file", "", "env", types=frozenset({str}))
    app.add_node(changes_page.changes_placeholder)
    app.add_directive("aims-changes", changes_page.ChangesDirective)

    # sphinx-needs reads needs_types, needs_fields and needs_links at priority 500.
    app.connect("config-inited", objects.configure_needs, priority=400)
    app.connect("config-inited", objects.register_directives, priority=520)
    app.connect("config-inited", validate_config, priority=800)
    app.connect("config-inited", checks.validate_rules, priority=810)

    # After Sphinx's metadata collector (priority 500) read the front matter.
    app.connect("doctree-read", doccontrol.add_doc_control, priority=600)
    app.connect("env-updated", freshness.pages_with_changed_links)
    app.connect("env-updated", views.view_pages_to_write)
    app.connect("needs-before-post-processing", catalog.copy_decisions_to_controls)
    app.connect("needs-before-post-processing", objects.compute_risk_levels)
    # After sphinx-needs' own write-started handler (priority 500) resolved links.
    app.connect("write-started", checks.run_checks, priority=600)
    # After the checks, so the gap list shows this build's findings.
    app.connect("write-started", views.prepare_build_views, priority=700)
    app.connect("doctree-resolved", views.render_views)
    app.connect("doctree-resolved", doccontrol.refresh_generated_notes)
    app.connect("build-finished", checks.write_findings)
    app.connect("build-finished", exports.write_exports)

    app.connect("builder-inited", context.remember_app, priority=100)
    app.connect("builder-inited", exports.copy_static_files)

    # Releases: the release description is read once, before any page is written.
    app.connect("builder-inited", release.load_release, priority=400)
    app.connect("builder-inited", versions.add_static_files)
    app.connect("write-started", versions.warn_without_changes_page)
    # doctree-resolved runs after the checks of write-started, so findings are known.
    app.connect("doctree-resolved", changes_page.resolve_changes)
    app.connect("doctree-resolved", versions.add_release_notices)
    app.connect("html-page-context", versions.add_switcher)
    app.connect("html-page-context", versions.add_cover)
    app.connect("html-page-context", versions.let_ids_wrap)
    app.connect("html-page-context", pdf.fix_pdf_anchors)

    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
