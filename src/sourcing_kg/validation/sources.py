"""Where the dossiers to validate come from besides files: a store or a SPARQL endpoint.

``sourcing-kg load`` puts every file into a named graph of its own (the file's URI, or the name
``--graph`` gives) and the project's ontology into :data:`BACKGROUND_GRAPH`. Each named graph
becomes one :class:`~sourcing_kg.validation.scope.Unit` with the graph's name as its file, so that
a store or an endpoint is divided into dossier scopes and judged exactly as the files it was
loaded from (:func:`~sourcing_kg.validation.scope.corpus_of`). The background graph is left out:
the checker brings its own ontology, which no input may change. So is the default graph, where
``load`` writes nothing (a triple there would belong to no file).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef

from sourcing_kg.core.errors import InputError
from sourcing_kg.io.rdf_files import triples_graph
from sourcing_kg.sparql.backends import BACKGROUND_GRAPH, EndpointBackend, from_ox
from sourcing_kg.sparql.queries import internal_query
from sourcing_kg.sparql.store_index import INDEX_GRAPH
from sourcing_kg.validation.scope import Unit

#: The project's own graphs in a store or an endpoint: the ontology and the content index.
PROJECT_GRAPHS = frozenset({BACKGROUND_GRAPH, INDEX_GRAPH})


def units_from_store(directory: Path) -> list[Unit]:
    """One unit per named graph of the on-disk Oxigraph store in ``directory``, opened read-only
    (the store is never changed; a ``load`` may run beside it).

    Raises:
        InputError: ``directory`` is not an Oxigraph store.
    """
    store = open_store(directory)
    graphs: dict[str, Graph] = {}
    for quad in store.quads_for_pattern(None, None, None, None):
        name = quad.graph_name
        if not isinstance(name, ox.NamedNode) or name.value in PROJECT_GRAPHS:
            continue
        triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
        graph = graphs.get(name.value)
        if graph is None:  # not setdefault: that would build a graph per statement
            graph = graphs[name.value] = triples_graph()
        graph.add(triple)  # type: ignore[arg-type]
    return [Unit(name, None, graphs[name]) for name in sorted(graphs)]


def open_store(directory: Path) -> ox.Store:
    """The on-disk Oxigraph store in ``directory``, opened read-only.

    Raises:
        InputError: ``directory`` is not an Oxigraph store.
    """
    if not directory.is_dir():
        raise InputError(
            "not a store directory (fill one with sourcing-kg load --store)", path=directory
        )
    try:
        return ox.Store.read_only(str(directory))
    except OSError as error:
        raise InputError(f"cannot open the store: {error}", path=directory) from None


def unit_of_graph(store: ox.Store, name: str) -> Unit:
    """One named graph of ``store`` as a unit, read as :func:`units_from_store` reads it."""
    graph = triples_graph()
    for quad in store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
        triple = (from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object))
        graph.add(triple)  # type: ignore[arg-type]
    return Unit(name, None, graph)


def units_from_endpoint(backend: EndpointBackend, *, timeout: float) -> list[Unit]:
    """One unit per named graph of a SPARQL 1.1 endpoint: the graphs are listed, then each is
    read with its own query (a register of thousands of dossiers stays under the client's
    size cap per answer)."""
    names = [
        str(row["g"])
        for row in backend.select(internal_query("graphs").text, {}, timeout=timeout).dicts()
        if isinstance(row.get("g"), URIRef) and str(row["g"]) not in PROJECT_GRAPHS
    ]
    units = []
    query = internal_query("graph_triples").text
    for name in sorted(set(names)):
        graph = triples_graph()
        for s, p, o in backend.select(query, {"g": URIRef(name)}, timeout=timeout).rows:
            graph.add((s, p, o))  # type: ignore[arg-type]
        units.append(Unit(name, None, graph))
    return units
