"""Checks of single objects: field values, link targets and duplicate ids.

The functions take needs as plain mappings (sphinx-needs' ``NeedItem`` is one),
so they run the same inside a build and in tests.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from typing import Any

from aims_docs.catalog import ID_PREFIX, Catalog
from aims_docs.config import RiskCriteria
from aims_docs.findings import Finding
from aims_docs.model import (
    APPLICABILITY,
    DATE_FORM,
    FIELDS,
    LINK_TYPES,
    STATUSES,
    TYPE_NAMES,
    accepted_form,
    check_value,
)

Need = Mapping[str, Any]


def _location(need: Need) -> tuple[str, int | None]:
    return need.get("docname") or "", need.get("lineno")


def field_findings(
    needs: Iterable[Need],
    criteria: RiskCriteria,
    option_lines: Mapping[tuple[str, str], Mapping[str, int]] | None = None,
) -> list[Finding]:
    """Report each field value of an AIMS object that is not in the accepted form.

    *option_lines* maps ``(docname, id)`` to the line of each option, so a
    finding points at the option's own line; without it, at the directive.
    """
    found: list[Finding] = []
    option_lines = option_lines or {}
    for need in needs:
        if need.get("type") not in TYPE_NAMES or need.get("is_external"):
            continue
        docname, directive_line = _location(need)
        lines = option_lines.get((docname, need["id"]), {})
        for field in FIELDS:
            if field.kind == "computed":
                continue
            value = need.get(field.name)
            if value is None or value == "":
                continue
            value = str(value)
            line = lines.get(field.name, directive_line)
            if need["type"] not in field.types:
                found.append(
                    Finding(
                        docname,
                        line,
                        "field",
                        "field-values",
                        need["id"],
                        f"{need['id']}: field '{field.name}' does not apply to "
                        f"{need['type']} objects (value {value!r}); remove it or "
                        f"move it to {' or '.join(_article(t) for t in sorted(field.types))}",
                    )
                )
                continue
            if not check_value(field, value, criteria.likelihood, criteria.impact):
                form = accepted_form(field, criteria.likelihood, criteria.impact)
                if field.kind == "date" and DATE_FORM.match(value):
                    form = f"a calendar date as YYYY-MM-DD; {value} does not exist"
                found.append(
                    Finding(
                        docname,
                        line,
                        "field",
                        "field-values",
                        need["id"],
                        f"{need['id']}: invalid {field.name} {value!r}; "
                        f"expected {form}",
                    )
                )
        status = need.get("status")
        line = lines.get("status", directive_line)
        if status and status not in STATUSES:
            found.append(
                Finding(
                    docname,
                    line,
                    "field",
                    "field-values",
                    need["id"],
                    f"{need['id']}: invalid status {status!r}; "
                    f"expected one of {', '.join(STATUSES)}",
                )
            )
    return found


def link_findings(
    needs: Mapping[str, Need],
    catalog: Catalog,
    option_lines: Mapping[tuple[str, str], Mapping[str, int]] | None = None,
) -> list[Finding]:
    """Report links to unknown ids and links whose target is of the wrong type."""
    found: list[Finding] = []
    option_lines = option_lines or {}
    for need in needs.values():
        if need.get("type") not in TYPE_NAMES or need.get("is_external"):
            continue
        docname, directive_line = _location(need)
        lines = option_lines.get((docname, need["id"]), {})
        for link in LINK_TYPES:
            line = lines.get(link.name, directive_line)
            for target_id in need.get(link.name) or ():
                target = needs.get(target_id)
                if target is None:
                    found.append(
                        Finding(
                            docname,
                            line,
                            "link",
                            "link-targets",
                            need["id"],
                            _unknown_target_message(
                                need["id"], link.name, target_id, catalog, needs
                            ),
                        )
                    )
                    continue
                if need["type"] not in link.source_types:
                    found.append(
                        Finding(
                            docname,
                            line,
                            "link",
                            "link-targets",
                            need["id"],
                            f"{need['id']}: {_article(need['type'])} cannot use "
                            f"'{link.name}'; only "
                            f"{', '.join(sorted(link.source_types))} objects can",
                        )
                    )
                elif target.get("type") not in link.target_types:
                    found.append(
                        Finding(
                            docname,
                            line,
                            "link",
                            "link-targets",
                            need["id"],
                            f"{need['id']}: '{link.name}' links to {target_id}, "
                            f"{_article(target.get('type'))}; it must link to "
                            f"{' or '.join(sorted(link.target_types))} objects",
                        )
                    )
    return found


def _article(type_name: Any) -> str:
    name = str(type_name)
    return ("an " if name[:1] in "aeiou" else "a ") + name


def _unknown_target_message(
    source_id: str,
    link_name: str,
    target_id: str,
    catalog: Catalog,
    needs: Mapping[str, Need],
) -> str:
    message = f"{source_id}: '{link_name}' links to unknown id {target_id!r}"
    if target_id in catalog.by_id:
        return (
            f"{message}: {target_id} is in the ISO/IEC 42001 catalog, but no page "
            "renders it; add an aims-catalog directive for its clause or area"
        )
    catalog_form = _catalog_spelling(target_id)
    if catalog_form is not None or target_id.startswith(ID_PREFIX):
        suggestion = catalog_form if catalog_form in catalog.by_id else None
        suggestion = suggestion or catalog.suggest(target_id)
        hint = f"; did you mean {suggestion}?" if suggestion else ""
        return (
            f"{message}, which is not in the ISO/IEC 42001 catalog{hint} Catalog ids "
            "take the standard's numbering with underscores, such as ISO42001_A_6_2_6"
        )
    close = difflib.get_close_matches(target_id, list(needs), n=1, cutoff=0.8)
    if close:
        return f"{message}; did you mean {close[0]}?"
    return f"{message}; check the id or define an object with it"


def _catalog_spelling(target_id: str) -> str | None:
    """Return the catalog id a writer meant by ``ISO42001.6.1.2`` or ``ISO_42001_A.6``."""
    normalised = re.sub(r"[.\s-]+", "_", target_id.upper()).replace("ISO_", "ISO")
    if not normalised.startswith(ID_PREFIX):
        return None
    return normalised


def duplicate_findings(
    definitions: Iterable[tuple[str, str, int | None]],
    doc_paths: Mapping[str, str],
) -> list[Finding]:
    """Report each definition of an id after its first one.

    *definitions* are ``(id, docname, line)`` for every object directive read;
    *doc_paths* maps docnames to the file names shown in the message.
    """
    first: dict[str, tuple[str, int | None]] = {}
    found: list[Finding] = []
    for need_id, docname, line in sorted(
        definitions, key=lambda d: (d[1], d[2] or 0, d[0])
    ):
        if need_id not in first:
            first[need_id] = (docname, line)
            continue
        first_doc, first_line = first[need_id]
        found.append(
            Finding(
                docname,
                line,
                "duplicate",
                "unique-ids",
                need_id,
                f"duplicate id {need_id!r}, first defined at "
                f"{doc_paths.get(first_doc, first_doc)}:{first_line}; "
                "give one of the objects another id",
            )
        )
    return found


def applicability_findings(
    decisions: Iterable[Any], catalog: Catalog, doc_paths: Mapping[str, str]
) -> list[Finding]:
    """Report decisions on unknown controls, invalid decisions and second decisions.

    *decisions* are :class:`~aims_docs.extensions.domain.ApplicabilityDecision`
    objects, or anything with the same attributes, in reading order.
    """
    found: list[Finding] = []
    first: dict[str, Any] = {}
    for decision in decisions:
        entry = catalog.by_id.get(decision.control_id)
        where = (decision.docname, decision.line)
        if entry is None or entry.kind != "control":
            suggestion = catalog.suggest(decision.control_id)
            hint = f"; did you mean {suggestion}?" if suggestion else ""
            found.append(
                Finding(
                    *where,
                    "applicability",
                    "applicability-decisions",
                    decision.control_id,
                    f"applicability decision on {decision.control_id!r}, which is not "
                    f"an Annex A control of the ISO/IEC 42001 catalog{hint}",
                )
            )
            continue
        if decision.decision not in APPLICABILITY:
            found.append(
                Finding(
                    *where,
                    "applicability",
                    "applicability-decisions",
                    decision.control_id,
                    f"{decision.control_id}: invalid decision "
                    f"{decision.decision!r}; expected one of {', '.join(APPLICABILITY)}",
                )
            )
        if decision.control_id in first:
            earlier = first[decision.control_id]
            found.append(
                Finding(
                    *where,
                    "applicability",
                    "applicability-decisions",
                    decision.control_id,
                    f"{decision.control_id}: second applicability decision; the first "
                    f"is at {doc_paths.get(earlier.docname, earlier.docname)}:"
                    f"{earlier.line} and is the one used; remove one of them",
                )
            )
        else:
            first[decision.control_id] = decision
    return found
