"""The shipped ISO/IEC 42001 catalog and its rendering as requirement objects."""

from __future__ import annotations

import pytest

from aims_docs.catalog import id_to_number, load_catalog, number_to_id
from conftest import read_needs, warning_lines


def test_catalog_counts():
    catalog = load_catalog()
    assert len(catalog.leaf_clauses()) == 32
    assert len(catalog.controls()) == 38
    assert len(catalog.control_objectives()) == 11
    assert [e.number for e in catalog.areas("clauses")] == [
        "4", "5", "6", "7", "8", "9", "10",
    ]


def test_catalog_ids():
    assert number_to_id("A.6.2.6") == "ISO42001_A_6_2_6"
    assert number_to_id("6.1.2") == "ISO42001_6_1_2"
    assert id_to_number("ISO42001_A_10_4") == "A.10.4"
    assert id_to_number("POL_AI") is None


def test_catalog_groups_and_kinds():
    catalog = load_catalog()
    entry = catalog.by_id["ISO42001_A_6_2_6"]
    assert entry.area == "A.6"
    assert entry.parent_id == "ISO42001_A_6_2"
    assert catalog.by_id["ISO42001_6_1"].kind == "clause_group"
    assert catalog.by_id["ISO42001_6_1_4"].kind == "clause"


@pytest.mark.sphinx("html", testroot="catalog")
def test_catalog_rendered_as_requirements(app, warning):
    app.build()
    assert warning_lines(warning, app.srcdir) == []
    needs = read_needs(app.outdir)
    requirements = [n for n in needs.values() if n["type"] == "requirement"]
    leaf_clauses = [n for n in requirements if n["catalog_kind"] == "clause"]
    controls = [n for n in requirements if n["catalog_kind"] == "control"]
    objectives = [n for n in requirements if n["catalog_kind"] == "control_objective"]
    assert len(leaf_clauses) == 32
    assert len(controls) == 38
    assert len(objectives) == 11
    assert len(requirements) == 92
    clause = needs["ISO42001_6_1_2"]
    assert clause["title"] == "6.1.2 AI risk assessment"
    assert clause["catalog_number"] == "6.1.2"
    assert clause["catalog_parent"] == "ISO42001_6_1"


@pytest.mark.sphinx("html", testroot="catalog")
def test_applicability_copied_to_controls(app):
    app.build()
    needs = read_needs(app.outdir)
    assert needs["ISO42001_A_10_4"]["applicability"] == "excluded"
    assert needs["ISO42001_A_10_4"]["justification"] == (
        "No AI system is supplied to customers."
    )
    assert needs["ISO42001_A_6_2_6"]["applicability"] == "applicable"
    assert needs["ISO42001_A_6_2_5"]["applicability"] is None


@pytest.mark.sphinx("html", testroot="catalog")
def test_catalog_page_groups_and_addressing(app):
    app.build()
    html = (app.outdir / "index.html").read_text("utf-8")
    assert "Clause 6 Planning" in html
    assert "Annex A.6 AI system life cycle" in html
    assert 'id="ISO42001_A_6_2_6"' in html
    assert "addressed by" in html
    assert 'href="#PROC_MON"' in html
