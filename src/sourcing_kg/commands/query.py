"""``sourcing-kg query ID|FILE``: run one analysis on files, a store or an endpoint."""

from __future__ import annotations

import argparse
import sys

from sourcing_kg.commands._where import add_where_arguments, backend_from
from sourcing_kg.core.errors import UsageError
from sourcing_kg.register.analyses import find_analysis
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
    table = backend_from(args).select(analysis.text, bindings, timeout=args.timeout)
    sys.stdout.write(render(table, args.format))
    return 0
