"""The ``aims-docs check`` command: exit status, text, JSON and JUnit reports, baselines."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aims_docs.cli import main
from gate_testing import copy_root, edit

REPO = Path(__file__).parent.parent


def run(capsys, *args: str) -> tuple[int, str, str]:
    """Run ``aims-docs check ARGS``; return the exit status, stdout and stderr."""
    status = main(["check", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_findings_exit_one_text(tmp_path, capsys):
    status, out, _ = run(capsys, str(copy_root("gate-risks", tmp_path)))
    assert status == 1
    lines = out.splitlines()
    assert lines[0] == "risk-scored (aims.risk): 1"
    assert lines[1].startswith("  index.md:3  RISK_UNSCORED: not scored")
    assert lines[3] == "risk-treated (aims.risk): 2"
    assert lines[4].startswith("  index.md:8   RISK_HIGH: risk level 16")
    assert lines[5].startswith("  index.md:15  RISK_NO_APPROVER: risk level 12")
    assert lines[-1] == (
        "3 findings; 2 of 15 rules failed on 8 objects, as of 2026-11-30 (aims_as_of)"
    )


def test_no_findings_exit_zero(tmp_path, capsys):
    srcdir = copy_root("gate-reviews", tmp_path)
    status, out, _ = run(capsys, str(srcdir), "--as-of", "2026-01-01")
    assert status == 0
    assert out == (
        "0 findings; 0 of 15 rules failed on 5 objects, as of 2026-01-01 (AIMS_AS_OF)\n"
    )


def test_as_of_option_overrides_environment(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AIMS_AS_OF", "2026-01-01")
    srcdir = copy_root("gate-reviews", tmp_path)
    status, out, _ = run(capsys, str(srcdir), "--as-of", "2027-01-01")
    assert status == 1
    assert out.splitlines()[-1].endswith("as of 2027-01-01 (AIMS_AS_OF)")


def test_check_writes_no_pages_into_project(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    before = sorted(p.name for p in srcdir.rglob("*"))
    run(capsys, str(srcdir))
    assert sorted(p.name for p in srcdir.rglob("*")) == before


def test_build_dir_keeps_no_html(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    run(capsys, str(srcdir), "--build-dir", str(tmp_path / "build"))
    assert (tmp_path / "build" / "needs" / "aims-findings.json").is_file()
    assert list((tmp_path / "build").rglob("*.html")) == []


def test_json_report(tmp_path, capsys):
    srcdir = copy_root("gate-coverage", tmp_path)
    status, out, _ = run(capsys, str(srcdir), "--format", "json")
    assert status == 1
    data = json.loads(out)
    first = data["findings"][0]
    assert {k: first[k] for k in ("rule", "subtype", "id", "file", "line")} == {
        "rule": "clause-coverage",
        "subtype": "coverage",
        "id": "ISO42001_5_3",
        "file": "framework.md",
        "line": 3,
    }
    assert first["message"].startswith("ISO42001_5_3 (5.3 Roles")
    summary = data["summary"]
    assert summary["by_subtype"] == {"applicability": 2, "coverage": 2}
    clause_5 = next(g for g in summary["coverage"]["clauses"] if g["number"] == "5")
    assert (clause_5["covered"], clause_5["applicable"], clause_5["percent"]) == (
        2,
        3,
        66,
    )
    area_a2 = next(g for g in summary["coverage"]["annex_a"] if g["number"] == "A.2")
    assert (area_a2["covered"], area_a2["applicable"], area_a2["excluded"]) == (1, 2, 1)


def test_json_lists_due_reviews(tmp_path, capsys):
    srcdir = copy_root("gate-reviews", tmp_path)
    _, out, _ = run(capsys, str(srcdir), "--format", "json")
    reviews = json.loads(out)["summary"]["reviews"]
    assert reviews["due_soon"] == [
        {
            "id": "PROC_DUE_SOON",
            "file": "index.md",
            "line": 9,
            "due": "2026-12-15",
            "days_left": 15,
        }
    ]
    assert [r["id"] for r in reviews["overdue"]] == ["POL_OVERDUE", "CTRL_NEXT"]


def test_junit_report(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    output = tmp_path / "gate.xml"
    status, out, _ = run(
        capsys, str(srcdir), "--format", "junit", "--output", str(output)
    )
    assert status == 1
    assert out.startswith("3 findings;")
    root = ET.parse(output).getroot()
    assert root.get("failures") == "3"
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    treated = suites["risk-treated"]
    assert (treated.get("tests"), treated.get("failures")) == ("3", "2")
    cases = {c.get("name"): c for c in treated.iter("testcase")}
    assert sorted(cases) == ["RISK_HIGH", "RISK_MITIGATED", "RISK_NO_APPROVER"]
    failure = cases["RISK_HIGH"].find("failure")
    assert failure is not None
    assert failure.get("type") == "aims.risk"
    assert failure.text.startswith("index.md:8: RISK_HIGH: risk level 16")
    assert cases["RISK_MITIGATED"].find("failure") is None
    scored = suites["risk-scored"]
    assert (scored.get("tests"), scored.get("failures")) == (
        "6",
        "1",
    )  # the retired risk is exempt


def test_baseline_ratchet(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    baseline = tmp_path / "baseline.json"
    status, _, err = run(capsys, str(srcdir), "--write-baseline", str(baseline))
    assert status == 0
    assert f"recorded 3 findings in {baseline}" in err
    assert len(json.loads(baseline.read_text())["findings"]) == 3

    status, out, _ = run(capsys, str(srcdir), "--baseline", str(baseline))
    assert status == 0
    assert out.splitlines()[-1].startswith("0 findings not in the baseline (3 in it)")

    edit(srcdir / "index.md", ":mitigates: RISK_MITIGATED\n", "\n")
    status, out, _ = run(capsys, str(srcdir), "--baseline", str(baseline))
    assert status == 1
    assert out.splitlines()[0] == "risk-treated (aims.risk): 1"
    assert "RISK_MITIGATED: risk level 20" in out.splitlines()[1]
    assert out.splitlines()[-1].startswith("1 finding not in the baseline (3 in it)")


def test_baseline_junit_skips_known(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    baseline = tmp_path / "baseline.json"
    run(capsys, str(srcdir), "--write-baseline", str(baseline))
    status, out, _ = run(
        capsys, str(srcdir), "--baseline", str(baseline), "--format", "junit"
    )
    assert status == 0
    root = ET.fromstring(out)
    assert (root.get("failures"), root.get("skipped")) == ("0", "3")


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--as-of", "30.11.2026"],
            "--as-of: invalid date '30.11.2026'; write it as YYYY-MM-DD",
        ),
        (["--baseline", "missing.json"], "cannot read baseline missing.json"),
    ],
)
def test_usage_errors_exit_two(tmp_path, capsys, monkeypatch, args, expected):
    srcdir = copy_root("gate-risks", tmp_path)
    monkeypatch.chdir(tmp_path)
    status, out, err = run(capsys, str(srcdir), *args)
    assert status == 2
    assert out == ""
    assert err == f"aims-docs check: error: {expected}" + err.split(expected, 1)[1]
    assert "Traceback" not in err


def test_missing_conf_exits_two(tmp_path, capsys):
    status, _, err = run(capsys, str(tmp_path))
    assert status == 2
    assert err.startswith(f"aims-docs check: error: {tmp_path}: no conf.py")


def test_malformed_rule_exits_two(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write(
            'aims_rules = [{"name": "x", "select": {"type": "risc"}, '
            '"require": {"link": "mitigates", "direction": "incoming"}}]\n'
        )
    status, out, err = run(capsys, str(srcdir))
    assert status == 2
    assert out == ""
    assert "invalid traceability rules in conf.py" in err
    assert "aims_rules[0]['select']['type']: unknown object type 'risc'" in err
    assert "Traceback" not in err


def test_conf_syntax_error_exits_two(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    with (srcdir / "conf.py").open("a") as conf:
        conf.write("aims_rules = [\n")
    status, _, err = run(capsys, str(srcdir))
    assert status == 2
    assert "conf.py" in err
    assert "Traceback" not in err


def test_invalid_baseline_exits_two(tmp_path, capsys):
    srcdir = copy_root("gate-risks", tmp_path)
    baseline = tmp_path / "baseline.json"
    baseline.write_text("{not json")
    status, _, err = run(capsys, str(srcdir), "--baseline", str(baseline))
    assert status == 2
    assert f"{baseline}:1: invalid JSON in the baseline" in err


def _one_spec_per_system(needs: dict) -> list[tuple[str, str]]:
    """Return ``(specification, system)`` pairs where that spec is the system's only one."""
    pairs = []
    for need in needs.values():
        if need["type"] != "ai_system" or need.get("status") == "retired":
            continue
        specs = [
            i
            for i in need.get("applies_to_back", [])
            if needs[i]["type"] == "specification"
        ]
        if len(specs) == 1:
            pairs.append((specs[0], need["id"]))
    return sorted(pairs)


