"""Reading RDF files safely: format by extension, errors that name file and line, no network.

Dossiers come from many hands, so every parse here treats its input as untrusted:

- JSON-LD may not pull a remote or local ``@context`` (rdflib would fetch it) and may not nest
  deeper than :data:`MAX_JSON_DEPTH`;
- RDF/XML is first read by :mod:`defusedxml` with DTDs forbidden, so that no entity (internal
  "billion laughs" or external file/URL) is ever expanded;
- files larger than :data:`MAX_FILE_BYTES` and literals longer than :data:`MAX_LITERAL_CHARS`
  are refused before they can tie up the checker;
- nothing follows ``owl:imports``.

Errors become :class:`~sourcing_kg.core.errors.InputError` naming the file and, for syntax errors,
the line.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError as XMLParseError
from xml.sax import SAXParseException

import defusedxml.ElementTree
import pyoxigraph
from defusedxml import DefusedXmlException
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.exceptions import ParserError
from rdflib.plugins.parsers.notation3 import BadSyntax
from rdflib.term import Node

from sourcing_kg.core.errors import InputError

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

#: Safety limits for untrusted input (not rules of the Handreiking, so not in the policy file).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_LITERAL_CHARS = 1_000_000
MAX_JSON_DEPTH = 200

_OXIGRAPH_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
}
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_LINE_IN_MESSAGE = re.compile(r"line (\d+)|^[^:\s]*:(\d+):\d+:")


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
            yield from sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FORMATS
            )
        elif path.exists():
            yield path
        else:
            raise InputError("no such file or directory", path=path)


def _json_depth_ok(document: Any, path: Path) -> None:
    """Refuse JSON nested deeper than :data:`MAX_JSON_DEPTH` (iteratively: no recursion)."""
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", path=path)
        if isinstance(node, dict):
            stack.extend((value, depth + 1) for value in node.values())
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)


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


def _check_json(text: str, path: Path) -> None:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"JSON error: {error.msg}", path=path, line=error.lineno) from error
    except RecursionError as error:
        raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", path=path) from error
    _json_depth_ok(document, path)
    _refuse_remote_contexts(document, path)


def _check_xml(data: bytes, path: Path) -> None:
    """Read RDF/XML with defusedxml first: no DTD, hence no entity of any kind."""
    try:
        defusedxml.ElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise InputError(
            f"XML document type declarations and entities are refused ({type(error).__name__})",
            path=path,
        ) from error
    except XMLParseError as error:
        line = error.position[0] if getattr(error, "position", None) else None
        raise InputError(f"XML error: {error.msg}", path=path, line=line) from error


def _line_of(error: Exception) -> int | None:
    if isinstance(error, BadSyntax):
        return int(error.lines) + 1 if isinstance(error.lines, int) else None
    if isinstance(error, SAXParseException):
        number = error.getLineNumber()
        return int(number) if number is not None else None
    if isinstance(error, json.JSONDecodeError):
        return error.lineno
    match = _LINE_IN_MESSAGE.search(str(error))
    return int(match.group(1) or match.group(2)) if match else None


def _reason(error: Exception) -> str:
    if isinstance(error, BadSyntax):
        return f"syntax error: {error._why}"
    if isinstance(error, SAXParseException):
        return f"XML error: {error.getMessage()}"
    if isinstance(error, json.JSONDecodeError):
        return f"JSON error: {error.msg}"
    return f"syntax error: {error}"


def _check_literals(dataset: Graph, path: Path) -> None:
    for _, _, obj in dataset.triples((None, None, None)):
        if isinstance(obj, Literal) and len(obj) > MAX_LITERAL_CHARS:
            raise InputError(
                f"a literal of {len(obj):,} characters exceeds the limit of {MAX_LITERAL_CHARS:,}",
                path=path,
            )


@functools.lru_cache(maxsize=1 << 16)
def _iri(value: str) -> URIRef:
    return URIRef(value)


@functools.lru_cache(maxsize=1 << 16)
def _literal(value: str, language: str | None, datatype: str) -> Literal:
    if language:
        return Literal(value, lang=language)
    return Literal(value, datatype=None if datatype == _XSD_STRING else _iri(datatype))


def _term(term: Any, path: Path, bnodes: dict[str, BNode]) -> Node:
    """An Oxigraph term as the rdflib term of the same meaning (IRIs and literals cached)."""
    if isinstance(term, pyoxigraph.NamedNode):
        return _iri(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        node = bnodes.get(term.value)
        if node is None:
            node = bnodes[term.value] = BNode()
        return node
    if isinstance(term, pyoxigraph.Literal):
        if len(term.value) > MAX_LITERAL_CHARS:
            raise InputError(
                f"a literal of {len(term.value):,} characters exceeds the limit of "
                f"{MAX_LITERAL_CHARS:,}",
                path=path,
            )
        return _literal(term.value, term.language, term.datatype.value)
    raise InputError(f"unsupported RDF term {term!r} (RDF-star is not read)", path=path)


def _line_by_rdflib(data: bytes, fmt: str) -> int | None:
    """Oxigraph's RDF/XML errors carry no line; rdflib's (after defusedxml) often do."""
    try:
        Graph().parse(data=data, format=fmt)
    except Exception as error:
        return _line_of(error)
    return None


Quad = tuple[Node, Node, Node, Node | None]


def _strict_quads(data: bytes, fmt: str, path: Path) -> Iterator[Quad]:
    """Turtle, TriG, N-Triples, N-Quads and RDF/XML through Oxigraph's strict, fast parsers.

    Oxigraph never fetches anything, reports the line of a syntax error, and does not slow
    down on long literals as rdflib's N-Triples parser does. Blank nodes are fresh per file.
    """
    bnodes: dict[str, BNode] = {}
    try:
        for quad in pyoxigraph.parse(
            data, format=_OXIGRAPH_FORMATS[fmt], base_iri=path.resolve().as_uri()
        ):
            s, p, o = (_term(t, path, bnodes) for t in (quad.subject, quad.predicate, quad.object))
            name = quad.graph_name
            graph: Node | None = None
            if isinstance(name, pyoxigraph.NamedNode):
                graph = _iri(name.value)
            elif isinstance(name, pyoxigraph.BlankNode):
                graph = _term(name, path, bnodes)
            yield s, p, o, graph
    except SyntaxError as error:
        line = error.lineno if error.lineno is not None else _line_by_rdflib(data, fmt)
        raise InputError(f"syntax error: {error.msg}", path=path, line=line) from error
    except InputError:
        raise
    except Exception as error:  # never a traceback for a bad file
        raise InputError(f"cannot parse: {error}", path=path) from error


def _rdflib_quads(text: str, fmt: str, path: Path) -> Iterator[Quad]:
    dataset = Dataset(default_union=True)
    try:
        dataset.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    except RecursionError as error:
        raise InputError("input nested too deeply to parse", path=path) from error
    except Exception as error:  # rdflib raises many kinds; none may escape as a traceback
        line = _line_of(error)
        if isinstance(error, (BadSyntax, SAXParseException, ParserError, ValueError)):
            raise InputError(_reason(error), path=path, line=line) from error
        raise InputError(f"cannot parse: {error}", path=path, line=line) from error
    _check_literals(dataset, path)
    default = dataset.default_graph.identifier
    for context in dataset.graphs():
        name = None if context.identifier == default else context.identifier
        for s, p, o in context:
            yield s, p, o, name


def read_quads(path: Path, *, format: str | None = None) -> Iterator[Quad]:
    """The statements of one RDF file as ``(s, p, o, graph)``; ``graph`` is None for default.

    The file is read and checked completely before the first statement is produced only for
    JSON-LD; other formats stream, so consume the iterator fully before trusting the data.

    Raises:
        InputError: the file is unreadable, of an unknown kind, too large, unsafe or malformed.
    """
    fmt = format or guess_format(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(
                f"file of {size:,} bytes exceeds the limit of {MAX_FILE_BYTES:,} bytes", path=path
            )
        data = path.read_bytes()
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read file: {error}", path=path) from error
    if fmt == "json-ld":
        _check_json(text, path)
    elif fmt == "xml":
        _check_xml(data, path)
    if fmt in _OXIGRAPH_FORMATS:
        return _strict_quads(data, fmt, path)
    return _rdflib_quads(text, fmt, path)


def parse_file(path: Path, *, format: str | None = None) -> Dataset:
    """Parse one RDF file into a fresh :class:`~rdflib.Dataset`.

    Triples of triple formats land in the default graph; TriG, N-Quads and JSON-LD keep
    their named graphs.

    Raises:
        InputError: the file is unreadable, of an unknown kind, too large, unsafe or malformed.
    """
    dataset = Dataset(default_union=True)
    graphs: dict[Node, Graph] = {}
    for s, p, o, name in read_quads(path, format=format):
        if name is None:
            target = dataset.default_graph
        else:
            if name not in graphs:
                graphs[name] = dataset.graph(name)  # type: ignore[arg-type]
            target = graphs[name]
        target.add((s, p, o))
    return dataset


def parse_project_turtle(files: Iterable[Path]) -> Graph:
    """Merge the project's own Turtle files (ontology, shapes) into one graph.

    Read with the same parser as dossiers (so that ``"x"^^xsd:string`` and ``"x"`` are the
    same term on both sides, as RDF 1.1 says), keeping each file's prefixes.
    """
    graph = Graph()
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as error:
            raise InputError(f"cannot read file: {error}", path=path) from error
        parser = pyoxigraph.parse(
            data, format=pyoxigraph.RdfFormat.TURTLE, base_iri=path.resolve().as_uri()
        )
        bnodes: dict[str, BNode] = {}
        try:
            for quad in parser:
                graph.add(
                    (
                        _term(quad.subject, path, bnodes),
                        _term(quad.predicate, path, bnodes),
                        _term(quad.object, path, bnodes),
                    )
                )
        except SyntaxError as error:
            raise InputError(f"syntax error: {error.msg}", path=path, line=error.lineno) from error
        for prefix, namespace in parser.prefixes.items():
            graph.bind(prefix, namespace, override=False)
    return graph
