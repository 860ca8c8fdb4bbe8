"""Reading RDF files safely: format by extension, errors that name file and line, no network.

Dossiers come from many hands, so every parse here treats its input as untrusted. Every format,
JSON-LD included, is parsed by Oxigraph, which never fetches anything (it has no document
loader): a remote or file ``@context`` at any depth is an error, never a request. Before that:

- JSON-LD is read by :mod:`json` first: nesting deeper than :data:`MAX_JSON_DEPTH`, lone
  surrogates, a non-object ``@context`` item at any depth, ``@import``, and an ``@id``,
  ``@type``, ``@vocab`` or ``@base`` that is no IRI (a space, ``>``, a line break) are refused
  with their line, so that nothing is silently dropped and no triple can be smuggled in;
- RDF/XML is first read by :mod:`defusedxml` with DTDs forbidden
  (:func:`sourcing_kg.io.safe_xml.refuse_dtd`, the same pass as ArchiMate files);
- files larger than :data:`MAX_FILE_BYTES` and literals longer than :data:`MAX_LITERAL_CHARS`
  are refused before they can tie up the checker;
- a file without a single statement is an error (it would otherwise "conform");
- a UTF-8 byte order mark is accepted;
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

import pyoxigraph
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.io.limits import MAX_FILE_BYTES, MAX_JSON_DEPTH, MAX_LITERAL_CHARS, read_bounded
from sourcing_kg.io.safe_xml import refuse_dtd

__all__ = [
    "FORMATS",
    "MAX_FILE_BYTES",
    "MAX_JSON_DEPTH",
    "MAX_LITERAL_CHARS",
    "QUAD_FORMATS",
    "guess_format",
    "iter_rdf_files",
    "parse_file",
    "parse_project_turtle",
    "read_checked",
    "read_ox_quads",
    "read_quads",
]

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

_OXIGRAPH_FORMATS = {
    "turtle": pyoxigraph.RdfFormat.TURTLE,
    "trig": pyoxigraph.RdfFormat.TRIG,
    "xml": pyoxigraph.RdfFormat.RDF_XML,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "nquads": pyoxigraph.RdfFormat.N_QUADS,
    "json-ld": pyoxigraph.RdfFormat.JSON_LD,
}
_BOM = b"\xef\xbb\xbf"
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


_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_ESCAPED_LONE_SURROGATE = re.compile(
    r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_IRI_KEYS = frozenset({"@id", "@type", "@vocab", "@base"})


def _line_at(text: str, offset: int) -> int | None:
    return text.count("\n", 0, offset) + 1 if offset >= 0 else None


def _line_of_value(text: str, value: str) -> int | None:
    """The line where a JSON string first appears in the text (for messages only)."""
    for spelling in (json.dumps(value, ensure_ascii=False), json.dumps(value)):
        offset = text.find(spelling)
        if offset >= 0:
            return _line_at(text, offset)
    return None


def _refuse_non_iri(key: str, value: Any, text: str, path: Path) -> None:
    values = value if isinstance(value, list) else [value]
    for item in values:
        if isinstance(item, str) and _NOT_IN_IRI.search(item):
            raise InputError(
                f'JSON-LD {key} {item!r} is not an IRI (spaces, line breaks and <>"{{}}|^`\\ '
                "are not allowed); it would be dropped or rewritten",
                path=path,
                line=_line_of_value(text, item),
            )


def _refuse_contexts(value: Any, text: str, path: Path) -> None:
    """Every ``@context`` item, at any depth of nested lists, must be an inline object."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, str):
            raise InputError(
                f"JSON-LD @context {item!r} is not inline; remote and file contexts are "
                "never loaded",
                path=path,
                line=_line_of_value(text, item),
            )
        elif isinstance(item, dict) and "@import" in item:
            raise InputError("JSON-LD @import is never loaded", path=path)
        elif item is not None and not isinstance(item, dict):
            raise InputError(f"JSON-LD @context item {item!r} is not an object", path=path)


def _check_json(text: str, path: Path) -> None:
    """The checks JSON-LD passes before Oxigraph parses it (iteratively: no recursion)."""
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"JSON error: {error.msg}", path=path, line=error.lineno) from error
    except RecursionError as error:
        raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", path=path) from error
    stack: list[tuple[Any, int]] = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise InputError(f"JSON nested deeper than {MAX_JSON_DEPTH} levels", path=path)
        if isinstance(node, dict):
            for key, value in node.items():
                if _SURROGATE.search(key):
                    _refuse_surrogate(text, path)
                if key == "@context":
                    _refuse_contexts(value, text, path)
                elif key in _IRI_KEYS:
                    _refuse_non_iri(key, value, text, path)
                stack.append((value, depth + 1))
        elif isinstance(node, list):
            stack.extend((value, depth + 1) for value in node)
        elif isinstance(node, str) and _SURROGATE.search(node):
            _refuse_surrogate(text, path)


