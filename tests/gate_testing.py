"""Helpers for the gate tests: copy a sample project, build it, list its findings."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from sphinx.testing.util import SphinxTestApp

from aims_docs.extensions.checks import get_findings, get_report

ROOTS = Path(__file__).parent / "roots"

Row = tuple[str, str, str, str, int | None]


def copy_root(name: str, target: Path) -> Path:
    """Copy the sample project ``tests/roots/test-<name>`` into *target*."""
    srcdir = target / name
    shutil.copytree(ROOTS / f"test-{name}", srcdir)
    return srcdir


def build(srcdir: Path, buildername: str = "needs", **options: Any) -> SphinxTestApp:
    """Build *srcdir* with Sphinx into ``srcdir/_build``; return the finished app."""
    app = SphinxTestApp(
        buildername, srcdir=srcdir, builddir=srcdir / "_build", **options
    )
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def rows(app: SphinxTestApp, rule_prefix: str = "") -> list[Row]:
    """Return ``(rule, subtype, id, file, line)`` for each finding of the build."""
    report = get_report(app.env)
    assert report is not None
    return [
        (f.rule, f.subtype, f.id, report.file_of(f), f.line)
        for f in get_findings(app.env)
        if f.rule.startswith(rule_prefix)
    ]


def messages(app: SphinxTestApp, rule: str) -> list[str]:
    """Return the messages of the findings of *rule*."""
    return [f.message for f in get_findings(app.env) if f.rule == rule]


def edit(path: Path, old: str, new: str) -> None:
    """Replace *old*, which must occur exactly once, by *new* in *path*."""
    text = path.read_text("utf-8")
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), "utf-8")
