"""Safety limits for untrusted input (not rules of the Handreiking, so not in the policy file).

One home for every bound the readers enforce, so that the README, the readers and the tests
speak of the same numbers.
"""

from __future__ import annotations

from pathlib import Path

from sourcing_kg.core.errors import InputError

#: Largest input file (RDF, XML, CSV) read at all.
MAX_FILE_BYTES = 32 * 1024 * 1024
#: Longest literal accepted in RDF input.
MAX_LITERAL_CHARS = 1_000_000
#: Deepest JSON (JSON-LD) nesting accepted.
MAX_JSON_DEPTH = 200


def read_bounded(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an input file, refused before reading when it is larger than ``limit``.

    Raises:
        InputError: unreadable or too large (names the file).
    """
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(
                f"file of {size:,} bytes exceeds the limit of {limit:,} bytes", path=path
            )
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # a file that grew meanwhile is still bounded
    except OSError as error:
        raise InputError(f"cannot read file: {error}", path=path) from error
    if len(data) > limit:
        raise InputError(f"file exceeds the limit of {limit:,} bytes", path=path)
    return data
