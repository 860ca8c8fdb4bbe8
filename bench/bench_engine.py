"""Both validation engines side by side, end to end (parse to report), as a pipeline runs them.

For each size it generates dossiers with ``generate_dossiers.py`` (mostly conforming, one seeded
fault of each rule in turn), runs ``python -m sourcing_kg validate DIR --format json --engine E``
as a separate process and prints wall-clock time, CPU time of the child (what counts on a
shared machine) and per dossier, peak memory (max RSS of the child) and the number of findings;
the two engines' findings are compared where both ran.

Usage (from the repository root, with the project's venv):
    python bench/bench_engine.py                          # fast 100/1,000/10,000, pyshacl 100
    python bench/bench_engine.py --fast 1000 10000 50000 --pyshacl 100 1000
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from child import run_sourcing_kg
from generate_dossiers import generate


def run(directory: Path, engine: str) -> tuple[float, float, float, list[object]]:
    """Wall time, CPU time and peak memory (MB) of the child, and its findings."""
    args = ["validate", str(directory), "--format", "json", "--as-of", "2026-01-01"]
    timed = run_sourcing_kg([*args, "--engine", engine, "--fail-on", "info"], {**os.environ})
    findings = json.loads(timed.done.stdout)["results"]
    return timed.wall, timed.cpu, timed.peak_mb, findings


#: A blank node's label: new in every run, so two runs are compared without them.
_BLANK = re.compile(r"_:[A-Za-z0-9]+")


def _key(finding: dict[str, object]) -> str:
    kept = {k: v for k, v in finding.items() if k not in ("provenance",)}
    return _BLANK.sub("_:", json.dumps(kept, sort_keys=True))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fast", type=int, nargs="*", default=[100, 1000, 10000])
    parser.add_argument("--pyshacl", type=int, nargs="*", default=[100])
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    sizes = sorted(set(args.fast) | set(args.pyshacl))
    print("| engine | dossiers | wall time | CPU time | CPU per dossier | peak memory | findings |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            directory = Path(tmp) / f"d{size}"
            generate(directory, count=size, seed=args.seed)
            results = {}
            for engine in ("fast", "pyshacl"):
                if size not in (args.fast if engine == "fast" else args.pyshacl):
                    continue
                elapsed, cpu, peak, findings = run(directory, engine)
                results[engine] = sorted(map(_key, findings))  # type: ignore[arg-type]
                print(
                    f"| {engine} | {size:,} | {elapsed:.1f} s | {cpu:.1f} s "
                    f"| {1000 * cpu / size:.1f} ms | {peak:.0f} MB | {len(findings):,} |",
                    flush=True,
                )
            if len(results) == 2:
                same = results["fast"] == results["pyshacl"]
                print(f"|  | {size:,} | same findings: {'yes' if same else 'NO'} |  |  |  |  |")


if __name__ == "__main__":
    main()
