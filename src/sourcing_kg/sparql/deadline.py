"""Deadlines for queries: a query that runs past its deadline is reported as not evaluated.

:func:`run_with_deadline` runs a query in a worker thread that is abandoned when the deadline
passes (neither engine can be interrupted from Python).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any, TypeVar

from sourcing_kg.core.errors import ExitCode, SourcingKGError

T = TypeVar("T")


class DeadlineExceeded(SourcingKGError):
    """The query was stopped at its deadline and is reported as not evaluated."""

    exit_code = ExitCode.ENDPOINT


def run_with_deadline(work: Callable[[], T], seconds: float) -> T:
    """Run ``work`` in a worker thread; past the deadline, abandon it and raise.

    The thread is a daemon that is left to finish on its own; its result is thrown away.
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
