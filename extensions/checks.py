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
from typing import Any

from sphinx.application import Sphinx
from sphinx.builders import Builder
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError
from sphinx.util import logging
from sphinx.util.logging import is_suppressed_warning
from sphinx_needs.data import NeedsCoreFields, SphinxNeedsData

from aims_docs import checks
from aims_docs.catalog import load_catalog
from aims_docs.config import AimsConfig, RiskCriteria, resolve_as_of
from aims_docs.coverage import coverage_by_group, coverage_rows
from aims_docs.default_rules import BUILTIN_CHECKS
from aims_docs.extensions.context import app_of
from aims_docs.extensions.domain import AimsDomain
from aims_docs.findings import Finding
from aims_docs.gate import GateContext, NeedIndex, evaluate
from aims_docs.model import FIELDS, LINK_NAMES, TYPE_NAMES
from aims_docs.needs_schema import (
    LOCATED_WARNING_TYPES,
    SCHEMA_REPORT_FILE,
    schema_findings,
)
from aims_docs.report import GateReport, ReviewEntry, RuleSummary, to_json
from aims_docs.reviews import review_status
from aims_docs.rule_set import enabled_builtin_checks, load_rules
from aims_docs.rules import Rule, Vocabulary

logger = logging.getLogger(__name__)

FINDINGS_FILE = "aims-findings.json"

_reports: weakref.WeakKeyDictionary[BuildEnvironment, GateReport] = (
    weakref.WeakKeyDictionary()
)


def get_findings(env: BuildEnvironment) -> list[Finding]:
    """Return the findings of the current build; empty before ``write-started``."""
    report = _reports.get(env)
    return report.findings if report else []


def get_as_of(env: BuildEnvironment) -> dt.date:
    """Return the date review status is computed against in this build."""
    return resolve_as_of(env.config.aims_as_of)[0]


def doc_paths(env: BuildEnvironment) -> dict[str, str]:
    """Map each docname to its source file, relative to the configuration folder."""
    base = app_of(env).confdir
    return {
        docname: os.path.relpath(env.doc2path(docname), base)
        for docname in env.found_docs
    }


def vocabulary(config: Config) -> Vocabulary:
    """Return the object types, fields and links a rule may name in this project."""
    fields = {f.name for f in FIELDS} | set(NeedsCoreFields) | set(config.needs_fields)
    fields |= {
        option["name"] if isinstance(option, dict) else str(option)
        for option in config.needs_extra_options
    }
    # "links" is the link type sphinx-needs always defines.
    links = set(LINK_NAMES) | set(config.needs_links) | {"links"}
    links |= {
        link["option"] if isinstance(link, dict) else str(link)
        for link in config.needs_extra_links
    }
    types = {t["directive"] for t in config.needs_types}
    return Vocabulary(frozenset(types), frozenset(fields), frozenset(links))


def project_rules(config: Config) -> tuple[list[Rule], list[str]]:
    """Return the project's rules in force and the problems of their configuration."""
    return load_rules(
        config.aims_rules,
        config.aims_disabled_rules,
        config.aims_default_rules,
        vocabulary(config),
    )


def validate_rules(app: Sphinx, config: Config) -> None:
    """Reject malformed rules in ``config-inited``, naming each key, value and fix.

    Also hides sphinx-needs' unlocated schema messages while the ``needs-schema``
    check reports them as located findings.
    """
    problems = project_rules(config)[1]
    if problems:
        raise ConfigError(
            "invalid traceability rules in conf.py:\n  " + "\n  ".join(problems)
        )
    if "needs-schema" in config.aims_disabled_rules:
        return
    missing = [t for t in LOCATED_WARNING_TYPES if t not in config.suppress_warnings]
    # A new list, because appending would change Sphinx's shared default list.
    config.suppress_warnings = [*config.suppress_warnings, *missing]


def _field_locations(
    domain: AimsDomain,
) -> dict[tuple[str, str], tuple[str, int | None]]:
    """Locate the applicability fields of each control at its first decision."""
    locations: dict[tuple[str, str], tuple[str, int | None]] = {}
    for decision in domain.applicability_decisions():
        where = (decision.docname, decision.line)
        locations.setdefault((decision.control_id, "applicability"), where)
        locations.setdefault((decision.control_id, "justification"), where)
    return locations


def _schema_results(
    env: BuildEnvironment,
    needs: Any,
    option_lines: dict[tuple[str, str], dict[str, int]],
) -> tuple[list[str], list[Finding]]:
    """Read the report sphinx-needs wrote in this build's ``write-started``."""
    if not env.config.needs_schema_validation_enabled:
        return [], []
    path = Path(app_of(env).outdir) / SCHEMA_REPORT_FILE
    try:
        report = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        # NOTE: without the file (validation off or failed) nothing is reported here;
        # sphinx-needs logs its own errors in that case.
        return [], []
    checked = [n["id"] for n in needs.values() if not n.get("is_external")]
    return checked, schema_findings(report, needs, option_lines)


