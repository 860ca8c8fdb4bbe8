"""The templates of the DORA register of information, as the mapping files describe them.

Everything here is read from ``mappings/dora-roi/`` (``core.resources.dora_roi_dir``): the
column codes, labels, types and closed lists of the EBA master template, which query fills a
template, which columns are required when, and what to say when the register has no value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.resources import dora_roi_dir

_NO_CELLS: Mapping[str, str] = {}


@dataclass(frozen=True)
class Column:
    """One column of a template (``code`` as in the CSV, ``c0010``; ``template_code`` as in the
    master template, ``b_01.01.0010``)."""

    code: str
    template_code: str
    label: str
    type: str
    fill: str
    list: str | None = None
    required: str = "always"
    codelist: str | None = None
    derive: str | None = None
    pattern: str | None = None
    note: str | None = None
    gap: dict[str, str] = field(default_factory=dict)
    type_of: str | None = None  # a type-of-code column: the column whose code it types

    def required_in(self, helpers: Mapping[str, str], cells: Mapping[str, str] = _NO_CELLS) -> bool:
        """Whether a row must fill this column (``required`` in the layout, see
        :func:`requirement_holds`): ``helpers`` are the query's helper variables of the row,
        ``cells`` its filled cells.

        Example:
            >>> c = Column("c0060", "b_07.01.0060", "", "", "",
            ...            required="if-value:c0050=eba_ZZ:x959|eba_ZZ:x960")
            >>> c.required_in({}, {"c0050": "eba_ZZ:x960"}), c.required_in({}, {"c0050": ""})
            (True, False)
        """
        return requirement_holds(self.required, helpers, cells)


_CONDITION = re.compile(
    r"^(always|never|if:_[A-Za-z]+|if-filled:c\d{4}|if-value:c\d{4}=[^|\s]+(\|[^|\s]+)*)$"
)


def requirement_holds(
    required: str, helpers: Mapping[str, str], cells: Mapping[str, str] = _NO_CELLS
) -> bool:
    """Whether every condition of ``required`` (joined by `` and ``) holds for a row.

    ``always``, ``never``; ``if:<helper>``: the query's helper variable is true (a condition the
    register knows, such as a critical service); ``if-filled:<code>``: the row's cell ``<code>``
    is filled; ``if-value:<code>=<v1>|<v2>``: that cell holds one of the values. The last two
    follow the master template's "mandatory if RT.xx.xx.xxxx is reported" and "mandatory in case
    'x' is selected in RT.xx.xx.xxxx", whose cells may come from sk:roiAanvulling.
    """
    for condition in required.split(" and "):
        if condition == "never":
            return False
        if condition.startswith("if:"):
            holds = helpers.get(condition[3:], "") in {"true", "1"}
        elif condition.startswith("if-filled:"):
            holds = bool(cells.get(condition[len("if-filled:") :], ""))
        elif condition.startswith("if-value:"):
            code, _, values = condition[len("if-value:") :].partition("=")
            holds = cells.get(code, "") in values.split("|")
        else:
            holds = condition == "always"
        if not holds:
            return False
    return True


@dataclass(frozen=True)
class Reference:
    """A foreign key: ``columns`` of this template must be a row key ``target`` of ``template``."""

    columns: tuple[str, ...]
    template: str
    target: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """One template: its sheet name, title, query, key and columns."""

    code: str
    sheet: str
    title: str
    source: str
    query: Path
    subject: str
    key: tuple[str, ...]
    references: tuple[Reference, ...]
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        """The table file in the package, ``b_01.01.csv``."""
        return f"{self.sheet}.csv"

    def column(self, code: str) -> Column:
        for column in self.columns:
            if column.code == code:
                return column
        raise KeyError(code)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise InputError(f"cannot read mapping file: {error}", path=path) from error


def _template(path: Path) -> Template:
    doc = _read_json(path)
    try:
        for c in doc["columns"]:
            for condition in c.get("required", "always").split(" and "):
                if not _CONDITION.match(condition):
                    raise InputError(
                        f"column {c['code']}: unknown requirement {condition!r} (always, "
                        "never, if:_helper, if-filled:c0000, if-value:c0000=v1|v2)",
                        path=path,
                    )
        columns = tuple(
            Column(
                code=c["code"],
                template_code=c["template_code"],
                label=c["label"],
                type=c["type"],
                fill=c.get("fill", ""),
                list=c.get("list"),
                required=c.get("required", "always"),
                codelist=c.get("codelist"),
                derive=c.get("derive"),
                pattern=c.get("pattern"),
                note=c.get("note"),
                gap=dict(c.get("gap", {})),
                type_of=c.get("type_of"),
            )
            for c in doc["columns"]
        )
        return Template(
            code=doc["template"],
            sheet=doc["sheet"],
            title=doc["title"],
            source=doc["source"],
            query=path.parent / doc["query"],
            subject=doc["subject"],
            key=tuple(doc["key"]),
            references=tuple(
                Reference(tuple(r["columns"]), r["template"], tuple(r["target"]))
                for r in doc.get("references", [])
            ),
            columns=columns,
        )
    except (KeyError, TypeError) as error:
        raise InputError(f"mapping file lacks {error}", path=path) from error


@cache
def package_settings() -> dict[str, Any]:
    """``pakket.json``: document types, entry point, parameters, which templates are written."""
    settings: dict[str, Any] = _read_json(dora_roi_dir() / "pakket.json")
    return settings


@cache
def templates() -> tuple[Template, ...]:
    """The templates the export writes, in the order of ``pakket.json``."""
    written = package_settings()["written"]
    return tuple(_template(dora_roi_dir() / f"b_{code[2:]}.json") for code in written)


@cache
def closed_lists() -> dict[str, dict[str, str]]:
    """The master template's closed lists: list name -> code -> label."""
    doc = _read_json(dora_roi_dir() / "lijsten.json")
    return {
        name: {item["code"]: item["label"] for item in items}
        for name, items in doc["lists"].items()
    }


@cache
def code_lists() -> dict[str, tuple[str, dict[str, str]]]:
    """Translations of register terms into EBA codes: name -> (IRI prefix, local name -> code)."""
    result: dict[str, tuple[str, dict[str, str]]] = {}
    for name in ("landen", "ict-diensttypen"):
        doc = _read_json(dora_roi_dir() / f"{name}.json")
        result[name] = (doc["from"], dict(doc["codes"]))
    return result
