"""``sourcing-kg regime``: the regime a dossier should have, with the reasons (§4.3, tabel 2)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.commands._options import add_as_of, add_policy
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.model.dossiers import pick_dossier
from sourcing_kg.model.policy import load_policy
from sourcing_kg.render.json_text import json_line
from sourcing_kg.render.neutral import write_neutral
from sourcing_kg.render.regime import render_text
from sourcing_kg.validation.scope import read_corpus
from sourcing_kg.workflow.regime import determine_regime

HELP = "the regime (regulier / verscherpt) a dossier should have, with the reasons"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dossier", type=Path, metavar="DOSSIER", help="the dossier file")
    parser.add_argument("--dossier", dest="iri", metavar="IRI", help="if the file holds several")
    add_policy(parser, "policy file (default policy/default.toml)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    add_as_of(parser, "as-of date (default today)")


def run(args: argparse.Namespace) -> int:
    policy = load_policy(args.policy)
    corpus = read_corpus([args.dossier])  # each dossier on its own scope, as validate judges it
    dossier = pick_dossier([s.dossier for s in corpus.scopes], args.iri, args.dossier)
    scope = next(s for s in corpus.scopes if s.dossier == dossier)
    advies = determine_regime(corpus.scope_graph(scope), dossier, policy, as_of=args.as_of)
    if args.format == "json":
        write_neutral(sys.stdout, json_line(advies.as_json(args.lang)))
    else:
        sys.stdout.write(render_text(advies, args.lang))
    # a stated regime that differs from the determined one is a finding (exit 1)
    return int(ExitCode.FINDINGS if advies.matches is False else ExitCode.OK)