def _builtin_results(
    env: BuildEnvironment,
    needs: Any,
    domain: AimsDomain,
    criteria: RiskCriteria,
    paths: dict[str, str],
) -> dict[str, tuple[list[str], list[Finding]]]:
    catalog = load_catalog()
    objects = [
        n["id"]
        for n in needs.values()
        if n.get("type") in TYPE_NAMES and not n.get("is_external")
    ]
    option_lines = domain.option_lines()
    definitions = list(domain.object_definitions())
    decisions = domain.applicability_decisions()
    return {
        "field-values": (
            objects,
            checks.field_findings(needs.values(), criteria, option_lines),
        ),
        "link-targets": (objects, checks.link_findings(needs, catalog, option_lines)),
        "unique-ids": (
            sorted({d[0] for d in definitions}),
            checks.duplicate_findings(definitions, paths),
        ),
        "needs-schema": _schema_results(env, needs, option_lines),
        "directive-options": _problem_results(domain, "directive-options", "field"),
        "object-ids": _problem_results(domain, "object-ids", "id"),
        "applicability-decisions": (
            [d.control_id for d in decisions],
            checks.applicability_findings(decisions, catalog, paths),
        ),
    }


def _problem_results(
    domain: AimsDomain, rule: str, subtype: str
) -> tuple[list[str], list[Finding]]:
    """Turn the authoring mistakes recorded while reading into findings."""
    found = [
        Finding(docname, line, subtype, rule, need_id, message)
        for docname, line, need_id, message in domain.authoring_problems(subtype)
    ]
    return sorted({f.id for f in found if f.id}), found


def _review_entries(
    index: NeedIndex, paths: dict[str, str], state: str
) -> list[ReviewEntry]:
    entries: list[ReviewEntry] = []
    for need in index.local:
        if need.get("status") == "retired":
            continue
        status = review_status(need, index.context.as_of, index.context.window_days)
        if status.state != state or status.due is None:
            continue
        entries.append(
            ReviewEntry(
                need["id"],
                paths.get(need["docname"], need["docname"] or ""),
                need.get("lineno"),
                status.due.isoformat(),
                status.days_left or 0,
            )
        )
    return sorted(entries, key=lambda e: (e.due, e.id))


def collect_report(env: BuildEnvironment) -> GateReport:
    """Run every rule and built-in check on the resolved needs; return the report."""
    needs = SphinxNeedsData(env).get_needs_view()
    domain = env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    config = AimsConfig.from_sphinx(env.config)
    criteria = config.criteria()
    paths = doc_paths(env)
    as_of, as_of_source = resolve_as_of(config.as_of)
    context = GateContext(
        as_of, config.review_window_days, criteria, _field_locations(domain)
    )
    index = NeedIndex(needs, context)
    rules, _ = project_rules(env.config)

    summaries: list[RuleSummary] = []
    found: list[Finding] = []
    builtin = _builtin_results(env, needs, domain, criteria, paths)
    for name in enabled_builtin_checks(config.disabled_rules):
        subtype, description = BUILTIN_CHECKS[name]
        checked, findings = builtin[name]
        summaries.append(RuleSummary(name, subtype, description, tuple(checked)))
        found += findings
    for result in evaluate(rules, index):
        rule = result.rule
        summaries.append(
            RuleSummary(
                rule.name, rule.subtype, rule.description, tuple(result.checked)
            )
        )
        found += result.findings

    suppressed = env.config.suppress_warnings
    found = [
        f
        for f in set(found)
        if not is_suppressed_warning("aims", f.subtype, suppressed)
    ]
    rows = coverage_rows(needs, load_catalog())
    return GateReport(
        as_of=as_of,
        as_of_source=as_of_source,
        findings=sorted(found),
        rules=summaries,
        files=paths,
        objects=len(index.local),
        due_soon=_review_entries(index, paths, "due_soon"),
        overdue=_review_entries(index, paths, "overdue"),
        coverage_rows=rows,
        coverage_groups=coverage_by_group(rows, load_catalog()),
    )


def collect_findings(env: BuildEnvironment) -> list[Finding]:
    """Run every check on the resolved needs and return the sorted findings."""
    return collect_report(env).findings


def get_report(env: BuildEnvironment) -> GateReport | None:
    """Return the gate report of the current build; ``None`` before ``write-started``."""
    return _reports.get(env)


def run_checks(app: Sphinx, builder: Builder) -> None:
    """Compute the findings of this build and report each as a located warning."""
    report = collect_report(app.env)
    _reports[app.env] = report
    for finding in report.findings:
        logger.warning(
            finding.message,
            type="aims",
            subtype=finding.subtype,
            location=(finding.docname, finding.line) if finding.docname else None,
        )


def write_findings(app: Sphinx, exception: BaseException | None) -> None:
    """Write the findings as JSON beside the built pages, for the CLI and CI."""
    report = get_report(app.env)
    if exception is not None or report is None:
        return
    target = Path(app.outdir) / FINDINGS_FILE
    target.write_text(json.dumps(to_json(report), indent=2) + "\n", "utf-8")
