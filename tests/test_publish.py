"""Publishing releases: two releases of a sample project in a temporary git repository.

The module fixture publishes release 1.0, changes an object and adds a risk, and
publishes release 1.1. Tests that change the site work on a copy of it.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from browser.browser_support import clipped_tables
from conftest import REPO, ROOTS

pytestmark = pytest.mark.slow

ARTIFACTS = REPO / "test-artifacts"
SAMPLE = ROOTS / "test-publish-manual"
CLI = "import sys; from aims_docs.cli import main; sys.exit(main())"
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


def aims_docs(*arguments: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the aims-docs command line in a child process, as a user would."""
    return subprocess.run(
        [sys.executable, "-c", CLI, *arguments],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )


def site_hashes(site: Path) -> dict[str, str]:
    """Map every file under *site* to its SHA-256 digest."""
    return {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(site.rglob("*"))
        if path.is_file()
    }


def new_repository(target: Path) -> Path:
    shutil.copytree(SAMPLE, target)
    git(target, "init", "-q", "-b", "main")
    git(target, "add", "-A")
    git(target, "commit", "-q", "-m", "Release 1.0 of the sample manual")
    return target


def change_manual(repo: Path) -> None:
    """Change the chatbot's owner, re-score a risk and add a risk with a control.

    The monitoring procedure gets a description, and the Statement of
    Applicability excludes a control.
    """
    systems = repo / "systems.md"
    text = systems.read_text("utf-8")
    text = text.replace(":owner: Head of support", ":owner: Head of customer care")
    text = text.replace(
        ":addresses: ISO42001_A_6_2_6\n:::",
        ":addresses: ISO42001_A_6_2_6\n\nAnswers are sampled every month.\n:::",
    )
    text = text.replace(":likelihood: 4\n:impact: 3", ":likelihood: 2\n:impact: 3")
    text += (
        "\n:::{risk} Leaked customer data\n:id: RISK_LEAK\n:affects: SYS_CHAT\n"
        ":likelihood: 2\n:impact: 5\n:treatment: mitigate\n:::\n"
        "\n:::{control} Redact personal data\n:id: CTRL_REDACT\n:status: approved\n"
        ":mitigates: RISK_LEAK\n:last_reviewed: 2025-10-01\n"
        ":review_interval: 12 months\n:::\n"
    )
    systems.write_text(text, "utf-8")
    framework = repo / "framework.md"
    framework.write_text(
        framework.read_text("utf-8").replace(
            ":decision: applicable\n:justification: The chatbot is developed in house.",
            ":decision: excluded\n:justification: The chatbot is bought in.",
        ),
        "utf-8",
    )
    git(repo, "commit", "-q", "-am", "Release 1.1 of the sample manual")


class Published:
    """The repository and site of the two-release fixture."""

    def __init__(self, repo: Path, site: Path) -> None:
        self.repo = repo
        self.site = site
        self.hashes_10_before_11: dict[str, str] = {}
        self.outputs: list[subprocess.CompletedProcess[str]] = []


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    base = tmp_path_factory.mktemp("publish")
    repo = new_repository(base / "manual")
    result = Published(repo, base / "site")
    git(repo, "tag", "1.0")
    # Version from the tag, project from the current folder.
    first = aims_docs(
        "publish",
        "--site",
        str(result.site),
        "--as-of",
        "2026-11-30",
        cwd=repo,
    )
    assert first.returncode == 0, first.stderr
    result.hashes_10_before_11 = site_hashes(result.site / "1.0")
    change_manual(repo)
    git(repo, "tag", "1.1")
    second = aims_docs(
        "publish",
        "--project",
        str(repo),
        "--site",
        str(result.site),
        "--as-of",
        "2026-12-01",
        cwd=base,
    )
    assert second.returncode == 0, second.stderr
    result.outputs = [first, second]
    return result


def test_publish_reports_release(published):
    assert "published release 1.0" in published.outputs[0].stdout
    assert "published release 1.1" in published.outputs[1].stdout
    assert "objects, 0 findings)" in published.outputs[1].stdout


def test_publish_prints_manifest_digest(published):
    release = published.site / "1.1"
    digest = hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()
    output = published.outputs[1].stdout
    assert f"SHA-256 of {release / 'SHA256SUMS'}: {digest}" in output
    assert "Keep this digest outside the site" in output
    assert f"aims-docs verify {release} --expected-digest {digest}" in output


