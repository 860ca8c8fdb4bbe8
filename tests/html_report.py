"""Helpers for the HTML report tests: render a report to a file, read its structure."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Report

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"


def xss_report() -> Report:
    """The hostile fixture: script, ``javascript:`` IRIs and quotes in labels, ids, messages."""
    return validate_paths(
        [FIXTURES / "xss-dossier.ttl"],
        as_of=date(2026, 1, 31),
        policy=load_policy(None),
        extra_shapes=[FIXTURES / "xss-shapes.ttl"],
        inference="none",
    )


class Structure(HTMLParser):
    """Every element with its attributes, the text, and the content of each script element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = True
            self.scripts.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse(html: str) -> Structure:
    structure = Structure()
    structure.feed(html)
    structure.close()
    return structure
