"""The site of published releases: its release folders, ``versions.json`` and index.

A site is a folder with one subfolder per release (``site/1.0/``), each holding
a ``release.json``. ``versions.json`` and ``index.html`` at the top are derived
from those files, so they can always be written again; the release folders are
never rewritten. The one exception is the SHA-256 of each release's
``SHA256SUMS`` in ``versions.json``: it is recorded when the release is
published and kept from then on, so that changing ``SHA256SUMS`` is detected.
"""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from packaging.version import InvalidVersion, Version

from aims_docs import manifest
from aims_docs.manifest import read_release_json

logger = logging.getLogger(__name__)

VERSIONS_FILE = "versions.json"
#: Key of a ``versions.json`` entry with the SHA-256 of the release's ``SHA256SUMS``.
MANIFEST_DIGEST = "manifest_sha256"
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

    def entry(self, digest: str | None = None) -> dict[str, Any]:
        """Return this release's entry in ``versions.json``.

        *digest* is the SHA-256 of the release's ``SHA256SUMS`` to record.
        """
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
            MANIFEST_DIGEST: digest,
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


class SiteError(Exception):
    """The ``versions.json`` of a site cannot be read."""


def recorded_digests(site: Path) -> dict[str, str]:
    """Return the SHA-256 of ``SHA256SUMS`` that ``versions.json`` records per version.

    Returns an empty mapping when *site* has no ``versions.json``, and raises
    :class:`SiteError` naming the file when it is not valid.
    """
    path = site / VERSIONS_FILE
    try:
        document = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as error:
        raise SiteError(f"{path}: cannot be read ({error})") from None
    entries = document.get("versions") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SiteError(f"{path}: invalid content: no 'versions' list")
    return {
        str(entry["version"]): str(entry[MANIFEST_DIGEST])
        for entry in entries
        if isinstance(entry, dict)
        and entry.get("version")
        and entry.get(MANIFEST_DIGEST)
    }


def _digest_on_disk(release: SiteRelease) -> str | None:
    try:
        return manifest.sums_digest(release.folder)
    except OSError:
        return None


def _manifest_digests(
    site: Path, releases: list[SiteRelease], published: str | None
) -> dict[str, str | None]:
    """Return the digest of each release's ``SHA256SUMS`` to record in ``versions.json``.

    The digest recorded when a release was published is kept, so a later
    change to that release's ``SHA256SUMS`` stays detectable. Only the release
    *published* now, and a release that has no digest recorded, get the digest
    of their ``SHA256SUMS`` as it is on disk.
    """
    try:
        recorded = recorded_digests(site)
    except SiteError as error:
        logger.warning(
            "%s; the digests of SHA256SUMS are recorded from the releases", error
        )
        recorded = {}
    digests: dict[str, str | None] = {}
    for release in releases:
        on_disk = _digest_on_disk(release)
        kept = recorded.get(release.version)
        if release.version == published or kept is None:
            # NOTE: a release with no digest recorded (published by an older
            # aims-docs, or versions.json removed) gets the one on disk now.
            digests[release.version] = on_disk
            continue
        if on_disk != kept:
            logger.warning(
                "%s no longer matches the SHA-256 recorded for release %s in %s; "
                "check it with 'aims-docs verify %s'",
                release.folder / manifest.SUMS_FILE,
                release.version,
                site / VERSIONS_FILE,
                release.folder,
            )
        digests[release.version] = kept
    return digests


def write_site_index(site: Path, published: str | None = None) -> dict[str, Any]:
    """Write ``versions.json`` and ``index.html`` from the site's release folders.

    *published* is the version published just now, whose digest of
    ``SHA256SUMS`` is recorded anew.
    """
    releases = site_releases(site)
    digests = _manifest_digests(site, releases, published)
    entries = [release.entry(digests[release.version]) for release in releases]
    document = versions_document(entries)
    _write_atomically(site / VERSIONS_FILE, json.dumps(document, indent=2) + "\n")
    template = jinja2.Environment(autoescape=True).from_string(
        resources.files("aims_docs.templates")
        .joinpath(INDEX_TEMPLATE)
        .read_text("utf-8")
    )
    _write_atomically(site / INDEX_FILE, template.render(**document))
    return document


def verify_release(
    folder: Path, expected_digest: str | None = None
) -> manifest.Verification:
    """Check a release folder against its ``SHA256SUMS`` and that file's digests.

    The digest of ``SHA256SUMS`` is compared with the one recorded in the
    ``versions.json`` beside the release, when there is one, and with
    *expected_digest*, when given. Raises :class:`manifest.ManifestError` when
    ``SHA256SUMS`` is unreadable and :class:`SiteError` when ``versions.json``
    is.
    """
    result = manifest.verify(folder)
    actual = manifest.sums_digest(folder)
    site = folder.resolve().parent
    if (site / VERSIONS_FILE).exists():
        recorded = recorded_digests(site).get(folder.resolve().name)
        result.digests.append(
            manifest.DigestCheck(str(folder.parent / VERSIONS_FILE), recorded, actual)
        )
    if expected_digest is not None:
        result.digests.append(
            manifest.DigestCheck("--expected-digest", expected_digest.lower(), actual)
        )
    return result
