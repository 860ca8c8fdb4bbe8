"""``sourcing-kg query ID|FILE``: run one analysis on files, a store or an endpoint."""

from __future__ import annotations

import argparse
import sys

from sourcing_kg.commands._where import add_where_arguments, backend_from
from sourcing_kg.core.errors import UsageError
from sourcing_kg.register.analyses import check_known, find_analysis, labels_for
from sourcing_kg.render.table import FORMATS, render
from sourcing_kg.sparql.binding import parse_parameters

HELP = "run a SPARQL analysis (by id, or a .rq file) on files, a store or an endpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("analysis", metavar="ID|FILE", help="an analysis id or a .rq file")
    add_where_arguments(parser)
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable)",
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument(
        "--labels",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show each IRI's label next to it (default: on for table and md, off for csv, json)",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language of labels")


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param wants NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params


def run(args: argparse.Namespace) -> int:
    analysis = find_analysis(args.analysis)
    bindings = parse_parameters(analysis, _params(args.param))
    backend = backend_from(args)
    check_known(backend, analysis, bindings, timeout=args.timeout)
    table = backend.select(analysis.text, bindings, timeout=args.timeout)
    show_labels = args.labels if args.labels is not None else args.format in {"table", "md"}
    if show_labels and args.format in {"csv", "json"}:
        raise UsageError("--labels is for the table and md formats (csv and json keep terms)")
    labels = labels_for(backend, table, lang=args.lang, timeout=args.timeout) if show_labels else {}
    sys.stdout.write(render(table, args.format, labels=labels))
    return 0
