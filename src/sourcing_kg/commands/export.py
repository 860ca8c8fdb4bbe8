"""``sourcing-kg export dora-roi``: the register as the ESAs' DORA Register of Information."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from rdflib import URIRef

from sourcing_kg.commands._options import iso_date
from sourcing_kg.core.errors import ExitCode, UsageError
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.atomic import write_bytes_atomically
from sourcing_kg.io.rdf_files import iter_rdf_files
from sourcing_kg.register.dora import export_dora_roi, render_json, render_text
from sourcing_kg.render.json_text import neutral_json
from sourcing_kg.render.neutral import write_neutral

HELP = "export the register (dora-roi: the DORA Register of Information, xBRL-CSV and XLSX)"
TARGETS = ("dora-roi",)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=TARGETS, help="what to export")
    parser.add_argument(
        "--data",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="register files or folders (default: data/register)",
    )
    parser.add_argument(
        "--entity",
        required=True,
        metavar="IRI",
        help="the organisation that maintains the register (B_01.01)",
    )
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="FILE.zip",
        help="the report package to write (atomically)",
    )
    parser.add_argument(
        "--xlsx",
        type=Path,
        metavar="FILE.xlsx",
        help="also write the tables as one workbook like the EBA master template",
    )
    parser.add_argument(
        "--ref-date",
        type=iso_date,
        default=None,
        metavar="YYYY-MM-DD",
        help="reference date (refPeriod, date of reporting; default today)",
    )
    parser.add_argument(
        "--competent-authority",
        metavar="TEXT",
        help="the competent authority (b_01.01.0050); the register has none",
    )
    parser.add_argument(
        "--scope",
        choices=("CON", "IND"),
        default="CON",
        help="consolidated or individual register, for entityID (CON)",
    )
    parser.add_argument(
        "--rules",
        type=Path,
        metavar="FILE",
        help="EBA DPM-XL rules (TSV: rule_id, tables, dpm_xl_expression) to check",
    )
    parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="the report on stdout (text)"
    )
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")


def _check_target(target: Path, suffix: str, inputs: list[Path], option: str) -> None:
    if target.suffix.lower() != suffix:
        raise UsageError(f"{option} {target}: the file name must end in {suffix}")
    resolved = target.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise UsageError(f"{option} {target} would overwrite the input file {path}")
    if target.is_dir():
        raise UsageError(f"{option} {target} is a directory")
    if not resolved.parent.is_dir():
        raise UsageError(f"{option} {target}: the directory does not exist")


def run(args: argparse.Namespace) -> int:
    data = args.data or [examples_dir() / "register"]
    inputs = list(iter_rdf_files(data))
    if args.rules is not None:
        inputs.append(args.rules)
    _check_target(args.output, ".zip", inputs, "-o")
    if args.xlsx is not None:
        _check_target(args.xlsx, ".xlsx", inputs, "--xlsx")
        if args.xlsx.resolve() == args.output.resolve():
            raise UsageError("-o and --xlsx name the same file")
    export = export_dora_roi(
        data,
        entity=URIRef(args.entity),
        ref_date=args.ref_date or dt.date.today(),
        root=args.output.stem,
        competent_authority=args.competent_authority,
        scope=args.scope,
        rules=args.rules,
        xlsx=args.xlsx is not None,
    )
    try:
        write_bytes_atomically(args.output, export.package)
        if args.xlsx is not None and export.workbook is not None:
            write_bytes_atomically(args.xlsx, export.workbook)
    except OSError as error:
        raise UsageError(f"cannot write: {error.strerror or error}") from error
    if args.format == "json":
        write_neutral(sys.stdout, neutral_json(render_json(export, lang=args.lang)))
    else:
        sys.stdout.write(render_text(export, lang=args.lang))
    return int(ExitCode.FINDINGS if export.failed else ExitCode.OK)
