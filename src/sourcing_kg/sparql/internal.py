"""Running the library's own SPARQL queries (``sourcing_kg/sparql/*.rq``).

The queries are data files with a header (id, title, parameters, what they serve); the
caller binds the parameters by name. No query text lives in Python.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import cast

from rdflib import Graph
from rdflib.query import ResultRow
from rdflib.term import Identifier, Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.resources import internal_query_file


@cache
def query_text(name: str) -> str:
    """The text of ``sourcing_kg/sparql/<name>.rq``."""
    path = internal_query_file(name)
    try:
        return path.read_text(encoding="utf-8")
    except OSError as error:  # pragma: no cover - a broken installation
        raise InputError(f"cannot read internal query: {error}", path=path) from error


def run(graph: Graph, name: str, **bindings: Node) -> list[ResultRow]:
    """The rows of query ``name`` over ``graph`` with ``bindings`` for its parameters."""
    result = graph.query(query_text(name), initBindings=cast(Mapping[str, Identifier], bindings))
    return [row for row in result if isinstance(row, ResultRow)]
