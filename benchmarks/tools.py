"""The commands the benchmark times: Sphinx builds, StrictDoc, ``aims-docs check``."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from measure import Measurement, run_measured

BIN = Path(sys.executable).parent
#: How to add StrictDoc to the virtual environment, shown when it is missing.
STRICTDOC_HINT = ".venv/bin/pip install -c constraints.txt -e '.[bench]'"
FINDINGS_FILE = "aims-findings.json"


def sphinx_build(source: Path, outdir: Path, log: Path, *, clean: bool) -> Measurement:
    """Build *source* to HTML in *outdir*; *clean* removes the earlier output first."""
    if clean and outdir.exists():
        shutil.rmtree(outdir)
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(source), str(outdir)]
    return run_measured(command, cwd=source, log=log)


def strictdoc_available() -> str | None:
    """Return why StrictDoc cannot run, or ``None`` when it can."""
    if not (BIN / "strictdoc").exists():
        return f"StrictDoc is not installed; install it with: {STRICTDOC_HINT}"
    return None


def strictdoc_export(source: Path, outdir: Path, cache: Path, log: Path) -> Measurement:
    """Export the ``.sdoc`` documents of *source* to HTML, with an empty cache.

    StrictDoc keeps parsed documents in a cache under the temporary folder; each
    run gets a new one, so every export is as cold as a clean Sphinx build.
    """
    for folder in (outdir, cache):
        if folder.exists():
            shutil.rmtree(folder)
    cache.mkdir(parents=True)
    command = [
        str(BIN / "strictdoc"), "export", "--formats", "html",
        "--output-dir", str(outdir), str(source),
    ]
    env = {**os.environ, "TMPDIR": str(cache)}
    return run_measured(command, cwd=source.parent, log=log, env=env)


def check_available() -> str | None:
    """Return why ``aims-docs check`` cannot run, or ``None`` when it can."""
    cli = BIN / "aims-docs"
    if not cli.exists():
        return "the aims-docs command is not installed"
    help_run = subprocess.run(
        [str(cli), "--help"], capture_output=True, text=True, check=False
    )
    # The subcommand list shows a placeholder subcommand as "(not yet available)".
    listed = [line.split() for line in help_run.stdout.splitlines()]
    check_line = next((" ".join(w) for w in listed if w and w[0] == "check"), "")
    if help_run.returncode != 0 or not check_line or "not yet available" in check_line:
        return "aims-docs check is not available in this version"
    return None


def aims_check(project: Path, log: Path) -> Measurement:
    """Run the gate alone on *project*."""
    return run_measured([str(BIN / "aims-docs"), "check", str(project)], cwd=project, log=log)


def read_findings(outdir: Path) -> list[dict[str, Any]] | None:
    """Return the findings a build wrote, sorted; ``None`` if it wrote none."""
    path = outdir / FINDINGS_FILE
    if not path.exists():
        return None
    rows = json.loads(path.read_text("utf-8"))["findings"]
    return sorted(rows, key=lambda row: json.dumps(row, sort_keys=True))
