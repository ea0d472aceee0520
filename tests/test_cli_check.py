"""The ``aims-docs check`` command: exit status, text, JSON and JUnit reports, baselines."""

from __future__ import annotations

import json
import runpy
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from aims_docs.cli import main
from aims_docs.config import AimsConfig, RiskCriteria
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
        "3 findings; 2 of 17 rules failed on 8 objects, as of 2026-11-30 (aims_as_of)"
    )


def test_no_findings_exit_zero(tmp_path, capsys):
    srcdir = copy_root("gate-reviews", tmp_path)
    status, out, _ = run(capsys, str(srcdir), "--as-of", "2026-01-01")
    assert status == 0
    assert out == (
        "0 findings; 0 of 17 rules failed on 5 objects, as of 2026-01-01 (AIMS_AS_OF)\n"
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

    edit(srcdir / "index.md", ":mitigates: RISK_MITIGATED\n", ":mitigates:\n")
    edit(
        srcdir / "index.md",
        ":impact: 2\n",
        ":impact: 2\n:likelihood: 1\n:treatment: accept\n",
    )
    status, out, err = run(capsys, str(srcdir), "--baseline", str(baseline))
    assert status == 1
    assert err == (
        "1 finding of the baseline is fixed; record the smaller baseline with "
        f"--write-baseline {baseline}\n"
    )
    assert out.splitlines()[0] == "risk-treated (aims.risk): 1"
    assert "RISK_MITIGATED: risk level 20" in out.splitlines()[1]
    assert out.splitlines()[-1].startswith("1 finding not in the baseline (2 in it)")


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


def read_needs_json(build_dir: Path) -> dict:
    data = json.loads((build_dir / "needs" / "needs.json").read_text("utf-8"))
    return data["versions"][data["current_version"]]["needs"]


def only_specification(needs: dict) -> tuple[str, str] | None:
    """Return ``(specification, system)`` for the first system with one specification."""
    for system_id in sorted(needs):
        system = needs[system_id]
        if system["type"] != "ai_system" or system.get("status") == "retired":
            continue
        specs = [
            i
            for i in system.get("applies_to_back", [])
            if needs[i]["type"] == "specification"
        ]
        if len(specs) == 1:
            return specs[0], system_id
    return None


def only_mitigation(needs: dict, criteria: RiskCriteria) -> tuple[str, str] | None:
    """Return ``(measure, risk)`` for the first risk that needs treatment and has one."""
    for risk_id in sorted(needs):
        risk = needs[risk_id]
        if risk["type"] != "risk" or risk.get("status") == "retired":
            continue
        if risk.get("treatment") == "accept" and risk.get("approver"):
            continue
        likelihood = criteria.likelihood.parse(risk.get("likelihood") or "")
        impact = criteria.impact.parse(risk.get("impact") or "")
        if likelihood is None or impact is None:
            continue
        level = criteria.level_of(likelihood, impact)
        measures = risk.get("mitigates_back", [])
        if criteria.needs_treatment(level) and len(measures) == 1:
            return measures[0], risk_id
    return None


def remove_link(project: Path, source: dict, option: str, target_id: str) -> None:
    """Remove *target_id* from *option* of the *source* object, keeping line numbers."""
    page = project / "source" / f"{source['docname']}.md"
    lines = page.read_text("utf-8").splitlines(keepends=True)
    index = next(
        n
        for n in range(source["lineno"], len(lines))
        if lines[n].lstrip().startswith(f":{option}:") and target_id in lines[n]
    )
    targets = [t.strip() for t in lines[index].split(":", 2)[2].split(",")]
    rest = ", ".join(t for t in targets if t != target_id)
    lines[index] = f":{option}: {rest}\n" if rest else f":{option}:\n"
    page.write_text("".join(lines), "utf-8")


def copy_manual(tmp_path: Path) -> Path:
    project = tmp_path / "manual"
    shutil.copytree(REPO / "source", project / "source")
    shutil.copy(REPO / "conf.py", project / "conf.py")
    return project


def check_json(capsys, project: Path, *args: str) -> tuple[int, list[dict]]:
    status, out, _ = run(capsys, str(project), "--format", "json", *args)
    return status, json.loads(out)["findings"]


def _key(finding: dict) -> tuple[str, str, str, str]:
    return finding["rule"], finding["subtype"], finding["id"], finding["message"]


def _place(finding: dict) -> tuple:
    return (
        finding["rule"],
        finding["subtype"],
        finding["id"],
        finding["file"],
        finding["line"],
    )


def test_link_removed_from_project(tmp_path, capsys):
    project = tmp_path / "project"
    project.mkdir()
    root = copy_root("gate-systems", tmp_path)
    shutil.move(root / "conf.py", project / "conf.py")
    shutil.move(root, project / "source")
    build_dir = tmp_path / "build"
    _, before = check_json(capsys, project, "--build-dir", str(build_dir))
    needs = read_needs_json(build_dir)
    assert only_specification(needs) == ("SPEC_OK", "SYS_OK")
    remove_link(project, needs["SPEC_OK"], "applies_to", "SYS_OK")
    status, after = check_json(capsys, project)
    assert status == 1
    added = [_place(f) for f in after if f not in before]
    assert added == [
        ("system-specification", "system", "SYS_OK", "source/systems.md", 3)
    ]
    assert [f for f in before if f not in after] == []


def test_manual_link_removed(tmp_path, capsys):
    project = copy_manual(tmp_path)
    build_dir = tmp_path / "build"
    _, before = check_json(capsys, project, "--build-dir", str(build_dir))
    needs = read_needs_json(build_dir)
    pair = only_specification(needs)
    if pair is None:
        pytest.skip("the example manual has no AI system with a specification yet")
    spec_id, system_id = pair
    remove_link(project, needs[spec_id], "applies_to", system_id)
    status, after = check_json(capsys, project)
    system = needs[system_id]
    assert status == 1
    assert [_place(f) for f in after if f not in before] == [
        (
            "system-specification",
            "system",
            system_id,
            f"source/{system['docname']}.md",
            system["lineno"],
        )
    ]
    assert [f for f in before if f not in after] == []


def test_manual_planted_gaps(tmp_path, capsys):
    project = copy_manual(tmp_path)
    build_dir = tmp_path / "build"
    _, before = check_json(capsys, project, "--build-dir", str(build_dir))
    needs = read_needs_json(build_dir)
    settings = runpy.run_path(str(project / "conf.py"))
    criteria = AimsConfig(risk_criteria=settings.get("aims_risk_criteria", {}))
    spec = only_specification(needs)
    measure = only_mitigation(needs, criteria.criteria())
    if spec is None or measure is None:
        pytest.skip("the example manual has no system and risk to plant gaps in yet")
    remove_link(project, needs[spec[0]], "applies_to", spec[1])
    remove_link(project, needs[measure[0]], "mitigates", measure[1])

    status, after = check_json(capsys, project)
    assert status == 1
    system, risk = needs[spec[1]], needs[measure[1]]
    assert sorted(
        _place(f) for f in after if _key(f) not in map(_key, before)
    ) == sorted(
        [
            (
                "system-specification",
                "system",
                spec[1],
                f"source/{system['docname']}.md",
                system["lineno"],
            ),
            (
                "risk-treated",
                "risk",
                measure[1],
                f"source/{risk['docname']}.md",
                risk["lineno"],
            ),
        ]
    )
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-W",
            "-q",
            "-b",
            "html",
            "-c",
            str(project),
            str(project / "source"),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert f"{spec[1]}: no specification applies" in result.stderr


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
