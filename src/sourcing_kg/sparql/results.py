"""One result model for SELECT/ASK answers from any store, and its renderers.

``json`` is the W3C SPARQL 1.1 Query Results JSON format, ``csv`` the W3C SPARQL results CSV;
``table`` and ``md`` are for people (IRIs shortened with the project's prefixes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

Row = tuple[Identifier | None, ...]


@dataclass
class ResultTable:
    """The answer of one query: variables and rows of rdflib terms (``None`` = unbound)."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict[str, Identifier]]:
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Identifier | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


def term_from_json(node: Mapping[str, Any]) -> Identifier:
    """An rdflib term from one binding of the SPARQL results JSON format."""
    kind = node["type"]
    if kind == "uri":
        return URIRef(node["value"])
    if kind == "bnode":
        return BNode(node["value"])
    if kind in {"literal", "typed-literal"}:
        return Literal(
            node["value"],
            lang=node.get("xml:lang"),
            datatype=URIRef(node["datatype"]) if "datatype" in node else None,
        )
    raise ValueError(f"unknown term type {kind!r}")


def from_sparql_json(document: Mapping[str, Any]) -> ResultTable:
    if "boolean" in document:
        return ResultTable([], [], bool(document["boolean"]))
    variables = list(document["head"].get("vars", []))
    rows: list[Row] = []
    for binding in document["results"]["bindings"]:
        rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in variables))
    return ResultTable(variables, rows)


def term_to_json(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        node = {"type": "literal", "value": str(term)}
        if term.language:
            node["xml:lang"] = term.language
        elif term.datatype:
            node["datatype"] = str(term.datatype)
        return node
    raise TypeError(f"not an RDF term: {term!r}")
