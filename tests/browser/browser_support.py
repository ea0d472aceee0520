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


#: Script returning each table matching a selector whose right edge is out of sight
#: and whose nearest clipping box shows no horizontal scrollbar.
_CLIPPED_TABLES = """
([selector, allowScrollBox]) => {
  const viewport = document.documentElement.clientWidth;
  const clipped = [];
  for (const table of document.querySelectorAll(selector)) {
    const right = table.getBoundingClientRect().right;
    if (table.offsetParent === null) continue;
    let box = table.parentElement;
    while (box && box !== document.body && getComputedStyle(box).overflowX === "visible") {
      box = box.parentElement;
    }
    const clip = box && box !== document.body ? box : null;
    const limit = clip ? Math.min(clip.getBoundingClientRect().right, viewport) : viewport;
    if (right <= limit + 1) continue;
    if (clip && ["auto", "scroll"].includes(getComputedStyle(clip).overflowX)) {
      const style = getComputedStyle(clip);
      const borders = parseFloat(style.borderTopWidth) + parseFloat(style.borderBottomWidth);
      const scrollbar = clip.offsetHeight - clip.clientHeight - borders;
      const scrolls = clip.scrollWidth > clip.clientWidth;
      if (scrolls && (scrollbar > 0 || allowScrollBox)) continue;
    }
    const head = table.querySelector("thead, tr");
    clipped.push({
      table: table.className || "(no class)",
      columns: head ? head.innerText.replace(/\\s+/g, " ").trim() : "",
      overflow: Math.round(right - limit),
    });
  }
  return clipped;
}
"""


def clipped_tables(
    page: Any, selector: str = "article table", allow_scroll_box: bool = False
) -> list[dict[str, Any]]:
    """Return the tables matching *selector* that are cut off without a visible scrollbar.

    Headless Chromium hides scrollbars, so a table in a scroll box counts as cut
    off unless *allow_scroll_box* accepts any box that scrolls sideways.
    """
    result: list[dict[str, Any]] = page.evaluate(
        _CLIPPED_TABLES, [selector, allow_scroll_box]
    )
    return result

