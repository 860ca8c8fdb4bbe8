"""Prepared SPARQL queries: same answers, each distinct query parsed once, rdflib restored."""

from __future__ import annotations

from rdflib import Graph, URIRef, plugin
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.query import Processor

from sourcing_kg.sparql.cache import PreparedQueryProcessor, _prepare, prepared_queries

DATA = "<urn:a> <urn:p> <urn:b> . <urn:b> <urn:p> <urn:c> ."
QUERY = "SELECT ?o WHERE { ?s <urn:p> ?o } ORDER BY ?o"


def test_same_answers_parsed_once_and_restored() -> None:
    graph = Graph().parse(data=DATA, format="turtle")
    plain = [tuple(row) for row in graph.query(QUERY)]
    _prepare.cache_clear()
    with prepared_queries():
        assert plugin.get("sparql", Processor) is PreparedQueryProcessor
        first = [tuple(row) for row in graph.query(QUERY)]
        bound = [tuple(row) for row in graph.query(QUERY, initBindings={"s": URIRef("urn:b")})]
    assert first == plain
    assert bound == [(URIRef("urn:c"),)]
    info = _prepare.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert plugin.get("sparql", Processor) is SPARQLProcessor
