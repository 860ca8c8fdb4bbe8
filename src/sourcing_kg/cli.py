"""The ``sourcing-kg`` command line: argument parsing and exit codes, no logic of its own.

Each sub-command lives in ``sourcing_kg.commands.<name>`` and offers ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; the work itself is a library call.

Only the command that runs is imported (with rdflib, pySHACL, Oxigraph... as it needs them):
``sourcing-kg --help`` lists the commands from :data:`COMMANDS`, a table of names and help lines
that a test keeps equal to the modules in ``commands/`` and their ``HELP``.
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
from sourcing_kg.io.sandbox import confine, refusals
from sourcing_kg.io.user_cache import cache_dir

#: Every command: its module in ``sourcing_kg.commands`` and its one-line help (the module's
#: ``HELP``), in the order of ``sourcing-kg --help``.
COMMANDS: dict[str, str] = {
    "schemes": "list the concept schemes (IRI, title, number of concepts)",
    "concept": "show a concept or class (fase/3, randvoorwaarde/3.4, sk:Exitplan or a full IRI)",
    "docs": "generate the ontology's documentation site (schemes, classes, properties; nl and en)",
    "validate": "validate sourcing dossiers (RDF files, a store or a SPARQL endpoint)",
    "afweging": "the afwegingskader (§5.3): 14 questions, tally, weighted advice zelf doen / "
    "samenwerken / uitbesteden",
    "regime": "the regime (regulier / verscherpt) a dossier should have, with the reasons",
    "status": "what each dossier still needs, per phase and regime (tabel 3); a table for many "
    "dossiers",
    "query": "run a SPARQL analysis (by id, or a .rq file) on files, a store or an endpoint",
    "queries": "list the SPARQL analyses",
    "load": "load RDF files into an on-disk store or a Graph Store Protocol endpoint",
    "import_register": "turn the register spreadsheet (CSV or XLSX, one row per relationship) "
    "into RDF",
    "import_archimate": "turn an ArchiMate model (Open Group exchange format .xml, or Archi "
    ".archimate) into RDF",
    "export_archimate": "write the register (suppliers, IT services, relationships) as an "
    "ArchiMate exchange file",
    "graph": "draw the dependency graph around a supplier or a service as an offline HTML file",
    "dashboard": "draw the register's analyses (concentration, HHI, countries, exit plans, "
    "agreements) as HTML",
    "export": "export the register (dora-roi: the DORA Register of Information, xBRL-CSV and XLSX)",
}


def _command(name: str) -> ModuleType:
    return importlib.import_module(f"sourcing_kg.commands.{name}")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is exit code 2 with one line, as documented."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(ExitCode.USAGE, f"{self.prog}: error: {message}\n")


def _chosen(argv: Sequence[str]) -> str | None:
    """The command ``argv`` names: its first word that is not an option (the top-level
    options take no value), if that is a command."""
    for word in argv:
        if word == "--":
            return None
        if not word.startswith("-"):
            name = word.replace("-", "_")
            return name if name in COMMANDS else None
    return None


def build_parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; only the command ``argv`` chooses gets its arguments (and
    so its module imported). Without ``argv``, every command's arguments (all modules)."""
    chosen = _chosen(argv) if argv is not None else None
    parser = _Parser(
        prog="sourcing-kg",
        description="Knowledge graph and checker for the Handreiking IT-sourcing Rijksoverheid.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, help_line in COMMANDS.items():
        command_parser = sub.add_parser(
            name.replace("_", "-"), help=help_line, description=help_line
        )
        if argv is None or name == chosen:
            module = _command(name)
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
    from sourcing_kg.io.rdf_files import FORMATS

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
    named, no file but the inputs, outputs, the package's data, the per-user cache
    (:mod:`sourcing_kg.io.user_cache`) and temporary files.
    """
    if argv is None:  # a process of its own: a termination unwinds, as an interrupt does
        _unwind_on_termination()
    words = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(words)
    args = parser.parse_args(words)
    if not getattr(args, "run", None):
        parser.print_help(sys.stderr)
        return int(ExitCode.USAGE)
    from sourcing_kg.render.neutral import NeutralStream  # the render package imports rdflib
    from sourcing_kg.sparql.guard import install_evaluation_guard

    install_evaluation_guard()
    paths = _named_paths(args)
    streams = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = NeutralStream(sys.stdout), NeutralStream(sys.stderr)
    try:
        cache = cache_dir()
        with confine(
            inputs=paths,
            outputs=paths,
            data=[data_root()],
            caches=[cache] if cache is not None else [],
            endpoints=_named_endpoints(args),
        ):
            code = _run(args)
            refused = refusals()
    finally:
        sys.stdout, sys.stderr = streams
    for what in refused:
        print(f"sourcing-kg: refused: {what}", file=sys.stderr)
    if refused and code in (ExitCode.OK, ExitCode.FINDINGS):
        return int(ExitCode.INPUT)  # something tried to reach outside: the input is unsafe
    return code


def _unwind_on_termination() -> None:
    """SIGTERM (a CI job cancelled, ``timeout``) and SIGHUP end the run with exit code 128 + N
    by raising SystemExit: every ``finally`` runs, so no temporary file beside an output is
    left behind (the default action ends the process where it stands)."""
    import signal

    def terminated(number: int, frame: object) -> None:
        raise SystemExit(128 + number)

    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), terminated)


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
