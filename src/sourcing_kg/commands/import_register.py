"""``sourcing-kg import-register``: the register spreadsheet (CSV or XLSX) to RDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.core.errors import ExitCode, UsageError
from sourcing_kg.model.labels import curie
from sourcing_kg.register.importer import (
    DEFAULT_BASE,
    check_register,
    import_register,
    write_register,
)
from sourcing_kg.validation.report import Severity

HELP = "turn the register spreadsheet (CSV or XLSX, one row per relationship) into RDF"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sheet", type=Path, metavar="FILE.csv|FILE.xlsx")
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.ttl",
        help="the register in Turtle (replaced atomically, and only when every row is good)",
    )
    parser.add_argument(
        "--base",
        default=DEFAULT_BASE,
        metavar="IRI",
        help=f"base of the minted IRIs (default {DEFAULT_BASE})",
    )
    parser.add_argument(
        "--delimiter", help="CSV cell separator (default: sniffed, ',' or ';'; 'tab' for tabs)"
    )
    parser.add_argument(
        "--keep-going",
        action="store_true",
        help="write the good rows even if some are bad; then -o must be a new file",
    )


def run(args: argparse.Namespace) -> int:
    if args.output.resolve() == args.sheet.resolve():
        raise UsageError(f"-o {args.output} is the input sheet")
    result = import_register(
        args.sheet, base=args.base, delimiter=args.delimiter, keep_going=args.keep_going
    )
    for error in result.errors:
        print(f"{args.sheet}: {error}", file=sys.stderr)
    if result.errors and not args.keep_going:
        print(
            f"{len(result.errors)} bad cell(s) in {result.rows} rows: nothing written, "
            f"{args.output} is unchanged (--keep-going writes the good rows to a new file)",
            file=sys.stderr,
        )
        return int(ExitCode.INPUT)
    try:
        write_register(result.graph, args.output, replace=result.complete)
    except FileExistsError:
        raise UsageError(
            f"{args.output} exists; with bad rows --keep-going writes only to a new file"
        ) from None
    print(
        f"{result.imported} of {result.rows} rows imported, {len(result.graph)} triples "
        f"written to {args.output}",
        file=sys.stderr,
    )
    if result.errors:
        return int(ExitCode.INPUT)
    # What the rows say together: the register is kept as the sheet has it (nothing is lost),
    # and what contradicts itself is reported, as `validate` reports it, with exit code 1.
    violations = [f for f in check_register(result.graph) if f.severity is Severity.VIOLATION]
    for finding in violations:
        print(
            f"{args.sheet}: [{finding.rule_id}] {curie(finding.focus_node)}: {finding.message()}",
            file=sys.stderr,
        )
    return int(ExitCode.FINDINGS) if violations else 0
