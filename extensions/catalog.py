"""Directives for the shipped catalog: ``aims-catalog`` and ``applicability``.

``aims-catalog`` renders ISO/IEC 42001 entries as ``requirement`` objects.
``applicability`` records a Statement of Applicability decision on one Annex A
control. The decision is copied onto the control's object before sphinx-needs
seals its data, so it appears on the control and in ``needs.json``.
"""

from __future__ import annotations

from typing import Any, ClassVar

from aims_docs.extensions.context import app_of
from aims_docs.extensions.domain import AimsDomain, ApplicabilityDecision
from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective
from sphinx_needs.api import add_need
from sphinx_needs.utils import add_doc

from aims_docs.catalog import STANDARD, load_catalog

_KIND_LABELS = {
    "clause": "clause",
    "clause_group": "clause",
    "control_objective": "control objective",
    "control": "control",
}


class CatalogDirective(SphinxDirective):
    """Render catalog entries as requirement objects, grouped by clause or area.

    The optional argument selects ``all`` (the default), ``clauses``, ``annex_a``,
    or one number's subtree such as ``6`` or ``A.6``.
    """

    optional_arguments = 1
    has_content = False

    def run(self) -> list[nodes.Node]:
        group = self.arguments[0] if self.arguments else "all"
        entries = load_catalog().select(group)
        if not entries:
            raise self.error(
                f"aims-catalog: unknown group {group!r}; use all, clauses, annex_a "
                "or a clause or control number such as 6.1 or A.6"
            )
        # sphinx-needs resolves need nodes only on pages it has registered.
        add_doc(self.env, self.env.docname)
        result: list[nodes.Node] = []
        for entry in entries:
            if entry.parent is None:
                heading = "Clause" if entry.part == "clauses" else "Annex"
                result.append(
                    nodes.rubric(text=f"{heading} {entry.number} {entry.title}")
                )
            result.extend(
                add_need(
                    app_of(self.env),
                    self.state,
                    self.env.docname,
                    self.lineno,
                    "requirement",
                    f"{entry.number} {entry.title}",
                    id=entry.id,
                    content=f"{STANDARD}, {_KIND_LABELS[entry.kind]} {entry.number}.",
                    catalog_number=entry.number,
                    catalog_kind=entry.kind,
                    catalog_parent=entry.parent_id,
                )
            )
        return result


class ApplicabilityDirective(SphinxDirective):
    """Record whether an Annex A control applies, and why.

    The justification comes from the ``:justification:`` option or the content.
    """

    required_arguments = 1
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "decision": directives.unchanged_required,
        "justification": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        control_id = self.arguments[0]
        decision = self.options.get("decision", "").strip()
        justification = self.options.get("justification") or "\n".join(self.content)
        justification = " ".join(justification.split())
        domain = self.env.get_domain("aims")
        assert isinstance(domain, AimsDomain)
        domain.record_applicability(
            ApplicabilityDecision(
                control_id, decision, justification, self.env.docname, self.lineno
            )
        )
        entry = load_catalog().by_id.get(control_id)
        label = f"{entry.number} {entry.title}" if entry else control_id
        paragraph = nodes.paragraph(classes=["aims-applicability"])
        paragraph += nodes.strong(text=f"{label}: {decision or 'no decision'}")
        if justification:
            paragraph += nodes.Text(f". {justification}")
        return [paragraph]


def copy_decisions_to_controls(app: Sphinx, needs: Any) -> None:
    """Set ``applicability`` and ``justification`` on each decided control's object.

    Connected to ``needs-before-post-processing``, which passes the mutable needs.
    Where a control has several decisions, the first one read wins; the gate
    reports the others.
    """
    domain = app.env.get_domain("aims")
    assert isinstance(domain, AimsDomain)
    decided: set[str] = set()
    for decision in domain.applicability_decisions():
        need = needs.get(decision.control_id)
        if need is None or decision.control_id in decided:
            continue
        decided.add(decision.control_id)
        need["applicability"] = decision.decision or None
        need["justification"] = decision.justification or None
