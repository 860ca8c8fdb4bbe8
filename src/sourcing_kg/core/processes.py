"""Work in processes forked from this one: the deadline's worker and the run's parallel parts.

A forked child inherits the process as it is (the parsed inputs, the audit hook, the SPARQL
evaluation guard), so nothing has to be pickled on the way in; its result or its error comes
back pickled through a pipe. Fork is POSIX only: elsewhere :func:`fork_available` is false and
callers run the work in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import sys
from collections.abc import Callable, Sequence
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

from sourcing_kg.core.errors import SourcingKGError

T = TypeVar("T")


def fork_available() -> bool:
    return sys.platform != "win32" and "fork" in multiprocessing.get_all_start_methods()


def usable_cpus() -> int:
    """The cores this process may run on (its affinity mask where the system has one).

    Example:
        >>> usable_cpus() >= 1
        True
    """
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def start_forked(work: Callable[[], T]) -> tuple[BaseProcess, Connection]:
    """Start ``work`` in a forked child; read its outcome with :func:`outcome_of`.

    The child is killed when this process ends, however it ends (on Linux): a deadline that
    kills the worker process stops the worker's own children with it.
    """
    context = multiprocessing.get_context("fork")
    reader, writer = context.Pipe(duplex=False)
    parent = os.getpid()

    def target() -> None:
        _die_with(parent)
        try:
            outcome: tuple[str, Any] = ("value", work())
        except BaseException as error:
            outcome = ("error", error)
        try:
            writer.send(outcome)
        except Exception as error:  # an unpicklable result or error
            writer.send(("error", SourcingKGError(f"{type(error).__name__}: {error}")))
        writer.close()

    # not a daemon: a daemon may not start processes of its own (the run's parallel parts);
    # every caller joins or kills it, and the kernel kills it if this process dies first
    process = context.Process(target=target, name="sourcing-kg-worker", daemon=False)
    # Objects that exist before the fork are left out of the child's garbage collections:
    # collecting would touch (and so copy) every page of the graphs it inherits.
    gc.freeze()
    try:
        process.start()
    finally:
        gc.unfreeze()
    writer.close()
    return process, reader


def outcome_of(process: BaseProcess, reader: Connection) -> Any:
    """The child's result (it has sent it or will); its error is raised here."""
    try:
        kind, payload = reader.recv()
    except EOFError:
        process.join(5)
        raise SourcingKGError(
            f"the worker process ended without an answer (exit code {process.exitcode})"
        ) from None
    finally:
        reader.close()
    process.join()
    if kind == "error":
        raise payload
    return payload


def _die_with(parent: int) -> None:
    """Ask the kernel for SIGKILL when the parent ends (Linux ``PR_SET_PDEATHSIG``): an
    orphan would otherwise run on past a deadline, e.g. in a catastrophic regular expression."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the request was made
        os._exit(1)


def run_forked(works: Sequence[Callable[[], T]]) -> list[T]:
    """Run each of ``works`` at once, the first here and the others in forked children; their
    results in the order given. The first error (in that order) is raised, after every child
    has ended; a child that dies without an answer is a :class:`SourcingKGError`.

    Example:
        >>> run_forked([lambda: os.getpid(), lambda: 2 + 2])[1]
        4
    """
    if not works:
        return []
    children = [start_forked(work) for work in works[1:]]
    try:
        results: list[T] = [works[0]()]
        error: Exception | None = None
        for process, reader in children:
            try:
                results.append(outcome_of(process, reader))
            except Exception as failure:
                error = error or failure
    finally:  # an error here or an interrupt: no child is left running
        for process, reader in children:
            if process.is_alive():
                process.kill()
            process.join()
            reader.close()
    if error is not None:
        raise error
    return results
