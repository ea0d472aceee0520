"""The release a build belongs to, as described by ``aims-docs publish``.

``aims-docs publish`` writes a release description as JSON and passes its path in
the ``aims_release_file`` option. A build without that option is not a release
build: it shows no version switcher and no changes.
"""

from __future__ import annotations

import datetime as dt
import json
import weakref
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.errors import ConfigError

from aims_docs.model import parse_date


@dataclass(frozen=True)
class PreviousRelease:
    """The release that the changes page compares with."""

    version: str
    as_of: dt.date
    needs_file: Path


@dataclass(frozen=True)
class ReleaseInfo:
    """The release a build publishes and the releases of its site."""

    version: str
    date: dt.date
    as_of: dt.date
    allow_findings: bool = False
    commit: str | None = None  # the git commit, None outside git
    dirty: bool = False  # built from uncommitted changes to the commit
    pdf: str = ""  # file name of the release's PDF, or "" without one
    versions: list[dict[str, Any]] = field(default_factory=list)  # newest first
    site: Path | None = None  # the site folder the release is published into
    previous: PreviousRelease | None = None


_releases: weakref.WeakKeyDictionary[BuildEnvironment, ReleaseInfo | None] = (
    weakref.WeakKeyDictionary()
)


def _date(source: Path, key: str, value: Any) -> dt.date:
    parsed = parse_date(str(value))
    if parsed is None:
        raise ConfigError(
            f"{source}: key {key!r}: invalid date {value!r}; write it as YYYY-MM-DD"
        )
    return parsed


def read_release_file(path: Path) -> ReleaseInfo:
    """Read a release description, raising ``ConfigError`` naming the file and key."""
    try:
        data = json.loads(path.read_text("utf-8"))
        version = str(data["version"])
        previous = data.get("previous")
        git = data.get("git") or {}
        return ReleaseInfo(
            version=version,
            date=_date(path, "date", data["date"]),
            as_of=_date(path, "as_of", data["as_of"]),
            allow_findings=bool(data.get("allow_findings", False)),
            commit=git.get("commit"),
            dirty=bool(git.get("dirty", False)),
            pdf=str(data.get("pdf", "")),
            versions=list(data.get("versions", [])),
            site=Path(data["site"]) if data.get("site") else None,
            previous=PreviousRelease(
                str(previous["version"]),
                _date(path, "previous.as_of", previous["as_of"]),
                Path(previous["needs_file"]),
            )
            if previous
            else None,
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise ConfigError(
            f"aims_release_file: cannot read the release description {path}: {error}"
        ) from None


def load_release(app: Sphinx) -> None:
    """Read the release description once per build, in ``builder-inited``."""
    configured = app.config.aims_release_file
    _releases[app.env] = read_release_file(Path(configured)) if configured else None


def get_release(env: BuildEnvironment) -> ReleaseInfo | None:
    """Return the release this build publishes, or ``None`` outside a release."""
    return _releases.get(env)
