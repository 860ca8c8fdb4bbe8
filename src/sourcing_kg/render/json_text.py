"""JSON documents as text, indented by two spaces, UTF-8 unescaped: ``json.dumps(document,
ensure_ascii=False, indent=2)`` to the byte, written by orjson. The standard library drops its C
encoder whenever it indents: 1.8 s for the 71 MB report of 1,000 dossiers, orjson 0.3 s.

One difference, on purpose: DEL, the C1 controls and the bidirectional overrides that
:func:`sourcing_kg.render.neutral.terminal` shows as escapes are written as JSON escapes
(``\\u007f``): the same value for a JSON reader, and text a terminal can show as it is. JSON
escapes the C0 controls itself. (The terminal's own ``\\x7f`` inside a JSON string made the
report on stdout invalid JSON.)"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

import orjson

from sourcing_kg.render.neutral import SHOWN_AS_ESCAPES

#: Items of a long list made into JSON at a time (see :func:`json_text_ending_in_list`)
CHUNK = 10_000

#: Each character a terminal would obey (C0 aside), as UTF-8, and its JSON escape
_JSON_ESCAPES = {chr(c).encode("utf-8"): f"\\u{c:04x}".encode() for c in SHOWN_AS_ESCAPES}
#: The first byte of each, and the length of the characters that start with it
_LEADS = {first: len(seq) for seq in _JSON_ESCAPES for first in [seq[:1]]}


#: A lone surrogate: how Python keeps a byte of a file name that is no UTF-8
_SURROGATE = re.compile("[\ud800-\udfff]")


def json_text(document: Any) -> str:
    """``document`` (str keys; str, int, float, bool, None, list and dict values) as JSON text
    with a final newline.

    Example:
        >>> print(json_text({"conforms": False, "results": [{"message": "één"}]}), end="")
        {
          "conforms": false,
          "results": [
            {
              "message": "één"
            }
          ]
        }
    """
    return _escaped(orjson.dumps(document, option=orjson.OPT_INDENT_2)).decode("utf-8") + "\n"


def json_line(document: Any, *, indent: int | None = None) -> str:
    """``json.dumps(document, ensure_ascii=False, indent=indent)`` with a final newline, and
    the characters :func:`json_text` escapes escaped alike: for the commands that print a
    small JSON document on stdout (past the terminal's scan, whose ``\\x7f`` is no JSON).

    Example:
        >>> print(json_line({"naam": "a\x7fb", "n": [1, 2.5]}), end="")
        {"naam": "a\\u007fb", "n": [1, 2.5]}
    """
    return neutral_json(json.dumps(document, ensure_ascii=False, indent=indent)) + "\n"


def neutral_json(text: str) -> str:
    """JSON ``text`` with the characters :func:`json_text` escapes escaped alike (outside its
    strings JSON has none of them): the same document, neutral on a terminal.

    Example:
        >>> neutral_json('{"a": "\u202e"}')
        '{"a": "\\\\u202e"}'
    """
    # a lone surrogate (a file name that is not UTF-8) is no UTF-8: written as its JSON escape
    text = _SURROGATE.sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    return _escaped(text.encode("utf-8")).decode("utf-8")


def _escaped(data: bytes) -> bytes:
    """``data`` (UTF-8 JSON) with every character of :data:`_JSON_ESCAPES` escaped.

    Looked for by their first byte with ``bytes.find``: the standard library's regular
    expressions read 130 MB/s, a report of 10,000 dossiers is 740 MB.

    Example:
        >>> _escaped('["a\\x7f", "é\\u202e§\\x85"]'.encode()).decode()
        '["a\\\\u007f", "é\\\\u202e§\\\\u0085"]'
    """
    for lead, length in _LEADS.items():
        found = []
        at = data.find(lead)
        while at >= 0:
            if data[at : at + length] in _JSON_ESCAPES:
                found.append(at)
            at = data.find(lead, at + 1)
        if found:
            parts, start = [], 0
            for at in found:
                parts += [data[start:at], _JSON_ESCAPES[data[at : at + length]]]
                start = at + length
            parts.append(data[start:])
            data = b"".join(parts)
    return data


def json_text_ending_in_list(
    document: dict[str, Any],
    key: str,
    items: Sequence[Any],
    *,
    default: Callable[[Any], Any],
    chunk: int = CHUNK,
) -> str:
    """``json_text({**document, key: items})`` to the byte, ``key`` last, with ``items`` as
    orjson writes them (a dataclass as an object of its fields, in their order) and every
    subclass of ``str`` (an RDF term) given to ``default`` first: the text of
    :func:`json_chunks_ending_in_list`.

    Example:
        >>> from dataclasses import dataclass
        >>> @dataclass
        ... class Item:
        ...     n: int
        ...     name: str
        >>> class Term(str): ...
        >>> items = [Item(i, Term(f"t{i}")) for i in range(5)]
        >>> made = json_text_ending_in_list(
        ...     {"a": "é"}, "b", items, default=lambda t: f"<{t}>", chunk=2)
        >>> made == json_text({"a": "é", "b": [{"n": i, "name": f"<t{i}>"} for i in range(5)]})
        True
    """
    chunks = json_chunks_ending_in_list(document, key, items, default=default, chunk=chunk)
    return b"".join(chunks).decode("utf-8")


def json_chunks_ending_in_list(
    document: dict[str, Any],
    key: str,
    items: Sequence[Any],
    *,
    default: Callable[[Any], Any],
    chunk: int = CHUNK,
) -> Iterator[bytes]:
    """The UTF-8 of :func:`json_text_ending_in_list`, ``chunk`` items at a time: never every
    item as JSON values at once (the 2 million value origins of 10,000 dossiers as dictionaries
    were 3.5 GB, their text 0.7 GB), nor the whole text (as a ``str`` with one character past
    Latin-1, two bytes a character).

    Example:
        >>> b"".join(json_chunks_ending_in_list({}, "b", [1, 2, 3], default=str, chunk=2)
        ...     ) == json_text({"b": [1, 2, 3]}).encode()
        True
    """
    if key in document:
        raise ValueError(f"{key!r} is already in the document: it would not be last")
    head = json_text({**document, key: []}).encode("utf-8")
    empty_end = b"[]\n}\n"
    if not items:
        yield head
        return
    option = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_SUBCLASS
    yield head[: -len(empty_end)] + b"[\n"
    for start in range(0, len(items), chunk):
        text = _escaped(orjson.dumps(items[start : start + chunk], option=option, default=default))
        # the list's items one level deeper than at the top: two more spaces on every line
        yield (b",\n  " if start else b"  ") + text[2:-2].replace(b"\n", b"\n  ")
    yield b"\n  ]\n}\n"
