"""Benchmark of ``sourcing-kg validate`` from the command line (no timing in the tests).

Measures, each as a separate process exactly as a pipeline runs it:

1. one dossier: the median wall-clock time over ``--runs`` runs;
2. ``--count`` dossiers (default 1,000 files in one directory) validated in one run
   (median over ``--big-runs`` runs, default 1).

The dossiers come from ``generate_dossiers.py`` (written to a temporary directory). The
checker validates them against the project's shapes (``shapes/``) plus any ``--shapes``.

Usage:
    python bench/bench_validate.py [--count 1000] [--runs 5] [--big-runs 1] [--shapes FILE]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate_dossiers import generate  # noqa: E402


def timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    start = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"checker failed ({done.returncode}): {done.stderr.strip()}")
    return elapsed, done.returncode, done.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--big-runs", type=int, default=1)
    parser.add_argument("--shapes", type=Path, action="append", default=[])
    parser.add_argument("--as-of", default="2026-01-01")
    args = parser.parse_args()

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [str(HERE.parent / "src"), *filter(None, [env.get("PYTHONPATH")])]
    )
    base = [
        sys.executable,
        "-m",
        "sourcing_kg",
        "validate",
        "--format",
        "json",
        "--as-of",
        args.as_of,
    ]
    for shapes in args.shapes:
        base += ["--shapes", str(shapes)]

    with tempfile.TemporaryDirectory(prefix="sourcing-kg-bench-") as tmp:
        folder = Path(tmp) / "dossiers"
        files = generate(folder, count=args.count)
        one = files[0]
        lines = len(one.read_text(encoding="utf-8").splitlines())
        print(f"dossiers: {len(files)} files in {folder} (first file {lines} lines of Turtle)")

        timings = [timed([*base, str(one)], env)[0] for _ in range(args.runs)]
        print(
            f"one dossier:   median {statistics.median(timings):.2f} s over {args.runs} runs "
            f"(min {min(timings):.2f} s, max {max(timings):.2f} s)"
        )

        big = []
        for _ in range(args.big_runs):
            elapsed, code, stdout = timed([*base, str(folder)], env)
            big.append(elapsed)
        findings = stdout.count('"severity"')
        print(
            f"{len(files)} dossiers: median {statistics.median(big):.2f} s over "
            f"{args.big_runs} run(s), exit code {code}, {findings} findings "
            f"({statistics.median(big) / len(files) * 1000:.1f} ms per dossier)"
        )


if __name__ == "__main__":
    main()
