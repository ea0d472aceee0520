"""The Sphinx extensions of aims-docs, loaded together by ``extensions = ["aims_docs"]``."""

from __future__ import annotations

from dataclasses import MISSING, fields
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from aims_docs import __version__
from aims_docs.config import AimsConfig, resolve_as_of
from aims_docs.extensions import catalog, checks, objects
from aims_docs.extensions.domain import AimsDomain


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

    # sphinx-needs reads needs_types, needs_fields and needs_links at priority 500.
    app.connect("config-inited", objects.configure_needs, priority=400)
    app.connect("config-inited", objects.register_directives, priority=520)
    app.connect("config-inited", validate_config, priority=800)
    app.connect("config-inited", checks.validate_rules, priority=810)

    app.connect("needs-before-post-processing", catalog.copy_decisions_to_controls)
    # After sphinx-needs' own write-started handler (priority 500) resolved links.
    app.connect("write-started", checks.run_checks, priority=600)
    app.connect("build-finished", checks.write_findings)

    return {
        "version": __version__,
        "env_version": 1,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
