"""The benchmark runner: a run at a small size reports every figure."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "benchmarks"))

import projects  # noqa: E402
import report  # noqa: E402
import run  # noqa: E402
import synthetic  # noqa: E402
import tools  # noqa: E402
from aims_docs.catalog import load_catalog  # noqa: E402

FIGURE_KEYS = ("seconds", "cpu_seconds", "peak_rss_mb")
STAT_KEYS = ("median", "min", "max", "all")


@pytest.fixture(scope="module")
def summary(tmp_path_factory: pytest.TempPathFactory) -> dict:
    work = tmp_path_factory.mktemp("bench")
    output = work / "summary.json"
    status = run.main(
        ["--sizes", "60,120", "--runs", "1", "--work", str(work / "work"),
         "--output", str(output), "--strictdoc-sizes", "60"]
    )
    assert status == 0
    return json.loads(output.read_text("utf-8"))


def test_every_figure_at_every_size(summary):
    assert set(summary["results"]) == {"60", "120"}
    for size, result in summary["results"].items():
        assert result["objects"] == int(size)
        for name in report.FIGURES:
            figure = result[name]
            if "unavailable" in figure:
                assert name in ("check", "strictdoc"), (size, name, figure)
                continue
            for key in FIGURE_KEYS:
                assert set(figure[key]) == set(STAT_KEYS), (size, name, key)
                assert figure[key]["median"] > 0, (size, name, key)
        assert set(result["ratios"]) == {
            "aims_vs_plain", "aims_vs_plain_cpu", "aims_vs_strictdoc",
            "check_vs_full", "incremental_vs_full", "memory_aims_vs_plain",
        }


def test_strictdoc_runs_where_installed(summary):
    strictdoc = summary["results"]["60"]["strictdoc"]
    if tools.strictdoc_available() is None:
        assert strictdoc["seconds"]["median"] > 0
        assert summary["results"]["60"]["ratios"]["aims_vs_strictdoc"] > 0
    else:
        assert "not installed" in strictdoc["unavailable"]
    assert "see --strictdoc-sizes" in summary["results"]["120"]["strictdoc"]["unavailable"]


def test_incremental_findings_match_a_clean_build(summary):
    incremental = summary["results"]["120"]["incremental"]
    # The edit adds a link to an unknown id: the clean build reports it too.
    assert incremental["findings_clean"] >= 1
    assert incremental["findings_match_clean"] is True


def test_targets_scaling_and_machine(summary):
    names = [row["name"] for row in summary["targets"]["rows"]]
    assert names[:6] == [
        "full vs plain sphinx-needs", "full vs StrictDoc", "check vs full",
        "incremental vs full", "peak memory vs plain sphinx-needs",
        "incremental findings equal a clean build's",
    ]
    assert names[6] == "120 objects vs 60 (time)"
    assert summary["scaling"]["size_ratio"] == 2.0
    assert summary["machine"]["nproc"] >= 1
    assert summary["machine"]["cpu"]


def test_same_objects_in_all_three_projects(tmp_path: Path):
    aims = synthetic.build_aims(120)
    projects.write_aims_project(tmp_path / "aims", aims)
    projects.write_plain_project(tmp_path / "plain", aims)
    projects.write_strictdoc_project(tmp_path / "strictdoc", aims)
    catalog_ids = set(load_catalog().by_id)

    def ids(folder: Path, pattern: str, marker: str) -> set[str]:
        return {
            line.removeprefix(marker).strip()
            for path in folder.glob(pattern)
            for line in path.read_text("utf-8").splitlines()
            if line.startswith(marker)
        }

    object_ids = {obj.id for obj in aims.objects}
    assert len(object_ids) == 120
    assert ids(tmp_path / "aims" / "pages", "*.md", ":id:") == object_ids
    assert ids(tmp_path / "plain", "**/*.md", ":id:") == object_ids | catalog_ids
    assert ids(tmp_path / "strictdoc", "*.sdoc", "UID:") == object_ids | catalog_ids
    types = {obj.type for obj in aims.objects}
    assert types == {
        "ai_system", "specification", "assessment", "risk", "control",
        "procedure", "policy", "objective", "record",
    }
