"""The command line with a fault injected: ``python runner.py FAULT -- ARGS``.

Faults (for the fault-injection tests, never in the package):

- ``kill-store-write:N``: the process kills itself (SIGKILL, no clean-up of any kind) just
  before its N-th write call on an Oxigraph store (add, extend, load, remove_graph, update...);
- ``pause-before-replace:SECONDS``: every atomic file replacement waits that long first, so a
  second run can be started while the first holds (or should hold) the file.
"""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, os.environ.get("ATTACK_SRC") or str(Path(__file__).resolve().parents[2] / "src"))

STORE_WRITES = frozenset(
    {"add", "add_graph", "bulk_extend", "bulk_load", "clear", "clear_graph", "extend", "load"}
    | {"remove", "remove_graph", "update"}
)


def kill_store_write(n: int) -> None:
    import pyoxigraph

    import sourcing_kg.sparql.backends as backends

    calls = [0]

    class Store:
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            self._store = pyoxigraph.Store(*args, **kwargs)

        def __getattr__(self, name: str) -> Any:
            attribute = getattr(self._store, name)
            if name not in STORE_WRITES:
                return attribute

            def write(*args: Any, **kwargs: Any) -> Any:
                calls[0] += 1
                if calls[0] == n:
                    os.kill(os.getpid(), signal.SIGKILL)
                return attribute(*args, **kwargs)

            return write

    class Module:
        def __getattr__(self, name: str) -> Any:
            return Store if name == "Store" else getattr(pyoxigraph, name)

    backends.ox = Module()  # type: ignore[assignment]


def pause_before_replace(seconds: float) -> None:
    real = os.replace

    def slow(*args: Any, **kwargs: Any) -> None:
        time.sleep(seconds)
        real(*args, **kwargs)

    os.replace = slow


if __name__ == "__main__":
    fault, _, *argv = sys.argv[1:]
    kind, value = fault.split(":")
    if kind == "kill-store-write":
        kill_store_write(int(value))
    elif kind == "pause-before-replace":
        pause_before_replace(float(value))
    from sourcing_kg.cli import main

    sys.exit(main(argv))
