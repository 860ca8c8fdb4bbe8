"""``sourcing-kg concept``: show one concept or class of the ontology."""

from __future__ import annotations

import argparse
import sys

from sourcing_kg.model.lookup import LANGUAGES, describe, resolve
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.render.lookup import render_json, render_text, render_turtle

HELP = "show a concept or class (fase/3, randvoorwaarde/3.4, sk:Exitplan or a full IRI)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("term", metavar="CODE-OR-IRI", help="fase/3, sk:Exitplan, or a full IRI")
    parser.add_argument("--lang", choices=LANGUAGES, default="nl", help="language of the text")
    parser.add_argument(
        "--format", choices=("text", "json", "turtle"), default="text", help="output format"
    )


def run(args: argparse.Namespace) -> int:
    graph = ontology_graph()
    iri = resolve(graph, args.term)
    if args.format == "turtle":
        sys.stdout.write(render_turtle(graph, iri))
    else:
        description = describe(graph, iri, lang=args.lang)
        sys.stdout.write(
            render_json(description) if args.format == "json" else render_text(description)
        )
    return 0
