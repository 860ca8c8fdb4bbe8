"""``sourcing-kg export-archimate``: the register as an ArchiMate exchange file for Archi."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.architecture.export import DEFAULT_BASE, export_register
from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.atomic import atomic_writer

HELP = "write the register (suppliers, IT services, relationships) as an ArchiMate exchange file"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="register and dossier files or folders (default: data/register)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="OUT.xml",
        help="the exchange file (replaced atomically; validated against the XSD first)",
    )
    parser.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"base of the model's IRIs, as for import-archimate (default {DEFAULT_BASE})",
    )


def run(args: argparse.Namespace) -> int:
    paths = args.paths or [examples_dir() / "register"]
    if any(args.output.resolve() == p.resolve() for p in paths):
        raise UsageError(f"-o {args.output} would overwrite an input")
    export = export_register(paths, base=args.base)
    with atomic_writer(args.output, encoding="utf-8") as handle:
        handle.write(export.xml.decode("utf-8"))
    print(
        f"{len(export.model.elements)} elements and {len(export.model.relationships)} "
        f"relationships written to {args.output}",
        file=sys.stderr,
    )
    return 0
