"""The options that say where the register lives, shared by the commands that query it."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.register.analyses import open_backend
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT, Backend


def add_where_arguments(parser: argparse.ArgumentParser) -> None:
    """``--data`` / ``--store`` / ``--endpoint`` (one of them) and ``--timeout``."""
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
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"deadline of each query (default {DEFAULT_TIMEOUT:g})",
    )


def backend_from(args: argparse.Namespace) -> Backend:
    """The backend the options name; the bundled example register when none is given."""
    if args.timeout <= 0:
        raise UsageError("--timeout must be positive")
    data = args.data
    if not (data or args.store or args.endpoint):
        data = [examples_dir() / "register"]
    return open_backend(data=data or (), store=args.store, endpoint=args.endpoint)
