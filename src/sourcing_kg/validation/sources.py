"""Units from where the dossiers live besides files: an on-disk store or a SPARQL endpoint.

``load`` puts each file into its own named graph; here each named graph becomes one
:class:`~sourcing_kg.validation.scope.Unit` whose ``file`` is the graph's name, so that the
same :func:`~sourcing_kg.validation.scope.corpus_of` and engine judge them as they judge files.
The project's own graphs (the ontology ``load`` copies in, the content index) are no dossiers
and are skipped. The default graph of a store is a unit too when it holds anything; that of an
endpoint is not read (many servers show the union of all graphs there).

This is the one place that turns a store's or an endpoint's graphs into units: a change of
:class:`Unit`'s representation is adapted here.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, URIRef
from rdflib.term import Node

from sourcing_kg.core.errors import EndpointError, InputError
from sourcing_kg.model.policy import Policy
from sourcing_kg.sparql.backends import BACKGROUND_GRAPH, EndpointBackend, OxigraphBackend, from_ox
from sourcing_kg.sparql.http import safe_url
from sourcing_kg.sparql.store_index import INDEX_GRAPH, content_hash
from sourcing_kg.validation.engine import Engine, validate_units
from sourcing_kg.validation.pyshacl_run import Inference
from sourcing_kg.validation.report import Report
from sourcing_kg.validation.scope import Unit

#: Graphs of the project's own that hold no dossier.
PROJECT_GRAPHS = frozenset({BACKGROUND_GRAPH, INDEX_GRAPH})
#: Deadline of each query to an endpoint (seconds).
ENDPOINT_TIMEOUT = 120.0

_LIST_GRAPHS = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
_GRAPH_TRIPLES = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"


def default_graph_name(directory: Path) -> str:
    """The ``file`` of the unit of a store's default graph."""
    return f"{directory} (default graph)"


@dataclass
class StoreSource:
    """An on-disk store opened read-only (``load --store DIR`` fills it)."""

    directory: Path
    store: ox.Store

    @classmethod
    def open(cls, directory: Path) -> StoreSource:
        """Open ``directory`` read-only.

        Raises:
            InputError: it does not exist or is no Oxigraph store (exit 3).
        """
        if not directory.is_dir():
            raise InputError(
                "no such store (fill it with `sourcing-kg load --store`)", path=directory
            )
        try:
            backend = OxigraphBackend(directory, read_only=True)
        except InputError as error:
            raise InputError(
                "not a store filled by `sourcing-kg load --store` (cannot open it: "
                f"{error.message})",
                path=directory,
            ) from None
        return cls(directory, backend.store)

    def graphs(self) -> list[str]:
        """The names of the dossier graphs, sorted."""
        return sorted(
            g.value
            for g in self.store.named_graphs()
            if isinstance(g, ox.NamedNode) and g.value not in PROJECT_GRAPHS
        )

    def quads(self, graph: str | None) -> list[ox.Quad]:
        name = ox.NamedNode(graph) if graph is not None else ox.DefaultGraph()
        return list(self.store.quads_for_pattern(None, None, None, name))

    def unit(self, graph: str | None, quads: list[ox.Quad] | None = None) -> Unit:
        """One graph (``None``: the default graph) as a unit."""
        triples = Graph()
        for quad in quads if quads is not None else self.quads(graph):
            triples.add((from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)))  # type: ignore[arg-type]
        if graph is None:
            return Unit(default_graph_name(self.directory), None, triples)
        return Unit(graph, URIRef(graph), triples)

    def default_graph_quads(self) -> list[ox.Quad]:
        return self.quads(None)

    def hash_of(self, graph: str) -> str:
        return content_hash(self.quads(graph))


def units_from_store(directory: Path) -> list[Unit]:
    """Every dossier graph of the store, and its default graph if it holds anything.

    Raises:
        InputError: no such store, or nothing in it (exit 3).
    """
    return _units_of(StoreSource.open(directory))


def _units_of(source: StoreSource) -> list[Unit]:
    directory = source.directory
    units = [source.unit(graph) for graph in source.graphs()]
    default = source.default_graph_quads()
    if default:
        units.append(source.unit(None, default))
    if not units:
        raise InputError("the store holds no graphs: nothing to judge", path=directory)
    return units


def _checked_iri(term: Node | None, url: str) -> str:
    if not isinstance(term, URIRef):
        raise EndpointError(f"{safe_url(url)} named a graph that is no IRI: {term!r}")
    return str(term)


def iter_units_from_endpoint(backend: EndpointBackend) -> Iterator[Unit]:
    """Each named graph of the endpoint (the project's own skipped) as a unit, read with one
    query per graph through the hardened client (caps, timeouts, exit 4)."""
    listed = backend.select(_LIST_GRAPHS, {}, timeout=ENDPOINT_TIMEOUT)
    names = sorted({_checked_iri(term, backend.url) for term in listed.column("g")})
    for name in names:
        if name in PROJECT_GRAPHS:
            continue
        table = backend.select(_GRAPH_TRIPLES, {"g": URIRef(name)}, timeout=ENDPOINT_TIMEOUT)
        triples = Graph()
        labels: dict[str, BNode] = {}  # an endpoint may reuse labels between answers
        for row in table.rows:
            terms = []
            for term in row:
                if term is None:
                    raise EndpointError(f"{safe_url(backend.url)}: a triple with an unbound term")
                if isinstance(term, BNode):
                    term = labels.setdefault(str(term), BNode())
                terms.append(term)
            triples.add((terms[0], terms[1], terms[2]))
        yield Unit(name, URIRef(name), triples)


def units_from_endpoint(url: str) -> list[Unit]:
    """Every dossier graph of a SPARQL 1.1 endpoint (credentials from the environment).

    Raises:
        EndpointError: the endpoint is unreachable or answered wrongly (exit 4).
        InputError: it holds no dossier graph (exit 3).
    """
    units = list(iter_units_from_endpoint(EndpointBackend(url)))
    if not units:
        raise InputError("the endpoint holds no named graphs: nothing to judge", path=safe_url(url))
    return units


def _rdflib_hash(triples: Graph) -> str:
    lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} .\n" for s, p, o in triples)
    return hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()


def validate_store(
    directory: Path,
    *,
    as_of: date,
    policy: Policy,
    extra_shapes: Sequence[Path] = (),
    inference: Inference = "none",
    evidence_root: Path | None = None,
    engine: Engine = "fast",
) -> Report:
    """Validate every dossier graph of an on-disk store as the same files would be validated;
    the run record lists each graph with its content hash."""
    source = StoreSource.open(directory)
    units = _units_of(source)
    digests = {
        unit.file: (
            source.hash_of(unit.file) if unit.graph is not None else _rdflib_hash(unit.triples)
        )
        for unit in units
    }
    return validate_units(
        units,
        as_of=as_of,
        policy=policy,
        extra_shapes=extra_shapes,
        inference=inference,
        evidence_root=evidence_root,
        engine=engine,
        digests=digests,
    )


def validate_endpoint(
    url: str,
    *,
    as_of: date,
    policy: Policy,
    extra_shapes: Sequence[Path] = (),
    inference: Inference = "none",
    evidence_root: Path | None = None,
    engine: Engine = "fast",
) -> Report:
    """Validate every named graph of a SPARQL 1.1 endpoint, locally with the same engine."""
    units = units_from_endpoint(url)
    return validate_units(
        units,
        as_of=as_of,
        policy=policy,
        extra_shapes=extra_shapes,
        inference=inference,
        evidence_root=evidence_root,
        engine=engine,
        digests={unit.file: _rdflib_hash(unit.triples) for unit in units},
    )
