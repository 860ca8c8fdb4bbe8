"""The one Jinja2 environment of the HTML pages (report, dashboard, docs site).

Templates are package files in ``render/templates/``; everything is autoescaped, so nothing
from the data can become markup.
"""

from __future__ import annotations

from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@cache
def environment(*, strict: bool = False) -> Environment:
    """The environment; ``strict`` makes an undefined name an error and keeps the final newline
    (the validation report, whose template is checked field by field)."""
    options: dict[str, object] = (
        {"undefined": StrictUndefined, "keep_trailing_newline": True} if strict else {}
    )
    return Environment(
        loader=PackageLoader("sourcing_kg.render", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
        **options,  # type: ignore[arg-type]
    )
