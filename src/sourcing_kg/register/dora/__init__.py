"""The register as a DORA Register of Information (ESAs' xBRL-CSV report package and XLSX).

:func:`export_dora_roi` fills the templates (:mod:`.build`), checks them (:mod:`.checks`) and
returns the package bytes with a report of what was written, what could not be filled and
which rules were checked; :func:`render_text` and :func:`render_json` show that report.
The mapping is data in ``mappings/dora-roi/``; see docs/adr/0005-dora-roi-export.md.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import URIRef

from sourcing_kg.register.dora.build import Gap, Register, build_register
from sourcing_kg.register.dora.checks import (
    Check,
    Status,
    eba_checks,
    read_eba_rules,
    structure_checks,
)
from sourcing_kg.register.dora.layout import package_settings
from sourcing_kg.register.dora.package import package_bytes, xlsx_bytes

__all__ = ["Export", "export_dora_roi", "render_json", "render_text"]


@dataclass
class Export:
    """What the export produced and found."""

    register: Register
    checks: list[Check]
    package: bytes
    workbook: bytes | None
    rules_file: str | None

    @property
    def gaps(self) -> list[Gap]:
        return self.register.gaps

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.status is Status.FAILED]


def export_dora_roi(
    paths: Sequence[Path],
    *,
    entity: URIRef,
    ref_date: dt.date,
    root: str,
    competent_authority: str | None = None,
    scope: str = "CON",
    rules: Path | None = None,
    xlsx: bool = False,
) -> Export:
    """Fill, check and package the register of information from the register files ``paths``.

    ``root`` is the package's top-level folder (the zip's name without ``.zip``); ``rules`` a
    file of EBA DPM-XL rules to evaluate (without it only the structure is checked).
    """
    register = build_register(
        paths, entity=entity, ref_date=ref_date, competent_authority=competent_authority
    )
    if not register.entity_lei:
        register.gaps.append(
            Gap(
                "parameters.csv",
                "entityID",
                str(entity),
                {
                    "nl": "Zonder LEI van de entiteit heeft parameters.csv geen entityID.",
                    "en": "Without the entity's LEI, parameters.csv has no entityID.",
                },
            )
        )
    checks = structure_checks(register.tables)
    if rules is not None:
        checks.extend(eba_checks(read_eba_rules(rules), register.tables))
    package = package_bytes(
        register.tables, root=root, lei=register.entity_lei, scope=scope, ref_date=ref_date
    )
    workbook = xlsx_bytes(register.tables) if xlsx else None
    return Export(register, checks, package, workbook, str(rules) if rules else None)


def _summary(export: Export) -> dict[str, int]:
    counts = {status.value: 0 for status in Status}
    for check in export.checks:
        counts[check.status.value] += 1
    return counts


def render_json(export: Export, *, lang: str = "nl") -> str:
    settings = package_settings()
    document = {
        "templates": {code: len(t.rows) for code, t in export.register.tables.items()},
        "not_written": settings["not_written"],
        "not_filled": [
            {"template": g.template, "column": g.column, "row": g.row, "reason": g.message(lang)}
            for g in export.gaps
        ],
        "supplemented": [
            {"template": t, "column": c, "subject": s} for t, c, s in export.register.supplemented
        ],
        "rules_file": export.rules_file,
        "checks": [
            {
                "id": c.id,
                "kind": c.kind,
                "templates": list(c.templates),
                "status": c.status.value,
                "reason": c.reason,
                "failures": c.failures,
            }
            for c in export.checks
        ],
        "summary": _summary(export),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_text(export: Export, *, lang: str = "nl") -> str:
    settings = package_settings()
    lines = ["Templates written:"]
    for code, table in export.register.tables.items():
        lines.append(f"  {code} {table.template.file_name}: {len(table.rows)} rows")
    lines.append("Templates not written:")
    for code, reason in settings["not_written"].items():
        lines.append(f"  {code}: {reason}")
    lines.append(f"Not filled ({len(export.gaps)}):")
    for gap in export.gaps:
        lines.append(f"  {gap.template} {gap.column} [{gap.row}]: {gap.message(lang)}")
    if export.register.supplemented:
        lines.append(f"Filled from sk:roiAanvulling ({len(export.register.supplemented)}):")
        for template, column, subject in export.register.supplemented:
            lines.append(f"  {template} {column} [{subject}]")
    if export.rules_file is None:
        lines.append("EBA rules: not checked (give --rules FILE, a DPM-XL rules file)")
    lines.append("Checks:")
    for check in export.checks:
        reason = f": {check.reason}" if check.reason else ""
        lines.append(f"  {check.status.value:14} {check.id} ({', '.join(check.templates)}){reason}")
        for failure in check.failures[:20]:
            lines.append(f"      {failure}")
        if len(check.failures) > 20:
            lines.append(f"      ... and {len(check.failures) - 20} more")
    summary = _summary(export)
    lines.append(", ".join(f"{n} {status}" for status, n in summary.items()))
    return "\n".join(lines) + "\n"
