"""Helpers of the browser tests, shared by their fixtures and test modules."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"


@dataclass(frozen=True)
class Site:
    """A built HTML site and the address it is served at."""

    name: str
    url: str  # ends with "/"
    outdir: Path


def screenshot(page: Any, site: Site, name: str) -> Path:
    """Save a full-page screenshot of *page* into ``test-artifacts/``."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{site.name}-{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def horizontal_overflow(page: Any) -> int:
    """Return by how many CSS pixels the page is wider than the window."""
    return int(
        page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
    )


def read_needs(site: Site) -> dict[str, Any]:
    """Return the needs of the site's ``needs.json``."""
    data = json.loads((site.outdir / "needs.json").read_text("utf-8"))
    needs: dict[str, Any] = data["versions"][data["current_version"]]["needs"]
    return needs


def view_page(site: Site, view: str) -> str:
    """Return the path, relative to the site, of the first page showing *view*."""
    marker = f'class="aims-view aims-view-{view}"'
    for path in sorted(site.outdir.rglob("*.html")):
        if marker in path.read_text("utf-8"):
            return path.relative_to(site.outdir).as_posix()
    raise AssertionError(f"no page of the {site.name} site shows the {view} view")
