"""Renderers: one module per output format, each turning one :class:`Report` into text.

Every renderer has the signature ``render(report, *, lang, fail_on) -> str``.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from sourcing_kg.validation.report import Report, Severity

FORMATS: tuple[str, ...] = ("text", "json", "turtle", "junit", "sarif", "html")
#: Formats whose text holds no character a terminal obeys, by construction (``json_text``
#: escapes them): written to a terminal as they are (:func:`.neutral.write_neutral`)
NEUTRAL_FORMATS = frozenset({"json", "sarif"})


class Renderer(Protocol):
    def __call__(self, report: Report, *, lang: str, fail_on: Severity) -> str: ...


def renderer(name: str) -> Renderer:
    """The ``render`` function of the module for format ``name``."""
    if name not in FORMATS:
        raise ValueError(f"unknown format {name!r} (known: {', '.join(FORMATS)})")
    module = importlib.import_module(f"sourcing_kg.render.report_{name}")
    render: Renderer = module.render
    return render


def render(
    report: Report, name: str, *, lang: str = "nl", fail_on: Severity = Severity.VIOLATION
) -> str:
    """Render ``report`` in format ``name``."""
    return renderer(name)(report, lang=lang, fail_on=fail_on)
