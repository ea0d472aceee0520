"""The site of published releases: its release folders, ``versions.json`` and index.

A site is a folder with one subfolder per release (``site/1.0/``), each holding
a ``release.json``. ``versions.json`` and ``index.html`` at the top are derived
from those files, so they can always be written again; the release folders are
never rewritten.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from packaging.version import InvalidVersion, Version

from aims_docs.manifest import read_release_json

VERSIONS_FILE = "versions.json"
INDEX_FILE = "index.html"
INDEX_TEMPLATE = "site-index.html.j2"

#: Versions name folders and URLs, so they are restricted to safe characters.
VERSION_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._+-]*$")


def version_key(version: str) -> tuple[Any, ...]:
    """Return a sort key that orders versions oldest first.

    PEP 440 versions (``1.0``, ``1.10``, ``2.0rc1``) sort by their meaning; other
    names sort after them by their runs of digits and letters.
    """
    try:
        return (0, Version(version))
    except InvalidVersion:
        parts = re.findall(r"\d+|\D+", version)
        return (1, tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts))


@dataclass(frozen=True)
class SiteRelease:
    """One release folder of a site, described by its ``release.json``."""

    version: str
    folder: Path
    data: dict[str, Any]

    def entry(self) -> dict[str, Any]:
        """Return this release's entry in ``versions.json``."""
        git = self.data.get("git") or {}
        return {
            "version": self.version,
            "date": self.data.get("date"),
            "as_of": self.data.get("as_of"),
            "commit": git.get("commit"),
            "dirty": bool(git.get("dirty", False)),
            "objects": self.data.get("objects"),
            "findings": self.data.get("findings"),
            "path": f"{self.version}/",
        }


def site_releases(site: Path) -> list[SiteRelease]:
    """Return the releases of *site*, newest first.

    Hidden folders (unfinished builds) and folders without a readable
    ``release.json`` are not releases.
    """
    found = []
    if site.is_dir():
        for folder in site.iterdir():
            if folder.name.startswith(".") or not folder.is_dir():
                continue
            data = read_release_json(folder)
            if data is not None and data.get("version") == folder.name:
                found.append(SiteRelease(folder.name, folder, data))
    return sorted(found, key=lambda r: version_key(r.version), reverse=True)


def previous_release(
    releases: Iterable[SiteRelease], version: str
) -> SiteRelease | None:
    """Return the newest release that sorts before *version*, if any."""
    key = version_key(version)
    earlier = [r for r in releases if version_key(r.version) < key]
    return max(earlier, key=lambda r: version_key(r.version), default=None)


def _write_atomically(path: Path, text: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, "utf-8")
    os.replace(temporary, path)


def versions_document(entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Return the content of ``versions.json`` for *entries*, newest first."""
    return {"newest": entries[0]["version"] if entries else None, "versions": entries}


def write_site_index(site: Path) -> dict[str, Any]:
    """Write ``versions.json`` and ``index.html`` from the site's release folders."""
    entries = [release.entry() for release in site_releases(site)]
    document = versions_document(entries)
    _write_atomically(site / VERSIONS_FILE, json.dumps(document, indent=2) + "\n")
    template = jinja2.Environment(autoescape=True).from_string(
        resources.files("aims_docs.templates")
        .joinpath(INDEX_TEMPLATE)
        .read_text("utf-8")
    )
    _write_atomically(site / INDEX_FILE, template.render(**document))
    return document
