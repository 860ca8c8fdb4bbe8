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
  (``rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS`` is on by default);
- :func:`install_evaluation_guard`: for the whole process, whatever the text a query was built
  from (pySHACL pastes ``sh:declare`` prefixes in front of a shape's query), rdflib refuses to
  *evaluate* ``SERVICE``, ``LOAD`` and dataset clauses (a custom evaluation hook, and the three
  evaluation functions that reach out replaced by refusals). The syntax checks above give the
  early, precise message; this hook is the lock that holds when they are bypassed.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import rdflib.plugins.sparql
import rdflib.plugins.sparql.evaluate
import rdflib.plugins.sparql.processor
import rdflib.plugins.sparql.update
from pyparsing import ParseException, ParserElement, ParseResults
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
_NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\\x7f]')
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


def parse_query(text: str) -> ParseResults:
    """rdflib's parse of a SPARQL query, leaving nothing of this call in pyparsing's caches.

    pyparsing's packrat cache keeps the exceptions of the last parse with their tracebacks,
    and so the caller's frames: an Oxigraph store a backend held open would stay locked.

    Each exception pyparsing raises and catches is a reference cycle with its frames, and
    those frames refer to the caller's (``f_back``): no collection runs during the parse, so
    that none of these cycles grows old while the parse is under way. A cycle that did would
    keep every caller's locals (a run's whole corpus) until a full collection.
    """
    with _no_collection():
        try:
            return parseQuery(text)
        finally:
            ParserElement.reset_cache()


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def parse_update(text: str) -> CompValue:
    """rdflib's parse of a SPARQL update (see :func:`parse_query`)."""
    with _no_collection():
        try:
            return parseUpdate(text)
        finally:
            ParserElement.reset_cache()


def prepare_own_query(text: str) -> Query:
    """One of the project's own queries (``queries/intern/``, ``mappings/``), of any form,
    parsed by :func:`parse_query` and translated once, to be evaluated as ``prepareQuery``'s
    result would be (rdflib's ``prepareQuery`` leaves the parse in pyparsing's caches)."""
    return translateQuery(parse_query(text))


def check_read_only(text: str, *, path: Path | str | None = None) -> Query:
    """Parse an analysis and refuse updates, LOAD, SERVICE, FROM and FROM NAMED.

    Returns the translated query (rdflib algebra), which rdflib can evaluate as it is. A text
    that passed is remembered for the rest of the process (:func:`_checked`): rdflib's parser
    takes a quarter of a second per query, and the library asks about the same texts again.

    Example:
        >>> check_read_only("LOAD <http://x/>")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sourcing_kg.sparql.guard.QueryRefused: updates (...) are refused: an analysis is read-only
    """
    try:
        return _checked(text)
    except InputError as error:  # the same refusal, told about the caller's file
        raise type(error)(error.message, path=path, line=error.line) from None


@functools.lru_cache(maxsize=512)
def _checked(text: str) -> Query:
    """:func:`check_read_only` without the file name; refusals raise and are not remembered.

    The result is shared by every caller: rdflib evaluates a prepared query without changing
    it (it is how ``prepareQuery`` is meant to be used).
    """
    try:
        parsed = parse_query(text)
    except ParseException as error:
        try:
            parse_update(text)
        except ParseException:
            raise InputError(f"SPARQL syntax error: {error.msg}", line=error.lineno) from None
        raise QueryRefused(
            "updates (INSERT, DELETE, LOAD, CLEAR, ...) are refused: an analysis is read-only"
        ) from None
    forbidden = reaching_out(parsed)
    if forbidden == "SERVICE":
        raise QueryRefused("SERVICE is refused: an analysis may not call other endpoints")
    if forbidden:
        raise QueryRefused(
            "FROM and FROM NAMED are refused: the data set is chosen by --data, --store or "
            "--endpoint"
        )
    query = translateQuery(parsed)
    if query.algebra.datasetClause:
        raise QueryRefused("FROM and FROM NAMED are refused")
    if query.algebra.name not in {"SelectQuery", "AskQuery"}:
        raise QueryRefused(
            "only SELECT and ASK analyses are supported (CONSTRUCT and DESCRIBE are refused)"
        )
    return query


