"""Measure load and every analysis on pyoxigraph (on disk) and on rdflib in memory.

    python bench/generate_register.py
    PYTHONPATH=src python bench/bench_queries.py bench/out/register.nt [--timeout 600]

Prints one line per analysis with the seconds and the number of rows per engine; an analysis
past its deadline is reported as not evaluated.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from sourcing_kg.register.analyses import catalogue, load_files, memory_backend
from sourcing_kg.sparql.backends import OxigraphBackend
from sourcing_kg.sparql.binding import parse_parameters
from sourcing_kg.sparql.deadline import DeadlineExceeded

PARAMS = {
    "impact-uitval-leverancier": {"leverancier": "https://example.org/bench/partij/950"},
    "archimate-impact-leverancier": {"leverancier": "https://example.org/bench/partij/950"},
    "referentiecomponenten-zonder-dossier": {"model": "https://example.org/bench/model"},
    "exitplannen-niet-getest": {"peildatum": "2026-01-31"},
    "contracten-aflopend": {"peildatum": "2026-01-01", "maanden": "12"},
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--only", choices=("rdflib", "pyoxigraph"))
    args = parser.parse_args()
    engines = {}
    with tempfile.TemporaryDirectory() as folder:
        if args.only != "rdflib":
            started = time.perf_counter()
            store = OxigraphBackend(Path(folder))
            load_files(store, [args.data])
            print(f"load pyoxigraph (on disk): {time.perf_counter() - started:.2f} s")
            engines["pyoxigraph"] = store
        if args.only != "pyoxigraph":
            started = time.perf_counter()
            engines["rdflib"] = memory_backend([args.data])
            print(f"load rdflib (in memory): {time.perf_counter() - started:.2f} s")
        print(f"{'analysis':40} " + " ".join(f"{name:>22}" for name in engines))
        for analysis in catalogue().values():
            bindings = parse_parameters(analysis, PARAMS.get(analysis.id, {}))
            cells = []
            for backend in engines.values():
                started = time.perf_counter()
                try:
                    rows = len(backend.select(analysis.text, bindings, timeout=args.timeout).rows)
                    cells.append(f"{time.perf_counter() - started:8.2f} s {rows:6d} rows")
                except DeadlineExceeded:
                    cells.append(f"  not evaluated (>{args.timeout:g} s)")
            print(f"{analysis.id:40} " + " ".join(f"{c:>22}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
