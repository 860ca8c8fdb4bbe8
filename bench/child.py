"""One run of ``python -m sourcing_kg ARGS`` as a child process, timed as a pipeline sees it.

Shared by the benchmarks: wall time, the child's CPU time (user + system, what counts on a
shared machine) and its peak memory (max RSS), all of that child alone: ``os.wait4`` reports
the usage of the one process it reaps, where ``RUSAGE_CHILDREN`` keeps the largest child so far.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
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
    command = [sys.executable, "-m", "sourcing_kg", *args]
    # files, not pipes: the child is reaped by wait4, so nothing may wait on its output
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=cwd, text=True)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        done = subprocess.CompletedProcess(command, child.returncode, out.read(), err.read())
    if done.returncode not in (0, 1):
        raise SystemExit(
            f"sourcing-kg {' '.join(args)} exited {done.returncode}: {done.stderr[-2000:]}"
        )
    # ru_maxrss is in kilobytes on Linux
    return Timed(done, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)
