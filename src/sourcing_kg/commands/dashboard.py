"""``sourcing-kg dashboard``: the register's concentration risks as one offline HTML page."""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from sourcing_kg.commands._options import add_as_of, add_policy
from sourcing_kg.commands._where import add_where_arguments, backend_from
from sourcing_kg.core.errors import UsageError
from sourcing_kg.io.atomic import write_text_atomically
from sourcing_kg.model.policy import load_policy
from sourcing_kg.register.dashboard import collect_dashboard
from sourcing_kg.render.dashboard import render_dashboard

HELP = (
    "draw the register's analyses (concentration, HHI, countries, exit plans, agreements) as HTML"
)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    add_as_of(parser, "reference date (today)")
    parser.add_argument(
        "--horizon",
        type=int,
        default=12,
        metavar="MONTHS",
        help="show agreements ending within this many months (default 12)",
    )
    add_policy(
        parser,
        "policy values (termijnen.exitplan_test_maanden: how long an exit-plan test holds)",
    )
    add_where_arguments(parser)


def run(args: argparse.Namespace) -> int:
    if args.horizon < 0:
        raise UsageError("--horizon must not be negative")
    policy = load_policy(args.policy)
    as_of = args.as_of or date.today()
    dashboard = collect_dashboard(
        backend_from(args),
        as_of=as_of,
        horizon_months=args.horizon,
        exit_test_months=policy.exitplan_test_maanden,
        timeout=args.timeout,
    )
    write_text_atomically(args.output, render_dashboard(dashboard, lang=args.lang))
    counts = ", ".join(f"{p.analysis.id} {len(p.table.rows)}" for p in dashboard.panels)
    print(f"{args.output}: {counts}")
    return 0
