"""Where the graph lives: files in memory (rdflib), an on-disk Oxigraph store, or an endpoint.

All three answer the same checked query with the same
:class:`~sourcing_kg.sparql.results.ResultTable`, parameters bound the same way
(:func:`sourcing_kg.sparql.binding.inject_bindings`). A *background* graph (the caller passes the
project's ontology: EU/EEA membership, class hierarchy) is queried along with the data: merged
in memory, or kept in the graph :data:`BACKGROUND_GRAPH` of a store or an endpoint.
"""

from __future__ import annotations

import gc
import json
import urllib.parse
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from sourcing_kg.core.errors import EndpointError, InputError
from sourcing_kg.io.rdf_files import iter_rdf_files, parse_file, read_ox_quads
from sourcing_kg.sparql.binding import inject_bindings
from sourcing_kg.sparql.deadline import run_with_deadline
from sourcing_kg.sparql.guard import check_read_only
from sourcing_kg.sparql.http import HttpClient, credentials_from_env, safe_url
from sourcing_kg.sparql.results import ResultTable, from_sparql_json

BACKGROUND_GRAPH = "https://w3id.org/sourcing-kg/graph/ontologie"
DEFAULT_TIMEOUT = 60.0


def read_only_with(query: str, bindings: Mapping[str, Identifier]) -> tuple[str, Query]:
    """The query with its parameters bound, checked read-only as every backend runs it: its
    text (for pyoxigraph and endpoints) and rdflib's prepared form of that text (for rdflib,
    which would otherwise parse it again)."""
    text = inject_bindings(query, bindings)
    return text, check_read_only(text)


class Backend(Protocol):
    def select(
        self, query: str, bindings: Mapping[str, Identifier], *, timeout: float = DEFAULT_TIMEOUT
    ) -> ResultTable: ...


# ----------------------------------------------------------------------------- rdflib


class MemoryBackend:
    """Files parsed into one rdflib graph, with the background graph, queried by rdflib."""

    def __init__(
        self,
        paths: Iterable[Path] = (),
        *,
        background: Graph | None = None,
        graph: Graph | None = None,
    ):
        self.graph = Graph()
        for triple in background if background is not None else ():
            self.graph.add(triple)
        for path in iter_rdf_files(paths):
            for triple in parse_file(path).triples((None, None, None)):
                self.graph.add(triple)
        if graph is not None:
            for triple in graph:
                self.graph.add(triple)

    def select(
        self, query: str, bindings: Mapping[str, Identifier], *, timeout: float = DEFAULT_TIMEOUT
    ) -> ResultTable:
        _, prepared = read_only_with(query, bindings)

        def work() -> ResultTable:
            result = self.graph.query(prepared)
            if result.type == "ASK":
                return ResultTable([], [], bool(result.askAnswer))
            variables = [str(v) for v in result.vars or []]
            return ResultTable(variables, [tuple(row) for row in result])  # type: ignore[arg-type]

        return run_with_deadline(work, timeout, isolate=True)  # rdflib keeps the GIL


# ----------------------------------------------------------------------------- pyoxigraph


def from_ox(term: object) -> Identifier | None:
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):  # RDF 1.1: the same term as a plain literal,
            return Literal(term.value)  # which is how rdflib and the JSON results give it
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def graph_name(path: Path) -> str:
    """The named graph a file is loaded into: loading the same file again replaces it."""
    return path.resolve().as_uri()


