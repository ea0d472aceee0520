"""The ``aims-docs check`` command: the traceability gate for CI.

It builds the project with sphinx-needs' ``needs`` builder, which reads every
document and runs the checks but writes no pages, into a temporary folder (or
``--build-dir``), and reports the findings as text, JSON or JUnit XML. Exit
status: 0 without findings, 1 with findings (not in the baseline, if one is
given), 2 on a usage or configuration error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import SphinxError
from sphinx.util.console import strip_colors
from sphinx.util.docutils import docutils_namespace, patch_docutils

from aims_docs.baseline import compare, read_baseline, write_baseline
from aims_docs.cli import UsageError
from aims_docs.findings import Finding
from aims_docs.model import parse_date
from aims_docs.report import GateReport, to_json, to_junit, to_text, total_line

FORMATS = ("text", "json", "junit")


@dataclass(frozen=True)
class ProjectLayout:
    """Folders of a project's ``conf.py`` and of its source files."""

    confdir: Path
    srcdir: Path


def find_project(folder: Path) -> ProjectLayout:
    """Locate ``conf.py`` and the source folder of the project in *folder*.

    ``FOLDER/conf.py`` with a ``FOLDER/source`` folder is the layout of
    ``sphinx-build -c . source``; otherwise the sources sit beside ``conf.py``,
    in ``FOLDER`` or in ``FOLDER/source``.
    """
    if not folder.is_dir():
        raise UsageError(
            f"{folder}: project folder not found; pass the folder that contains conf.py"
        )
    source = folder / "source"
    if (folder / "conf.py").is_file():
        return ProjectLayout(folder, source if source.is_dir() else folder)
    if (source / "conf.py").is_file():
        return ProjectLayout(source, source)
    raise UsageError(
        f"{folder}: no conf.py in this folder or in {source}; pass the "
        "folder that contains the project's conf.py"
    )


@contextlib.contextmanager
def _as_of_environment(as_of: str | None) -> Iterator[None]:
    """Set ``AIMS_AS_OF`` for the build, so ``--as-of`` wins over every other source."""
    if as_of is None:
        yield
        return
    previous = os.environ.get("AIMS_AS_OF")
    os.environ["AIMS_AS_OF"] = as_of
    try:
        yield
    finally:
        if previous is None:
            del os.environ["AIMS_AS_OF"]
        else:
            os.environ["AIMS_AS_OF"] = previous


def build_report(
    layout: ProjectLayout, build_dir: Path, as_of: str | None
) -> tuple[GateReport, list[str]]:
    """Build the project without writing pages; return the report and other warnings."""
    from aims_docs.extensions.checks import get_report

    warnings = io.StringIO()
    # As in sphinx-build: docutils' registries are restored after the build.
    with (
        _as_of_environment(as_of),
        patch_docutils(layout.confdir),
        docutils_namespace(),
    ):
        try:
            app = Sphinx(
                str(layout.srcdir),
                str(layout.confdir),
                str(build_dir / "needs"),
                str(build_dir / "doctrees"),
                "needs",
                status=None,
                warning=warnings,
            )
            app.build()
        except SphinxError as error:
            raise UsageError(f"{layout.confdir / 'conf.py'}: {error}") from None
    report = get_report(app.env)
    if report is None:
        raise UsageError(
            f"{layout.confdir / 'conf.py'}: the project does not load "
            "aims-docs; add 'aims_docs' to extensions"
        )
    other = [
        line
        for line in strip_colors(warnings.getvalue()).splitlines()
        if line.strip() and "[aims." not in line
    ]
    return report, other


def _render(report: GateReport, fmt: str, listed: list[Finding], known: int) -> str:
    if fmt == "json":
        return json.dumps(to_json(report, listed), indent=2) + "\n"
    if fmt == "junit":
        return to_junit(report, listed)
    return to_text(report, listed, known)


def _write(path: Path, text: str, what: str) -> None:
    try:
        path.write_text(text, "utf-8")
    except OSError as error:
        raise UsageError(
            f"cannot write the {what} {path}: {error.strerror}; check "
            "that its folder exists and is writable"
        ) from None


def run_check(args: argparse.Namespace) -> int:
    """Run the gate on the project in ``args.project`` and return the exit status."""
    if args.as_of is not None and parse_date(args.as_of) is None:
        raise UsageError(
            f"--as-of: invalid date {args.as_of!r}; write it as YYYY-MM-DD"
        )
    layout = find_project(Path(args.project))
    baseline = None
    if args.baseline is not None:
        try:
            baseline = read_baseline(Path(args.baseline))
        except ValueError as error:
            raise UsageError(str(error)) from None

    with contextlib.ExitStack() as stack:
        build_dir = (
            Path(args.build_dir)
            if args.build_dir
            else Path(
                stack.enter_context(
                    tempfile.TemporaryDirectory(prefix="aims-docs-check-")
                )
            )
        )
        report, other_warnings = build_report(layout, build_dir, args.as_of)

    for line in other_warnings:
        print(line, file=sys.stderr)
    listed, known = report.findings, 0
    if baseline is not None:
        comparison = compare(report.findings, baseline)
        listed, known = comparison.new, len(comparison.known)
        if comparison.fixed:
            fixed = len(comparison.fixed)
            noun = (
                "finding of the baseline is"
                if fixed == 1
                else "findings of the baseline are"
            )
            print(
                f"{fixed} {noun} fixed; record the smaller baseline with "
                f"--write-baseline {args.baseline}",
                file=sys.stderr,
            )
    output = _render(report, args.format, listed, known)
    if args.output:
        _write(Path(args.output), output, "report")
        print(total_line(report, len(listed), known))
    else:
        sys.stdout.write(output)
    if args.write_baseline:
        _write_baseline(Path(args.write_baseline), report)
        if baseline is None:
            return 0
    return 1 if listed else 0


def _write_baseline(path: Path, report: GateReport) -> None:
    try:
        write_baseline(path, report)
    except OSError as error:
        raise UsageError(
            f"cannot write the baseline {path}: {error.strerror}; check "
            "that its folder exists and is writable"
        ) from None
    print(f"recorded {len(report.findings)} findings in {path}", file=sys.stderr)


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    parser = subparsers.add_parser(
        "check",
        help="report traceability gaps and overdue reviews; exit 1 if there are any",
        description="Build the project without writing pages and report every "
        "finding of the traceability gate. Exit status: 0 no findings, 1 findings, "
        "2 usage or configuration error.",
    )
    parser.add_argument(
        "project",
        nargs="?",
        default=".",
        metavar="PROJECT_DIR",
        help="folder with conf.py, and source/ if the pages are "
        "there (default: the current folder)",
    )
    parser.add_argument(
        "--as-of",
        metavar="YYYY-MM-DD",
        help="date review status is computed against; overrides "
        "AIMS_AS_OF, aims_as_of and SOURCE_DATE_EPOCH",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="report format (default: text)",
    )
    parser.add_argument(
        "--output",
        metavar="FILE",
        help="write the report to FILE instead of standard output",
    )
    parser.add_argument(
        "--baseline",
        metavar="FILE",
        help="fail only on findings that are not in this baseline",
    )
    parser.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="record the current findings in FILE, replacing it",
    )
    parser.add_argument(
        "--build-dir",
        metavar="DIR",
        help="keep the build in DIR to reuse it next time "
        "(default: a temporary folder)",
    )
    parser.set_defaults(handler=run_check)
