"""Baselines: the findings a team has accepted for now, so the gate fails only on new ones.

A finding matches a baseline entry when its rule, subtype, object id and message
are the same; file and line are kept for readers but not compared, so moving an
object does not make its finding new.

NOTE: a few messages name another place, such as the first definition of a
duplicate id as ``file:line``; editing above that place makes such a finding
new, and it must be recorded again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from aims_docs.findings import Finding
from aims_docs.report import GateReport

BASELINE_VERSION = 1

Key = tuple[str, str, str, str]


@dataclass(frozen=True)
class Comparison:
    """Findings split by a baseline: new ones fail, known ones are tolerated."""

    new: list[Finding]
    known: list[Finding]
    fixed: list[Key]  # baseline entries no longer found: the baseline can shrink


def write_baseline(path: Path, report: GateReport) -> None:
    """Record every finding of *report* in *path*, replacing the file."""
    entries = [
        {
            key: value
            for key, value in report.finding_dict(f).items()
            if key != "docname"
        }
        for f in report.findings
    ]
    document = {
        "version": BASELINE_VERSION,
        "as_of": report.as_of.isoformat(),
        "findings": entries,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", "utf-8")


def read_baseline(path: Path) -> set[Key]:
    """Return the keys of the findings recorded in *path*.

    Raises ``ValueError`` with a message naming the file and the fix when the
    file cannot be read or is not a baseline.
    """
    try:
        document = json.loads(path.read_text("utf-8"))
    except OSError as error:
        raise ValueError(
            f"cannot read baseline {path}: {error.strerror}; check the path, or "
            "create the file with --write-baseline"
        ) from None
    except json.JSONDecodeError as error:
        raise ValueError(
            f"{path}:{error.lineno}: invalid JSON in the baseline ({error.msg}); "
            "write it again with --write-baseline"
        ) from None
    rows = document.get("findings") if isinstance(document, dict) else None
    if not isinstance(rows, list):
        raise ValueError(
            f"{path}: not an aims-docs baseline (no 'findings' list); "
            "write it with --write-baseline"
        )
    keys: set[Key] = set()
    for index, row in enumerate(rows):
        try:
            keys.add((row["rule"], row["subtype"], row["id"], row["message"]))
        except (KeyError, TypeError):
            raise ValueError(
                f"{path}: findings[{index}] is missing rule, subtype, id or message; "
                "write the baseline again with --write-baseline"
            ) from None
    return keys


def compare(findings: Iterable[Finding], baseline: set[Key]) -> Comparison:
    """Split *findings* into new and known ones and list the fixed baseline entries."""
    new: list[Finding] = []
    known: list[Finding] = []
    for finding in findings:
        (known if finding.key() in baseline else new).append(finding)
    found = {f.key() for f in known}
    return Comparison(new, known, sorted(baseline - found))
