"""``sourcing-kg docs``: generate the ontology's HTML documentation with pyLODE."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.render.documentation import generate_documentation

HELP = "generate the ontology's HTML documentation (pyLODE) into a directory"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="directory to write index.html and the merged ontology to",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace DIR even if it exists and is not empty"
    )


def run(args: argparse.Namespace) -> int:
    written = generate_documentation(ontology_graph(), args.output, force=args.force)
    print(written / "index.html")
    return 0
