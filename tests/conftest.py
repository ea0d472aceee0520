"""Shared fixtures: Sphinx's own testing fixtures and small sample projects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = Path(__file__).parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    """Folder of the sample projects, used by ``@pytest.mark.sphinx(testroot=...)``."""
    return ROOTS


def read_needs(outdir: Path) -> dict[str, Any]:
    """Return the needs of the current version in a build's ``needs.json``."""
    data = json.loads((outdir / "needs.json").read_text("utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def warning_lines(warning: Any, srcdir: Path) -> list[str]:
    """Return the build's warnings, one per line, with the source folder shortened."""
    text = strip_escape_sequences(warning.getvalue()).replace(str(srcdir) + "/", "")
    return [line for line in text.splitlines() if line.strip()]
