"""``validate --store`` cold, then after one dossier changed (the incremental cache, issue 10).

Generates N dossiers with ``generate_dossiers.py``, loads them into a fresh on-disk store
(``sourcing-kg load --store``), and runs, each as a separate process as a pipeline would:

1. ``validate --store`` with an empty cache (cold: every graph judged, the cache filled);
2. ``validate --store`` again, nothing changed (every graph from the cache);
3. one dossier file changed (a deliverable removed from its list: an H1 finding) and loaded
   again, then ``validate --store`` (warm: that graph judged, the rest from the cache);
4. the same with ``--format text`` (no value origins rendered: what the cache itself costs);
5. ``validate --store --no-cache`` (the full run the warm one must equal; the findings of
   steps 3 and 4 are compared, also without their messages: see :func:`comparable`).

It prints wall-clock and CPU seconds (of the child) and peak memory of each step.

Usage (from the repository root, with the project's venv):
    python bench/bench_store.py --count 1000
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


def step(name: str, args: list[str], env: dict[str, str]) -> tuple[str, str]:
    timed = run_sourcing_kg(args, env)
    note = " ".join(line for line in timed.done.stderr.splitlines() if "re-judged" in line)
    print(
        f"{name:<34} wall {timed.wall:8.2f} s  cpu {timed.cpu:8.2f} s  "
        f"peak {timed.peak_mb:7.0f} MB  {note}",
        flush=True,
    )
    return timed.done.stdout, timed.done.stderr


def comparable(text: str, *, messages: bool = True) -> list[str]:
    """The findings, blank-node shape labels left out (they differ between any two runs);
    with ``messages=False`` also their messages: REG-CONFLICT's lists the other values in an
    order that differs between two full runs (GROUP_CONCAT without order)."""
    results = json.loads(text)["results"]
    for result in results:
        if result["sourceShape"].startswith("_:"):
            result["sourceShape"] = "_:shape"
        if not messages:
            result.pop("message", None)
            result.pop("messages", None)
    return sorted(json.dumps(r, sort_keys=True) for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as work:
        root = Path(work)
        files = generate(root / "dossiers", count=args.count)
        store, cache = root / "store", root / "cache"
        env = {**os.environ, "SOURCING_KG_CACHE_DIR": str(cache)}
        env.pop("SOURCING_KG_NO_CACHE", None)
        validate = ["validate", "--store", str(store), "--format", "json", "--as-of", "2026-01-01"]
        print(f"{args.count:,} dossiers")
        step("load --store", ["load", str(root / "dossiers"), "--store", str(store)], env)
        step("validate (cold, fills the cache)", validate, env)
        step("validate (nothing changed)", validate, env)
        changed = files[len(files) // 2]
        text = changed.read_text(encoding="utf-8")
        edited = re.sub(r"\n        ex:dossier-\d+-businesscase,", "", text, count=1)
        changed.write_text(edited if edited != text else text + "\n", encoding="utf-8")
        step("load one changed dossier", ["load", str(changed), "--store", str(store)], env)
        warm, _ = step("validate (one dossier changed)", validate, env)
        text = [*validate[:3], "--format", "text", *validate[5:]]
        step("validate (nothing changed, text)", text, env)
        full, _ = step("validate --no-cache (full run)", [*validate, "--no-cache"], env)
        same = comparable(warm) == comparable(full)
        print(f"one dossier changed: findings identical to the full run: {same}")
        same = comparable(warm, messages=False) == comparable(full, messages=False)
        print(f"... identical but for the messages' text: {same}")
        print(f"findings: {len(json.loads(warm)['results']):,}")
        print(f"cache entry: {sum(p.stat().st_size for p in cache.rglob('*.json')) / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