def remove_one_specification_link(capsys, project: Path, tmp_path: Path) -> None:
    """Remove the only specification link of one AI system; expect exactly its finding."""
    build_dir = tmp_path / "build"
    status, out, _ = run(
        capsys, str(project), "--format", "json", "--build-dir", str(build_dir)
    )
    before = json.loads(out)["findings"]
    needs_file = json.loads((build_dir / "needs" / "needs.json").read_text())
    needs = needs_file["versions"][needs_file["current_version"]]["needs"]
    pairs = _one_spec_per_system(needs)
    if not pairs:
        pytest.skip("the example manual has no AI system with a specification yet")
    spec_id, system_id = pairs[0]
    spec, system = needs[spec_id], needs[system_id]
    page = project / "source" / f"{spec['docname']}.md"
    lines = page.read_text("utf-8").splitlines(keepends=True)
    link_line = next(
        n
        for n in range(spec["lineno"], len(lines))
        if lines[n].lstrip().startswith(":applies_to:") and system_id in lines[n]
    )
    targets = [t.strip() for t in lines[link_line].split(":", 2)[2].split(",")]
    rest = [t for t in targets if t != system_id]
    lines[link_line] = f":applies_to: {', '.join(rest)}\n" if rest else ""
    page.write_text("".join(lines), "utf-8")

    expected_line = system["lineno"]
    if not rest and system["docname"] == spec["docname"] and expected_line > link_line:
        expected_line -= 1  # the removed option line was above the system

    status, out, _ = run(capsys, str(project), "--format", "json")
    after = json.loads(out)["findings"]
    before_keys = {_key(f) for f in before}
    added = [f for f in after if _key(f) not in before_keys]
    assert status == 1
    assert [
        (f["rule"], f["subtype"], f["id"], f["file"], f["line"]) for f in added
    ] == [
        (
            "system-specification",
            "system",
            system_id,
            f"source/{system['docname']}.md",
            expected_line,
        )
    ]
    assert before_keys - {_key(f) for f in after} == set()


