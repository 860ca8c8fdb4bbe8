"""One run of ``python -m sourcing_kg ARGS`` as a child process, timed as a pipeline sees it.

Shared by the benchmarks: wall time, the child's CPU time (user + system, what counts on a
shared machine) and the peak memory of the children so far (max RSS; it only grows, so run
sizes in ascending order).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Timed:
    done: subprocess.CompletedProcess[str]
    wall: float
    cpu: float
    peak_mb: float


def run_sourcing_kg(args: list[str], env: dict[str, str], cwd: Path | None = None) -> Timed:
    """Run the checker with ``args``; exit codes 0 and 1 (findings) are a result, others stop
    the benchmark with the child's stderr."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "sourcing_kg", *args],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=cwd,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"sourcing-kg {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}"
        )
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Timed(done, wall, cpu, after.ru_maxrss / 1024)
