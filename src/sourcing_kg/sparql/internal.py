"""Running the library's own SPARQL queries (``queries/intern/*.rq``) over in-memory graphs.

The queries are data files with the same header as the analyses; the caller binds the declared
parameters by name (through :mod:`sourcing_kg.sparql.binding`). No query text lives in Python.
"""

from __future__ import annotations

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.sparql.binding import select_in_memory
from sourcing_kg.sparql.queries import internal_query


def run(graph: Graph, name: str, **bindings: Node) -> list[ResultRow]:
    """The rows of internal query ``name`` over ``graph``, its parameters bound by name.

    Raises:
        InputError: a binding names no declared parameter, or a required one is missing.
    """
    query = internal_query(name)
    declared = {p.name for p in query.parameters}
    unknown = sorted(set(bindings) - declared)
    missing = sorted(p.name for p in query.parameters if p.required and p.name not in bindings)
    if unknown or missing:
        raise InputError(
            f"internal query {query.id}: unknown parameters {unknown}, missing {missing}",
            path=query.path,
        )
    result = select_in_memory(graph, query.text, bindings)
    return [row for row in result if isinstance(row, ResultRow)]
