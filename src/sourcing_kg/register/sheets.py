"""Reading a spreadsheet as rows of text cells: CSV (``,`` or ``;``, sniffed) and XLSX.

The register import checks the cells itself (``mappings/register-csv.json``); this module only
turns a file into a header and numbered rows, with the row numbers a person sees in a
spreadsheet program (the header is row 1). XLSX is read with openpyxl (read-only, values not
formulas): dates become ``YYYY-MM-DD``, whole numbers lose their ``.0``, booleans become
``ja``/``nee``, as a Dutch register sheet writes them.

Example:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "r.csv"
    >>> _ = path.write_text("Relatie;Organisatie\\nR1;BZK\\n", encoding="utf-8")
    >>> sheet = read_sheet(path)
    >>> sheet.delimiter, sheet.header, sheet.rows
    (';', ['Relatie', 'Organisatie'], [(2, ['R1', 'BZK'])])
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from sourcing_kg.core.errors import InputError, UsageError

#: Files larger than this are refused (the same limit as RDF inputs).
MAX_BYTES = 32 * 1024 * 1024
DELIMITERS = (",", ";", "\t")
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass
class Sheet:
    """A header and numbered rows of text cells (blank rows left out)."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
    delimiter: str | None = None  # None for XLSX


def read_sheet(path: Path, *, delimiter: str | None = None) -> Sheet:
    """The cells of a CSV or XLSX file (by suffix); ``delimiter`` overrides sniffing (CSV)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    if size > MAX_BYTES:
        raise InputError(f"file is larger than {MAX_BYTES // (1024 * 1024)} MiB", path=path)
    if path.suffix.lower() in XLSX_SUFFIXES:
        if delimiter is not None:
            raise UsageError("--delimiter applies to CSV files, not to XLSX")
        return _read_xlsx(path)
    return _read_csv(path, delimiter)


def _read_csv(path: Path, delimiter: str | None) -> Sheet:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"not UTF-8 (byte {error.start}); save the sheet as 'CSV UTF-8'", path=path
        ) from error
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", path=path) from error
    if delimiter is not None:
        if delimiter in {"\\t", "tab"}:
            delimiter = "\t"
        if len(delimiter) != 1:
            raise UsageError(f"--delimiter is one character, got {delimiter!r}")
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except StopIteration:
        raise InputError("empty file", path=path) from None
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", path=path, line=1) from error
    sheet = Sheet(header, delimiter=delimiter)
    start = reader.line_num + 1
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                sheet.rows.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as error:
        raise InputError(f"malformed CSV: {error}", path=path, line=reader.line_num) from error
    return sheet


def sniff_delimiter(text: str) -> str:
    """``,``, ``;`` or a tab, whichever the header line and the first rows agree on.

    Example:
        >>> sniff_delimiter("a;b;c\\n1;2,5;3\\n"), sniff_delimiter('a,b\\n"x;y",2\\n')
        (';', ',')
    """
    sample = "\n".join(text.splitlines()[:20])
    try:
        found = csv.Sniffer().sniff(sample, delimiters="".join(DELIMITERS)).delimiter
    except csv.Error:
        found = ""
    if found in DELIMITERS:
        return found
    first = text.split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _read_xlsx(path: Path) -> Sheet:
    from openpyxl import load_workbook  # a second of import time; only for XLSX

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(f"not a readable XLSX workbook: {error}", path=path) from error
    try:
        sheet = workbook.worksheets[0]
        numbered = iter(sheet.iter_rows(values_only=True))
        header: list[str] | None = None
        result = Sheet([])
        for number, values in enumerate(numbered, start=1):
            cells = [_xlsx_text(v) for v in values]
            while cells and not cells[-1]:
                cells.pop()
            if header is None:
                if not cells:
                    continue  # leading empty rows
                header = [c.strip() for c in cells]
                result.header = header
                continue
            if any(c.strip() for c in cells):
                result.rows.append((number, cells))
        if header is None:
            raise InputError("empty workbook", path=path)
        return result
    finally:
        workbook.close()


def _xlsx_text(value: object) -> str:
    """A cell value as the text a CSV export of it would hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        if value.is_integer():
            return str(int(value))
        return str(Decimal(repr(value)))
    return str(value)
