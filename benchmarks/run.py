"""Benchmark aims-docs against plain sphinx-needs and StrictDoc on synthetic AIMS.

For each size, the runner writes the same synthetic objects as three projects,
then, in each of several runs, times in child processes: a clean aims-docs
build, an incremental rebuild after one page is edited, a clean plain
sphinx-needs build, a StrictDoc HTML export and ``aims-docs check``. It reports
median, minimum and maximum time and peak memory of each, the ratios between
them and the targets, prints a table and writes the whole summary as JSON.

Run from the repository root with the project's virtual environment::

    .venv/bin/python benchmarks/run.py                    # 1000, 4000, 10000 objects
    .venv/bin/python benchmarks/run.py --sizes 200 --runs 1   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shlex
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import projects
import report
import tools
from measure import Measurement, load_average, machine, summarise
from synthetic import build_aims

HERE = Path(__file__).resolve().parent
DEFAULT_SIZES = (1000, 4000, 10000)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=",".join(map(str, DEFAULT_SIZES)),
        help="comma-separated object counts (default: %(default)s)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each command")
    parser.add_argument(
        "--work", type=Path, default=HERE / "results" / "work",
        help="folder for the generated projects and their output",
    )
    parser.add_argument(
        "--output", type=Path, default=HERE / "results" / "summary.json",
        help="where to write the JSON summary",
    )
    parser.add_argument(
        "--skip", default="", help="comma-separated figures not to measure: "
        + ", ".join(report.FIGURES[1:]),
    )
    parser.add_argument(
        "--strictdoc-sizes", default="1000,4000",
        help="sizes at which StrictDoc runs; its export grows faster than linearly "
        "with the links a page shows, so 10000 objects take many minutes a run "
        "(default: %(default)s; 'all' for every size)",
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = _sizes(args.sizes)
        args.strictdoc_sizes = (
            args.sizes if args.strictdoc_sizes == "all" else _sizes(args.strictdoc_sizes)
        )
    except ValueError as error:
        parser.error(f"sizes are whole numbers, such as 1000,4000: {error}")
    if not args.sizes or min(args.sizes) < 1 or args.runs < 1:
        parser.error("--sizes and --runs must be positive")
    args.skip = {name for name in args.skip.split(",") if name}
    return args


def _sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",") if size]


class SizeBench:
    """The projects of one size and the measurements taken on them."""

    def __init__(self, size: int, work: Path, skip: dict[str, str]) -> None:
        self.aims = build_aims(size)
        self.work = work
        self.src = {name: work / name for name in ("aims", "plain", "strictdoc")}
        projects.write_aims_project(self.src["aims"], self.aims)
        projects.write_plain_project(self.src["plain"], self.aims)
        projects.write_strictdoc_project(self.src["strictdoc"], self.aims)
        self.samples: dict[str, list[Measurement]] = {name: [] for name in report.FIGURES}
        self.unavailable = dict(skip)
        self.incremental_findings: list[list[dict[str, Any]] | None] = []
        for name, reason in (
            ("strictdoc", tools.strictdoc_available()),
            ("check", tools.check_available()),
        ):
            if reason and name not in self.unavailable:
                self.unavailable[name] = reason

    def log(self, name: str, run: int) -> Path:
        return self.work / "logs" / f"{name}-{run}.log"

    def run_once(self, run: int) -> None:
        """Measure every available command once, in the same order each run."""
        out = self.work / "out"
        steps: list[tuple[str, Callable[[], Measurement]]] = [
            ("aims_full", lambda: tools.sphinx_build(
                self.src["aims"], out / "aims", self.log("aims_full", run), clean=True)),
            ("incremental", lambda: self._incremental(run)),
            ("plain_full", lambda: tools.sphinx_build(
                self.src["plain"], out / "plain", self.log("plain_full", run), clean=True)),
            ("strictdoc", lambda: tools.strictdoc_export(
                self.src["strictdoc"], out / "strictdoc", self.work / "strictdoc-cache",
                self.log("strictdoc", run))),
            ("check", lambda: tools.aims_check(self.src["aims"], self.log("check", run))),
        ]
        for name, step in steps:
            if name in self.unavailable:
                continue
            measured = step()
            if measured.returncode not in (0, 1) or (
                measured.returncode == 1 and name != "check"
            ):
                raise SystemExit(
                    f"{name} failed with exit status {measured.returncode}; "
                    f"see {self.log(name, run)}"
                )
            self.samples[name].append(measured)

    def _incremental(self, run: int) -> Measurement:
        """Edit one page of the built aims-docs project and build again."""
        page = projects.edited_page(self.aims)
        projects.write_page(self.src["aims"], self.aims, page, edited=True)
        try:
            outdir = self.work / "out" / "aims"
            measured = tools.sphinx_build(
                self.src["aims"], outdir, self.log("incremental", run), clean=False
            )
            self.incremental_findings.append(tools.read_findings(outdir))
        finally:
            projects.write_page(self.src["aims"], self.aims, page, edited=False)
        return measured

    def clean_edited_findings(self) -> list[dict[str, Any]] | None:
        """Build the edited project from scratch and return its findings."""
        page = projects.edited_page(self.aims)
        projects.write_page(self.src["aims"], self.aims, page, edited=True)
        try:
            outdir = self.work / "out" / "aims-edited-clean"
            tools.sphinx_build(
                self.src["aims"], outdir, self.log("edited_clean", 0), clean=True
            )
            return tools.read_findings(outdir)
        finally:
            projects.write_page(self.src["aims"], self.aims, page, edited=False)

    def result(self) -> dict[str, Any]:
        result: dict[str, Any] = {
            "objects": len(self.aims.objects),
            "pages": len(self.aims.pages()),
        }
        for name in report.FIGURES:
            if name in self.unavailable:
                result[name] = {"unavailable": self.unavailable[name]}
                continue
            samples = self.samples[name]
            result[name] = {
                "seconds": summarise([m.seconds for m in samples]),
                "cpu_seconds": summarise([m.cpu_seconds for m in samples]),
                "peak_rss_mb": summarise([m.peak_rss_mb for m in samples]),
            }
        if "incremental" not in self.unavailable:
            clean = self.clean_edited_findings()
            result["incremental"]["findings_clean"] = None if clean is None else len(clean)
            result["incremental"]["findings_match_clean"] = (
                clean is not None and all(f == clean for f in self.incremental_findings)
            )
        result["ratios"] = report.size_ratios(result)
        return result


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    started = dt.datetime.now(dt.timezone.utc)
    results: dict[str, dict[str, Any]] = {}
    for size in args.sizes:
        skip = {name: "skipped with --skip" for name in args.skip}
        if size not in args.strictdoc_sizes:
            skip.setdefault("strictdoc", "not run at this size (see --strictdoc-sizes)")
        bench = SizeBench(size, args.work / f"n{size}", skip)
        loads = [load_average()]
        for run in range(args.runs):
            print(f"{size} objects: run {run + 1} of {args.runs}", file=sys.stderr)
            bench.run_once(run)
            loads.append(load_average())
        results[str(size)] = {**bench.result(), "load_average": loads}
    summary = {
        "command": shlex.join(["python", "benchmarks/run.py", *(argv or sys.argv[1:])]),
        "started": started.isoformat(timespec="seconds"),
        "machine": machine(),
        "runs": args.runs,
        "results": results,
        "scaling": report.scaling(results),
    }
    summary["targets"] = report.targets(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(summary, indent=2) + "\n", "utf-8")
    print(report.format_table(summary))
    print(f"\nSummary written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
