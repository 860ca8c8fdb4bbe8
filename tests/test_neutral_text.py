"""The characters the terminal shows as escapes and the ones JSON text escapes are one set."""

from __future__ import annotations

import json

from sourcing_kg.render.json_text import json_text
from sourcing_kg.render.neutral import SHOWN_AS_ESCAPES, terminal

#: Every character of the Basic Multilingual Plane but the surrogates
PLANE = [chr(c) for c in range(0x10000) if not 0xD800 <= c <= 0xDFFF]


def test_the_characters_json_escapes_are_the_ones_the_terminal_shows() -> None:
    shown = {ord(ch) for ch in PLANE if ch not in "\t\n\r" and terminal(ch) != ch}
    assert shown == {*range(0x20), *SHOWN_AS_ESCAPES} - {0x09, 0x0A, 0x0D}


def test_json_text_of_every_character_is_shown_by_a_terminal_as_it_is() -> None:
    text = json_text({"all": "".join(PLANE), "lone return": "a\rb"})
    assert terminal(text) == text
    assert json.loads(text) == {"all": "".join(PLANE), "lone return": "a\rb"}


def test_a_file_name_that_is_not_utf8_is_written_as_its_json_escape() -> None:
    """Python keeps the byte 0xff of a file name as the lone surrogate U+DCFF, which no UTF-8
    can hold: written as ``\\udcff``, read back as the same string."""
    import json

    from sourcing_kg.render.json_text import json_line

    line = json_line({"file": "d\udcff.ttl"})
    line.encode("utf-8")  # no UnicodeEncodeError
    assert "\\udcff" in line
    assert json.loads(line) == {"file": "d\udcff.ttl"}
