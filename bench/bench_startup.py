"""The fixed cost of a run (issue 10): ``sourcing-kg --help`` and one dossier from the command line.

Each command runs ``--runs`` times as a separate process (``python -m sourcing_kg ...``, as a
pipeline runs it); the median and range of wall-clock time and of the child's CPU time (user +
system, what counts on a shared machine) are printed, for

- ``--help`` (target < 0.3 s: only the table of commands, no RDF library);
- ``validate data/dossiers/conform/fase-1.ttl --format json`` (target < 1 s) with a **cold**
  per-user cache (a fresh, empty ``SOURCING_KG_CACHE_DIR`` for every run: the shapes' SPARQL
  is parsed) and a **warm** one (one cache, filled by a run before the timed ones);
  ``--no-cache-run`` adds ``SOURCING_KG_NO_CACHE=1``.

The load average before and after is printed: figures from a busy machine are not comparable.
Python's byte code: with ``PYTHONDONTWRITEBYTECODE`` set and no ``__pycache__`` beside the
sources, every run compiles the package's modules (~0.07 s); an installed wheel has them
compiled. ``--compile`` compiles them first (``compileall``), as an installation does.

Usage (from the repository root, with the project's venv):
    python bench/bench_startup.py                 # 7 runs of each
    python bench/bench_startup.py --runs 11 --compile --no-cache-run
"""

from __future__ import annotations

import argparse
import compileall
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from child import run_sourcing_kg

REPO = Path(__file__).resolve().parents[1]
DOSSIER = REPO / "data" / "dossiers" / "conform" / "fase-1.ttl"


def once(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system) of one run of ``sourcing-kg ARGS``."""
    timed = run_sourcing_kg(args, env, cwd=REPO)
    return timed.wall, timed.cpu


def series(label: str, args: list[str], runs: int, env_of: Callable[[int], dict[str, str]]) -> None:
    walls, cpus = [], []
    for number in range(runs):
        wall, cpu = once(args, env_of(number))
        walls.append(wall)
        cpus.append(cpu)
    print(
        f"{label:34} wall median {statistics.median(walls):.2f} s "
        f"({min(walls):.2f}-{max(walls):.2f})   CPU median {statistics.median(cpus):.2f} s "
        f"({min(cpus):.2f}-{max(cpus):.2f})   n={runs}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="runs of each command (7)")
    parser.add_argument("--compile", action="store_true", help="compile the package first")
    parser.add_argument("--no-cache-run", action="store_true", help="also SOURCING_KG_NO_CACHE=1")
    options = parser.parse_args()
    if options.compile:
        compileall.compile_dir(str(REPO / "src" / "sourcing_kg"), quiet=1)
    print(f"load average before: {os.getloadavg()}  ({time.strftime('%Y-%m-%d %H:%M %Z')})")
    base = {k: v for k, v in os.environ.items() if not k.startswith("SOURCING_KG_")}
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as scratch:
        root = Path(scratch)
        warm = {**base, "SOURCING_KG_CACHE_DIR": str(root / "warm")}
        validate = ["validate", str(DOSSIER), "--format", "json"]
        series("--help", ["--help"], options.runs, lambda n: warm)

        def cold(number: int) -> dict[str, str]:
            return {**base, "SOURCING_KG_CACHE_DIR": str(root / f"cold-{number}")}

        series("one dossier, cold cache", validate, options.runs, cold)
        once(validate, warm)  # fills the warm cache
        series("one dossier, warm cache", validate, options.runs, lambda n: warm)
        series(
            "one dossier, warm, --timeout 0",
            [*validate, "--timeout", "0"],
            options.runs,
            lambda n: warm,
        )
        if options.no_cache_run:
            off = {**base, "SOURCING_KG_NO_CACHE": "1"}
            series("one dossier, SOURCING_KG_NO_CACHE=1", validate, options.runs, lambda n: off)
    print(f"load average after: {os.getloadavg()}")


if __name__ == "__main__":
    main()
