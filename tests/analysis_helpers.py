"""Turning result tables into plain tuples for comparison with hand-computed answers."""

from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.register.analyses import find_analysis
from sourcing_kg.sparql.backends import Backend
from sourcing_kg.sparql.binding import parse_parameters
from sourcing_kg.sparql.results import ResultTable

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "register"
REGISTER = [FIXTURES / "register.ttl", FIXTURES / "landen.ttl"]
SCHOON = [FIXTURES / "register-schoon.ttl", FIXTURES / "landen.ttl"]
EMPTY = [FIXTURES / "landen.ttl"]
_NAMESPACES = {
    "https://example.org/reg/": "",
    "http://publications.europa.eu/resource/authority/country/": "",
    "https://w3id.org/sourcing-kg/id/subdomein/": "subdomein:",
    "https://w3id.org/sourcing-kg/id/domein/": "domein:",
    "https://w3id.org/sourcing-kg/id/leveringsvorm/": "leveringsvorm:",
}


def plain(term: Identifier | None) -> object:
    if term is None:
        return None
    if isinstance(term, URIRef):
        for namespace, prefix in _NAMESPACES.items():
            if str(term).startswith(namespace):
                return prefix + str(term)[len(namespace) :]
        return str(term)
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool | int):
            return value
        return str(term)
    return str(term)


def rows(table: ResultTable) -> list[tuple[object, ...]]:
    return [tuple(plain(t) for t in row) for row in table.rows]


def run(backend: Backend, analysis_id: str, **params: str) -> ResultTable:
    analysis = find_analysis(analysis_id)
    table = backend.select(analysis.text, parse_parameters(analysis, params))
    assert table.variables[: len(analysis.result)] == list(analysis.result)
    return table
