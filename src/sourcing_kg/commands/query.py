"""``sourcing-kg query ID|FILE``: run one analysis on files, a store or an endpoint."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.register.analyses import find_analysis, open_backend
from sourcing_kg.render.table import FORMATS, render
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT
from sourcing_kg.sparql.binding import parse_parameters

HELP = "run a SPARQL analysis (by id, or a .rq file) on files, a store or an endpoint"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("analysis", metavar="ID|FILE", help="an analysis id or a .rq file")
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--data",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="RDF files or folders, queried in memory (default: data/register)",
    )
    where.add_argument(
        "--store", type=Path, metavar="DIR", help="an on-disk store filled by `sourcing-kg load`"
    )
    where.add_argument(
        "--endpoint",
        metavar="URL",
        help="a SPARQL 1.1 query endpoint (credentials from the environment)",
    )
    parser.add_argument(
        "--param",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="bind a parameter (repeatable)",
    )
    parser.add_argument("--format", choices=FORMATS, default="table")
    parser.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"deadline of the query (default {DEFAULT_TIMEOUT:g})",
    )


def _params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name:
            raise UsageError(f"--param wants NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params


def run(args: argparse.Namespace) -> int:
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    analysis = find_analysis(args.analysis)
    bindings = parse_parameters(analysis, _params(args.param))
    data = args.data
    if not (data or args.store or args.endpoint):
        data = [examples_dir() / "register"]
    backend = open_backend(data=data or (), store=args.store, endpoint=args.endpoint)
    table = backend.select(analysis.text, bindings, timeout=args.timeout)
    sys.stdout.write(render(table, args.format))
    return 0
