"""``sourcing-kg afweging``: the afwegingskader (§5.2-5.3), interactive or from an answers file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sourcing_kg.core.errors import ExitCode, UsageError
from sourcing_kg.render.afweging import render_findings, render_questions, render_text
from sourcing_kg.render.json_text import json_line
from sourcing_kg.render.neutral import write_neutral
from sourcing_kg.terminal.afweging import Session, SessionEnded
from sourcing_kg.workflow.afweging import evaluate, load_kader
from sourcing_kg.workflow.afweging_check import judge_answers
from sourcing_kg.workflow.afweging_csv import read_answers, read_weights
from sourcing_kg.workflow.afweging_write import write_afweging

HELP = (
    "the afwegingskader (§5.3): 14 questions, tally, weighted advice zelf doen / samenwerken / "
    "uitbesteden"
)

DEFAULT_PROGRESS = Path("afweging-antwoorden.csv")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--answers",
        type=Path,
        metavar="FILE",
        help="CSV with columns vraag,antwoord,motivering[,mitigatie]; "
        "without it, ask in the terminal",
    )
    parser.add_argument(
        "--weights",
        type=Path,
        metavar="FILE",
        help="CSV with columns vraag,gewicht (default 1 each)",
    )
    parser.add_argument(
        "--category",
        metavar="CODE",
        help="the chosen category (zelf-doen, samenwerken, uitbesteden): answers that do not "
        "fit it need a rationale or mitigation; default: the advice",
    )
    parser.add_argument("--lang", choices=("nl", "en"), default="nl", help="language (default nl)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    parser.add_argument(
        "--progress",
        type=Path,
        metavar="FILE",
        default=DEFAULT_PROGRESS,
        help="interactive: where answers are saved after each question "
        f"(default {DEFAULT_PROGRESS}); an existing file is resumed",
    )
    parser.add_argument(
        "--questions", action="store_true", help="only print the questions, grouped by goal"
    )
    parser.add_argument(
        "--write", type=Path, metavar="DOSSIER", help="add the afweging to this dossier file"
    )
    parser.add_argument(
        "--dossier", metavar="IRI", help="with --write: the dossier, if the file holds several"
    )
    parser.add_argument(
        "--replace", action="store_true", help="with --write: replace an existing afweging"
    )


def run(args: argparse.Namespace) -> int:
    kader = load_kader(args.lang)
    if args.questions:
        sys.stdout.write(render_questions(kader))
        return int(ExitCode.OK)
    if args.category is not None and args.category not in kader.categorieen:
        raise UsageError(
            f"unknown category {args.category!r} (expected one of {', '.join(kader.categorieen)})"
        )
    weights = read_weights(args.weights, kader) if args.weights else {}
    if args.answers:
        # Incomplete or unmotivated answers still give a tally; what the afwegingskader's
        # rules (the H3/H4 shapes) find is reported as warnings.
        answers = read_answers(args.answers, kader, complete=False, require_motivation=False)
        found = judge_answers(kader, answers, category=args.category)
        sys.stderr.write(render_findings(kader, found))
    else:
        if not sys.stdin.isatty():
            raise UsageError("no terminal to ask the questions in: give --answers FILE")
        # With JSON output the conversation goes to stderr, so that stdout stays JSON.
        out = sys.stderr if args.format == "json" else sys.stdout
        session = Session(kader, progress=args.progress, out=out, category=args.category)
        try:
            answers = session.run()
        except SessionEnded:
            print(
                f"\nsourcing-kg: afweging onderbroken; antwoorden bewaard in {args.progress}"
                if args.lang == "nl"
                else f"\nsourcing-kg: afweging interrupted; answers kept in {args.progress}",
                file=sys.stderr,
            )
            return 130
        out.write("\n")
    uitkomst = evaluate(kader, answers, weights, category=args.category)
    if args.format == "json":
        write_neutral(sys.stdout, json_line(uitkomst.as_json()))
    else:
        sys.stdout.write(render_text(kader, uitkomst))
    if args.write:
        node = write_afweging(
            args.write, kader, uitkomst, dossier_iri=args.dossier, replace=args.replace
        )
        print(
            f"afweging {node} toegevoegd aan {args.write}"
            if args.lang == "nl"
            else f"afweging {node} added to {args.write}",
            file=sys.stderr,
        )
    return int(ExitCode.OK)
