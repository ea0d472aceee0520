"""The installed distribution is self-contained: a project elsewhere needs only it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import REPO

SAMPLE_PAGE = """\
# Outside project

:::{ai_system} Invoice reader
:id: SYS_INVOICE
:owner: Finance operations
:lifecycle: operation
:::

:::{risk} Wrong amounts booked
:id: RISK_AMOUNT
:affects: SYS_INVOICE
:likelihood: 3
:impact: 4
:treatment: mitigate
:::
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """Build the project's wheel once."""
    outdir = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "--wheel-dir", str(outdir), str(REPO),
        ],
        check=True,
    )
    return next(outdir.glob("aims_docs-*.whl"))


def test_wheel_contains_extensions_templates_and_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "aims_docs/extensions/__init__.py" in names
    assert "aims_docs/extensions/objects.py" in names
    assert "aims_docs/data/iso42001.yaml" in names
    assert "aims_docs/data/nist-ai-rmf-1.0-to-iso42001.json" in names
    assert any(name.startswith("aims_docs/templates/") for name in names)
    assert not any(name.startswith("extensions/") for name in names)


def test_project_outside_repository_builds(wheel, tmp_path):
    """Install the wheel into a folder and build a project that only names aims_docs."""
    target = tmp_path / "site-packages"
    subprocess.run(
        [
            sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
            "--target", str(target), str(wheel),
        ],
        check=True,
    )
    project = tmp_path / "project"
    project.mkdir()
    # The sample is not a complete AIMS; the traceability gate has its own tests.
    (project / "conf.py").write_text(
        'extensions = ["aims_docs"]\naims_default_rules = False\n', "utf-8"
    )
    (project / "index.md").write_text(SAMPLE_PAGE, "utf-8")
    env = {**os.environ, "PYTHONPATH": str(target)}
    probe = subprocess.run(
        [sys.executable, "-c", "import aims_docs.extensions as e; print(e.__file__)"],
        env=env, cwd=tmp_path, capture_output=True, text=True, check=True,
    )
    assert probe.stdout.startswith(str(target))
    result = subprocess.run(
        [
            sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html",
            str(project), str(project / "_build"),
        ],
        env=env, cwd=tmp_path, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((project / "_build" / "needs.json").read_text("utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    assert needs["RISK_AMOUNT"]["affects"] == ["SYS_INVOICE"]
    assert needs["SYS_INVOICE"]["affects_back"] == ["RISK_AMOUNT"]
