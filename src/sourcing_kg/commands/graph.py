"""``sourcing-kg graph``: picture of the dependencies around one supplier or one service."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.atomic import write_text_atomically
from sourcing_kg.register.analyses import open_backend
from sourcing_kg.register.dependency_graph import dependency_edges
from sourcing_kg.render.picture import render_html
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT

HELP = "draw the dependency graph around a supplier or a service as an offline HTML file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    focus = parser.add_mutually_exclusive_group(required=True)
    focus.add_argument("--leverancier", metavar="IRI", help="a supplier or subcontractor")
    focus.add_argument("--dienst", metavar="IRI", help="an IT service")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--data", nargs="+", type=Path, metavar="PATH")
    where.add_argument("--store", type=Path, metavar="DIR")
    where.add_argument("--endpoint", metavar="URL")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"deadline of the query (default {DEFAULT_TIMEOUT:g})",
    )


def run(args: argparse.Namespace) -> int:
    of, focus = ("dienst", args.dienst) if args.dienst else ("leverancier", args.leverancier)
    data = args.data
    if not (data or args.store or args.endpoint):
        data = [examples_dir() / "register"]
    backend = open_backend(data=data or (), store=args.store, endpoint=args.endpoint)
    edges, labels = dependency_edges(backend, focus=focus, of=of, timeout=args.timeout)
    write_text_atomically(
        args.output, render_html(edges, labels, focus=focus.strip("<>"), of=of, lang=args.lang)
    )
    print(f"{len(edges)} edges ({sum(e.critical for e in edges)} critical) drawn in {args.output}")
    return 0
