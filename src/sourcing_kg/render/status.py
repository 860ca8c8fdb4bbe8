"""Rendering of dossier status: the single-dossier view and the table over many dossiers."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from sourcing_kg.model.labels import local_name
from sourcing_kg.workflow.dossier_status import COLUMNS, DossierStatus


def _cells(status: DossierStatus) -> list[str]:
    regime = status.regime + ("" if status.regime_stated else "*")
    missing = "; ".join(m.label for m in status.missing_now)
    count = len(status.missing_now)
    return [
        status.dossier,
        status.organisation,
        status.service,
        str(status.phase) if status.phase is not None else "-",
        regime,
        f"{count}" + (f": {missing}" if missing else ""),
        str(status.violations) if status.violations is not None else "-",
    ]


HEADERS = {
    "nl": ("dossier", "organisatie", "dienst", "fase", "regime", "ontbreekt (huidige fase)",
           "overtredingen"),
    "en": ("dossier", "organisation", "service", "phase", "regime", "missing (current phase)",
           "violations"),
}  # fmt: skip


def render_table_text(statuses: Sequence[DossierStatus], lang: str = "nl") -> str:
    """An aligned text table; ``*`` marks a regime the dossier does not state (read as regulier,
    as validate reads it)."""
    rows = [list(HEADERS[lang])] + [_cells(s) for s in statuses]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(not s.regime_stated for s in statuses):
        lines.append(
            "* regime niet vastgelegd in het dossier: gelezen als regulier, zoals validate het "
            "leest; `sourcing-kg regime` zegt welk het moet zijn"
            if lang == "nl"
            else "* regime not stated in the dossier: read as regulier, as validate reads it; "
            "`sourcing-kg regime` says which it should be"
        )
    return "\n".join(lines) + "\n"


def render_table_csv(statuses: Sequence[DossierStatus]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(
        ["dossier", "file", "organisation", "service", "phase", "regime", "regime_stated",
         "missing_count", "missing", "violations"]
    )  # fmt: skip
    for s in statuses:
        writer.writerow(
            [s.dossier, s.file, s.organisation, s.service,
             s.phase if s.phase is not None else "", s.regime, str(s.regime_stated).lower(),
             len(s.missing_now), "; ".join(m.label for m in s.missing_now),
             s.violations if s.violations is not None else ""]
        )  # fmt: skip
    return buffer.getvalue()


def render_detail_text(status: DossierStatus, lang: str = "nl") -> str:
    """The single-dossier view: per phase up to the next one, in the document's words."""
    nl = lang == "nl"
    lines = [f"Dossier: {status.dossier} ({status.file})"]
    if status.organisation:
        lines.append(f"{'Organisatie' if nl else 'Organisation'}: {status.organisation}")
    if status.service:
        lines.append(f"{'IT-dienst' if nl else 'IT service'}: {status.service}")
    if status.phase is None:
        lines.append(
            "Het dossier legt geen fase vast (sk:fase); er valt niets te bepalen."
            if nl
            else "The dossier states no phase (sk:fase); nothing to determine."
        )
        return "\n".join(lines) + "\n"
    lines.append(f"{'Fase' if nl else 'Phase'}: {status.phase} {status.phase_label}".rstrip())
    stated = (
        ("vastgelegd in het dossier" if nl else "stated in the dossier")
        if status.regime_stated
        else (
            f"niet vastgelegd, gelezen als regulier; volgens de regels: {status.regime_advice}"
            if nl
            else f"not stated, read as regulier; by the rules: {status.regime_advice}"
        )
    )
    lines.append(f"Regime: {status.regime} ({stated})")
    words = {
        "past": (
            "afgerond: wat ontbreekt is een overtreding (tabel 3)",
            "done: what is missing is a violation (table 3)",
        ),
        "current": ("huidige fase: open werk", "current phase: open work"),
        "next": ("volgende fase", "next phase"),
        "skipped": (
            "overgeslagen (sk:overgeslagenFase): niet gevraagd",
            "skipped (sk:overgeslagenFase): waived",
        ),
    }  # fmt: skip
    for number in status.phase_numbers:
        state = status.phase_status(number)
        lines.append("")
        label = status.phase_labels.get(number, "")
        lines.append(
            f"{'Fase' if nl else 'Phase'} {number} {label} - {words[state][0 if nl else 1]}"
        )
        if state == "skipped":
            continue
        items = status.missing_in(number)
        conditional = status.missing_in(number, conditional=True)
        if not items and not conditional:
            lines.append("  " + ("niets ontbreekt" if nl else "nothing missing"))
        for item in items:
            lines.append(f"  - {item.label}: {item.definitie}".rstrip(": "))
        for item in conditional:
            tag = "indien aanbestedingsplichtig" if nl else "if public procurement applies"
            lines.append(f"  - ({tag}) {item.label}: {item.definitie}".rstrip(": "))
    if status.violations is not None:
        lines.append("")
        lines.append(f"{'Overtredingen' if nl else 'Violations'}: {status.violations}")
    if status.provenance:
        lines += ["", *_provenance_lines(status, nl)]
    return "\n".join(lines) + "\n"


_ORIGINS = {
    "stated": ("vastgelegd", "stated"),
    "inferred": ("afgeleid", "inferred"),
    "policy": ("uit het beleid", "from the policy"),
    "missing": ("ontbreekt", "missing"),
}


def _provenance_lines(status: DossierStatus, nl: bool) -> list[str]:
    """How many values the rules used were stated, inferred, policy or missing; then each one
    that was not stated in the dossier."""
    counts = {origin: 0 for origin in _ORIGINS}
    for row in status.provenance:
        counts[str(row["origin"])] = counts.get(str(row["origin"]), 0) + 1
    summary = ", ".join(f"{counts[o]} {_ORIGINS[o][0 if nl else 1]}" for o in _ORIGINS)
    head = (
        "Herkomst van de waarden die de regels gebruiken"
        if nl
        else "Origin of the values the rules used"
    )
    lines = [f"{head}: {summary}"]
    for row in status.provenance:
        if row["origin"] == "stated":
            continue
        prop = local_name(str(row["property"]))
        what = prop if row["origin"] == "policy" else f"{row['node']} {prop}"
        value = f" = {row['value']}" if row["value"] is not None else ""
        source = f" ({row['source']})" if row["source"] else ""
        lines.append(f"  - {_ORIGINS[str(row['origin'])][0 if nl else 1]}: {what}{value}{source}")
    return lines
