"""Parse each SPARQL query once per run, not once per focus node.

pySHACL hands rdflib the text of a SPARQL-based constraint or target for every focus node,
and rdflib parses it anew each time: with 1,000 dossiers, parsing took most of the run.
Within :func:`prepared_queries`, rdflib's ``"sparql"`` query processor (a registered plugin)
is replaced by one that prepares each distinct (query, base, namespaces) once, with rdflib's
own :func:`~rdflib.plugins.sparql.processor.prepareQuery`, and evaluates the prepared query.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator, Mapping
from typing import Any

from rdflib import plugin
from rdflib.plugins.sparql.processor import SPARQLProcessor, prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor

_NAME = "sparql"
_ORIGINAL = ("rdflib.plugins.sparql.processor", "SPARQLProcessor")


@functools.lru_cache(maxsize=1024)
def _prepare(text: str, base: str | None, namespaces: tuple[tuple[str, str], ...]) -> Query:
    return prepareQuery(text, initNs=dict(namespaces), base=base)


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
            strOrQuery = _prepare(strOrQuery, base, namespaces)
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextlib.contextmanager
def prepared_queries() -> Iterator[None]:
    """Within the block, ``Graph.query(text)`` parses each distinct query text only once."""
    plugin.register(_NAME, Processor, __name__, PreparedQueryProcessor.__name__)
    try:
        yield
    finally:
        plugin.register(_NAME, Processor, *_ORIGINAL)
