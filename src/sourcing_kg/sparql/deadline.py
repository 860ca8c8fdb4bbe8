"""Deadlines: work that runs past its deadline is stopped and reported as not evaluated.

Two ways to run ``work`` under a deadline (:func:`run_with_deadline`):

- ``isolate=True`` (validation, queries rdflib evaluates in this process): in a worker
  process forked from this one, killed at the deadline. Only that holds against work that
  keeps the interpreter lock, such as a catastrophic regular expression in ``REGEX`` or
  ``sh:pattern``. The worker inherits the process's guards (the audit hook, the SPARQL
  evaluation guard) and hands back the result or the error by pickling.
- otherwise (Oxigraph, which releases the lock and whose regular expressions run in linear
  time; an endpoint, which has its own timeouts): a worker thread abandoned at the deadline.

Past the deadline the command exits with its own code, 6 (:class:`DeadlineExceeded`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sourcing_kg.core.errors import ExitCode, SourcingKGError
from sourcing_kg.core.processes import fork_available, outcome_of, start_forked

T = TypeVar("T")


class DeadlineExceeded(SourcingKGError):
    """The work was stopped at its deadline and is reported as not evaluated."""

    exit_code = ExitCode.DEADLINE


def run_with_deadline(work: Callable[[], T], seconds: float, *, isolate: bool = False) -> T:
    """Run ``work``; past ``seconds``, stop (``isolate``) or abandon it and raise.

    Raises:
        DeadlineExceeded: the deadline passed first.
    """
    if isolate and fork_available():
        return _in_child(work, seconds)
    return _in_thread(work, seconds)


def _in_thread(work: Callable[[], T], seconds: float) -> T:
    """The thread is a daemon that is left to finish on its own; its result is thrown away."""
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
        raise DeadlineExceeded(f"not evaluated: stopped at its deadline of {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]  # type: ignore[no-any-return]


def _in_child(work: Callable[[], T], seconds: float) -> T:
    process, reader = start_forked(work)
    try:
        if not reader.poll(seconds):
            raise DeadlineExceeded(f"not evaluated: stopped at its deadline of {seconds:g} s")
        return outcome_of(process, reader)  # type: ignore[no-any-return]
    finally:
        if process.is_alive():
            process.kill()
        process.join()
        reader.close()
