"""``sourcing-kg import-register``: the register spreadsheet (CSV) to RDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.core.errors import ExitCode
from sourcing_kg.register.importer import DEFAULT_BASE, import_csv, write_register

HELP = "turn the register spreadsheet (CSV, one row per relationship) into RDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("csv", type=Path, metavar="FILE.csv")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.ttl",
        help="the register in Turtle (replaced atomically)",
    )
    parser.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"base of the minted IRIs (default {DEFAULT_BASE})",
    )
    parser.add_argument("--delimiter", help="cell separator (default: from the mapping, or ';')")


def run(args: argparse.Namespace) -> int:
    result = import_csv(args.csv, base=args.base, delimiter=args.delimiter)
    for error in result.errors:
        print(f"{args.csv}: {error}", file=sys.stderr)
    write_register(result.graph, args.output)
    print(
        f"{result.imported} of {result.rows} rows imported, {len(result.graph)} triples "
        f"written to {args.output}",
        file=sys.stderr,
    )
    rejected = result.rows - result.imported
    return int(ExitCode.INPUT) if rejected else 0
