"""Importing the register spreadsheet (CSV, one row per sourcing relationship).

The mapping is data: ``mappings/register-csv.json`` (a CSV on the Web table schema: columns,
titles, datatypes, formats, separators) checks every cell, and ``mappings/register-csv.rq``
(a SPARQL CONSTRUCT) turns the valid rows, as a generic row graph, into the register model.
A bad row is reported with its row and column and left out; the other rows are kept.
See docs/adr/0002-register-import.md for why not RML.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import PREFIXES, XSD
from sourcing_kg.core.resources import mappings_dir
from sourcing_kg.io.atomic import write_bytes_atomically

KOLOM = "urn:sourcing-kg:kolom:"
RIJ = "urn:sourcing-kg:rij:"
DEFAULT_BASE = "https://w3id.org/sourcing-kg/id/register/"


@dataclass(frozen=True)
class CellError:
    """One problem in the spreadsheet: line number (header = 1), column title, reason."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.message}"


@dataclass
class ImportResult:
    graph: Graph
    rows: int
    imported: int
    errors: list[CellError] = field(default_factory=list)


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    base: str
    format: str | None
    required: bool
    separator: str | None

    @classmethod
    def from_csvw(cls, spec: dict[str, Any]) -> Column:
        datatype = spec.get("datatype", "string")
        if isinstance(datatype, str):
            datatype = {"base": datatype}
        titles = spec.get("titles", spec["name"])
        return cls(
            spec["name"],
            titles if isinstance(titles, str) else titles[0],
            datatype["base"],
            datatype.get("format"),
            bool(spec.get("required")),
            spec.get("separator"),
        )

    def parse(self, text: str) -> Identifier:
        """The typed literal of one cell value; ValueError says what is wrong."""
        if self.base == "boolean":
            true, _, false = (self.format or "true|false").partition("|")
            lowered = text.lower()
            if lowered in {true, "true"}:
                return Literal(True)
            if lowered in {false, "false"}:
                return Literal(False)
            raise ValueError(f"expected {true!r} or {false!r}, got {text!r}")
        if self.base == "date":
            try:
                return Literal(dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
            except ValueError:
                raise ValueError(f"not a date (YYYY-MM-DD): {text!r}") from None
        if self.base == "decimal":
            normal = text.replace(" ", "")
            if "," in normal and "." not in normal:
                normal = normal.replace(",", ".")
            try:
                value = Decimal(normal)
            except InvalidOperation:
                raise ValueError(f"not a number: {text!r}") from None
            if not value.is_finite():
                raise ValueError(f"not a number: {text!r}")
            return Literal(str(value), datatype=XSD.decimal)
        if self.format and not re.fullmatch(self.format, text):
            raise ValueError(f"{text!r} does not have the form {self.format}")
        return Literal(text)


def load_schema(path: Path | None = None) -> tuple[list[Column], str]:
    path = path or mappings_dir() / "register-csv.json"
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
        columns = [Column.from_csvw(c) for c in metadata["tableSchema"]["columns"]]
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"bad mapping: {error}", path=path) from error
    return columns, metadata.get("dialect", {}).get("delimiter", ",")


def import_csv(
    path: Path, *, base: str = DEFAULT_BASE, delimiter: str | None = None
) -> ImportResult:
    """Check and map one register CSV; bad rows are reported and left out."""
    columns, declared = load_schema()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read: {error}", path=path) from error
    if delimiter is None:
        first = text.split("\n", 1)[0]
        delimiter = ";" if first.count(";") > first.count(declared) else declared
    reader = csv.reader(text.splitlines(), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError("empty file", path=path) from None
    by_title = {c.title.casefold(): c for c in columns} | {c.name.casefold(): c for c in columns}
    errors: list[CellError] = []
    positions: dict[int, Column] = {}
    for index, title in enumerate(header):
        column = by_title.get(title.strip().casefold())
        if column is None:
            errors.append(CellError(1, title, "unknown column, ignored"))
        else:
            positions[index] = column
    missing = [c.title for c in columns if c.required and c not in positions.values()]
    if missing:
        raise InputError(f"required columns missing: {', '.join(missing)}", path=path, line=1)

    rows = Graph()
    count = imported = 0
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        count += 1
        row_errors: list[CellError] = []
        values: list[tuple[Column, Identifier]] = []
        if len(cells) > len(header):
            row_errors.append(CellError(number, f"#{len(header) + 1}", "more cells than columns"))
        seen = set()
        for index, cell in enumerate(cells[: len(header)]):
            column = positions.get(index)
            if column is None:
                continue
            seen.add(column)
            parts = cell.split(column.separator) if column.separator else [cell]
            for part in (p.strip() for p in parts):
                if not part:
                    continue
                try:
                    values.append((column, column.parse(part)))
                except ValueError as error:
                    row_errors.append(CellError(number, column.title, str(error)))
        for column in columns:
            if (
                column.required
                and not any(c is column for c, _ in values)
                and not any(e.column == column.title for e in row_errors)
            ):
                row_errors.append(CellError(number, column.title, "required value is empty"))
        if row_errors:
            errors.extend(row_errors)
            continue
        node = URIRef(f"{RIJ}{number}")
        for column, value in values:
            rows.add((node, URIRef(KOLOM + column.name), value))
        imported += 1

    mapping = (mappings_dir() / "register-csv.rq").read_text(encoding="utf-8")
    register = Graph()
    for prefix, namespace in PREFIXES.items():
        register.bind(prefix, namespace)
    for triple in rows.query(mapping, initBindings={"basis": Literal(base)}):
        register.add(triple)  # type: ignore[arg-type]
    return ImportResult(register, count, imported, errors)


def write_register(graph: Graph, target: Path) -> None:
    """Serialise the register as Turtle and replace ``target`` with it in one step."""
    write_bytes_atomically(target, graph.serialize(format="turtle", encoding="utf-8"))
