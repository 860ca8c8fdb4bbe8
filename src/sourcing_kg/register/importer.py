"""Importing the register spreadsheet (CSV or XLSX, one row per sourcing relationship).

The mapping is data: ``mappings/register-csv.json`` (a CSV on the Web table schema: columns,
titles, datatypes, formats, separators) checks every cell, and ``mappings/register-csv.rq``
(a SPARQL CONSTRUCT) turns the rows, as a generic row graph, into the register model.
The whole sheet is checked first and every bad cell reported (row, column, value, what was
expected); a sheet with any bad cell imports nothing, unless the caller asks to keep going.
See docs/adr/0002-register-import.md for why not RML.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Identifier

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import PREFIXES, XSD
from sourcing_kg.core.resources import mappings_dir
from sourcing_kg.io.atomic import write_bytes_atomically
from sourcing_kg.register.identity import Mention, Parties
from sourcing_kg.register.sheets import Sheet, read_sheet
from sourcing_kg.sparql.guard import prepare_own_query
from sourcing_kg.validation.pyshacl_run import run_pyshacl
from sourcing_kg.validation.report import Finding
from sourcing_kg.validation.shapes import load_shapes

KOLOM = "urn:sourcing-kg:kolom:"
RIJ = "urn:sourcing-kg:rij:"
DEFAULT_BASE = "https://w3id.org/sourcing-kg/id/register/"


@dataclass(frozen=True)
class CellError:
    """One problem in the sheet: row (header = 1), column title, the value, what was expected."""

    row: int
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        return f"row {self.row}, column {self.column!r}: {self.value!r}, expected {self.expected}"


@dataclass
class ImportResult:
    """The register built from the sheet's rows; with errors it holds no rows, unless the
    import was asked to keep going (then it holds the good rows)."""

    graph: Graph
    rows: int
    imported: int
    errors: list[CellError] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class Column:
    name: str
    title: str
    base: str
    format: str | None
    required: bool
    separator: str | None
    description: str = ""

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
            spec.get("dc:description", ""),
        )

    @property
    def expected(self) -> str:
        """What a cell of this column must hold, in words (for error messages)."""
        if self.base == "boolean":
            true, _, false = (self.format or "true|false").partition("|")
            return f"{true!r} or {false!r}"
        if self.base == "date":
            return "a date YYYY-MM-DD"
        if self.base == "decimal":
            return "a number (1234.50 or 1234,50)"
        if self.format:
            described = f" ({self.description})" if self.description else ""
            return f"the form {self.format}{described}"
        return "text"

    def parse(self, text: str) -> Identifier:
        """The typed literal of one cell value; ValueError if it is not what is expected."""
        if self.base == "boolean":
            true, _, false = (self.format or "true|false").partition("|")
            lowered = text.lower()
            if lowered in {true, "true"}:
                return Literal(True)
            if lowered in {false, "false"}:
                return Literal(False)
            raise ValueError(text)
        if self.base == "date":
            try:
                return Literal(dt.date.fromisoformat(text).isoformat(), datatype=XSD.date)
            except ValueError:
                raise ValueError(text) from None
        if self.base == "decimal":
            normal = text.replace(" ", "")
            if "," in normal and "." not in normal:
                normal = normal.replace(",", ".")
            try:
                value = Decimal(normal)
            except InvalidOperation:
                raise ValueError(text) from None
            if not value.is_finite():
                raise ValueError(text)
            # the canonical form (XSD 1.0: no trailing zeros, one digit after the point), so
            # that 120000.00 typed in a CSV and the number 120000 in an XLSX cell are one literal
            canonical = format(value.normalize(), "f")
            if "." not in canonical:
                canonical += ".0"
            return Literal(canonical, datatype=XSD.decimal)
        if self.format and not re.fullmatch(self.format, text):
            raise ValueError(text)
        return Literal(text)


def load_schema(path: Path | None = None) -> list[Column]:
    """The columns of the register sheet (``mappings/register-csv.json``)."""
    path = path or mappings_dir() / "register-csv.json"
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
        return [Column.from_csvw(c) for c in metadata["tableSchema"]["columns"]]
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"bad mapping: {error}", path=path) from error


@dataclass
class CheckedRow:
    """The typed values of one row of the sheet."""

    number: int
    values: list[tuple[Column, Identifier]]

    def first(self, name: str) -> str | None:
        return next((str(v) for c, v in self.values if c.name == name), None)


def check_sheet(sheet: Sheet, columns: list[Column]) -> tuple[list[CheckedRow], list[CellError]]:
    """Every row checked against the columns; every bad cell reported (none is skipped).

    Rows with an error are not returned. A column the mapping does not know is an error (its
    data would be lost), as is a relationship that two rows of one organisation both name.
    """
    by_title = {c.title.casefold(): c for c in columns} | {c.name.casefold(): c for c in columns}
    errors: list[CellError] = []
    positions: dict[int, Column] = {}
    for index, title in enumerate(sheet.header):
        column = by_title.get(title.casefold())
        if column is None:
            if title:
                errors.append(CellError(1, title, title, "one of the mapping's column titles"))
        elif column in positions.values():
            errors.append(CellError(1, title, title, "each column once"))
        else:
            positions[index] = column
    missing = [c.title for c in columns if c.required and c not in positions.values()]
    if missing:
        raise InputError(f"required columns missing: {', '.join(missing)}", line=1)

    good: list[CheckedRow] = []
    first_row_of: dict[tuple[str, str], int] = {}
    for number, cells in sheet.rows:
        row_errors: list[CellError] = []
        values: list[tuple[Column, Identifier]] = []
        for index, cell in enumerate(cells):
            column = positions.get(index)
            if column is None:
                if cell.strip() and index >= len(sheet.header):
                    row_errors.append(
                        CellError(number, f"#{index + 1}", cell, "no cell beyond the header")
                    )
                continue
            parts = cell.split(column.separator) if column.separator else [cell]
            for part in (p.strip() for p in parts):
                if not part:
                    continue
                try:
                    values.append((column, column.parse(part)))
                except ValueError:
                    row_errors.append(CellError(number, column.title, part, column.expected))
        for column in columns:
            if (
                column.required
                and not any(c is column for c, _ in values)
                and not any(e.column == column.title for e in row_errors)
            ):
                row_errors.append(CellError(number, column.title, "", "a value"))
        row = CheckedRow(number, values)
        if not row_errors:
            row_errors += _check_identities(row, columns)
        key = (row.first("organisatie") or "", row.first("relatie") or "")
        if all(key) and not row_errors:
            if key in first_row_of:
                row_errors.append(
                    CellError(
                        number,
                        next(c.title for c in columns if c.name == "relatie"),
                        key[1],
                        f"an identifier not used before for {key[0]} (row {first_row_of[key]})",
                    )
                )
            else:
                first_row_of[key] = number
        if row_errors:
            errors.extend(row_errors)
        else:
            good.append(row)
    return good, errors


def import_register(
    path: Path,
    *,
    base: str = DEFAULT_BASE,
    delimiter: str | None = None,
    keep_going: bool = False,
) -> ImportResult:
    """Check every cell of a register sheet (CSV or XLSX), then map it to the register model.

    Without ``keep_going`` a sheet with any error gives an empty graph (nothing is imported);
    with it, the good rows are mapped and the bad ones reported.
    """
    columns = load_schema()
    try:
        sheet = read_sheet(path, delimiter=delimiter)
        rows, errors = check_sheet(sheet, columns)
    except InputError as error:
        if error.path is None:
            raise InputError(error.message, path=path, line=error.line) from error
        raise
    total = len(sheet.rows)
    if errors and not keep_going:
        return ImportResult(Graph(), total, 0, errors)
    return ImportResult(map_rows(rows, base=base), total, len(rows), errors)


def import_csv(
    path: Path, *, base: str = DEFAULT_BASE, delimiter: str | None = None
) -> ImportResult:
    """The register of a sheet whose rows are all good (see :func:`import_register`)."""
    return import_register(path, base=base, delimiter=delimiter)


TOOI = "https://identifier.overheid.nl/tooi/id/"
_OIN = re.compile(r"[0-9]{20}")
#: Columns that say something about the parent company, and so need its name.
_PARENT_FACTS = ("moederbedrijf_kvk", "moederbedrijf_lei", "moederbedrijf_land")


def organisation_identifiers(row: CheckedRow) -> tuple[str | None, str | None, str | None]:
    """Name, TOOI IRI and OIN of the row's organisation: the Organisatie cell holds any one
    of them, the columns TOOI organisatie and OIN organisatie may add the others."""
    cell = row.first("organisatie") or ""
    tooi, oin = row.first("organisatie_tooi"), row.first("organisatie_oin")
    if cell.startswith(TOOI):
        return None, cell, oin
    if _OIN.fullmatch(cell):
        return None, tooi, cell
    return cell, tooi, oin


def _check_identities(row: CheckedRow, columns: list[Column]) -> list[CellError]:
    """Errors a row's cells give together: an organisation named twice, a parent's facts
    without the parent."""
    title = {c.name: c.title for c in columns}
    errors: list[CellError] = []
    cell = row.first("organisatie") or ""
    tooi_column = next(c for c in columns if c.name == "organisatie_tooi")
    if cell.startswith("https://identifier.overheid.nl/"):
        try:
            tooi_column.parse(cell)
        except ValueError:
            errors.append(CellError(row.number, title["organisatie"], cell, tooi_column.expected))
    for name, kind in (("organisatie_tooi", cell.startswith(TOOI)), ("organisatie_oin", None)):
        given = row.first(name)
        same_kind = kind if kind is not None else bool(_OIN.fullmatch(cell))
        if given and same_kind and given != cell:
            errors.append(
                CellError(
                    row.number, title[name], given, f"the one in column {title['organisatie']!r}"
                )
            )
    if not row.first("moederbedrijf"):
        for name in _PARENT_FACTS:
            value = row.first(name)
            if value:
                errors.append(
                    CellError(
                        row.number, title[name], value, f"a name in {title['moederbedrijf']!r} too"
                    )
                )
    return errors


@dataclass
class _Resolved:
    """The keys of every party a row mentions (see :mod:`sourcing_kg.register.identity`)."""

    organisation: Mention
    supplier: Mention
    parent: Mention | None
    named: dict[str, Mention]


def _named_in(row: CheckedRow) -> list[str]:
    names: list[str] = []
    for column, value in row.values:
        text = str(value)
        if column.name == "onderaannemers":
            names.append(text)
        elif column.name == "ketens":
            names += [part.strip() for part in text.split(">", 1)]
        elif column.name == "partijlanden":
            names.append(text.split("=", 1)[0].strip())
    return list(dict.fromkeys(names))


def resolve(rows: list[CheckedRow]) -> tuple[Parties, Parties, list[_Resolved]]:
    """One key per party and per organisation, over the whole sheet."""
    parties, organisations = Parties(), Parties()
    resolved = []
    for row in rows:
        name, tooi, oin = organisation_identifiers(row)
        organisation = organisations.mention(name or "", tooi=tooi, oin=oin)
        supplier = parties.mention(
            row.first("leverancier") or "",
            kvk=row.first("leverancier_kvk"),
            lei=row.first("leverancier_lei"),
            oin=row.first("leverancier_oin"),
        )
        parent_name = row.first("moederbedrijf")
        parent = (
            parties.mention(
                parent_name, kvk=row.first("moederbedrijf_kvk"), lei=row.first("moederbedrijf_lei")
            )
            if parent_name
            else None
        )
        named = {n: parties.mention(n) for n in _named_in(row)}
        resolved.append(_Resolved(organisation, supplier, parent, named))
    return parties, organisations, resolved


def row_graph(rows: list[CheckedRow]) -> Graph:
    """The generic row graph the mapping query reads: ``<urn:sourcing-kg:rij:N> kol:NAME v``,
    with the resolved key of every party the row mentions (``kol:*_schema``, ``kol:*_sleutel``
    and one ``kol:partij`` node per party named in a multi-valued cell)."""
    graph = Graph()
    parties, organisations, resolved = resolve(rows)

    def put(node: URIRef, name: str, value: str | int | Identifier) -> None:
        term = value if isinstance(value, Identifier) else Literal(value)
        graph.add((node, URIRef(KOLOM + name), term))

    for row, found in zip(rows, resolved, strict=True):
        node = URIRef(f"{RIJ}{row.number}")
        put(node, "rijnummer", row.number)
        for column, value in row.values:
            put(node, column.name, value)
        name, _, oin = organisation_identifiers(row)
        if name:
            put(node, "organisatie_naam", name)
        if oin and not row.first("organisatie_oin"):
            put(node, "organisatie_oin", oin)
        keyed = [("organisatie", organisations.key(found.organisation))]
        keyed.append(("leverancier", parties.key(found.supplier)))
        if found.parent is not None:
            keyed.append(("moederbedrijf", parties.key(found.parent)))
        for role, (schema, key) in keyed:
            put(node, f"{role}_schema", schema)
            put(node, f"{role}_sleutel", key)
        for index, (named, mention) in enumerate(found.named.items()):
            entry = URIRef(f"{RIJ}{row.number}/partij/{index}")
            schema, key = parties.key(mention)
            put(node, "partij", entry)
            put(entry, "naam", named)
            put(entry, "schema", schema)
            put(entry, "sleutel", key)
    return graph


@functools.cache
def _mapping() -> Query:
    """``mappings/register-csv.rq``, parsed once per process (rdflib takes ~1.8 s to parse it)."""
    return prepare_own_query((mappings_dir() / "register-csv.rq").read_text(encoding="utf-8"))


def map_rows(rows: list[CheckedRow], *, base: str = DEFAULT_BASE) -> Graph:
    """The register model of checked rows (``mappings/register-csv.rq``)."""
    register = Graph()
    for prefix, namespace in PREFIXES.items():
        register.bind(prefix, namespace)
    for triple in row_graph(rows).query(_mapping(), initBindings={"basis": Literal(base)}):
        register.add(triple)  # type: ignore[arg-type]
    return register


def check_register(graph: Graph) -> list[Finding]:
    """The register shapes (``shapes/register/``) on an imported register: identifiers,
    conflicting facts about one party and cycles, each naming the rows (``sk:rij``)."""
    findings = run_pyshacl(Graph() + graph, load_shapes().register)
    return sorted(findings, key=lambda f: f.sort_key())


def write_register(graph: Graph, target: Path, *, replace: bool = True) -> None:
    """Serialise the register as Turtle and put it at ``target`` in one step; without
    ``replace`` an existing ``target`` is never touched (FileExistsError)."""
    data = graph.serialize(format="turtle", encoding="utf-8")
    write_bytes_atomically(target, data, replace=replace)
