"""Find a Sphinx project's folders and its git state, for publishing.

Two layouts are supported: the repository layout, with ``conf.py`` at the top
and the pages in ``source/`` (built with ``sphinx-build -c . source``), and the
plain layout, with ``conf.py`` beside the pages. A ``source/conf.py`` under the
given folder is found too.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
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


@dataclass(frozen=True)
class GitState:
    """The commit a project is published from and the files that differ from it."""

    commit: str | None  # None outside a git repository
    #: Paths, relative to the repository's top folder, of tracked files with
    #: uncommitted changes and of untracked files under the project folder.
    changes: tuple[str, ...] = ()

    @property
    def dirty(self) -> bool:
        """Whether the working tree differs from the commit."""
        return bool(self.changes)


def _status_entries(top: Path) -> list[tuple[str, str]]:
    """Return ``(XY status, path)`` for each entry of ``git status`` in *top*."""
    completed = subprocess.run(
        ["git", "-C", str(top), "status", "--porcelain=v1", "-z"]
        + ["--untracked-files=all"],
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode != 0:
        return []
    fields = completed.stdout.split("\0")
    entries = []
    index = 0
    while index < len(fields) and fields[index]:
        code, path = fields[index][:2], fields[index][3:]
        entries.append((code, path))
        # A rename or copy is followed by a field with the original path.
        index += 2 if "R" in code or "C" in code else 1
    return entries


def _is_under(path: Path, folders: Iterable[Path]) -> bool:
    return any(path == folder or path.is_relative_to(folder) for folder in folders)


def git_state(project: Project, outputs: Iterable[Path] = ()) -> GitState:
    """Return the current commit of *project* and its uncommitted changes.

    Every tracked file of the repository with uncommitted changes counts, and so
    does every untracked file under the project folder (``conf.py``'s folder)
    that ``.gitignore`` does not exclude. Files under *outputs* (such as the
    site folder) and under the project's ``build/`` and ``.venv/`` never count.
    """
    commit = _git(project.confdir, "rev-parse", "HEAD")
    top = _git(project.confdir, "rev-parse", "--show-toplevel")
    if commit is None or top is None:
        return GitState(None)
    root = Path(top).resolve()
    confdir = project.confdir.resolve()
    skipped = [
        *(Path(folder).resolve() for folder in outputs),
        confdir / "build",
        confdir / ".venv",
    ]
    changes = []
    for code, name in _status_entries(root):
        path = root / name
        if _is_under(path, skipped):
            continue
        # NOTE: every untracked file under the project folder counts, including
        # files that Sphinx does not read, such as notes beside the pages.
        if code == "??" and not _is_under(path, [confdir]):
            continue
        changes.append(name)
    return GitState(commit, tuple(changes))
