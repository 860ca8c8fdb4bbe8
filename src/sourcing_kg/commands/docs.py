"""``sourcing-kg docs``: generate the ontology's documentation site (one language per page)."""

from __future__ import annotations

import argparse
from pathlib import Path

from sourcing_kg.model.lookup import LANGUAGES
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.render.documentation import INDEX_NAME, generate_documentation

HELP = "generate the ontology's documentation site (schemes, classes, properties; nl and en)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "-o",
        "--output",
        type=Path,
        required=True,
        metavar="DIR",
        help="directory to write the site and the merged ontology to",
    )
    parser.add_argument(
        "--lang",
        choices=LANGUAGES,
        action="append",
        help="only this language (repeatable; default: nl and en)",
    )
    parser.add_argument(
        "--force", action="store_true", help="replace DIR even if it exists and is not empty"
    )


def run(args: argparse.Namespace) -> int:
    languages = args.lang or LANGUAGES
    written = generate_documentation(
        ontology_graph(), args.output, force=args.force, languages=languages
    )
    print(written / INDEX_NAME)
    return 0
