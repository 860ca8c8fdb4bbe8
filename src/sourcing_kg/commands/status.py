"""``sourcing-kg status``: what a dossier still needs per phase, or a table over many dossiers."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.commands._options import add_as_of, add_inference, add_policy
from sourcing_kg.core.errors import ExitCode, UsageError
from sourcing_kg.io.rdf_files import QUAD_FORMATS, guess_format
from sourcing_kg.model.policy import load_policy
from sourcing_kg.render.json_text import json_line
from sourcing_kg.render.neutral import write_neutral
from sourcing_kg.render.status import render_detail_text, render_table_csv, render_table_text
from sourcing_kg.workflow.dossier_status import COLUMNS, sort_statuses
from sourcing_kg.workflow.status import status_of_paths

HELP = "what each dossier still needs, per phase and regime (tabel 3); a table for many dossiers"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="+", type=Path, metavar="PATH", help="dossier files, directories or TriG"
    )
    parser.add_argument("--format", choices=("text", "csv", "json"), default="text")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    parser.add_argument("--sort", choices=COLUMNS, metavar="COLUMN",
                        help=f"sort the table by one of: {', '.join(COLUMNS)}")  # fmt: skip
    parser.add_argument("--desc", action="store_true", help="sort descending")
    parser.add_argument("--table", action="store_true", help="a table even for a single dossier")
    parser.add_argument(
        "--no-validate", action="store_true", help="do not count violations (faster)"
    )
    add_policy(parser)
    add_inference(parser, "inference before validation (none); inferred values are marked as such")
    add_as_of(parser, "as-of date (default today)")


def run(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    statuses = status_of_paths(
        args.paths,
        policy=policy,
        lang=args.lang,
        as_of=args.as_of,
        count_violations=not args.no_validate,
        inference=args.inference,
    )
    if not statuses:
        raise UsageError("no sk:Dossier in " + ", ".join(map(str, args.paths)))
    # one dossier file: the detailed view; a directory, a TriG/N-Quads file, several paths or
    # several dossiers: the table
    single = (
        len(statuses) == 1
        and len(args.paths) == 1
        and not args.table
        and not args.paths[0].is_dir()
        and guess_format(args.paths[0]) not in QUAD_FORMATS - {"json-ld"}
    )
    if single:
        status = statuses[0]
        if args.format == "json":
            write_neutral(sys.stdout, json_line(status.detail()))
        elif args.format == "csv":
            sys.stdout.write(render_table_csv(statuses))
        else:
            sys.stdout.write(render_detail_text(status, args.lang))
        return int(ExitCode.OK)
    statuses = sort_statuses(statuses, args.sort, descending=args.desc)
    if args.format == "json":
        write_neutral(sys.stdout, json_line([s.row() for s in statuses]))
    elif args.format == "csv":
        sys.stdout.write(render_table_csv(statuses))
    else:
        sys.stdout.write(render_table_text(statuses, args.lang))
    return int(ExitCode.OK)