class OxigraphBackend:
    """An on-disk Oxigraph store (``load --store DIR``), one named graph per loaded file."""

    def __init__(self, directory: Path | None):
        try:
            self.store = ox.Store(str(directory)) if directory is not None else ox.Store()
        except OSError:
            # An earlier backend of this process on the same folder may wait in a reference
            # cycle (the query worker thread); Oxigraph has no close(), so collect it and retry.
            gc.collect()
            try:
                self.store = ox.Store(str(directory)) if directory is not None else ox.Store()
            except OSError as error:
                raise InputError(f"cannot open store: {error}", path=directory) from error

    def load(
        self, paths: Iterable[Path], *, name: str | None = None, background: Graph | None = None
    ) -> list[str]:
        """Load files (each into its own graph, replacing it) and refresh the background.

        Every file is read and checked first (the same safe reader and limits as ``validate``);
        then all graphs are replaced in **one** transaction, the ontology refresh included, so
        that an interruption at any point leaves the store as it was or as it should be.
        """
        files = list(iter_rdf_files(paths))
        if name is not None and len(files) != 1:
            raise InputError("--graph names one graph: give exactly one file")
        parts: dict[str, list[str]] = {}
        for path in files:
            graph = name or graph_name(path)
            parts.setdefault(graph, []).append(_ox_ntriples(read_ox_quads(path)))
        if background is not None:
            parts[BACKGROUND_GRAPH] = [_ntriples(background)]
        self.replace_graphs(parts)
        self.store.flush()
        return [name or graph_name(path) for path in files]

    def replace_graphs(self, graphs: Mapping[str, Iterable[str]]) -> None:
        """Replace named graphs by N-Triples text in one update (one transaction)."""
        names = {graph: str(_named(graph)) for graph in graphs}
        drops = "".join(f"DROP SILENT GRAPH {names[graph]} ;\n" for graph in graphs)
        inserts = "".join(
            f"GRAPH {names[graph]} {{\n{''.join(texts)}\n}}\n" for graph, texts in graphs.items()
        )
        self.store.update(f"{drops}INSERT DATA {{\n{inserts}}}")

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def select(
        self, query: str, bindings: Mapping[str, Identifier], *, timeout: float = DEFAULT_TIMEOUT
    ) -> ResultTable:
        text, _ = read_only_with(query, bindings)

        def work() -> ResultTable:
            result = self.store.query(text, use_default_graph_as_union=True)
            if isinstance(result, bool):
                return ResultTable([], [], result)
            if not isinstance(result, ox.QuerySolutions):
                raise InputError("only SELECT and ASK analyses are supported")
            variables = [v.value for v in result.variables]
            rows = [tuple(from_ox(s[v]) for v in variables) for s in result]
            return ResultTable(variables, rows)

        return run_with_deadline(work, timeout)


def _named(graph: str) -> ox.NamedNode:
    try:
        return ox.NamedNode(graph)
    except ValueError as error:
        raise InputError(f"not an IRI for a graph: {graph!r} ({error})") from None


def _ox_ntriples(quads: Iterable[ox.Quad]) -> str:
    """N-Triples of Oxigraph quads (their terms are valid: Oxigraph's parsers checked them)."""
    return "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)


def _ntriples(triples: Iterable[tuple[Any, Any, Any]]) -> str:
    # rdflib's serializer escapes line breaks; Node.n3() would write Turtle's triple quotes.
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="nt")


# ----------------------------------------------------------------------------- endpoint


class EndpointBackend:
    """Any SPARQL 1.1 endpoint over HTTP(S), loaded through the Graph Store Protocol."""

    def __init__(self, url: str, *, store_url: str | None = None, client: HttpClient | None = None):
        self.url = url
        self.store_url = store_url
        self.client = client or HttpClient(authorization=credentials_from_env())

    def select(
        self, query: str, bindings: Mapping[str, Identifier], *, timeout: float = DEFAULT_TIMEOUT
    ) -> ResultTable:
        text, _ = read_only_with(query, bindings)
        self.client.total_timeout = timeout
        body = urllib.parse.urlencode({"query": text}).encode()
        response = self.client.request(
            "POST",
            self.url,
            body=body,
            read=True,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json",
            },
        )
        try:
            return from_sparql_json(json.loads(response.body))
        except (ValueError, KeyError) as error:
            raise EndpointError(
                f"{safe_url(self.url)} did not answer SPARQL results JSON: {error}"
            ) from None

    def put_graph(self, name: str, ntriples: str) -> None:
        if not self.store_url:
            raise EndpointError("loading into an endpoint needs its Graph Store URL (--gsp)")
        url = f"{self.store_url}?{urllib.parse.urlencode({'graph': name})}"
        self.client.request(
            "PUT",
            url,
            body=ntriples.encode("utf-8"),
            read=False,
            headers={"Content-Type": "application/n-triples"},
        )

    def load(
        self, paths: Iterable[Path], *, name: str | None = None, background: Graph | None = None
    ) -> list[str]:
        """Put each file into its own graph (replacing it) and refresh the background."""
        files = list(iter_rdf_files(paths))
        if name is not None and len(files) != 1:
            raise InputError("--graph names one graph: give exactly one file")
        loaded = []
        for path in files:
            graph = name or graph_name(path)
            self.put_graph(graph, _ox_ntriples(read_ox_quads(path)))
            loaded.append(graph)
        if background is not None:
            self.put_graph(BACKGROUND_GRAPH, _ntriples(background))
        return loaded
