"""Run the aims-docs checks once per build, after all documents are read and merged.

The checks run in ``write-started``, after sphinx-needs has resolved every link,
so a clean, an incremental and a parallel build report the same findings. Each
finding becomes a warning of type ``aims`` at the object's file and line, and all
of them are written to ``aims-findings.json`` in the output folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import weakref
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx_needs.data import SphinxNeedsData

from aims_docs import checks
from aims_docs.catalog import load_catalog
from aims_docs.config import AimsConfig, resolve_as_of
from aims_docs.extensions.domain import AimsDomain
from aims_docs.findings import Finding

logger = logging.getLogger(__name__)

FINDINGS_FILE = "aims-findings.json"

_findings: weakref.WeakKeyDictionary[BuildEnvironment, list[Finding]] = (
    weakref.WeakKeyDictionary()
)


def get_findings(env: BuildEnvironment) -> list[Finding]:
    """Return the findings of the current build; empty before ``write-started``."""
    return _findings.get(env, [])


def get_as_of(env: BuildEnvironment) -> dt.date:
    """Return the date review status is computed against in this build."""
    return resolve_as_of(env.config.aims_as_of)[0]


def doc_paths(env: BuildEnvironment) -> dict[str, str]:
    """Map each docname to its source file, relative to the configuration folder."""
    base = env.app.confdir
    return {
        docname: os.path.relpath(env.doc2path(docname), base)
        for docname in env.found_docs
    }


def collect_findings(env: BuildEnvironment) -> list[Finding]:
    """Run every check on the resolved needs and return the sorted findings."""
    needs = SphinxNeedsData(env).get_needs_view()
    domain = env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    config = AimsConfig.from_sphinx(env.config)
    criteria = config.criteria()
    catalog = load_catalog()
    paths = doc_paths(env)

    found: list[Finding] = []
    option_lines = domain.option_lines()
    found += checks.field_findings(needs.values(), criteria, option_lines)
    found += checks.link_findings(needs, catalog, option_lines)
    found += checks.duplicate_findings(domain.object_definitions(), paths)
    found += checks.applicability_findings(
        domain.applicability_decisions(), catalog, paths
    )
    return sorted(set(found))


def run_checks(app: Sphinx, builder: Builder) -> None:
    """Compute the findings of this build and report each as a located warning."""
    found = collect_findings(app.env)
    _findings[app.env] = found
    for finding in found:
        logger.warning(
            finding.message,
            type="aims",
            subtype=finding.subtype,
            location=(finding.docname, finding.line) if finding.docname else None,
        )


def write_findings(app: Sphinx, exception: BaseException | None) -> None:
    """Write the findings as JSON beside the built pages, for the CLI and CI."""
    if exception is not None:
        return
    paths = doc_paths(app.env)
    rows = [
        {**finding.as_dict(), "file": paths.get(finding.docname, finding.docname)}
        for finding in get_findings(app.env)
    ]
    target = Path(app.outdir) / FINDINGS_FILE
    target.write_text(json.dumps({"findings": rows}, indent=2) + "\n", "utf-8")