def _key(finding: dict) -> tuple[str, str, str, str]:
    return finding["rule"], finding["subtype"], finding["id"], finding["message"]


def test_link_removed_from_project(tmp_path, capsys):
    project = tmp_path / "project"
    root = copy_root("gate-systems", tmp_path)
    (root / "conf.py").rename(tmp_path / "conf.py")
    project.mkdir()
    shutil.move(tmp_path / "conf.py", project / "conf.py")
    shutil.move(root, project / "source")
    remove_one_specification_link(capsys, project, tmp_path)


def test_manual_link_removed(tmp_path, capsys):
    project = tmp_path / "manual"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copy(REPO / "conf.py", project / "conf.py")
    remove_one_specification_link(capsys, project, tmp_path)


def test_other_warnings_to_stderr(tmp_path, capsys):
    srcdir = copy_root("gate-reviews", tmp_path)
    with (srcdir / "index.md").open("a") as page:
        page.write("\n:::{polcy} Misspelt\n:::\n")
    status, out, err = run(capsys, str(srcdir), "--as-of", "2026-01-01")
    assert status == 0
    assert out.startswith("0 findings;")
    assert err == (
        f"{srcdir / 'index.md'}:31: WARNING: Unknown directive type: 'polcy' "
        "[myst.directive_unknown]\n"
    )
