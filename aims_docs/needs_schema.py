"""Findings from sphinx-needs' own schema validation, located at the object at fault.

sphinx-needs 9.0 validates fields declared with a JSON ``schema`` in
``needs_fields`` (and rules in ``needs_schema_definitions``) and writes the
results to ``schema_violations.json``, but logs them without a source location.
The gate turns each violation or warning into a finding of the ``needs-schema``
check at the object's file and line, so it lands in the report with the rest.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aims_docs.findings import Finding

#: The file sphinx-needs writes into the output folder after validating.
SCHEMA_REPORT_FILE = "schema_violations.json"

#: sphinx-needs severities that are findings; ``info`` is reported by sphinx-needs alone.
FINDING_SEVERITIES = frozenset({"violation", "warning"})

#: The warning types sphinx-needs logs for those severities, without a location.
LOCATED_WARNING_TYPES = ("sn_schema_violation", "sn_schema_warning")


def schema_findings(
    report: Mapping[str, Any],
    needs: Mapping[str, Mapping[str, Any]],
    option_lines: Mapping[tuple[str, str], Mapping[str, int]],
) -> list[Finding]:
    """Return one finding per schema violation or warning in *report*.

    *report* is the parsed ``schema_violations.json``; *option_lines* maps
    ``(docname, id)`` to the line of each option, so a finding on one field
    points at that field's line.
    """
    found: list[Finding] = []
    for need_id, warnings in (report.get("validation_warnings") or {}).items():
        need = needs.get(need_id)
        if need is None:
            continue
        docname = need.get("docname") or ""
        for warning in warnings:
            details = warning.get("details") or {}
            if details.get("severity") not in FINDING_SEVERITIES:
                continue
            field = details.get("field") or ""
            line = option_lines.get((docname, need_id), {}).get(
                field, need.get("lineno")
            )
            found.append(
                Finding(
                    docname,
                    line,
                    "field",
                    "needs-schema",
                    need_id,
                    _message(need_id, field, details),
                )
            )
    return found


def _message(need_id: str, field: str, details: Mapping[str, Any]) -> str:
    problem = details.get("validation_msg") or details.get("user_msg") or "invalid"
    subject = f"invalid {field}" if field else "schema violation"
    schema_path = details.get("schema_path")
    source = f" (sphinx-needs schema: {schema_path})" if schema_path else ""
    return f"{need_id}: {subject}: {problem}{source}; fix the value or the schema"
