"""The one guard that keeps SPARQL inside the process: no network, no other graphs, no writes.

Neither rdflib nor pyoxigraph refuses an update, a ``LOAD``, a ``SERVICE`` call or a
``FROM``/``FROM NAMED`` by itself (rdflib fetches the graphs they name), so every query that
comes from outside (a user's analysis, the SPARQL of a user's shapes file) is parsed here first
and its syntax tree searched:

- :func:`check_read_only`: an analysis is a SELECT or ASK query without ``SERVICE`` or a
  dataset clause; updates are refused;
- :func:`refuse_remote_queries`: the SPARQL-based constraints and targets of a shapes graph
  (``sh:select``, ``sh:ask``, ``sh:construct``, ``sh:update``) use neither ``SERVICE``, ``FROM``,
  ``FROM NAMED`` nor ``LOAD``;
- :func:`no_graph_loading`: within the block, rdflib never fetches the graph a ``FROM`` names
  (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is on by default).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rdflib.plugins.sparql
from pyparsing import ParseException, ParseResults
from rdflib import Graph
from rdflib.namespace import SH
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from sourcing_kg.core.errors import InputError

#: Syntax-tree nodes that reach outside the process, with the words a message uses for them.
_REACHING_OUT = {
    "ServiceGraphPattern": "SERVICE",
    "DatasetClause": "FROM / FROM NAMED",
    "Load": "LOAD",
}
_SHAPE_QUERIES = (SH.select, SH.ask, SH.construct)
_SHAPE_UPDATES = (SH.update,)


class QueryRefused(InputError):
    """The query tries something a read-only analysis or a shape may not do."""


def _nodes(tree: Any) -> Iterator[Any]:
    """Every node of an rdflib SPARQL syntax tree, walked without recursion."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, CompValue):
            stack.extend(node.values())
        elif isinstance(node, list | tuple | ParseResults):
            stack.extend(node)


def reaching_out(tree: Any) -> str | None:
    """The first construct of a parsed query or update that reaches outside, or ``None``."""
    for node in _nodes(tree):
        if isinstance(node, CompValue) and node.name in _REACHING_OUT:
            return _REACHING_OUT[node.name]
    return None


def check_read_only(text: str, *, path: Path | str | None = None) -> Query:
    """Parse an analysis and refuse updates, LOAD, SERVICE, FROM and FROM NAMED.

    Returns the translated query (rdflib algebra).

    Example:
        >>> check_read_only("LOAD <http://x/>")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sourcing_kg.sparql.guard.QueryRefused: updates (...) are refused: an analysis is read-only
    """
    try:
        parsed = parseQuery(text)
    except ParseException as error:
        try:
            parseUpdate(text)
        except ParseException:
            raise InputError(
                f"SPARQL syntax error: {error.msg}", path=path, line=error.lineno
            ) from None
        raise QueryRefused(
            "updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: an analysis is read-only",
            path=path,
        ) from None
    forbidden = reaching_out(parsed)
    if forbidden == "SERVICE":
        raise QueryRefused(
            "SERVICE is refused: an analysis may not call other endpoints", path=path
        )
    if forbidden:
        raise QueryRefused(
            "FROM and FROM NAMED are refused: the data set is chosen by --data, --store or "
            "--endpoint",
            path=path,
        )
    query = translateQuery(parsed)
    if query.algebra.datasetClause:
        raise QueryRefused("FROM and FROM NAMED are refused", path=path)
    if query.algebra.name not in {"SelectQuery", "AskQuery"}:
        raise QueryRefused(
            "only SELECT and ASK analyses are supported (CONSTRUCT and DESCRIBE are refused)",
            path=path,
        )
    return query


def refuse_remote_queries(shapes: Graph, *, path: Path | str | None = None) -> None:
    """Reject a shapes graph whose SPARQL could reach outside the process.

    Raises:
        InputError: a query uses SERVICE, FROM, FROM NAMED or LOAD, or does not parse.
    """
    for prop in (*_SHAPE_QUERIES, *_SHAPE_UPDATES):
        parse = parseUpdate if prop in _SHAPE_UPDATES else parseQuery
        for holder, text in shapes.subject_objects(prop):
            try:
                tree = parse(str(text))
            except ParseException as error:
                raise InputError(
                    f"SPARQL of {holder} ({prop.n3(shapes.namespace_manager)}) does not parse: "
                    f"{error}",
                    path=path,
                ) from error
            forbidden = reaching_out(tree)
            if forbidden:
                raise InputError(
                    f"SPARQL of {holder} uses {forbidden}; shapes may not reach other "
                    "graphs or endpoints",
                    path=path,
                )


@contextlib.contextmanager
def no_graph_loading() -> Iterator[None]:
    """Within the block, SPARQL ``FROM <iri>`` never fetches ``<iri>``."""
    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before
