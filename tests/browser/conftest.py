"""Fixtures of the browser tests: built sites served on 127.0.0.1, and Chromium.

The tests drive Debian's ``chromium`` package through the shared
``browser_context`` fixture of ``tests/conftest.py``. Screenshots are written to
``test-artifacts/`` at the top of the repository.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sphinx.cmd.build import build_main

from .browser_support import REPO, Site

@dataclass(frozen=True)
class SiteSource:
    """Where a site's sources and configuration are."""

    name: str
    srcdir: Path
    confdir: Path


SOURCES = {
    "sample": SiteSource(
        "sample", REPO / "tests/roots/test-views", REPO / "tests/roots/test-views"
    ),
    "manual": SiteSource("manual", REPO / "source", REPO),
}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static file handler that keeps the test output free of access logs."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


def manual_links_audit_part() -> bool:
    """Return whether the example manual's start page lists its Audit part."""
    start = (REPO / "source" / "index.md").read_text("utf-8")
    return "audit/index" in start and (REPO / "source" / "audit").is_dir()


@pytest.fixture(scope="session", params=sorted(SOURCES))
def site(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    chromium_path: Path,
) -> Iterator[Site]:
    """Build one site and serve it on an ephemeral port of 127.0.0.1."""
    source = SOURCES[request.param]
    if source.name == "manual" and not manual_links_audit_part():
        pytest.skip("the example manual's start page does not link audit/index")
    outdir = tmp_path_factory.mktemp(f"site-{source.name}")
    status = build_main(
        ["-q", "-b", "html", "-c", str(source.confdir), str(source.srcdir), str(outdir)]
    )
    assert status == 0, f"building the {source.name} site failed"
    handler = functools.partial(QuietHandler, directory=str(outdir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = server.server_address[:2]
        yield Site(source.name, f"http://{host}:{port}/", outdir)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture
def page(browser_context):
    """A new tab at 1280 by 900 pixels, closed after the test."""
    tab = browser_context.new_page()
    tab.set_default_timeout(15_000)
    try:
        yield tab
    finally:
        tab.close()
