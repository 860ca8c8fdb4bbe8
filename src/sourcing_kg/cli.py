"""The ``sourcing-kg`` command line: argument parsing and exit codes, no logic of its own.

Each sub-command lives in ``sourcing_kg.commands.<name>`` and offers ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; the work itself is a library call.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from types import ModuleType

from sourcing_kg import __version__
from sourcing_kg.core.errors import ExitCode, SourcingKGError

# The order here is the order of ``sourcing-kg --help``.
COMMAND_MODULES: tuple[str, ...] = (
    "schemes",
    "concept",
    "docs",
    "validate",
    "afweging",
    "regime",
    "status",
    "query",
    "queries",
    "load",
    "import_register",
    "import_archimate",
    "export_archimate",
    "graph",
    "dashboard",
    "export",
)


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"sourcing_kg.commands.{name}")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is exit code 2 with one line, as documented."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="sourcing-kg",
        description="Knowledge graph and checker for the Handreiking IT-sourcing Rijksoverheid.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMAND_MODULES:
        module = _command(name)
        command_parser = sub.add_parser(
            name.replace("_", "-"), help=module.HELP, description=module.HELP
        )
        module.add_arguments(command_parser)
        command_parser.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (:class:`~sourcing_kg.core.errors.ExitCode`)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    try:
        return int(args.run(args))
    except SourcingKGError as error:
        print(f"sourcing-kg: {error}", file=sys.stderr)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("sourcing-kg: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the last line of defence: never a bare traceback
        print(f"sourcing-kg: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return int(ExitCode.INTERNAL)