def test_versions_json_newest_first(published):
    data = json.loads((published.site / "versions.json").read_text("utf-8"))
    assert data["newest"] == "1.1"
    assert [entry["version"] for entry in data["versions"]] == ["1.1", "1.0"]
    newest, oldest = data["versions"]
    assert newest["commit"] == git(published.repo, "rev-parse", "1.1^{commit}")
    assert oldest["commit"] == git(published.repo, "rev-parse", "1.0^{commit}")
    assert newest["as_of"] == "2026-12-01"
    assert oldest["as_of"] == "2026-11-30"
    assert newest["objects"] == oldest["objects"] + 2
    assert newest["path"] == "1.1/"
    for entry in data["versions"]:
        sums = published.site / entry["version"] / "SHA256SUMS"
        digest = hashlib.sha256(sums.read_bytes()).hexdigest()
        assert entry["manifest_sha256"] == digest


def test_counts_match_release_files(published):
    for version in ("1.0", "1.1"):
        folder = published.site / version
        record = json.loads((folder / "release.json").read_text("utf-8"))
        needs_data = json.loads((folder / "needs.json").read_text("utf-8"))
        needs = needs_data["versions"][needs_data["current_version"]]["needs"]
        findings = json.loads((folder / "aims-findings.json").read_text("utf-8"))
        assert record["objects"] == len(needs)
        assert record["findings"] == len(findings["findings"]) == 0
        assert record["version"] == version
        start = (folder / "index.html").read_text("utf-8")
        assert "aims-release-findings" not in start


def test_release_json_records_tools(published):
    record = json.loads((published.site / "1.1" / "release.json").read_text("utf-8"))
    assert record["date"]
    assert record["as_of"] == "2026-12-01"
    assert record["previous"] == "1.0"
    assert record["git"]["dirty"] is False
    assert record["objects_by_type"]["risk"] == 2
    for name in ("python", "aims-docs", "sphinx", "sphinx-needs", "weasyprint"):
        assert record["tools"][name]


def test_older_release_untouched(published):
    assert site_hashes(published.site / "1.0") == published.hashes_10_before_11


def test_site_index_opens_newest(published):
    index = (published.site / "index.html").read_text("utf-8")
    assert "url=1.1/index.html" in index
    assert 'href="1.0/index.html"' in index


def _switcher(page: Path) -> str:
    match = re.search(
        r'<nav class="aims-version-switcher".*?</nav>',
        page.read_text("utf-8"),
        re.DOTALL,
    )
    assert match, f"no version switcher in {page}"
    return match.group(0)


def test_switcher_on_every_page(published):
    # permalink.html is sphinx-needs' redirect to an object, not a page.
    pages = [
        page
        for page in sorted((published.site / "1.1").rglob("*.html"))
        if page.name != "permalink.html"
    ]
    assert {"index.html", "genindex.html", "search.html", "changes.html"} <= {
        page.name for page in pages
    }
    for page in pages:
        switcher = _switcher(page)
        assert 'data-version="1.1"' in switcher
        assert switcher.index(">1.1</a>") < switcher.index(">1.0</a>")
        assert 'href="manual-1.1.pdf"' in switcher


def test_switcher_marks_newest(published):
    switcher = _switcher(published.site / "1.1" / "index.html")
    newest_item = re.search(r"<li>.*?</li>", switcher, re.DOTALL)
    assert newest_item and ">1.1</a>" in newest_item.group(0)
    assert "aims-newest" in newest_item.group(0)
    assert 'href="../1.0/index.html"' in switcher


def test_old_release_lists_build_time_versions(published):
    switcher = _switcher(published.site / "1.0" / "index.html")
    assert ">1.0</a>" in switcher
    assert ">1.1</a>" not in switcher
    script = (published.site / "1.0" / "_static" / "aims-versions.js").read_text()
    assert "versions.json" in script


def _changes_text(version_folder: Path) -> str:
    html = (version_folder / "changes.html").read_text("utf-8")
    body = html[html.index("Changes since the previous release") :]
    # <wbr> marks where an id may wrap; it is not a space.
    body = body.replace("<wbr>", "")
    text = re.sub(r"<[^>]+>", " ", body).replace("\N{PILCROW SIGN}", "")
    return re.sub(r"\s+", " ", text)


def test_first_release_has_no_predecessor(published):
    text = _changes_text(published.site / "1.0")
    assert "Release 1.0 is the first published release" in text


def test_changes_page_lists_added_risk(published):
    text = _changes_text(published.site / "1.1")
    added = text[text.index("Added objects (2)") : text.index("Removed objects")]
    assert "RISK_LEAK Leaked customer data risk" in added
    assert "CTRL_REDACT Redact personal data control" in added
    assert "Removed objects (0) None." in text


