"""Refusing what a read-only analysis may not do, before any engine sees the query.

Neither rdflib nor pyoxigraph stops an update, a ``LOAD``, a ``SERVICE`` call or a
``FROM``/``FROM NAMED`` (which make rdflib fetch URLs) by itself, so a query a user hands in is
parsed here first and its syntax tree searched. Deadlines: :func:`run_with_deadline` runs a
query in a worker thread that is abandoned when the deadline passes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pyparsing import ParseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query

from sourcing_kg.core.errors import ExitCode, InputError, SourcingKGError

T = TypeVar("T")


class QueryRefused(InputError):
    """The query tries something a read-only analysis may not do."""


class DeadlineExceeded(SourcingKGError):
    """The query was stopped at its deadline and is reported as not evaluated."""

    exit_code = ExitCode.ENDPOINT


def _walk(node: Any) -> Any:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple | ParseResults):
        for item in node:
            yield from _walk(item)


def check_read_only(text: str, *, path: Path | str | None = None) -> Query:
    """Parse a query and refuse updates, LOAD, SERVICE, FROM and FROM NAMED.

    Returns the translated query (rdflib algebra), ready for rdflib.

    Example:
        >>> check_read_only("LOAD <http://x/>")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        sourcing_kg.sparql.read_only.QueryRefused: updates (...) are refused: an analysis is read-only
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
    for node in _walk(parsed):
        if isinstance(node, CompValue):
            if node.name == "ServiceGraphPattern":
                raise QueryRefused(
                    "SERVICE is refused: an analysis may not call other endpoints", path=path
                )
            if node.name == "DatasetClause":
                raise QueryRefused(
                    "FROM and FROM NAMED are refused: the data set is chosen "
                    "by --data, --store or --endpoint",
                    path=path,
                )
    query = translateQuery(parsed)
    if query.algebra.datasetClause:
        raise QueryRefused("FROM and FROM NAMED are refused", path=path)
    if query.algebra.name not in {"SelectQuery", "AskQuery"}:
        raise QueryRefused("only SELECT and ASK analyses are supported (CONSTRUCT and DESCRIBE "
                           "are refused)", path=path)
    return query


def run_with_deadline(work: Callable[[], T], seconds: float) -> T:
    """Run ``work`` in a worker thread; past the deadline, abandon it and raise.

    Neither engine can be interrupted, so the thread is a daemon that is left to finish on
    its own; its result is thrown away.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = work()
        except BaseException as error:  # handed over to the caller's thread
            outcome["error"] = error

    worker = threading.Thread(target=target, name="sourcing-kg-query", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise DeadlineExceeded(f"query not evaluated: stopped at its deadline of {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]