def _refuse_surrogate(text: str, path: Path) -> None:
    match = _ESCAPED_LONE_SURROGATE.search(text)
    raise InputError(
        "JSON string with a lone surrogate (\\uD800-\\uDFFF without its pair) is not Unicode text",
        path=path,
        line=_line_at(text, match.start()) if match else None,
    )


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 text: {error.reason} at byte {error.start}",
            path=path,
            line=data.count(b"\n", 0, error.start) + 1,
        ) from error


def read_checked(path: Path, fmt: str) -> bytes:
    """The bytes of one RDF file after every check that comes before parsing (size, encoding,
    BOM, the JSON-LD and RDF/XML pre-checks)."""
    data = read_bounded(path)
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
    text = _decode(data, path)
    if fmt == "json-ld":
        _check_json(text, path)
    elif fmt == "xml":
        refuse_dtd(data, path=path)
    return data


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


def _line_of(error: Exception) -> int | None:
    match = _LINE_IN_MESSAGE.search(str(error))
    return int(match.group(1) or match.group(2)) if match else None


def _line_by_rdflib(data: bytes, fmt: str) -> int | None:
    """Oxigraph's RDF/XML errors carry no line; rdflib's (after defusedxml) often do."""
    if fmt != "xml":
        return None
    try:
        Graph().parse(data=data, format=fmt)
    except Exception as error:
        number = getattr(error, "getLineNumber", lambda: None)()
        return int(number) if number is not None else _line_of(error)
    return None


def read_ox_quads(path: Path, *, format: str | None = None) -> list[pyoxigraph.Quad]:
    """The statements of one RDF file as Oxigraph quads, read and checked completely.

    Raises:
        InputError: the file is unreadable, of an unknown kind, too large, unsafe, malformed,
            holds a literal over the limit, or holds no statement at all.
    """
    fmt = format or guess_format(path)
    data = read_checked(path, fmt)
    try:
        quads = list(
            pyoxigraph.parse(data, format=_OXIGRAPH_FORMATS[fmt], base_iri=path.resolve().as_uri())
        )
    except SyntaxError as error:
        line = error.lineno if error.lineno is not None else _line_by_rdflib(data, fmt)
        raise InputError(f"syntax error: {error.msg}", path=path, line=line) from error
    except Exception as error:  # never a traceback for a bad file
        raise InputError(f"cannot parse: {error}", path=path) from error
    if not quads:
        raise InputError(
            "no RDF statements in the file (an empty input is an error; expected a dossier,"
            " sk:Dossier, or a register record)",
            path=path,
        )
    for quad in quads:
        obj = quad.object
        if isinstance(obj, pyoxigraph.Literal) and len(obj.value) > MAX_LITERAL_CHARS:
            raise InputError(
                f"a literal of {len(obj.value):,} characters exceeds the limit of "
                f"{MAX_LITERAL_CHARS:,}",
                path=path,
            )
        if isinstance(obj, pyoxigraph.Triple) or isinstance(quad.subject, pyoxigraph.Triple):
            raise InputError("RDF-star triple terms are not read", path=path)
    return quads


Quad = tuple[Node, Node, Node, Node | None]


def read_quads(path: Path, *, format: str | None = None) -> Iterator[Quad]:
    """The statements of one RDF file as ``(s, p, o, graph)``; ``graph`` is None for default.

    The file is read and checked completely before the first statement is produced; blank
    nodes are fresh per file.

    Raises:
        InputError: the file is unreadable, of an unknown kind, too large, unsafe, malformed
            or empty.
    """
    quads = read_ox_quads(path, format=format)
    bnodes: dict[str, BNode] = {}
    # each distinct term of the file converted once (Oxigraph terms hash in Rust): a file names
    # its subjects and the vocabulary's IRIs many times; a blank node stays the file's own
    known: dict[Any, Node] = {}

    def term(t: Any) -> Node:
        node = known.get(t)
        if node is None:
            node = known[t] = _term(t, path, bnodes)
        return node

    for quad in quads:
        s, p, o = term(quad.subject), term(quad.predicate), term(quad.object)
        name = quad.graph_name
        graph: Node | None = None
        if isinstance(name, pyoxigraph.NamedNode):
            graph = _iri(name.value)
        elif isinstance(name, pyoxigraph.BlankNode):
            graph = _term(name, path, bnodes)
        yield s, p, o, graph


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


def triples_graph() -> Graph:
    """A new in-memory graph of triples, for a run's own graphs (units, scopes, the register).

    rdflib's default store records for every triple the graph it belongs to, and so refers
    back to that graph: each graph is a reference cycle that only a full garbage collection
    frees (1.9 million objects after 1,000 dossiers), and the bookkeeping doubles the cost of
    every add and lookup. ``SimpleMemory`` keeps triples only. pySHACL needs the default store:
    it is given a copy (``validation.engine``).
    """
    return Graph(store="SimpleMemory")


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
