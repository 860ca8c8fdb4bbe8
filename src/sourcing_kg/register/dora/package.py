"""Writing the register of information: the xBRL-CSV report package (zip) and the XLSX.

The package has one top-level folder named like the zip (Report Packages 1.0), holding
``META-INF/reportPackage.json`` and ``reports/`` with ``report.json`` (xBRL-CSV, extending the
EBA's DORA entry point), ``parameters.csv``, ``FilingIndicators.csv`` and one ``b_xx.xx.csv`` per
template written, whose header is exactly the template's column codes. The constants come from
``mappings/dora-roi/pakket.json``. The XLSX follows the master template's layout: one sheet per
template, title in B2, column codes in row 4, labels in row 5, types in row 6, data from row 7.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections.abc import Mapping

from sourcing_kg.register.dora.build import Table
from sourcing_kg.register.dora.layout import package_settings

_FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # zip entries carry no wall-clock time: same input, same bytes


def _csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def parameters(*, lei: str | None, scope: str, ref_date: dt.date) -> list[tuple[str, str]]:
    """``parameters.csv``: entityID (when the entity has a LEI), refPeriod and the constants."""
    settings = package_settings()
    rows = []
    if lei:
        rows.append(("entityID", settings["entityID"].format(lei=lei, scope=scope)))
    rows.append(("refPeriod", ref_date.isoformat()))
    rows.extend(settings["parameters"].items())
    return rows


def package_bytes(
    tables: Mapping[str, Table], *, root: str, lei: str | None, scope: str, ref_date: dt.date
) -> bytes:
    """The report package as zip bytes, every member below the folder ``root``."""
    settings = package_settings()
    members: dict[str, bytes] = {
        "META-INF/reportPackage.json": json.dumps(settings["reportPackage"], indent=2).encode(),
        "reports/report.json": json.dumps(settings["report"], indent=2).encode(),
        "reports/parameters.csv": _csv(
            [
                ["name", "value"],
                *[list(p) for p in parameters(lei=lei, scope=scope, ref_date=ref_date)],
            ]
        ),
        "reports/FilingIndicators.csv": _csv(
            [["templateID", "reported"]]
            + [[code, "true" if code in tables else "false"] for code in settings["templates"]]
        ),
    }
    for table in tables.values():
        codes = [c.code for c in table.template.columns]
        members[f"reports/{table.template.file_name}"] = _csv(
            [codes, *[[row.get(code, "") for code in codes] for row in table.rows]]
        )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(f"{root}/{name}", date_time=_FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()


def xlsx_bytes(tables: Mapping[str, Table]) -> bytes:
    """The same tables as one workbook laid out like the EBA master template."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    bold = Font(bold=True)
    for table in tables.values():
        template = table.template
        sheet = workbook.create_sheet(template.sheet)
        sheet.cell(row=2, column=2, value=template.title).font = bold
        for offset, column in enumerate(template.columns):
            index = 2 + offset
            sheet.cell(row=4, column=index, value=column.template_code).font = bold
            sheet.cell(row=5, column=index, value=column.label)
            sheet.cell(row=6, column=index, value=column.type)
            for number, row in enumerate(table.rows):
                value = row.get(column.code, "")
                sheet.cell(row=7 + number, column=index, value=value or None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
