"""The gate report: findings, rules checked, review dates and coverage of a build.

The extension builds one :class:`GateReport` per build and writes it to
``aims-findings.json``. ``aims-docs check`` renders the same report as text,
JSON or JUnit XML, so the build, the command and the generated pages agree.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aims_docs.coverage import CoverageRow, GroupCoverage
from aims_docs.findings import Finding

#: Version of the JSON layout of ``aims-findings.json`` and ``--format json``.
REPORT_VERSION = 1


@dataclass(frozen=True)
class RuleSummary:
    """One rule or built-in check of the gate and the objects it checked."""

    name: str
    subtype: str
    description: str
    checked: tuple[str, ...]


@dataclass(frozen=True)
class ReviewEntry:
    """An object whose review is overdue or due within the review window."""

    id: str
    file: str
    line: int | None
    due: str
    days_left: int


@dataclass
class GateReport:
    """Everything the gate found in one build, with files relative to ``conf.py``."""

    as_of: dt.date
    as_of_source: str
    findings: list[Finding]
    rules: list[RuleSummary]
    files: Mapping[str, str]  # docname -> file
    objects: int = 0
    due_soon: list[ReviewEntry] = field(default_factory=list)
    overdue: list[ReviewEntry] = field(default_factory=list)
    coverage_rows: list[CoverageRow] = field(default_factory=list)
    coverage_groups: list[GroupCoverage] = field(default_factory=list)

    def file_of(self, finding: Finding) -> str:
        return self.files.get(finding.docname, finding.docname)

    def finding_dict(self, finding: Finding) -> dict[str, Any]:
        """Return a finding as the JSON report lists it."""
        return {
            "rule": finding.rule,
            "subtype": finding.subtype,
            "id": finding.id,
            "file": self.file_of(finding),
            "line": finding.line,
            "message": finding.message,
            "docname": finding.docname,
        }


def _coverage_summary(report: GateReport) -> dict[str, Any]:
    groups: list[dict[str, Any]] = [
        {
            "number": group.number,
            "title": group.title,
            "covered": group.covered,
            "applicable": group.applicable,
            "excluded": group.excluded,
            "percent": group.percent,
        }
        for group in report.coverage_groups
    ]
    entries = [
        {
            "id": row.entry.id,
            "number": row.entry.number,
            "state": row.state,
            "addressed_by": list(row.addressed_by),
        }
        for row in report.coverage_rows
    ]
    return {
        "clauses": [g for g in groups if not str(g["number"]).startswith("A.")],
        "annex_a": [g for g in groups if str(g["number"]).startswith("A.")],
        "entries": entries,
    }


def to_json(
    report: GateReport, findings: list[Finding] | None = None
) -> dict[str, Any]:
    """Return the report as the JSON document that CI and the pages read.

    *findings* replaces the report's findings, for a listing against a baseline;
    the summary always counts every finding of the build.
    """
    listed = report.findings if findings is None else findings
    by_subtype = Counter(f.subtype for f in report.findings)
    by_rule = Counter(f.rule for f in report.findings)
    return {
        "version": REPORT_VERSION,
        "as_of": report.as_of.isoformat(),
        "as_of_source": report.as_of_source,
        "findings": [report.finding_dict(f) for f in listed],
        "summary": {
            "findings": len(report.findings),
            "objects": report.objects,
            "by_subtype": dict(sorted(by_subtype.items())),
            "rules": [
                {
                    "name": rule.name,
                    "subtype": rule.subtype,
                    "description": rule.description,
                    "checked": len(rule.checked),
                    "findings": by_rule.get(rule.name, 0),
                }
                for rule in report.rules
            ],
            "reviews": {
                "overdue": [vars(e) for e in report.overdue],
                "due_soon": [vars(e) for e in report.due_soon],
            },
            "coverage": _coverage_summary(report),
        },
    }


def to_junit(report: GateReport, findings: list[Finding] | None = None) -> str:
    """Return JUnit XML: one test suite per rule, one test case per object checked.

    A test case fails with every finding of its rule on that object. When
    *findings* is given (the findings not in a baseline), a case whose findings
    are all in the baseline is marked skipped instead of failed.
    """
    listed = set(report.findings if findings is None else findings)
    root = ET.Element("testsuites", name="aims-docs check")
    by_rule: dict[str, dict[str, list[Finding]]] = {}
    for finding in report.findings:
        by_rule.setdefault(finding.rule, {}).setdefault(finding.id, []).append(finding)
    total = failures = skipped = 0
    for rule in report.rules:
        found = by_rule.get(rule.name, {})
        cases = list(dict.fromkeys([*rule.checked, *found]))
        suite = ET.SubElement(root, "testsuite", name=rule.name, tests=str(len(cases)))
        rule_failures = rule_skipped = 0
        for object_id in cases:
            case_findings = found.get(object_id, [])
            new = [f for f in case_findings if f in listed]
            _junit_case(suite, report, rule, object_id, new)
            if case_findings and not new:
                ET.SubElement(suite[-1], "skipped", message="in the baseline")
                rule_skipped += 1
            rule_failures += bool(new)
        suite.set("failures", str(rule_failures))
        suite.set("errors", "0")
        suite.set("skipped", str(rule_skipped))
        total += len(cases)
        failures += rule_failures
        skipped += rule_skipped
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("skipped", str(skipped))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def _junit_case(
    suite: ET.Element,
    report: GateReport,
    rule: RuleSummary,
    object_id: str,
    findings: list[Finding],
) -> None:
    case = ET.SubElement(
        suite, "testcase", classname=f"aims.{rule.name}", name=object_id or "(project)"
    )
    if not findings:
        return
    first = findings[0]
    case.set("file", report.file_of(first))
    if first.line is not None:
        case.set("line", str(first.line))
    failure = ET.SubElement(
        case, "failure", type=f"aims.{rule.subtype}", message=first.message
    )
    failure.text = "\n".join(
        f"{report.file_of(f)}:{f.line or 0}: {f.message}" for f in findings
    )


def to_text(
    report: GateReport, findings: list[Finding] | None = None, baselined: int = 0
) -> str:
    """Return a compact table of the findings grouped by rule, and a one-line total."""
    listed = report.findings if findings is None else findings
    lines: list[str] = []
    by_rule: dict[str, list[Finding]] = {}
    for finding in listed:
        by_rule.setdefault(finding.rule, []).append(finding)
    for rule in report.rules:
        rule_findings = by_rule.pop(rule.name, [])
        if rule_findings:
            lines.extend(_text_group(report, rule.name, rule.subtype, rule_findings))
    for name, rule_findings in by_rule.items():
        lines.extend(_text_group(report, name, rule_findings[0].subtype, rule_findings))
    lines.extend(_due_soon_lines(report))
    lines.append(total_line(report, len(listed), baselined))
    return "\n".join(lines) + "\n"


def _text_group(
    report: GateReport, name: str, subtype: str, findings: list[Finding]
) -> list[str]:
    places = [f"{report.file_of(f)}:{f.line or 0}" for f in findings]
    width = max(len(p) for p in places)
    lines = [f"{name} (aims.{subtype}): {len(findings)}"]
    lines += [f"  {p:<{width}}  {f.message}" for p, f in zip(places, findings)]
    return [*lines, ""]


def _due_soon_lines(report: GateReport) -> list[str]:
    """List the reviews due within the window: shown, but not findings."""
    if not report.due_soon:
        return []
    places = [f"{entry.file}:{entry.line or 0}" for entry in report.due_soon]
    width = max(len(p) for p in places)
    lines = [f"reviews due within the window (not findings): {len(report.due_soon)}"]
    lines += [
        f"  {place:<{width}}  {entry.id} due {entry.due} (in {entry.days_left} days)"
        for place, entry in zip(places, report.due_soon)
    ]
    return [*lines, ""]


def total_line(report: GateReport, count: int, baselined: int = 0) -> str:
    """Return the one-line total: findings, rules failed, objects and as-of date."""
    rules = len(report.rules)
    failing = len({f.rule for f in report.findings})
    noun = "finding" if count == 1 else "findings"
    text = (
        f"{count} {noun}"
        + (f" not in the baseline ({baselined} in it)" if baselined else "")
        + f"; {failing} of {rules} rules failed on {report.objects} objects, "
        f"as of {report.as_of.isoformat()} ({report.as_of_source})"
    )
    if report.due_soon:
        count_due = len(report.due_soon)
        text += (
            f"; {count_due} review{'' if count_due == 1 else 's'} due within the window"
        )
    return text
