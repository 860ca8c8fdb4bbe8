"""``sourcing-kg import-archimate``: an ArchiMate model (exchange format or Archi) to Turtle."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.architecture.importer import import_file
from sourcing_kg.core.errors import UsageError
from sourcing_kg.io.atomic import write_text_atomically

HELP = "turn an ArchiMate model (Open Group exchange format .xml, or Archi .archimate) into RDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("model", type=Path, metavar="FILE", help="a .xml or .archimate file")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.ttl",
        help="the model in Turtle (replaced atomically)",
    )
    parser.add_argument(
        "--base",
        required=True,
        metavar="IRI",
        help="base of the IRIs: each element, relationship and the model is BASE+identifier",
    )


def run(args: argparse.Namespace) -> int:
    if args.output.resolve() == args.model.resolve():
        raise UsageError(f"-o {args.output} would overwrite the input")
    result = import_file(args.model, base=args.base)
    write_text_atomically(args.output, result.graph.serialize(format="turtle"))
    model = result.model
    print(
        f"{args.model}: {result.format} format, {len(model.elements)} elements, "
        f"{len(model.relationships)} relationships, {len(model.property_keys())} property "
        f"keys; {len(result.graph)} triples written to {args.output}",
        file=sys.stderr,
    )
    return 0
