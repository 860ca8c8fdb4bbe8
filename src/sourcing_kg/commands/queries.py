"""``sourcing-kg queries``: list the analyses with their parameters and rules."""

from __future__ import annotations

import argparse
import sys

from sourcing_kg.register.analyses import catalogue
from sourcing_kg.render.json_text import json_line
from sourcing_kg.render.neutral import write_neutral

HELP = "list the SPARQL analyses"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=("nl", "en"), default="nl")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace) -> int:
    analyses = catalogue().values()
    if args.format == "json":
        listing = [
            {
                "id": a.id,
                "title": a.titles,
                "question": a.question,
                "rules": list(a.rules),
                "result": list(a.result),
                "parameters": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "default": p.default,
                        "description": p.description,
                    }
                    for p in a.parameters
                ],
            }
            for a in analyses
        ]
        write_neutral(sys.stdout, json_line(listing, indent=2))
        return 0
    for a in analyses:
        params = " ".join(
            f"{p.name}=<{p.type}>" + ("" if p.required else f" (default {p.default})")
            for p in a.parameters
        )
        sys.stdout.write(f"{a.id}\n    {a.title(args.lang)}\n")
        if params:
            sys.stdout.write(f"    parameters: {params}\n")
        sys.stdout.write(f"    rules: {' '.join(a.rules)}\n")
    return 0
