"""The ``sourcing-kg`` command line: argument parsing and exit codes, no logic of its own.

Each sub-command lives in ``sourcing_kg.commands.<name>`` and offers ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; the work itself is a library call.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import urllib.parse
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import ModuleType

from sourcing_kg import __version__
from sourcing_kg.core.errors import ExitCode, SourcingKGError, UsageError
from sourcing_kg.core.resources import data_root
from sourcing_kg.io.rdf_files import FORMATS
from sourcing_kg.io.sandbox import confine, refusals
from sourcing_kg.sparql.guard import install_evaluation_guard

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


def _values(args: argparse.Namespace) -> Iterator[object]:
    for value in vars(args).values():
        if isinstance(value, list | tuple):
            yield from value
        else:
            yield value


def _named_paths(args: argparse.Namespace) -> list[Path]:
    """Every file or directory the command line names (an option of type Path, or a string
    that names an existing file, such as ``query FILE.rq``)."""
    paths = []
    for value in _values(args):
        if isinstance(value, Path):
            paths.append(value)
        elif isinstance(value, str) and "://" not in value and Path(value).exists():
            paths.append(Path(value))
    return paths


def _named_endpoints(args: argparse.Namespace) -> list[tuple[str, int]]:
    """Host and port of the endpoints the command line names (``--endpoint``, ``--gsp``)."""
    endpoints = []
    for value in _values(args):
        if isinstance(value, str) and value.lower().startswith(("http://", "https://")):
            parts = urllib.parse.urlsplit(value)
            try:
                port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
            except ValueError:
                continue  # not a valid port: the client refuses the URL itself
            if parts.hostname:
                endpoints.append((parts.hostname, port))
    return endpoints


#: Options that name a file or directory a command writes.
OUTPUT_OPTIONS = ("output", "xlsx", "write", "progress")


def _paths_of(value: object) -> list[Path]:
    values = value if isinstance(value, list | tuple) else [value]
    return [v for v in values if isinstance(v, Path)]


def refuse_overwriting_inputs(args: argparse.Namespace) -> None:
    """No writer writes over one of its inputs: an output of one option that is (or, inside
    an input directory, is an existing RDF file of) a path another option reads.

    Raises:
        UsageError: exit code 2, naming both.
    """
    for dest in OUTPUT_OPTIONS:
        for output in _paths_of(getattr(args, dest, None)):
            target = output.resolve()
            for other, value in vars(args).items():
                if other == dest:
                    continue
                for path in _paths_of(value):
                    source = path.resolve()
                    inside = (
                        source.is_dir()
                        and source in target.parents
                        and target.is_file()
                        and target.suffix.lower() in FORMATS
                    )
                    if target == source or inside:
                        flag = dest.replace("_", "-")
                        raise UsageError(f"--{flag} {output} would overwrite the input {path}")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (:class:`~sourcing_kg.core.errors.ExitCode`).

    The whole run is guarded (:func:`~sourcing_kg.io.sandbox.confine`,
    :func:`~sourcing_kg.sparql.guard.install_evaluation_guard`): no network but the endpoint
    named, no file but the inputs, outputs, the package's data and temporary files.
    """
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    install_evaluation_guard()
    paths = _named_paths(args)
    with confine(inputs=paths, outputs=paths, data=[data_root()], endpoints=_named_endpoints(args)):
        code = _run(args)
        refused = refusals()
    for what in refused:
        print(f"sourcing-kg: refused: {what}", file=sys.stderr)
    if refused and code in (ExitCode.OK, ExitCode.FINDINGS):
        return int(ExitCode.INPUT)  # something tried to reach outside: the input is unsafe
    return code


def _run(args: argparse.Namespace) -> int:
    try:
        refuse_overwriting_inputs(args)
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
