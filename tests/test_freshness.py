"""Incremental builds rewrite pages whose objects show links that changed elsewhere."""

from __future__ import annotations

import pytest

RISK_ON_OTHER_PAGE = """
:::{risk} Missed due dates
:id: RISK_DUE_DATE
:affects: SYS_INVOICE
:likelihood: 2
:impact: 2
:treatment: accept
:::
"""


def system_page(app) -> str:
    return (app.outdir / "systems.html").read_text("utf-8")


@pytest.mark.sphinx("html", testroot="freshness", freshenv=True)
def test_new_incoming_link_shown(app):
    app.build()
    assert "RISK_DUE_DATE" not in system_page(app)
    risks = app.srcdir / "risks.md"
    risks.write_text(risks.read_text("utf-8") + RISK_ON_OTHER_PAGE, "utf-8")
    app.build()
    assert "risks.html#RISK_DUE_DATE" in system_page(app)


@pytest.mark.sphinx("html", testroot="freshness", freshenv=True)
def test_removed_incoming_link_dropped(app):
    app.build()
    assert "risks.html#RISK_AMOUNT" in system_page(app)
    (app.srcdir / "risks.md").write_text("# Risks\n\nNo risks.\n", "utf-8")
    app.build()
    assert "RISK_AMOUNT" not in system_page(app)


@pytest.mark.sphinx("html", testroot="freshness", freshenv=True)
def test_unrelated_page_not_rewritten(app):
    app.build()
    other = app.outdir / "other.html"
    other.write_text("sentinel", "utf-8")
    risks = app.srcdir / "risks.md"
    risks.write_text(risks.read_text("utf-8") + RISK_ON_OTHER_PAGE, "utf-8")
    app.build()
    assert other.read_text("utf-8") == "sentinel"
