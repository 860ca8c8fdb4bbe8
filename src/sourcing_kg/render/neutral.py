"""Values from untrusted input, made harmless for the medium they are written to.

- :func:`csv_cell`: a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
  or a carriage return as a formula (``=cmd|' /C calc'!A0``); such a cell gets a leading
  ``'`` (OWASP's advice), numbers such as ``-5`` stay as they are;
- :func:`terminal`: control characters (ANSI escape sequences, a lone carriage return,
  backspace) and Unicode bidirectional overrides are shown as ``\\x1b``-style escapes, so that
  a literal cannot rewrite the screen or hide text; line breaks and tabs stay;
- :func:`markdown_cell`: Markdown and HTML syntax characters are escaped, line breaks folded.

:class:`NeutralStream` applies :func:`terminal` to everything written to a stream; the command
line wraps stdout and stderr in it. Text that is neutral where it was made (JSON escapes every such
character) is written past it with :func:`write_neutral`: scanning the 740 MB report of 10,000
dossiers again took 10 s.
"""

from __future__ import annotations

import re
from typing import TextIO

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
#: Beyond C0: DEL and the C1 controls, the bidirectional embeddings, overrides and isolates
SHOWN_AS_ESCAPES = (*range(0x7F, 0xA0), *range(0x202A, 0x202F), *range(0x2066, 0x206A))
#: C0 but tab and line feed; a carriage return only where no line feed follows it
_C0_SHOWN = (*range(0x09), 0x0B, 0x0C, *range(0x0E, 0x20))
_CONTROL = re.compile(
    r"\r(?!\n)|[" + "".join(re.escape(chr(c)) for c in (*_C0_SHOWN, *SHOWN_AS_ESCAPES)) + "]"
)
_MARKDOWN = re.compile(r"([\\`*_\[\]|<>~])")  # a cell is mid-line: #, -, + are plain there


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet runs as a formula.

    Example:
        >>> csv_cell("=HYPERLINK(\\"http://x\\")"), csv_cell("-5"), csv_cell("ok")
        ('\\'=HYPERLINK("http://x")', '-5', 'ok')
    """
    if text.startswith(_FORMULA_START) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def terminal(text: str) -> str:
    """Text with its control characters shown, not obeyed.

    Example:
        >>> terminal("ok\\x1b[2Jgone\\u202e")
        'ok\\\\x1b[2Jgone\\\\u202e'
    """
    return _CONTROL.sub(
        lambda m: (
            f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"
        ),
        text,
    )


def markdown_cell(text: str) -> str:
    """A table cell in which nothing is read as Markdown or HTML.

    Example:
        >>> markdown_cell("[click](javascript:x) | <b>")
        '\\\\[click\\\\](javascript:x) \\\\| \\\\<b\\\\>'
    """
    return _MARKDOWN.sub(r"\\\1", terminal(text).replace("\r\n", " ").replace("\n", " "))


class NeutralStream:
    """A text stream that writes :func:`terminal` of what it is given to ``stream``."""

    def __init__(self, stream: TextIO):
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal(text))
        return len(text)

    def write_neutral(self, text: str) -> int:
        """Write ``text``, which :func:`terminal` would not change, as it is."""
        return self._stream.write(text)

    def __getattr__(self, name: str) -> object:
        return getattr(self._stream, name)


def write_neutral(stream: TextIO, text: str) -> None:
    """Write ``text``, which :func:`terminal` would not change, to ``stream`` without scanning
    it, if ``stream`` is a :class:`NeutralStream`; plainly otherwise."""
    if isinstance(stream, NeutralStream):
        stream.write_neutral(text)
    else:
        stream.write(text)
