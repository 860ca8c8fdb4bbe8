"""``sourcing-kg load``: RDF files into a store, one named graph per file (replaced on reload)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.core.errors import UsageError
from sourcing_kg.register.analyses import load_files
from sourcing_kg.sparql.backends import EndpointBackend, OxigraphBackend

HELP = "load RDF files into an on-disk store or a Graph Store Protocol endpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="PATH")
    where = parser.add_mutually_exclusive_group(required=True)
    where.add_argument("--store", type=Path, metavar="DIR", help="on-disk Oxigraph store")
    where.add_argument(
        "--gsp",
        metavar="URL",
        help="Graph Store Protocol endpoint (credentials from the environment)",
    )
    parser.add_argument(
        "--graph", metavar="IRI", help="name of the graph (one file only; default: the file's URI)"
    )


def run(args: argparse.Namespace) -> int:
    if args.graph is not None and not args.graph.strip():
        raise UsageError("--graph must be an IRI")
    if args.store:
        args.store.mkdir(parents=True, exist_ok=True)
        loaded = load_files(OxigraphBackend(args.store), args.files, name=args.graph)
    else:
        loaded = load_files(
            EndpointBackend(args.gsp, store_url=args.gsp), args.files, name=args.graph
        )
    for graph in loaded:
        print(f"loaded <{graph}>")
    return 0
