"""Run one command in a child process and measure its wall time and peak memory."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Measurement:
    """Wall time, CPU time and peak resident memory of one finished command."""

    seconds: float
    cpu_seconds: float
    peak_rss_mb: float
    returncode: int


def run_measured(
    command: Sequence[str],
    *,
    cwd: Path,
    log: Path,
    env: Mapping[str, str] | None = None,
) -> Measurement:
    """Run *command*, writing its output to *log*; return its time and peak memory.

    CPU time (user and system, of the child and the descendants it waited for)
    is kept beside wall time: on a shared machine it varies less with the load.

    The peak is ``ru_maxrss`` of the child as ``wait4`` reports it: the largest
    resident set of the child or of any of its descendants it waited for (so a
    pool of worker processes counts as its largest member, not their sum).
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        start = time.perf_counter()
        child = subprocess.Popen(
            list(command), cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, env=dict(env) if env is not None else None,
        )
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    # Linux reports ru_maxrss in KiB.
    return Measurement(seconds, cpu, usage.ru_maxrss / 1024, child.returncode)


def summarise(values: Sequence[float]) -> dict[str, Any]:
    """Median, minimum, maximum and every value, rounded for reading."""
    return {
        "median": round(statistics.median(values), 3),
        "min": round(min(values), 3),
        "max": round(max(values), 3),
        "all": [round(v, 3) for v in values],
    }


def load_average() -> float | None:
    """Return the one-minute load average, or ``None`` where the system has none."""
    try:
        return round(os.getloadavg()[0], 2)
    except OSError:
        return None


def machine() -> dict[str, Any]:
    """Describe the machine the figures were measured on."""
    return {
        "nproc": os.cpu_count(),
        "cpu": _cpu_model(),
        "memory_gib": _memory_gib(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "executable": sys.executable,
    }


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None