def _changed_objects(text: str) -> dict[str, str]:
    """Map each id in the changed objects section of *text* to its row."""
    section = text[text.index("Changed objects") : text.index("Statement of")]
    rows = re.split(r" (?=[A-Z][A-Z0-9]*_[A-Z0-9_]+ )", section)
    return {row.split(" ", 1)[0]: row for row in rows[1:]}


def test_changes_page_lists_changed_field(published):
    text = _changes_text(published.site / "1.1")
    assert "Changed objects (4)" in text
    changed = _changed_objects(text)
    assert sorted(changed) == ["ISO42001_A_6_2_2", "PROC_MON", "RISK_HALL", "SYS_CHAT"]
    assert "owner: Head of support to Head of customer care" in changed["SYS_CHAT"]


def test_changed_objects_include_rescores(published):
    changed = _changed_objects(_changes_text(published.site / "1.1"))
    assert "likelihood: 4 to 2 risk_level: 12 to 6" in changed["RISK_HALL"]
    assert "applicability: applicable to excluded" in changed["ISO42001_A_6_2_2"]


def test_changed_objects_include_incoming_links(published):
    changed = _changed_objects(_changes_text(published.site / "1.1"))
    note = "links from other objects changed: +RISK_LEAK affects"
    assert note in changed["SYS_CHAT"]


def test_changed_objects_include_description(published):
    changed = _changed_objects(_changes_text(published.site / "1.1"))
    assert (
        changed["PROC_MON"].strip() == "PROC_MON Model monitoring description changed"
    )


def test_changes_page_names_untracked_prose(published):
    text = _changes_text(published.site / "1.1")
    assert "text of the pages outside objects is not tracked" in text


def test_changes_page_lists_rescore(published):
    text = _changes_text(published.site / "1.1")
    assert "Risk re-scores (1)" in text
    assert "RISK_HALL Wrong answers 12 to 6 likelihood 4 to 2" in text


def test_changes_page_lists_applicability(published):
    text = _changes_text(published.site / "1.1")
    assert "Statement of Applicability changes (1)" in text
    assert "applicable to excluded The chatbot is bought in." in text


def test_changes_page_lists_newly_overdue(published):
    text = _changes_text(published.site / "1.1")
    assert "Objects that became overdue for review (1)" in text
    assert "CTRL_REDACT Redact personal data control 2026-10-01" in text


def test_changes_link_to_objects(published):
    html = (published.site / "1.1" / "changes.html").read_text("utf-8")
    assert 'href="systems.html#RISK_LEAK"' in html


def test_pdf_has_pages(published):
    pdf = published.site / "1.1" / "manual-1.1.pdf"
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo and pdftotext (Debian package poppler-utils) are missing")
    info = subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.MULTILINE).group(1))
    # Cover, contents, start page, framework, systems, changes, back cover.
    assert pages >= 7
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Example Support Ltd" in text
    assert "Version 1.1" in text
    assert "Changes since the previous release" in text
    assert "RISK_LEAK" in text


