"""Publish a release of an AIMS manual into a site that keeps every release.

A release is built into a hidden staging folder inside the site folder: the HTML
manual, its PDF, ``release.json`` and ``SHA256SUMS``. Only when all of that is
complete is the folder renamed to ``site/<version>`` (one ``os.replace`` on the
same file system), so a failed or interrupted build leaves the releases as they
were. ``versions.json`` and ``index.html`` of the site are then written again
from the release folders.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

try:
    import fcntl
except ImportError:  # Windows has no fcntl.
    fcntl = None  # type: ignore[assignment]

from aims_docs import manifest
from aims_docs.model import TYPE_NAMES
from aims_docs.project import GitState, Project, git_state
from aims_docs.site import (
    SiteRelease,
    previous_release,
    site_releases,
    version_key,
    write_site_index,
)
from aims_docs.text import plural

logger = logging.getLogger(__name__)

FINDINGS_FILE = "aims-findings.json"
NEEDS_FILE = "needs.json"
STAGING_PREFIX = ".publish-"

#: Exit status when the release is rejected because of findings or a failed build.
EXIT_REJECTED = 1
#: Exit status for usage errors, such as a version that is already published.
EXIT_USAGE = 2


class PublishError(Exception):
    """Publishing stopped and left the site unchanged. Carries the exit status."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class PublishRequest:
    """The release to publish, the site to publish it into, and the options."""

    project: Project
    site: Path
    version: str
    as_of: dt.date
    allow_findings: bool = False
    force: bool = False
    pdf: bool = True
    allow_dirty: bool = False
    date: dt.date = field(default_factory=dt.date.today)  # the publication date


@dataclass(frozen=True)
class PublishResult:
    """A published release."""

    folder: Path
    release: dict[str, Any]
    replaced: bool
    manifest_digest: str  # the SHA-256 of the release's SHA256SUMS


def pdf_name(version: str) -> str:
    return f"manual-{version}.pdf"


