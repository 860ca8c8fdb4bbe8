"""Binding parameters to queries: user text becomes RDF terms, terms become ``BIND`` clauses.

One way for every engine, so that rdflib, pyoxigraph and an endpoint give the same answer: the
parameters are parsed into RDF terms of their declared type (:func:`parse_term`), and the
query gets one ``BIND(term AS ?name)`` per parameter, written from those terms (``term.n3()``,
never the user's text), at the start of its WHERE group (:func:`inject_bindings`). Rejected
alternatives: pyoxigraph's ``substitutions`` (SEP-0007) bind only projected variables;
rdflib's ``initBindings`` pre-binds rather than joins and exists only in rdflib; a ``VALUES``
block loses every row in rdflib when an ``OPTIONAL`` follows whose predicate occurs elsewhere
in the data (RDFLib/rdflib#2332, open), which ``BIND`` does not.

A blank node cannot be written in a query (``_:b`` there is a new blank node), so the
library's own queries, which may be asked about a blank-node dossier, bind those with rdflib's
``initBindings`` (:func:`select_in_memory`).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result
from rdflib.term import Identifier, Node

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import XSD
from sourcing_kg.sparql.guard import parse_query
from sourcing_kg.sparql.queries import QueryFile

_DATATYPES = {
    "xsd:date": XSD.date,
    "xsd:integer": XSD.integer,
    "xsd:decimal": XSD.decimal,
    "xsd:string": XSD.string,
}
_IRI = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s<>\"{}|^`\\]*$")


def parse_term(value: str, kind: str | None) -> Identifier:
    """The RDF term a parameter value stands for, checked against its declared type.

    Example:
        >>> parse_term("2026-01-31", "xsd:date").n3()
        '"2026-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    """
    if kind is None:  # a user's query without a header: guess from the shape of the value
        if value.startswith("<") and value.endswith(">"):
            kind = "iri"
        elif re.fullmatch(r"-?\d+", value):
            kind = "xsd:integer"
        elif re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            kind = "xsd:date"
        else:
            kind = "xsd:string"
    if kind == "iri":
        iri = value[1:-1] if value.startswith("<") and value.endswith(">") else value
        if not _IRI.match(iri):
            raise UsageError(f"not an absolute IRI: {value!r}")
        return URIRef(iri)
    if kind == "xsd:date" and value == "today":
        return Literal(dt.date.today().isoformat(), datatype=XSD.date)
    literal = Literal(value, datatype=_DATATYPES[kind])
    if literal.ill_typed:
        raise UsageError(f"{value!r} is not a valid {kind}")
    return literal


def parse_parameters(query: QueryFile, given: Mapping[str, str]) -> dict[str, Identifier]:
    """Terms for every declared parameter (given or default); unknown or missing ones refused."""
    declared = {p.name: p for p in query.parameters}
    if query.declares_parameters:
        unknown = sorted(set(given) - set(declared))
        if unknown:
            names = ", ".join(declared) if declared else "none"
            raise UsageError(
                f"{query.id} has no parameter {', '.join(unknown)} (its parameters: {names})"
            )
    bindings: dict[str, Identifier] = {}
    for name, parameter in declared.items():
        value = given.get(name, parameter.default)
        if value is None:
            raise UsageError(f"{query.id} needs --param {name}=... ({parameter.description})")
        bindings[name] = parse_term(value, parameter.type)
    for name, value in given.items():
        if name not in declared:
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                raise UsageError(f"not a variable name: {name!r}")
            bindings[name] = parse_term(value, None)
    return bindings


_IRI_IN_QUERY = re.compile(r"<[^<>\"{}|^`\\\s]*>")


def _top_level_braces(text: str) -> list[int]:
    """Offsets of every ``{`` at nesting depth 0, skipping comments, strings and IRIs."""
    found, depth, i = [], 0, 0
    while i < len(text):
        char = text[i]
        if char == "#":
            end = text.find("\n", i)
            i = len(text) if end < 0 else end
            continue
        if char in "\"'":
            quote = char * 3 if text.startswith(char * 3, i) else char
            j = i + len(quote)
            while j < len(text) and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if char == "<":
            match = _IRI_IN_QUERY.match(text, i)
            if match:
                i = match.end()
                continue
        if char == "{":
            if depth == 0:
                found.append(i)
            depth += 1
        elif char == "}":
            depth -= 1
        i += 1
    return found


def inject_bindings(query: str, bindings: Mapping[str, Node]) -> str:
    """The query with one ``BIND(term AS ?name)`` per binding at the start of its WHERE group.

    The clauses are written from parsed RDF terms (``term.n3()``), never from the user's text.

    Example:
        >>> inject_bindings("SELECT ?x WHERE { ?x ?p ?y }", {"y": URIRef("urn:y")})
        'SELECT ?x WHERE { BIND(<urn:y> AS ?y) ?x ?p ?y }'
    """
    if not bindings:
        return query
    braces = _top_level_braces(query)
    if not braces:
        raise InputError("cannot find the WHERE clause to bind parameters")
    at = braces[1 if _form(query) == "ConstructQuery" and len(braces) > 1 else 0] + 1
    clauses = " ".join(f"BIND({term.n3()} AS ?{name})" for name, term in bindings.items())
    # The clauses are well-formed whatever the terms hold (written by ``n3()``); every caller
    # parses the result before it runs (the guard, or rdflib's ``query``).
    return f"{query[:at]} {clauses}{query[at:]}"


@functools.lru_cache(maxsize=512)
def _form(query: str) -> str:
    """The query form (``SelectQuery``, ``ConstructQuery``, ...): parsed once per text."""
    return str(parse_query(query)[1].name)


def select_in_memory(graph: Graph, text: str, bindings: Mapping[str, Node]) -> Result:
    """Run ``text`` on an rdflib graph with ``bindings`` (``BIND`` clauses; see the module)."""
    if any(isinstance(term, BNode) for term in bindings.values()):
        return graph.query(text, initBindings=dict(bindings))  # type: ignore[arg-type]
    return graph.query(inject_bindings(text, bindings))
