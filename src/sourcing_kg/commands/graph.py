"""``sourcing-kg graph``: picture of the dependencies around one supplier or one service."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.commands._where import add_where_arguments, backend_from
from sourcing_kg.io.atomic import write_text_atomically
from sourcing_kg.register.dependency_graph import dependency_edges
from sourcing_kg.render.picture import render_html

HELP = "draw the dependency graph around a supplier or a service as an offline HTML file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    focus = parser.add_mutually_exclusive_group(required=True)
    focus.add_argument("--leverancier", metavar="IRI", help="a supplier or subcontractor")
    focus.add_argument("--dienst", metavar="IRI", help="an IT service")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    add_where_arguments(parser)


def run(args: argparse.Namespace) -> int:
    of, focus = ("dienst", args.dienst) if args.dienst else ("leverancier", args.leverancier)
    edges, labels = dependency_edges(backend_from(args), focus=focus, of=of, timeout=args.timeout)
    write_text_atomically(
        args.output, render_html(edges, labels, focus=focus.strip("<>"), of=of, lang=args.lang)
    )
    print(f"{len(edges)} edges ({sum(e.critical for e in edges)} critical) drawn in {args.output}")
    return 0
