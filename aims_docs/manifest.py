"""The manifest of a release: ``SHA256SUMS`` and ``release.json``.

``SHA256SUMS`` lists the SHA-256 hash of every file of the release folder except
itself, one ``<hash>  <relative path>`` line per file in the format of GNU
``sha256sum``, so ``sha256sum -c SHA256SUMS`` checks it too. ``release.json`` is
one of the listed files.
"""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

SUMS_FILE = "SHA256SUMS"
RELEASE_FILE = "release.json"

#: Distributions whose versions are recorded in ``release.json``.
RECORDED_DISTRIBUTIONS = (
    "aims-docs",
    "sphinx",
    "sphinx-needs",
    "myst-parser",
    "docutils",
    "furo",
    "jinja2",
    "sphinx-simplepdf",
    "weasyprint",
)

_CHUNK = 1 << 20


def sha256_file(path: Path) -> str:
    """Return the hex SHA-256 digest of the file at *path*."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def release_files(folder: Path) -> list[str]:
    """Return the POSIX paths, relative to *folder*, of every file in it, sorted.

    ``SHA256SUMS`` itself is left out. Symbolic links are listed like files, so
    a link that points elsewhere is hashed by its target's content.
    """
    return sorted(
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path.relative_to(folder).as_posix() != SUMS_FILE
    )


def sums_digest(folder: Path) -> str:
    """Return the hex SHA-256 digest of the ``SHA256SUMS`` of *folder*.

    The digest stands for the whole release: with it recorded outside the
    release, changing any file and its line in ``SHA256SUMS`` is detected.
    """
    return sha256_file(folder / SUMS_FILE)


def write_sums(folder: Path) -> None:
    """Write ``SHA256SUMS`` over every other file of *folder*."""
    lines = [
        f"{sha256_file(folder / name)}  {name}\n" for name in release_files(folder)
    ]
    (folder / SUMS_FILE).write_text("".join(lines), "utf-8")


def dependency_versions() -> dict[str, str]:
    """Return the installed version of Python and of each recorded distribution."""
    versions = {"python": platform.python_version()}
    for name in RECORDED_DISTRIBUTIONS:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    return versions


def write_release_json(folder: Path, release: dict[str, Any]) -> None:
    """Write ``release.json`` into *folder* with the tool and dependency versions."""
    data = {**release, "tools": dependency_versions()}
    (folder / RELEASE_FILE).write_text(json.dumps(data, indent=2) + "\n", "utf-8")


def read_release_json(folder: Path) -> dict[str, Any] | None:
    """Return the ``release.json`` of a release folder, or ``None`` if unreadable."""
    try:
        data = json.loads((folder / RELEASE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@dataclass(frozen=True)
class DigestCheck:
    """A comparison of the SHA-256 of ``SHA256SUMS`` with a digest recorded elsewhere."""

    source: str  # where the expected digest was recorded
    expected: str | None  # None when the source records no digest for the release
    actual: str

    @property
    def ok(self) -> bool:
        """Whether the digests match, or the source records none to compare."""
        return self.expected is None or self.expected == self.actual


@dataclass
class Verification:
    """The differences between a release folder and its manifest."""

    changed: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    checked: int = 0
    digests: list[DigestCheck] = field(default_factory=list)

    @property
    def files_ok(self) -> bool:
        """Whether every file matches ``SHA256SUMS``, with none added or removed."""
        return not (self.changed or self.added or self.removed)

    @property
    def ok(self) -> bool:
        """Whether the files and every digest of ``SHA256SUMS`` match."""
        return self.files_ok and all(check.ok for check in self.digests)


class ManifestError(Exception):
    """``SHA256SUMS`` is missing or not in the expected format."""


def read_sums(folder: Path) -> dict[str, str]:
    """Return the path to hash mapping of the ``SHA256SUMS`` of *folder*.

    Raises :class:`ManifestError` naming the line of any malformed entry.
    """
    sums_path = folder / SUMS_FILE
    try:
        text = sums_path.read_text("utf-8")
    except FileNotFoundError:
        raise ManifestError(
            f"{sums_path}: not found; is {folder} a release folder written by "
            "'aims-docs publish'?"
        ) from None
    sums: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        digest, separator, name = line.partition("  ")
        if not separator or len(digest) != 64 or not name:
            raise ManifestError(
                f"{sums_path}:{number}: invalid line {line!r}; expected "
                "'<64 hex digits>  <path>'"
            )
        sums[name] = digest.lower()
    return sums


def verify(folder: Path) -> Verification:
    """Compare every file of a release folder with its ``SHA256SUMS``."""
    expected = read_sums(folder)
    present = set(release_files(folder))
    result = Verification()
    for name in sorted(expected):
        if name not in present:
            result.removed.append(name)
            continue
        result.checked += 1
        if sha256_file(folder / name) != expected[name]:
            result.changed.append(name)
    result.added = sorted(present - expected.keys())
    return result
