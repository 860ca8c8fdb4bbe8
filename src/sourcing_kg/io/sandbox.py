"""A guard for the whole process: no network and no file outside what the user named.

:func:`confine` installs (once per process) a :func:`sys.addaudithook` hook and, for the block,
lets it refuse

- every socket connection and name lookup except to the hosts of the endpoints the user named
  (``--endpoint``, ``--gsp``): a parser, a library or a redirect that tries to reach anything
  else gets a :class:`Refused` error instead of a connection;
- every file opened outside the inputs and outputs the user named (and, for an output, the
  temporary files beside it), the package's data, sourcing-kg's own cache directory
  (:mod:`sourcing_kg.io.user_cache`, when the caller names it), the temporary directory and
  Python's own installation (its imports);
- starting other programs (``subprocess``, ``os.system``, ``os.exec*``, ``os.spawn*``).

The hook is inherited by worker processes made with ``fork`` (validation and query deadlines).
Audit hooks cannot be removed; outside :func:`confine` this one lets everything pass, so that a
library user (or a test) calling functions directly is not affected.

Each refusal is recorded (:func:`refusals`) so that the command line can name it, whatever error
the refused library turned it into.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
import sysconfig
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

#: Files every run may read: devices and the system's time zone data.
_SYSTEM_FILES = ("/dev/null", "/dev/urandom", "/dev/tty", "/etc/localtime", "/usr/share/zoneinfo")
_SPAWNING = ("subprocess.Popen", "os.system", "os.exec", "os.spawn", "os.posix_spawn", "pty.spawn")


class Refused(PermissionError):
    """Something a run may not do (network, another file, another program)."""


@dataclass
class _Policy:
    roots: tuple[str, ...]  # directories (and files) below which everything may be opened
    files: frozenset[str]  # outputs: the file itself and ".NAME.*" beside it
    hosts: frozenset[str]  # host names that may be looked up
    addresses: frozenset[tuple[str, int]]  # (address, port) that may be connected to
    refused: list[str] = field(default_factory=list)

    def may_open(self, name: str) -> bool:
        path = os.path.realpath(name)
        if path in self.files:
            return True
        for output in self.files:  # a temporary file or directory beside an output
            folder, base = os.path.split(output)
            if path.startswith(f"{folder.rstrip('/')}/.{base}."):
                return True
        return any(path == root or path.startswith(root.rstrip("/") + "/") for root in self.roots)


_policy: _Policy | None = None
_installed = False


def _refuse(policy: _Policy, what: str) -> None:
    policy.refused.append(what)
    raise Refused(f"refused by sourcing-kg: {what}")


def _hook(event: str, args: tuple[object, ...]) -> None:
    policy = _policy
    if policy is None:
        return
    if event == "open":
        name = args[0]
        if isinstance(name, int) or name is None:
            return
        text = os.fsdecode(name) if isinstance(name, bytes) else str(name)
        if not policy.may_open(text):
            _refuse(policy, f"opening {text} (not an input or output of this command)")
    elif event == "socket.connect":
        sock, address = args[0], args[1]
        family = getattr(sock, "family", None)
        pair = (str(address[0]), int(address[1])) if isinstance(address, tuple) else None
        if family not in (socket.AF_INET, socket.AF_INET6) or pair not in policy.addresses:
            _refuse(policy, f"a network connection to {address!r} (not the endpoint named)")
    elif event == "socket.getaddrinfo":
        host = args[0]
        text = host.decode() if isinstance(host, bytes) else str(host)
        if text not in policy.hosts:
            _refuse(policy, f"looking up the host {text!r} (not the endpoint named)")
    elif event in ("socket.gethostbyname", "socket.gethostbyaddr"):
        if str(args[0]) not in policy.hosts:
            _refuse(policy, f"looking up the host {args[0]!r}")
    elif event.startswith(_SPAWNING):
        _refuse(policy, f"starting another program ({event})")


def _python_roots() -> list[str]:
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix}
    roots.update(p for p in sysconfig.get_paths().values() if p)
    roots.update(p for p in sys.path if p)
    return [os.path.realpath(r) for r in roots]


def _addresses(host: str, port: int) -> set[tuple[str, int]]:
    found = {(host, port)}
    with contextlib.suppress(OSError, UnicodeError):
        for *_, address in socket.getaddrinfo(host, port):
            found.add((str(address[0]), port))
    return found


@contextlib.contextmanager
def confine(
    *,
    inputs: Iterable[Path] = (),
    outputs: Iterable[Path] = (),
    data: Iterable[Path] = (),
    caches: Iterable[Path] = (),
    endpoints: Iterable[tuple[str, int]] = (),
) -> Iterator[None]:
    """Within the block, the process reaches only these files and hosts (see the module).

    ``inputs`` and ``data`` are files or directories (everything below them may be read);
    ``outputs`` are files (or directories) that may be written, with temporary files beside
    them; ``caches`` are sourcing-kg's own cache directories (read and written, whether they
    exist yet or not); ``endpoints`` are the (host, port) of the endpoints the user named.
    """
    global _policy, _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True
    roots = [os.path.realpath(p) for p in (*inputs, *data, *caches)]
    files: set[str] = set()
    for output in outputs:
        real = os.path.realpath(output)
        files.add(real)
        if os.path.isdir(real):
            roots.append(real)
    temp = {tempfile.gettempdir(), os.environ.get("TMPDIR", "")} - {""}
    roots.extend(os.path.realpath(t) for t in temp)
    roots.extend(_python_roots())
    roots.extend(_SYSTEM_FILES)
    endpoints = list(endpoints)
    addresses: set[tuple[str, int]] = set()
    for host, port in endpoints:
        addresses |= _addresses(host, port)
    outer = _policy
    _policy = _Policy(
        tuple(dict.fromkeys(roots)),
        frozenset(files),
        frozenset(host for host, _ in endpoints),
        frozenset(addresses),
    )
    try:
        yield
    finally:
        _policy = outer


def refusals() -> list[str]:
    """What the guard refused in the current block (empty outside one)."""
    return list(_policy.refused) if _policy is not None else []
