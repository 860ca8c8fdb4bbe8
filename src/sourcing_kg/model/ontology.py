"""The ontology as one graph, loaded from the project's Turtle files."""

from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from sourcing_kg.core.namespaces import PREFIXES
from sourcing_kg.core.resources import ontology_files
from sourcing_kg.io.rdf_files import parse_project_turtle


@lru_cache(maxsize=1)
def _cached_ontology() -> Graph:
    graph = parse_project_turtle(ontology_files())
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    return graph


def ontology_graph() -> Graph:
    """A fresh copy of the whole ontology (core, schemes, sources), safe to modify."""
    copy = Graph()
    for prefix, namespace in _cached_ontology().namespaces():
        copy.bind(prefix, namespace)
    for triple in _cached_ontology():
        copy.add(triple)
    return copy


def shared_ontology() -> Graph:
    """The cached ontology itself, for reading only (labels, sources); never modify it."""
    return _cached_ontology()
