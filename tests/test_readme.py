"""The README's authoring examples build cleanly inside the example manual."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

from conftest import REPO


def authoring_examples() -> list[str]:
    """Return the MyST blocks of the README's authoring guide, in order."""
    readme = (REPO / "README.md").read_text("utf-8")
    guide = readme[readme.index("## Authoring guide") : readme.index("### Vocabulary")]
    return re.findall(r"```markdown\n(.*?)```", guide, flags=re.DOTALL)


def test_examples_build_in_manual(tmp_path):
    examples = authoring_examples()
    assert len(examples) == 3
    project = tmp_path / "manual"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copy(REPO / "conf.py", project / "conf.py")
    page = project / "source" / "systems" / "doc-classify.md"
    page.write_text(
        page.read_text("utf-8") + "\n## Invoice reader\n\n" + "\n".join(examples),
        "utf-8",
    )
    outdir = project / "build"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-c",
            str(project),
            str(project / "source"),
            str(outdir),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    data = json.loads((outdir / "needs.json").read_text("utf-8"))
    needs = data["versions"][data["current_version"]]["needs"]
    assert needs["SYS_INVOICE"]["affects_back"] == ["RISK_INVOICE_AMOUNT"]
    assert needs["RISK_INVOICE_AMOUNT"]["mitigates_back"] == [
        "CTRL_INVOICE_AMOUNT_CHECK"
    ]
    assert needs["RISK_INVOICE_AMOUNT"]["risk_level"] == "12"
    html = (outdir / "systems" / "doc-classify.html").read_text("utf-8")
    assert "affected by" in html
    assert 'href="#RISK_INVOICE_AMOUNT"' in html
