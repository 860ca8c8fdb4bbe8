"""Reading RDF files safely: format by extension, errors that name file and line, no network.

Dossiers come from many hands, so every parse here treats its input as untrusted: JSON-LD
may not pull a remote or local ``@context``, RDF/XML may not declare entities, and nothing
follows ``owl:imports``. Errors become :class:`~sourcing_kg.errors.InputError` naming the file
and, for syntax errors, the line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.sax import SAXParseException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax

from sourcing_kg.errors import InputError

FORMATS: dict[str, str] = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".rdf": "xml",
    ".owl": "xml",
    ".xml": "xml",
    ".nt": "nt",
    ".ntriples": "nt",
    ".nq": "nquads",
}
QUAD_FORMATS = frozenset({"trig", "nquads", "json-ld"})

_LINE_IN_MESSAGE = re.compile(r"line (\d+)")


def guess_format(path: Path) -> str:
    """The rdflib format name for a file, from its extension.

    Example:
        >>> guess_format(Path("dossier.ttl"))
        'turtle'
    """
    try:
        return FORMATS[path.suffix.lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise InputError(f"unknown RDF file extension (known: {known})", path=path) from None


def iter_rdf_files(paths: Iterable[Path]) -> Iterator[Path]:
    """Expand directories into the RDF files below them (sorted); files pass through."""
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in FORMATS)
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or directory", path=path)


def _refuse_remote_contexts(node: Any, path: Path) -> None:
    """JSON-LD contexts must be inline: a string ``@context`` would be fetched (rdflib does so)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "@context":
                contexts = value if isinstance(value, list) else [value]
                for context in contexts:
                    if isinstance(context, str):
                        raise InputError(
                            f"JSON-LD @context {context!r} is not inline; remote and file "
                            "contexts are not fetched",
                            path=path,
                        )
                    if isinstance(context, dict) and "@import" in context:
                        raise InputError("JSON-LD @import is not fetched", path=path)
            _refuse_remote_contexts(value, path)
    elif isinstance(node, list):
        for item in node:
            _refuse_remote_contexts(item, path)


def _line_of(error: Exception) -> int | None:
    if isinstance(error, BadSyntax):
        return int(error.lines) + 1 if isinstance(error.lines, int) else None
    if isinstance(error, SAXParseException):
        return int(error.getLineNumber())
    if isinstance(error, json.JSONDecodeError):
        return error.lineno
    match = _LINE_IN_MESSAGE.search(str(error))
    return int(match.group(1)) if match else None


def _reason(error: Exception) -> str:
    if isinstance(error, BadSyntax):
        return f"syntax error: {error._why}"
    if isinstance(error, SAXParseException):
        return f"XML error: {error.getMessage()}"
    if isinstance(error, json.JSONDecodeError):
        return f"JSON error: {error.msg}"
    return f"syntax error: {error}"


def parse_file(path: Path, *, format: str | None = None) -> Dataset:
    """Parse one RDF file into a fresh :class:`~rdflib.Dataset`.

    Triples of triple formats land in the default graph; TriG, N-Quads and JSON-LD keep
    their named graphs.

    Raises:
        InputError: the file is unreadable, of an unknown kind, or malformed.
    """
    fmt = format or guess_format(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read file: {error}", path=path) from error
    if fmt == "json-ld":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(_reason(error), path=path, line=error.lineno) from error
        _refuse_remote_contexts(document, path)
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except (BadSyntax, SAXParseException, ParserError, json.JSONDecodeError, ValueError) as error:
        raise InputError(_reason(error), path=path, line=_line_of(error)) from error
    except Exception as error:  # rdflib raises many kinds; none may escape as a traceback
        raise InputError(f"cannot parse: {error}", path=path, line=_line_of(error)) from error
    return dataset


def parse_project_turtle(files: Iterable[Path]) -> Graph:
    """Merge the project's own Turtle files (ontology, shapes) into one graph."""
    graph = Graph()
    for path in files:
        try:
            graph.parse(path, format="turtle")
        except BadSyntax as error:
            raise InputError(_reason(error), path=path, line=_line_of(error)) from error
    return graph
