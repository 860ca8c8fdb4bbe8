"""The per-user cache: what is costly to derive from the project's files, kept between runs.

Entries are JSON, never pickle: loading one builds lists, strings and numbers, nothing that runs
code. Each entry is a file named by the SHA-256 of its key, holding the key itself; an entry is
used only when it parses and its key is the one asked for, so a corrupted, truncated, foreign or
stale entry (another version's key) is ignored and written anew. Entries are written atomically
(:mod:`sourcing_kg.io.atomic`), so two runs at once never see half an entry.

Where: ``$SOURCING_KG_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/sourcing-kg``, else
``~/.cache/sourcing-kg``; ``SOURCING_KG_NO_CACHE=1`` switches the cache off. The command line
lets the process-wide guard (:mod:`sourcing_kg.io.sandbox`) open files there and nowhere else
beyond a run's inputs. A cache that cannot be read or written only makes a run slower.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path

from sourcing_kg.io.atomic import write_text_atomically

#: Environment variable naming the cache directory.
CACHE_DIR_ENV = "SOURCING_KG_CACHE_DIR"
#: Environment variable that, set to anything but ``0`` or empty, switches the cache off.
NO_CACHE_ENV = "SOURCING_KG_NO_CACHE"
#: Larger entries are not read (the largest the project writes is a few hundred KiB).
MAX_ENTRY_BYTES = 16 * 1024 * 1024
_FORMAT = "sourcing-kg cache entry 1"


def cache_dir(environ: Mapping[str, str] | None = None) -> Path | None:
    """The cache directory (it may not exist yet), or None when the cache is switched off;
    from ``environ`` (default: the process's environment).

    Example:
        >>> str(cache_dir({"SOURCING_KG_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/c"}))
        '/srv/cache'
        >>> str(cache_dir({"XDG_CACHE_HOME": "/c"}))
        '/c/sourcing-kg'
        >>> cache_dir({"SOURCING_KG_NO_CACHE": "1", "SOURCING_KG_CACHE_DIR": "/srv/cache"})
    """
    environ = os.environ if environ is None else environ
    if environ.get(NO_CACHE_ENV, "") not in ("", "0"):
        return None
    named = environ.get(CACHE_DIR_ENV)
    if named:
        return Path(named).absolute()
    base = environ.get("XDG_CACHE_HOME")
    root = Path(base) if base and os.path.isabs(base) else Path.home() / ".cache"
    return root / "sourcing-kg"


def _entry(kind: str, key: str, root: Path | None) -> Path | None:
    root = cache_dir() if root is None else root
    if root is None:
        return None
    return root / kind / f"{hashlib.sha256(key.encode()).hexdigest()}.json"


def read_entry(
    kind: str, key: str, *, root: Path | None = None, limit: int = MAX_ENTRY_BYTES
) -> object | None:
    """The value stored under ``key`` (in the ``kind`` folder of ``root``, default the user's
    cache directory), or None: no cache, no entry, or an entry that is unreadable, larger than
    ``limit`` bytes, not ours or for another key."""
    path = _entry(kind, key, root)
    if path is None:
        return None
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
        if len(raw) > limit:
            return None
        entry = json.loads(raw.decode("utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != _FORMAT or entry.get("key") != key:
        return None
    return entry.get("value")


def write_entry(kind: str, key: str, value: object, *, root: Path | None = None) -> None:
    """Store ``value`` (JSON data) under ``key`` (in ``root``, default the user's cache
    directory); a cache that cannot be written is skipped."""
    path = _entry(kind, key, root)
    if path is None:
        return
    text = json.dumps({"format": _FORMAT, "key": key, "value": value}, separators=(",", ":"))
    with contextlib.suppress(OSError):
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_text_atomically(path, text)