@pytest.fixture()
def site_copy(published, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(published.site, copy)
    return copy


def test_verify_passes(published):
    release = published.site / "1.1"
    result = aims_docs("verify", str(release), cwd=published.repo)
    assert result.returncode == 0, result.stdout
    assert "files checked, all match SHA256SUMS" in result.stdout
    versions = published.site / "versions.json"
    assert f"{release / 'SHA256SUMS'}: SHA-256 matches {versions}" in result.stdout
    assert "note:" not in result.stdout


def test_verify_names_changed_file(site_copy):
    page = site_copy / "1.1" / "systems.html"
    data = bytearray(page.read_bytes())
    data[100] ^= 0x01
    page.write_bytes(bytes(data))
    result = aims_docs("verify", str(site_copy / "1.1"), cwd=site_copy)
    assert result.returncode == 1
    assert f"changed: {site_copy / '1.1' / 'systems.html'}" in result.stdout
    assert "1 file differs from SHA256SUMS" in result.stdout


def _change_file_and_sums(release: Path, name: str) -> None:
    """Change one file of *release* and its line in SHA256SUMS to match."""
    path = release / name
    path.write_bytes(path.read_bytes().replace(b"Support chatbot", b"Support bot"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    sums = release / "SHA256SUMS"
    lines = [
        f"{digest}  {name}" if line.endswith(f"  {name}") else line
        for line in sums.read_text("utf-8").splitlines()
    ]
    sums.write_text("\n".join(lines) + "\n", "utf-8")


def test_verify_detects_rewritten_manifest(site_copy):
    release = site_copy / "1.1"
    recorded = hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()
    _change_file_and_sums(release, "systems.html")
    actual = hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()
    result = aims_docs("verify", str(release), cwd=site_copy)
    assert result.returncode == 1
    assert "files checked, all match SHA256SUMS" in result.stdout
    assert (
        f"mismatch: {release / 'SHA256SUMS'} has SHA-256 {actual}, but "
        f"{site_copy / 'versions.json'} records {recorded}"
    ) in result.stdout
    assert "SHA256SUMS was changed after publishing" in result.stdout


def test_verify_expected_digest(published, tmp_path):
    # A copy of the release without versions.json beside it.
    release = tmp_path / "1.1"
    shutil.copytree(published.site / "1.1", release)
    digest = hashlib.sha256((release / "SHA256SUMS").read_bytes()).hexdigest()

    alone = aims_docs("verify", str(release), cwd=tmp_path)
    assert alone.returncode == 0, alone.stdout
    assert "note: SHA256SUMS itself was compared with no recorded digest" in (
        alone.stdout
    )

    matching = aims_docs(
        "verify", str(release), "--expected-digest", digest.upper(), cwd=tmp_path
    )
    assert matching.returncode == 0, matching.stdout
    expected_line = f"{release / 'SHA256SUMS'}: SHA-256 matches --expected-digest"
    assert expected_line in matching.stdout
    assert "note:" not in matching.stdout

    _change_file_and_sums(release, "systems.html")
    tampered = aims_docs(
        "verify", str(release), "--expected-digest", digest, cwd=tmp_path
    )
    assert tampered.returncode == 1
    assert f"--expected-digest records {digest}" in tampered.stdout


def test_verify_invalid_expected_digest(published):
    result = aims_docs(
        "verify",
        str(published.site / "1.1"),
        "--expected-digest",
        "abc123",
        cwd=published.repo,
    )
    assert result.returncode == 2
    assert "invalid SHA-256 digest 'abc123'" in result.stderr


def test_verify_invalid_versions_json(site_copy):
    (site_copy / "versions.json").write_text("{not json", "utf-8")
    result = aims_docs("verify", str(site_copy / "1.1"), cwd=site_copy)
    assert result.returncode == 2
    assert f"{site_copy / 'versions.json'}: cannot be read" in result.stderr


def test_publish_keeps_recorded_digests(published, site_copy):
    versions = site_copy / "versions.json"
    before = {
        entry["version"]: entry["manifest_sha256"]
        for entry in json.loads(versions.read_text("utf-8"))["versions"]
    }
    _change_file_and_sums(site_copy / "1.0", "systems.html")
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--no-pdf",
        "--allow-findings",
        cwd=published.repo,
    )
    assert result.returncode == 0, result.stderr
    assert (
        f"{site_copy / '1.0' / 'SHA256SUMS'} no longer matches the SHA-256 "
        "recorded for release 1.0"
    ) in result.stderr
    after = {
        entry["version"]: entry["manifest_sha256"]
        for entry in json.loads(versions.read_text("utf-8"))["versions"]
    }
    assert after["1.0"] == before["1.0"]
    assert after["1.1"] == before["1.1"]
    sums = site_copy / "1.2" / "SHA256SUMS"
    assert after["1.2"] == hashlib.sha256(sums.read_bytes()).hexdigest()
    verify = aims_docs("verify", str(site_copy / "1.0"), cwd=site_copy)
    assert verify.returncode == 1


def test_verify_names_added_and_removed(site_copy):
    release = site_copy / "1.0"
    (release / "extra.html").write_text("<p>added</p>", "utf-8")
    (release / "needs.json").unlink()
    result = aims_docs("verify", str(release), cwd=site_copy)
    assert result.returncode == 1
    assert f"added: {release / 'extra.html'}" in result.stdout
    assert f"removed: {release / 'needs.json'}" in result.stdout


def test_verify_without_manifest(tmp_path):
    result = aims_docs("verify", str(tmp_path), cwd=tmp_path)
    assert result.returncode == 2
    assert "SHA256SUMS: not found" in result.stderr


def test_republish_exits_2_unchanged(published, site_copy):
    before = site_hashes(site_copy)
    result = aims_docs(
        "publish", "--version", "1.0", "--site", str(site_copy), cwd=published.repo
    )
    assert result.returncode == 2
    assert "release 1.0 is already published" in result.stderr
    assert "--force" in result.stderr
    assert site_hashes(site_copy) == before


def test_force_replaces_only_that_release(published, site_copy):
    before = site_hashes(site_copy)
    before_versions = json.loads((site_copy / "versions.json").read_text("utf-8"))
    before_digests = {
        e["version"]: e["manifest_sha256"] for e in before_versions["versions"]
    }
    result = aims_docs(
        "publish",
        "--version",
        "1.0",
        "--site",
        str(site_copy),
        "--force",
        "--no-pdf",
        "--allow-findings",
        "--as-of",
        "2026-11-30",
        cwd=published.repo,
    )
    assert result.returncode == 0, result.stderr
    assert "replaced release 1.0" in result.stdout
    after = site_hashes(site_copy)
    for name, digest in before.items():
        if name.startswith("1.1/"):
            assert after[name] == digest, name
    record = json.loads((site_copy / "1.0" / "release.json").read_text("utf-8"))
    assert record["git"]["commit"] == git(published.repo, "rev-parse", "HEAD")
    assert not (site_copy / "1.0" / "manual-1.0.pdf").exists()
    assert aims_docs("verify", str(site_copy / "1.0"), cwd=site_copy).returncode == 0
    versions = json.loads((site_copy / "versions.json").read_text("utf-8"))
    digests = {e["version"]: e["manifest_sha256"] for e in versions["versions"]}
    sums = site_copy / "1.0" / "SHA256SUMS"
    assert digests["1.0"] == hashlib.sha256(sums.read_bytes()).hexdigest()
    assert digests["1.0"] != before_digests["1.0"]
    assert digests["1.1"] == before_digests["1.1"]
    assert [p.name for p in site_copy.iterdir() if p.name.startswith(".")] == []


def test_failed_build_leaves_site_unchanged(published, site_copy, tmp_path):
    repo = tmp_path / "failing"
    shutil.copytree(published.repo, repo)
    # The HTML build succeeds; the PDF build then fails at its end.
    with (repo / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\ndef _fail_pdf(app, exception):\n"
            "    if app.builder.name == 'simplepdf':\n"
            "        raise RuntimeError('PDF build stopped by the test')\n\n"
            "def setup(app):\n"
            "    app.connect('build-finished', _fail_pdf)\n"
        )
    before = site_hashes(site_copy)
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--allow-findings",
        "--allow-dirty",
        cwd=repo,
    )
    assert result.returncode == 1
    assert "the simplepdf build of release 1.2 failed" in result.stderr
    assert "the site is unchanged" in result.stderr
    assert site_hashes(site_copy) == before
    assert sorted(p.name for p in site_copy.iterdir()) == [
        "1.0",
        "1.1",
        "index.html",
        "versions.json",
    ]


def test_failed_first_publish_creates_no_site(published, tmp_path):
    repo = tmp_path / "broken"
    shutil.copytree(published.repo, repo)
    (repo / "conf.py").write_text("extensions = ['aims_docs']\naims_as_of = 'soon'\n")
    site = tmp_path / "site"
    result = aims_docs(
        "publish", "--version", "1.0", "--site", str(site), "--allow-dirty", cwd=repo
    )
    assert result.returncode == 1
    assert not site.exists()


def test_findings_reject_release(published, site_copy, tmp_path):
    repo = tmp_path / "gaps"
    shutil.copytree(published.repo, repo)
    systems = repo / "systems.md"
    systems.write_text(
        systems.read_text("utf-8").replace(
            ":affects: SYS_CHAT", ":affects: SYS_NONE", 1
        ),
        "utf-8",
    )
    before = site_hashes(site_copy)
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--no-pdf",
        "--allow-dirty",
        cwd=repo,
    )
    assert result.returncode == 1
    assert "release 1.2 has 1 finding (the aims.* warnings above)" in result.stderr
    assert "--allow-findings" in result.stderr
    assert site_hashes(site_copy) == before

    allowed = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--no-pdf",
        "--allow-findings",
        "--allow-dirty",
        cwd=repo,
    )
    assert allowed.returncode == 0, allowed.stderr
    assert "published release 1.2" in allowed.stdout
    assert "objects, 1 finding)" in allowed.stdout
    start = (site_copy / "1.2" / "index.html").read_text("utf-8").replace("<wbr>", "")
    assert "aims-release-findings" in start
    assert "Release 1.2 was published with 1 open finding<" in start
    assert "RISK_HALL: 'affects' links to unknown id 'SYS_NONE'" in start
    assert "systems.md:45: " in start  # the line of RISK_HALL's link
    record = json.loads((site_copy / "1.2" / "release.json").read_text("utf-8"))
    assert record["findings"] >= 1
    assert record["published_with_findings"] is True
    assert record["git"]["dirty"] is True
    assert record["git"]["uncommitted_files"] == ["systems.md"]


