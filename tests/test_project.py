"""The git state a release is published from: its commit and uncommitted changes."""

from __future__ import annotations

import subprocess
from pathlib import Path

from aims_docs.project import GitState, Project, git_state

GIT_IDENTITY = ["-c", "user.name=Test", "-c", "user.email=test@example.org"]


def git(repo: Path, *arguments: str) -> str:
    completed = subprocess.run(
        ["git", *GIT_IDENTITY, *arguments],
        cwd=repo,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip()


def write(path: Path, text: str = "text\n") -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def repository(tmp_path: Path) -> tuple[Path, Project]:
    """Return a committed repository with the project in its ``docs`` folder."""
    repo = tmp_path / "repo"
    write(repo / "README.md")
    write(repo / ".gitignore", "*.log\n")
    write(repo / "docs" / "conf.py", "extensions = ['aims_docs']\n")
    write(repo / "docs" / "source" / "index.md", "# Manual\n")
    write(repo / "docs" / "source" / "old.md", "# Old\n")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Manual")
    return repo, Project(repo / "docs", repo / "docs" / "source")


def test_clean_tree(tmp_path):
    repo, project = repository(tmp_path)
    state = git_state(project)
    assert state == GitState(git(repo, "rev-parse", "HEAD"))
    assert state.dirty is False


def test_tracked_changes_anywhere_count(tmp_path):
    repo, project = repository(tmp_path)
    write(repo / "README.md", "changed\n")
    write(repo / "docs" / "source" / "index.md", "# Changed manual\n")
    git(repo, "mv", "docs/source/old.md", "docs/source/renamed.md")
    state = git_state(project)
    assert state.dirty is True
    assert sorted(state.changes) == [
        "README.md",
        "docs/source/index.md",
        "docs/source/renamed.md",
    ]


def test_untracked_files_under_project_count(tmp_path):
    repo, project = repository(tmp_path)
    write(repo / "docs" / "source" / "new page.md", "# New\n")
    write(repo / "docs" / "_static" / "logo.svg", "<svg/>\n")
    write(repo / "scratch.txt")  # outside the project folder
    state = git_state(project)
    assert sorted(state.changes) == ["docs/_static/logo.svg", "docs/source/new page.md"]


def test_outputs_and_ignored_files_never_count(tmp_path):
    repo, project = repository(tmp_path)
    site = repo / "docs" / "site"
    write(site / "1.0" / "index.html")
    write(repo / "docs" / "build" / "html" / "index.html")
    write(repo / "docs" / ".venv" / "pyvenv.cfg")
    write(repo / "docs" / "source" / "build.log")  # excluded by .gitignore
    state = git_state(project, outputs=[site])
    assert state.changes == ()


def test_outside_git(tmp_path):
    project = Project(tmp_path, tmp_path)
    write(tmp_path / "conf.py")
    assert git_state(project) == GitState(None)