def _declared_prefixes(shapes: Graph, path: Path | str | None) -> str:
    """The ``PREFIX`` lines pySHACL would put before a shape's query (all ``sh:declare``s).

    A namespace that is no IRI (``>``, a space, a line break) could close the ``PREFIX`` and
    smuggle SPARQL in front of the query; it is refused.
    """
    lines = []
    for declaration in shapes.objects(None, SH.declare):
        for prefix in shapes.objects(declaration, SH.prefix):
            for namespace in shapes.objects(declaration, SH.namespace):
                if _NOT_IN_IRI.search(str(namespace)) or not re.fullmatch(
                    r"[A-Za-z_][\w.-]*|", str(prefix)
                ):
                    raise InputError(
                        f"sh:declare of {str(prefix)!r} has a namespace that is no IRI: "
                        f"{str(namespace)!r}",
                        path=path,
                    )
                lines.append(f"PREFIX {prefix}: <{namespace}>\n")
    return "".join(sorted(set(lines)))


def refuse_remote_queries(shapes: Graph, *, path: Path | str | None = None) -> None:
    """Reject a shapes graph whose SPARQL could reach outside the process.

    Each query is checked as it will run: with the ``sh:declare`` prefixes in front.

    Raises:
        InputError: a query uses SERVICE, FROM, FROM NAMED or LOAD, or does not parse.
    """
    prefixes = _declared_prefixes(shapes, path)
    for prop in (*_SHAPE_QUERIES, *_SHAPE_UPDATES):
        parse = parse_update if prop in _SHAPE_UPDATES else parse_query
        for holder, text in shapes.subject_objects(prop):
            try:
                tree = parse(f"{prefixes}\n{text}")
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


def _deny_reaching_out(ctx: Any, part: Any) -> Any:
    """rdflib custom evaluation: refuse SERVICE and LOAD; everything else is rdflib's own."""
    name = getattr(part, "name", None)
    if name in ("ServiceGraphPattern", "Load"):
        raise QueryRefused(f"{_REACHING_OUT[name]} is refused: queries stay inside the process")
    raise NotImplementedError


def _refuse_service(*_: Any, **__: Any) -> Any:
    raise QueryRefused("SERVICE is refused: queries stay inside the process")


def _refuse_load(*_: Any, **__: Any) -> Any:
    raise QueryRefused("LOAD is refused: queries stay inside the process")


_evaluate_query = rdflib.plugins.sparql.evaluate.evalQuery


def _eval_query_without_dataset(graph: Any, query: Any, *args: Any, **kwargs: Any) -> Any:
    if getattr(query.algebra, "datasetClause", None):
        raise QueryRefused("FROM and FROM NAMED are refused: queries stay inside the process")
    return _evaluate_query(graph, query, *args, **kwargs)


def install_evaluation_guard() -> None:
    """Refuse SERVICE, LOAD and dataset clauses in every rdflib query of this process.

    Idempotent; called at the start of every command and by the engines themselves.

    Example:
        >>> install_evaluation_guard()
        >>> Graph().query("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
        Traceback (most recent call last):
        ...
        sourcing_kg.sparql.guard.QueryRefused: SERVICE is refused: queries stay inside the process
    """
    rdflib.plugins.sparql.CUSTOM_EVALS["sourcing-kg-guard"] = _deny_reaching_out
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    rdflib.plugins.sparql.evaluate.evalServiceQuery = _refuse_service
    rdflib.plugins.sparql.update.evalLoad = _refuse_load
    setattr(rdflib.plugins.sparql.processor, "evalQuery", _eval_query_without_dataset)  # noqa: B010


@contextlib.contextmanager
def no_graph_loading() -> Iterator[None]:
    """Within the block, SPARQL ``FROM <iri>`` never fetches ``<iri>`` (and from then on the
    process-wide :func:`install_evaluation_guard` holds)."""
    install_evaluation_guard()
    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before