def test_dirty_tree_rejected(published, site_copy, tmp_path):
    repo = tmp_path / "dirty"
    shutil.copytree(published.repo, repo)
    systems = repo / "systems.md"
    systems.write_text(systems.read_text("utf-8") + "\nMore prose.\n", "utf-8")
    (repo / "extra.md").write_text("# Extra\n", "utf-8")  # untracked page
    before = site_hashes(site_copy)
    result = aims_docs(
        "publish", "--version", "1.2", "--site", str(site_copy), "--no-pdf", cwd=repo
    )
    assert result.returncode == 2
    assert "the working tree has uncommitted changes (systems.md, extra.md)" in (
        result.stderr
    )
    assert "commit them" in result.stderr
    assert "--allow-dirty" in result.stderr
    assert site_hashes(site_copy) == before


def test_dirty_message_names_a_few_files(published, tmp_path):
    repo = tmp_path / "many"
    shutil.copytree(published.repo, repo)
    for name in ("a.md", "b.md", "c.md", "d.md", "e.md"):
        (repo / name).write_text("# Page\n", "utf-8")
    result = aims_docs(
        "publish", "--version", "1.2", "--site", str(tmp_path / "site"), cwd=repo
    )
    assert result.returncode == 2
    assert "(a.md, b.md, c.md and 2 more files)" in result.stderr
    assert not (tmp_path / "site").exists()


