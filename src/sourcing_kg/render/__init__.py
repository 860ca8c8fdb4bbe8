"""Renderers: one module per output format, each turning one :class:`Report` into text.

Every renderer has the signature ``render(report, *, lang, fail_on) -> str``; one whose text
can be long also has ``chunks(report, *, lang, fail_on)``, its UTF-8 a part at a time, which
:func:`write_report` writes as it goes.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from typing import BinaryIO, Protocol

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


def write_report(
    report: Report,
    name: str,
    out: BinaryIO,
    *,
    lang: str = "nl",
    fail_on: Severity = Severity.VIOLATION,
) -> None:
    """Write ``report`` in format ``name`` to ``out`` as UTF-8, a part at a time where the
    format's renderer can (the whole text of 10,000 dossiers' JSON was 1.4 GB as a ``str``).

    Example:
        >>> import io
        >>> out = io.BytesIO()
        >>> write_report(Report(), "json", out)
        >>> out.getvalue() == render(Report(), "json").encode()
        True
    """
    renderer(name)  # the same error for an unknown format
    module = importlib.import_module(f"sourcing_kg.render.report_{name}")
    chunks: Callable[..., Iterator[bytes]] | None = getattr(module, "chunks", None)
    if chunks is None:
        out.write(render(report, name, lang=lang, fail_on=fail_on).encode("utf-8"))
        return
    for part in chunks(report, lang=lang, fail_on=fail_on):
        out.write(part)
