"""Find a Sphinx project's folders and its git state, for publishing.

Two layouts are supported: the repository layout, with ``conf.py`` at the top
and the pages in ``source/`` (built with ``sphinx-build -c . source``), and the
plain layout, with ``conf.py`` beside the pages. A ``source/conf.py`` under the
given folder is found too.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

#: Start pages whose presence marks the folder of ``conf.py`` as the source folder.
ROOT_PAGES = ("index.md", "index.rst")


class ProjectError(Exception):
    """The project folder or its git repository cannot be used."""


@dataclass(frozen=True)
class Project:
    """The folders of a Sphinx project: where ``conf.py`` is and where the pages are."""

    confdir: Path
    srcdir: Path


def find_project(directory: Path) -> Project:
    """Return the project in *directory*, or raise :class:`ProjectError` if none."""
    directory = directory.resolve()
    if not directory.is_dir():
        raise ProjectError(f"project folder {directory} not found; pass --project DIR")
    source = directory / "source"
    if (directory / "conf.py").is_file():
        has_pages = any((directory / name).is_file() for name in ROOT_PAGES)
        if source.is_dir() and not has_pages:
            return Project(directory, source)
        return Project(directory, directory)
    if (source / "conf.py").is_file():
        return Project(source, source)
    raise ProjectError(
        f"no conf.py in {directory} or {source}; pass --project with the folder "
        "that holds conf.py"
    )


def _git(directory: Path, *arguments: str) -> str | None:
    try:
        completed = subprocess.run(
            ["git", "-C", str(directory), *arguments],
            capture_output=True,
            text=True,
            check=False,
        )
    except FileNotFoundError:
        return None
    return completed.stdout.strip() if completed.returncode == 0 else None


def newest_tag(directory: Path) -> str:
    """Return the highest version tag on the current commit of *directory*."""
    tags = _git(directory, "tag", "--points-at", "HEAD", "--sort=-v:refname")
    if tags is None:
        raise ProjectError(
            f"{directory} is not in a git repository (or git is not installed), so "
            "the version cannot come from a tag; pass --version, such as --version 1.0"
        )
    if not tags:
        raise ProjectError(
            "no git tag on the current commit; tag it (git tag 1.0) or pass "
            "--version, such as --version 1.0"
        )
    return tags.splitlines()[0]


def git_state(directory: Path) -> tuple[str | None, bool]:
    """Return the current commit (``None`` outside git) and whether files differ."""
    commit = _git(directory, "rev-parse", "HEAD")
    if commit is None:
        return None, False
    status = _git(directory, "status", "--porcelain", "--untracked-files=no")
    return commit, bool(status)
