"""``sourcing-kg schemes``: list the concept schemes of the ontology."""

from __future__ import annotations

import argparse
import sys

from sourcing_kg.model.lookup import LANGUAGES, list_schemes
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.render.lookup import render_schemes_json, render_schemes_text

HELP = "list the concept schemes (IRI, title, number of concepts)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default="nl", help="language of titles")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def run(args: argparse.Namespace) -> int:
    schemes = list_schemes(ontology_graph(), lang=args.lang)
    render = render_schemes_json if args.format == "json" else render_schemes_text
    sys.stdout.write(render(schemes, lang=args.lang))
    return 0
