"""Guards that keep validation inside the process: no network, no other local files.

- rdflib's SPARQL engine loads the graphs named in ``FROM`` / ``FROM NAMED`` from the web
  (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is on by default): :func:`no_graph_loading`
  switches that off for the duration of a validation;
- SPARQL-based constraints and targets in a shapes graph (``sh:select``, ``sh:ask``, ...)
  may not use ``SERVICE`` (rdflib would send the query to that endpoint), ``FROM``,
  ``FROM NAMED`` or ``LOAD``: :func:`refuse_remote_queries` rejects the shapes file.
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
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate

from sourcing_kg.core.errors import InputError

_QUERY_PROPERTIES = (SH.select, SH.ask, SH.construct)
_UPDATE_PROPERTIES = (SH.update,)
_FORBIDDEN = {
    "ServiceGraphPattern": "SERVICE",
    "datasetClause": "FROM / FROM NAMED",
    "Load": "LOAD",
}


@contextlib.contextmanager
def no_graph_loading() -> Iterator[None]:
    """Within the block, SPARQL ``FROM <iri>`` never fetches ``<iri>``."""
    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before


def _forbidden_in(tree: Any) -> str | None:
    """The first forbidden construct in a pyparsing parse tree, walked without recursion."""
    stack = [tree]
    while stack:
        node = stack.pop()
        name = getattr(node, "name", None)
        if isinstance(name, str) and name in _FORBIDDEN:
            return _FORBIDDEN[name]
        if isinstance(node, dict):
            for key, value in node.items():
                if key in _FORBIDDEN and value:
                    return _FORBIDDEN[key]
                stack.append(value)
        elif isinstance(node, ParseResults):
            stack.extend(list(node))
            for key, value in node.as_dict().items():
                if key in _FORBIDDEN and value:
                    return _FORBIDDEN[key]
                stack.append(value)
        elif isinstance(node, (list, tuple)):
            stack.extend(node)
    return None


def refuse_remote_queries(shapes: Graph, *, path: Path | str | None = None) -> None:
    """Reject a shapes graph whose SPARQL could reach outside the process.

    Raises:
        InputError: a query uses SERVICE, FROM, FROM NAMED or LOAD, or does not parse.
    """
    for prop in (*_QUERY_PROPERTIES, *_UPDATE_PROPERTIES):
        for holder, text in shapes.subject_objects(prop):
            parse = parseUpdate if prop in _UPDATE_PROPERTIES else parseQuery
            try:
                tree = parse(str(text))
            except ParseException as error:
                raise InputError(
                    f"SPARQL of {holder} ({prop.n3(shapes.namespace_manager)}) does not parse: "
                    f"{error}",
                    path=path,
                ) from error
            forbidden = _forbidden_in(tree)
            if forbidden:
                raise InputError(
                    f"SPARQL of {holder} uses {forbidden}; shapes may not reach other "
                    "graphs or endpoints",
                    path=path,
                )
