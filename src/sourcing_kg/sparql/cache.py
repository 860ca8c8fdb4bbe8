"""Parse each SPARQL query once per run, not once per focus node.

pySHACL hands rdflib the text of a SPARQL-based constraint or target for every focus node,
and rdflib parses it anew each time: with 1,000 dossiers, parsing took most of the run.
Within :func:`prepared_queries`, rdflib's ``"sparql"`` query processor (a registered plugin)
is replaced by one that prepares each distinct (query, base, namespaces) once, with rdflib's
own :func:`~rdflib.plugins.sparql.processor.prepareQuery`, and evaluates the prepared query.

pySHACL writes a constraint's ``PREFIX`` lines in the order it happens to read the shapes'
``sh:declare`` values, which differs from one loading of the shapes to the next; the leading
``PREFIX`` lines are therefore put in a fixed order (:func:`canonical`) before the lookup, so that
the cache also serves the next validation in the same process.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.processor import SPARQLProcessor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

from sourcing_kg.sparql.guard import parse_query

_NAME = "sparql"
_ORIGINAL = ("rdflib.plugins.sparql.processor", "SPARQLProcessor")


def canonical(text: str) -> str:
    r"""The query with its leading ``PREFIX`` declarations sorted (the same query).

    Example:
        >>> canonical("PREFIX b: <urn:b>\nPREFIX a: <urn:a>\nSELECT * {}")
        'PREFIX a: <urn:a>\nPREFIX b: <urn:b>\nSELECT * {}'
    """
    lines = text.lstrip().split("\n")
    count = 0
    while count < len(lines) and lines[count].lstrip().upper().startswith("PREFIX "):
        count += 1
    return "\n".join([*sorted(line.strip() for line in lines[:count]), *lines[count:]])


@functools.lru_cache(maxsize=1024)
def _prepare(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Query:
    # parse_query: prepareQuery would leave the parse in pyparsing's caches (see there)
    return translateQuery(parse_query(text), base=base, initNs=dict(namespaces))


class PreparedQueryProcessor(SPARQLProcessor):
    """rdflib's SPARQL processor, preparing query strings once (see module docstring)."""

    def query(  # type: ignore[override]
        self,
        strOrQuery: str | Query,
        initBindings: Mapping[str, Any] | None = None,
        initNs: Mapping[str, Any] | None = None,
        base: str | None = None,
        DEBUG: bool = False,
    ) -> Mapping[str, Any]:
        if isinstance(strOrQuery, str):
            namespaces = tuple(sorted((k, str(v)) for k, v in (initNs or {}).items()))
            strOrQuery = _prepare(canonical(strOrQuery), base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextlib.contextmanager
def prepared_queries() -> Iterator[None]:
    """Within the block, ``Graph.query(text)`` parses each distinct query text only once."""
    plugin.register(_NAME, Processor, __name__, PreparedQueryProcessor.__name__)
    try:
        yield
    finally:
        plugin.register(_NAME, Processor, *_ORIGINAL)
