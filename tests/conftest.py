"""Shared fixtures: Sphinx's own testing fixtures and small sample projects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sphinx.util.console import strip_escape_sequences

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
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


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if not CHROMIUM.exists():
        pytest.skip("browser tests need Debian's chromium package at /usr/bin/chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def browser_context(chromium_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """Start headless Chromium once for the whole run, with a fresh profile folder.

    Playwright's synchronous API allows one running instance per process, so every
    browser test shares this one.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")),
            executable_path=str(chromium_path),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context
        finally:
            context.close()