@contextmanager
def _site_lock(site: Path) -> Iterator[None]:
    """Hold an exclusive lock on the site folder, so publishes never interleave."""
    if fcntl is None:
        # NOTE: without fcntl (Windows), two publishes into one site can interleave.
        yield
        return
    descriptor = os.open(site, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _release_description(
    request: PublishRequest, git: GitState, releases: list[SiteRelease], path: Path
) -> None:
    """Write the release description that the Sphinx build reads."""
    others = [r for r in releases if r.version != request.version]
    previous = previous_release(others, request.version)
    own: dict[str, Any] = {"version": request.version, "date": request.date.isoformat()}
    versions: list[dict[str, Any]] = sorted(
        [own, *({"version": r.version, "date": r.data.get("date")} for r in others)],
        key=lambda entry: version_key(entry["version"]),
        reverse=True,
    )
    description: dict[str, Any] = {
        "version": request.version,
        "date": own["date"],
        "as_of": request.as_of.isoformat(),
        "allow_findings": request.allow_findings,
        "git": {"commit": git.commit, "dirty": git.dirty},
        "pdf": pdf_name(request.version) if request.pdf else "",
        "versions": versions,
        "site": str(request.site),
        "previous": {
            "version": previous.version,
            "as_of": previous.data.get("as_of"),
            "needs_file": str(previous.folder / NEEDS_FILE),
        }
        if previous
        else None,
    }
    path.write_text(json.dumps(description, indent=2) + "\n", "utf-8")


def _sphinx(
    request: PublishRequest,
    builder: str,
    outdir: Path,
    doctrees: Path,
    description: Path,
    extra: list[str],
) -> None:
    """Run one Sphinx build in a child process with the as-of date pinned."""
    command = [
        sys.executable,
        "-m",
        "sphinx",
        "-q",
        "-b",
        builder,
        "-c",
        str(request.project.confdir),
        "-d",
        str(doctrees),
        "-D",
        f"aims_release_file={description}",
        "-D",
        f"version={request.version}",
        "-D",
        f"release={request.version}",
        *extra,
        str(request.project.srcdir),
        str(outdir),
    ]
    environment = {**os.environ, "AIMS_AS_OF": request.as_of.isoformat()}
    # Warnings and errors go to stderr. Stdout holds only progress messages.
    completed = subprocess.run(
        command, env=environment, stdout=subprocess.DEVNULL, check=False
    )
    if completed.returncode != 0:
        raise PublishError(
            f"the {builder} build of release {request.version} failed "
            f"(sphinx-build exit status {completed.returncode}); fix the errors "
            "reported above and publish again; the site is unchanged",
            EXIT_REJECTED,
        )


def _read_findings(release_dir: Path, request: PublishRequest) -> list[dict[str, Any]]:
    path = release_dir / FINDINGS_FILE
    try:
        findings = json.loads(path.read_text("utf-8"))["findings"]
    except (OSError, ValueError, KeyError) as error:
        raise PublishError(
            f"the build wrote no readable {FINDINGS_FILE} ({error}); check that "
            f"conf.py in {request.project.confdir} lists 'aims_docs' in extensions",
            EXIT_USAGE,
        ) from None
    return list(findings)


def _count_objects(release_dir: Path) -> Counter[str]:
    data = json.loads((release_dir / NEEDS_FILE).read_text("utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    return Counter(
        need["type"]
        for need in needs.values()
        if need.get("type") in TYPE_NAMES and not need.get("is_external")
    )


def _release_record(
    request: PublishRequest,
    git: GitState,
    objects: Counter[str],
    findings: list[dict[str, Any]],
    previous: str | None,
) -> dict[str, Any]:
    return {
        "version": request.version,
        "date": request.date.isoformat(),
        "as_of": request.as_of.isoformat(),
        "git": {
            "commit": git.commit,
            "dirty": git.dirty,
            "uncommitted_files": list(git.changes),
        },
        "objects": sum(objects.values()),
        "objects_by_type": dict(sorted(objects.items())),
        "findings": len(findings),
        "findings_by_subtype": dict(
            sorted(Counter(f.get("subtype", "") for f in findings).items())
        ),
        "published_with_findings": bool(findings),
        "previous": previous,
        "pdf": pdf_name(request.version) if request.pdf else None,
    }


def build_release(
    request: PublishRequest,
    git: GitState,
    staging: Path,
    releases: list[SiteRelease],
) -> dict[str, Any]:
    """Build the complete release folder ``staging/release`` and return its record."""
    release_dir = staging / "release"
    description = staging / "release-description.json"
    _release_description(request, git, releases, description)
    _sphinx(request, "html", release_dir, staging / "doctrees-html", description, [])

    findings = _read_findings(release_dir, request)
    if findings and not request.allow_findings:
        raise PublishError(
            f"release {request.version} has {plural(len(findings), 'finding')} "
            "(the aims.* warnings above); fix them, or pass --allow-findings to "
            "publish them listed on the release's start page; the site is unchanged",
            EXIT_REJECTED,
        )
    if request.pdf:
        pdf_dir = staging / "pdf"
        _sphinx(
            request,
            "simplepdf",
            pdf_dir,
            staging / "doctrees-pdf",
            description,
            [
                "-D",
                f"simplepdf_file_name={pdf_name(request.version)}",
                "-D",
                "simplepdf_use_weasyprint_api=1",
            ],
        )
        shutil.copy2(pdf_dir / pdf_name(request.version), release_dir)

    others = [r for r in releases if r.version != request.version]
    previous = previous_release(others, request.version)
    record = _release_record(
        request,
        git,
        _count_objects(release_dir),
        findings,
        previous.version if previous else None,
    )
    manifest.write_release_json(release_dir, record)
    manifest.write_sums(release_dir)
    return record


def _move_into_place(staging: Path, target: Path, force: bool) -> bool:
    """Rename the finished release to *target* and return whether one was replaced."""
    if not target.exists():
        os.replace(staging / "release", target)
        return False
    if not force:
        raise PublishError(_exists_message(target), EXIT_USAGE)
    # NOTE: replacing takes two renames. If the process dies between them, the
    # old release is left in the staging folder and the version folder is absent.
    os.replace(target, staging / "replaced")
    try:
        os.replace(staging / "release", target)
    except OSError:
        os.replace(staging / "replaced", target)
        raise
    return True


def _exists_message(target: Path) -> str:
    return (
        f"release {target.name} is already published in {target}; publish a new "
        "version, or pass --force to replace this one (other releases stay as "
        "they are)"
    )


#: Changed files named in the message that rejects a dirty working tree.
SHOWN_CHANGES = 3


def _dirty_message(git: GitState) -> str:
    shown = ", ".join(git.changes[:SHOWN_CHANGES])
    hidden = len(git.changes) - SHOWN_CHANGES
    if hidden > 0:
        shown += f" and {plural(hidden, 'more file')}"
    return (
        f"the working tree has uncommitted changes ({shown}); commit them (add "
        "files that are not part of the manual to .gitignore), or pass "
        "--allow-dirty to publish a release marked as built from uncommitted "
        "changes; the site is unchanged"
    )


def _warn_stale_staging(site: Path) -> None:
    for folder in sorted(site.glob(f"{STAGING_PREFIX}*")):
        logger.warning(
            "%s is left from an interrupted publish; it is not a release and can be "
            "deleted",
            folder,
        )


def publish(request: PublishRequest) -> PublishResult:
    """Build and publish one release, raising :class:`PublishError` on any failure."""
    site, target = request.site, request.site / request.version
    if target.exists() and not request.force:
        raise PublishError(_exists_message(target), EXIT_USAGE)
    git = git_state(request.project, outputs=[site])
    if git.dirty and not request.allow_dirty:
        raise PublishError(_dirty_message(git), EXIT_USAGE)
    created_site = not site.exists()
    site.mkdir(parents=True, exist_ok=True)
    try:
        with _site_lock(site):
            _warn_stale_staging(site)
            staging = Path(
                tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{request.version}-", dir=site)
            )
            try:
                record = build_release(request, git, staging, site_releases(site))
                replaced = _move_into_place(staging, target, request.force)
            finally:
                shutil.rmtree(staging, ignore_errors=True)
            write_site_index(site, published=request.version)
    except BaseException:
        if created_site and site.is_dir() and not any(site.iterdir()):
            site.rmdir()
        raise
    return PublishResult(target, record, replaced, manifest.sums_digest(target))