def test_outputs_do_not_make_tree_dirty(published, tmp_path):
    repo = tmp_path / "outputs"
    shutil.copytree(published.repo, repo)
    (repo / ".gitignore").write_text("*.log\n", "utf-8")
    git(repo, "add", ".gitignore")
    git(repo, "commit", "-q", "-m", "Ignore logs")
    (repo / "build.log").write_text("log\n", "utf-8")
    for output in ("build", ".venv"):
        (repo / output).mkdir()
        (repo / output / "index.md").write_text("# Output\n", "utf-8")
    # The default site folder would be inside the pages of this plain layout.
    site = repo.parent / "outputs-site"
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site),
        "--no-pdf",
        "--allow-findings",
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    record = json.loads((site / "1.2" / "release.json").read_text("utf-8"))
    assert record["git"]["dirty"] is False
    assert record["git"]["uncommitted_files"] == []


def test_dirty_release_marked(published, site_copy, tmp_path):
    repo = tmp_path / "marked"
    shutil.copytree(published.repo, repo)
    systems = repo / "systems.md"
    systems.write_text(
        systems.read_text("utf-8").replace("Head of customer care", "Support lead"),
        "utf-8",
    )
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--as-of",
        "2026-12-01",
        "--allow-dirty",
        "--allow-findings",
        cwd=repo,
    )
    assert result.returncode == 0, result.stderr
    release = site_copy / "1.2"
    commit = git(repo, "rev-parse", "HEAD")
    record = json.loads((release / "release.json").read_text("utf-8"))
    assert record["git"]["commit"] == commit
    assert record["git"]["dirty"] is True
    assert record["git"]["uncommitted_files"] == ["systems.md"]
    versions = json.loads((site_copy / "versions.json").read_text("utf-8"))
    dirty = {entry["version"]: entry["dirty"] for entry in versions["versions"]}
    assert dirty == {"1.2": True, "1.1": False, "1.0": False}
    start = re.sub(r"\s+", " ", (release / "index.html").read_text("utf-8"))
    assert "aims-release-dirty" in start
    assert "Release 1.2 was built from uncommitted changes" in start
    assert f"differed from git commit {commit[:12]}" in start
    assert "aims-release-findings" not in start  # the release has no findings
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian package poppler-utils) is missing")
    text = subprocess.run(
        ["pdftotext", str(release / "manual-1.2.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    cover = re.sub(r"\s+", " ", text.split("\f")[0])
    assert f"Built from uncommitted changes to git commit {commit[:12]}" in cover


def test_release_without_tag_or_version(published, tmp_path):
    repo = tmp_path / "untagged"
    shutil.copytree(published.repo, repo)
    git(repo, "commit", "-q", "--allow-empty", "-m", "Untagged commit")
    result = aims_docs("publish", "--site", str(tmp_path / "site"), cwd=repo)
    assert result.returncode == 2
    assert "no git tag on the current commit" in result.stderr
    assert "--version" in result.stderr
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("version", ["../1.0", "release/1.0", ".hidden"])
def test_invalid_version_rejected(published, tmp_path, version):
    result = aims_docs(
        "publish",
        "--version",
        version,
        "--site",
        str(tmp_path / "site"),
        cwd=published.repo,
    )
    assert result.returncode == 2
    assert f"invalid version {version!r}" in result.stderr


def test_site_inside_source_rejected(published, tmp_path):
    repo = tmp_path / "plain"
    shutil.copytree(published.repo, repo)
    result = aims_docs("publish", "--version", "2.0", cwd=repo)
    assert result.returncode == 2
    assert "is inside the source folder" in result.stderr


def test_repository_layout(published, tmp_path):
    repo = tmp_path / "layout"
    shutil.copytree(
        published.repo, repo / "source", ignore=shutil.ignore_patterns(".git")
    )
    (repo / "source" / "conf.py").rename(repo / "conf.py")
    result = aims_docs(
        "publish", "--version", "3.0", "--no-pdf", "--allow-findings", cwd=repo
    )
    assert result.returncode == 0, result.stderr
    release = repo / "site" / "3.0"
    assert (release / "changes.html").is_file()
    record = json.loads((release / "release.json").read_text("utf-8"))
    assert record["git"]["commit"] is None
    assert record["pdf"] is None
    assert aims_docs("verify", str(release), cwd=repo).returncode == 0


def test_as_of_pins_review_status(published, tmp_path, monkeypatch):
    """Rebuilding a release later reproduces its review status."""
    site = tmp_path / "site"
    monkeypatch.delenv("AIMS_AS_OF", raising=False)
    result = aims_docs(
        "publish",
        "--version",
        "1.1",
        "--site",
        str(site),
        "--no-pdf",
        "--allow-findings",
        "--as-of",
        "2026-12-01",
        cwd=published.repo,
    )
    assert result.returncode == 0, result.stderr
    ours = json.loads((site / "1.1" / "needs.json").read_text("utf-8"))
    theirs = json.loads((published.site / "1.1" / "needs.json").read_text("utf-8"))
    version = ours["current_version"]
    assert ours["versions"][version]["needs"] == theirs["versions"][version]["needs"]
    findings = (site / "1.1" / "aims-findings.json").read_text("utf-8")
    assert findings == (published.site / "1.1" / "aims-findings.json").read_text(
        "utf-8"
    )


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve *folder* on 127.0.0.1 at a free port and return its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture()
def site_url(published):
    """Serve the published site for one test."""
    with serve(published.site) as url:
        yield url


@pytest.fixture()
def browser_page(browser_context):
    """A new tab of the shared headless Chromium, closed after the test."""
    tab = browser_context.new_page()
    tab.set_viewport_size({"width": 1280, "height": 800})
    try:
        yield tab
    finally:
        tab.close()


@pytest.mark.browser
def test_switcher_opens_older_release(published, site_url, browser_page):
    page = browser_page
    page.goto(site_url)  # the site's index.html opens the newest release
    page.wait_for_url("**/1.1/index.html")
    page.goto(site_url + "1.1/systems.html")
    switcher = page.locator("nav.aims-version-switcher")
    page.wait_for_selector('nav.aims-version-switcher[data-loaded="true"]')
    switcher.locator("summary").click()
    links = switcher.locator(".aims-version-list a")
    assert links.all_inner_texts() == ["1.1", "1.0"]
    assert (
        switcher.locator(".aims-version-list li")
        .first.locator(".aims-newest")
        .is_visible()
    )
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "publish-switcher-1.1.png"))

    switcher.locator('a[data-version="1.0"]').click()
    page.wait_for_url("**/1.0/systems.html")
    page.wait_for_selector('nav.aims-version-switcher[data-loaded="true"]')
    older = page.locator("nav.aims-version-switcher")
    # Release 1.0 was built before 1.1 existed; versions.json lists 1.1 now.
    assert older.locator(".aims-outdated").is_visible()
    assert "The newest release is 1.1" in older.locator(".aims-outdated").inner_text()
    newest_link = older.locator(".aims-newest-link")
    assert newest_link.get_attribute("href") == site_url + "1.1/systems.html"
    older.locator("summary").click()
    assert older.locator(".aims-version-list a").all_inner_texts() == ["1.1", "1.0"]
    page.screenshot(path=str(ARTIFACTS / "publish-switcher-1.0.png"))


@pytest.mark.browser
def test_outdated_notice_without_same_page(site_copy, browser_page):
    (site_copy / "1.1" / "framework.html").unlink()
    page = browser_page
    with serve(site_copy) as url:
        page.goto(url + "1.0/framework.html")
        page.wait_for_selector('nav.aims-version-switcher[data-loaded="true"]')
        newest_link = page.locator(".aims-outdated .aims-newest-link")
        assert newest_link.get_attribute("href") == url + "1.1/index.html"


def test_outdated_notice_built_with_same_page(published, site_copy):
    (site_copy / "1.1" / "framework.html").unlink()
    result = aims_docs(
        "publish",
        "--version",
        "1.0.1",
        "--site",
        str(site_copy),
        "--no-pdf",
        "--allow-findings",
        cwd=published.repo,
    )
    assert result.returncode == 0, result.stderr
    release = site_copy / "1.0.1"
    systems = _switcher(release / "systems.html")
    assert '<p class="aims-outdated">' in systems
    assert '<a class="aims-newest-link" href="../1.1/systems.html">' in systems
    framework = _switcher(release / "framework.html")
    assert '<a class="aims-newest-link" href="../1.1/index.html">' in framework


@pytest.mark.browser
def test_switcher_on_generated_index(published, site_url, browser_page):
    page = browser_page
    page.goto(site_url + "1.1/genindex.html")
    page.wait_for_selector('nav.aims-version-switcher[data-loaded="true"]')
    assert page.locator("nav.aims-version-switcher").count() == 1


def test_switcher_links_changes_page(published):
    newer = _switcher(published.site / "1.1" / "systems.html")
    assert (
        '<a class="aims-changes-link" href="changes.html">Changes since 1.0</a>'
        in newer
    )
    first = _switcher(published.site / "1.0" / "index.html")
    assert '<a class="aims-changes-link" href="changes.html">Changes</a>' in first


def test_site_file_rejected(published, tmp_path):
    site = tmp_path / "site"
    site.write_text("not a folder", "utf-8")
    result = aims_docs(
        "publish", "--version", "2.0", "--site", str(site), cwd=published.repo
    )
    assert result.returncode == 2
    assert "is a file; choose another --site" in result.stderr
    assert site.read_text("utf-8") == "not a folder"


def test_invalid_as_of_rejected(published, tmp_path):
    result = aims_docs(
        "publish",
        "--version",
        "2.0",
        "--as-of",
        "2026-13-01",
        "--site",
        str(tmp_path / "site"),
        cwd=published.repo,
    )
    assert result.returncode == 2
    assert "--as-of: invalid date '2026-13-01'; write it as YYYY-MM-DD" in result.stderr


def test_interrupted_build_leaves_site_unchanged(published, site_copy, tmp_path):
    repo = tmp_path / "interrupted"
    shutil.copytree(published.repo, repo)
    # The HTML build interrupts the publish that started it, as Ctrl+C would,
    # then waits to be stopped.
    with (repo / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(
            "\n\nimport os, signal, time\n\n"
            "def _interrupt(app):\n"
            "    os.kill(os.getppid(), signal.SIGINT)\n"
            "    time.sleep(60)\n\n"
            "def setup(app):\n"
            "    app.connect('builder-inited', _interrupt)\n"
        )
    before = site_hashes(site_copy)
    result = aims_docs(
        "publish",
        "--version",
        "1.2",
        "--site",
        str(site_copy),
        "--allow-findings",
        "--allow-dirty",
        cwd=repo,
    )
    assert result.returncode == 130
    assert "interrupted; the site is unchanged" in result.stderr
    assert site_hashes(site_copy) == before
    assert [p.name for p in site_copy.iterdir() if p.name.startswith(".")] == []


@pytest.mark.browser
@pytest.mark.parametrize("width", [1280, 390])
def test_changes_tables_fit(published, site_url, browser_page, width):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(site_url + "1.1/changes.html")
    assert page.locator("table").count() > 0
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / f"publish-changes-{width}.png"
    page.screenshot(path=str(shot), full_page=True)
    # A phone shows the widest table in a box that scrolls sideways.
    assert clipped_tables(page, "table", allow_scroll_box=True) == []


def pdf_text(pdf: Path, first: int, last: int, layout: bool = False) -> str:
    """Return the text of pages *first* to *last* of *pdf*."""
    command = ["pdftotext", "-f", str(first), "-l", str(last), str(pdf), "-"]
    if layout:
        command.insert(1, "-layout")
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


def test_pdf_contents_page_numbers(published):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (Debian package poppler-utils) is missing")
    pdf = published.site / "1.1" / "manual-1.1.pdf"
    contents = pdf_text(pdf, 2, 2, layout=True)
    entries = re.findall(r"^[\s•]*(\S.*?\S)\s{2,}(\d+)\s*$", contents, re.MULTILINE)
    assert len(entries) >= 3, contents
    for title, number in entries:
        page = " ".join(pdf_text(pdf, int(number), int(number)).split())
        assert title in page, f"{title!r} is not on page {number}"
