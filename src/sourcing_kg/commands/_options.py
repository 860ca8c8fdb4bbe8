"""The options several commands share: a date, the policy file, the inference before validation.

One definition each, so that ``--as-of 2026-13-01`` gets the same clear usage error from every
command and ``--inference`` offers the same choices wherever it is offered.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path
from typing import get_args

from sourcing_kg.validation.pyshacl_run import Inference


def iso_date(text: str) -> date:
    """An argparse type: ``YYYY-MM-DD``, else a usage error that quotes the text."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date YYYY-MM-DD: {text!r}") from None


def add_as_of(parser: argparse.ArgumentParser, help: str) -> None:
    """``--as-of YYYY-MM-DD`` (``None`` when not given: the caller takes today)."""
    parser.add_argument("--as-of", type=iso_date, default=None, metavar="YYYY-MM-DD", help=help)


def add_policy(parser: argparse.ArgumentParser, help: str = "policy file (TOML)") -> None:
    """``--policy FILE``; without it the project's ``policy/default.toml``."""
    parser.add_argument("--policy", type=Path, metavar="FILE", help=help)


def add_inference(parser: argparse.ArgumentParser, help: str) -> None:
    """``--inference`` with the reference engine's choices (``none`` by default)."""
    parser.add_argument("--inference", choices=get_args(Inference), default="none", help=help)
