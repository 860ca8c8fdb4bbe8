"""Parameters become terms and BIND clauses; comments, strings and IRIs cannot mislead them."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql.parser import parseQuery

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.namespaces import XSD
from sourcing_kg.sparql.binding import inject_bindings, parse_term


def test_bindings_go_into_the_where_group_not_a_comment_string_or_iri() -> None:
    query = (
        "# a comment with { braces }\n"
        "PREFIX ex: <https://example.org/x#>\n"
        'SELECT ?s (IF(?n < 3, "{", "}") AS ?t) WHERE { ?s ex:p ?n }'
    )
    injected = inject_bindings(query, {"n": Literal(2)})
    assert injected.endswith(
        'WHERE { BIND("2"^^<http://www.w3.org/2001/XMLSchema#integer> AS ?n) ?s ex:p ?n }'
    )
    parseQuery(injected)


def test_literal_with_quotes_stays_one_literal() -> None:
    evil = parse_term('x" } ; DROP ALL ; { "', "xsd:string")
    injected = inject_bindings("SELECT ?s WHERE { ?s ?p ?naam }", {"naam": evil})
    parsed = parseQuery(injected)
    assert "DROP" in injected and parsed  # still a SELECT: the quote is escaped in the literal


@pytest.mark.parametrize(
    "value", ["x> } ; DROP ALL", "no scheme", "https://example.org/a b", "<https://e/>x>"]
)
def test_bad_iris_are_refused(value: str) -> None:
    with pytest.raises(UsageError):
        parse_term(value, "iri")


def test_typed_terms() -> None:
    assert parse_term("https://example.org/a", "iri") == URIRef("https://example.org/a")
    assert parse_term("<https://example.org/a>", "iri") == URIRef("https://example.org/a")
    assert parse_term("2026-01-31", "xsd:date") == Literal("2026-01-31", datatype=XSD.date)
    for bad, kind in (("2026-02-30", "xsd:date"), ("zes", "xsd:integer")):
        with pytest.raises(UsageError):
            parse_term(bad, kind)


def test_a_bound_row_survives_an_optional_that_matches_other_subjects(tmp_path) -> None:
    """rdflib drops this row when the parameter is a VALUES block (RDFLib/rdflib#2332)."""
    from sourcing_kg.sparql.backends import MemoryBackend, OxigraphBackend

    data = tmp_path / "data.ttl"
    data.write_text("<urn:e> <urn:label> 'E' . <urn:f> <urn:lei> 'L' .\n", encoding="utf-8")
    query = "SELECT ?e ?l WHERE { OPTIONAL { ?e <urn:lei> ?l } }"
    store = OxigraphBackend(None)
    store.load([data])
    for backend in (MemoryBackend([data]), store):
        table = backend.select(query, {"e": URIRef("urn:e")})
        assert table.rows == [(URIRef("urn:e"), None)]
