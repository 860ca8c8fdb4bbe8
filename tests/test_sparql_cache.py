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


def test_the_cache_serves_the_next_validation_too() -> None:
    """pySHACL writes the PREFIX lines in a different order each time the shapes are loaded."""
    from datetime import date

    from sourcing_kg.core.resources import examples_dir
    from sourcing_kg.model.policy import load_policy
    from sourcing_kg.validation.engine import validate_paths

    example = examples_dir() / "dossiers" / "conform" / "fase-4-verscherpt.ttl"
    validate_paths([example], as_of=date(2026, 6, 1), policy=load_policy())
    before = _prepare.cache_info().misses
    validate_paths([example], as_of=date(2026, 6, 1), policy=load_policy())
    assert _prepare.cache_info().misses == before


def test_canonical_keeps_the_query() -> None:
    from sourcing_kg.sparql.cache import canonical

    text = "PREFIX b: <urn:b#>\nPREFIX a: <urn:a#>\nSELECT ?x WHERE { ?x a:p b:o }"
    graph = Graph().parse(data="<urn:s> <urn:a#p> <urn:b#o> .", format="turtle")
    assert [tuple(r) for r in graph.query(canonical(text))] == [(URIRef("urn:s"),)]
    assert canonical(canonical(text)) == canonical(text)
