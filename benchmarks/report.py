"""Ratios, targets and the printed table of a benchmark summary."""

from __future__ import annotations

from typing import Any

#: The size the targets are stated for. When it was not measured, the largest
#: measured size is used instead.
TARGET_SIZE = 4000

#: The measured commands, in the order the table lists them.
FIGURES = ("aims_full", "plain_full", "strictdoc", "check", "incremental")
LABELS = {
    "aims_full": "aims-docs full build",
    "plain_full": "plain sphinx-needs build",
    "strictdoc": "StrictDoc HTML export",
    "check": "aims-docs check",
    "incremental": "aims-docs incremental, one page edited",
}


def _median(figure: dict[str, Any], key: str = "seconds") -> float | None:
    if "unavailable" in figure or key not in figure:
        return None
    return float(figure[key]["median"])


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return round(top / bottom, 3)


def size_ratios(result: dict[str, Any]) -> dict[str, float | None]:
    """Ratios of medians at one size: wall time, and CPU time where noted."""
    full = _median(result["aims_full"])
    return {
        "aims_vs_plain": _ratio(full, _median(result["plain_full"])),
        "aims_vs_plain_cpu": _ratio(
            _median(result["aims_full"], "cpu_seconds"),
            _median(result["plain_full"], "cpu_seconds"),
        ),
        "aims_vs_strictdoc": _ratio(full, _median(result["strictdoc"])),
        "check_vs_full": _ratio(_median(result["check"]), full),
        "incremental_vs_full": _ratio(_median(result["incremental"]), full),
        "memory_aims_vs_plain": _ratio(
            _median(result["aims_full"], "peak_rss_mb"),
            _median(result["plain_full"], "peak_rss_mb"),
        ),
    }


def scaling(results: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Full-build time of the largest size over the smallest, with the size ratio."""
    sizes = sorted(int(size) for size in results)
    if len(sizes) < 2:
        return None
    small, large = str(sizes[0]), str(sizes[-1])
    return {
        "sizes": [sizes[0], sizes[-1]],
        "size_ratio": round(sizes[-1] / sizes[0], 3),
        "time_ratio": _ratio(
            _median(results[large]["aims_full"]), _median(results[small]["aims_full"])
        ),
        # CPU time varies less than wall time with other work on the machine.
        "cpu_time_ratio": _ratio(
            _median(results[large]["aims_full"], "cpu_seconds"),
            _median(results[small]["aims_full"], "cpu_seconds"),
        ),
    }


def targets(results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Evaluate each target; ``holds`` is ``None`` where a figure is missing."""
    size = str(TARGET_SIZE) if str(TARGET_SIZE) in results else str(max(map(int, results)))
    ratios = size_ratios(results[size])
    rows = [
        ("full vs plain sphinx-needs", ratios["aims_vs_plain"], 1.0),
        ("full vs StrictDoc", ratios["aims_vs_strictdoc"], 0.75),
        ("check vs full", ratios["check_vs_full"], 0.35),
        ("incremental vs full", ratios["incremental_vs_full"], 0.15),
        ("peak memory vs plain sphinx-needs", ratios["memory_aims_vs_plain"], 1.1),
    ]
    table = [_target(name, value, limit) for name, value, limit in rows]
    incremental = results[size]["incremental"]
    table.append(
        {
            "name": "incremental findings equal a clean build's",
            "value": incremental.get("findings_match_clean"),
            "limit": True,
            "holds": incremental.get("findings_match_clean"),
        }
    )
    grown = scaling(results)
    if grown is not None:
        limit = round(1.1 * grown["size_ratio"], 3)
        name = f"{grown['sizes'][1]} objects vs {grown['sizes'][0]} (time)"
        table.append(_target(name, grown["time_ratio"], limit))
    return {"size": int(size), "rows": table}


def _target(name: str, value: float | None, limit: float) -> dict[str, Any]:
    holds = None if value is None else value <= limit
    return {"name": name, "value": value, "limit": limit, "holds": holds}


def format_table(summary: dict[str, Any]) -> str:
    """Return the summary as plain-text tables for the terminal."""
    lines: list[str] = []
    for size, result in summary["results"].items():
        lines.append(f"\n{size} objects ({result['pages']} pages), {summary['runs']} runs")
        lines.append(f"  {'command':40} {'median s':>9} {'min-max s':>15} {'peak MB':>8}")
        for key in FIGURES:
            lines.append("  " + _figure_line(LABELS[key], result[key]))
        for name, value in result["ratios"].items():
            lines.append(f"  {name:40} {_show(value):>9}")
    lines.append(f"\nTargets at {summary['targets']['size']} objects")
    for row in summary["targets"]["rows"]:
        verdict = {True: "holds", False: "MISSED", None: "not measured"}[row["holds"]]
        lines.append(
            f"  {row['name']:45} {_show(row['value']):>8} <= {row['limit']!s:6} {verdict}"
        )
    return "\n".join(lines)


def _figure_line(label: str, figure: dict[str, Any]) -> str:
    if "unavailable" in figure:
        return f"{label:40} unavailable: {figure['unavailable']}"
    seconds, memory = figure["seconds"], figure["peak_rss_mb"]
    spread = f"{seconds['min']:.2f}-{seconds['max']:.2f}"
    return f"{label:40} {seconds['median']:9.2f} {spread:>15} {memory['median']:8.0f}"


def _show(value: Any) -> str:
    return "-" if value is None else str(value)
