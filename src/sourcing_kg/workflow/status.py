"""What a dossier still needs, per phase up to the next one, and a table over many dossiers.

Which deliverable each phase asks under which regime is data (``ontology/resultaten.ttl``:
``sk:gevraagdInFase``, ``sk:gevraagdInRegime``, ``sk:alleenIndienAanbestedingsplichtig``);
the computation of what is missing is a SPARQL query
(``sourcing_kg/sparql/ontbrekende_resultaten.rq``). The regime used is the one the dossier
states, else the one :mod:`sourcing_kg.workflow.regime` determines (marked as not stated).

Phases before the current one must be complete (tabel 3: a missing deliverable there is a
violation), the current phase's deliverables are open work, the next phase's are what is
coming (reading-the-seed, "The lifecycle").
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from sourcing_kg.model.dossiers import DossierData, label_of, load_dossiers
from sourcing_kg.sparql.internal import run
from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy
from sourcing_kg.workflow.regime import determine_regime
from sourcing_kg.validation.report import Severity
from sourcing_kg.validation.engine import node_text, validate_paths

COLUMNS = ("dossier", "organisation", "service", "phase", "regime", "missing", "violations")


@dataclass(frozen=True)
class Ontbrekend:
    """One deliverable the dossier lacks, in the document's words."""

    klasse: str
    fase: int
    label: str
    definitie: str
    voorwaardelijk: bool

    @property
    def code(self) -> str:
        return self.klasse.rsplit("#", 1)[-1]


@dataclass
class DossierStatus:
    """The state of one dossier: phase, regime, what is missing, how many violations."""

    dossier: str
    file: str
    organisation: str
    service: str
    phase: int | None
    phase_label: str
    regime: str
    regime_stated: bool
    skipped: list[int] = field(default_factory=list)
    missing: list[Ontbrekend] = field(default_factory=list)
    phase_labels: dict[int, str] = field(default_factory=dict)
    violations: int | None = None

    def missing_in(self, phase: int, *, conditional: bool = False) -> list[Ontbrekend]:
        return [m for m in self.missing if m.fase == phase and m.voorwaardelijk == conditional]

    @property
    def missing_now(self) -> list[Ontbrekend]:
        """What the current phase still needs (unconditionally)."""
        return self.missing_in(self.phase) if self.phase is not None else []

    def row(self) -> dict[str, object]:
        """One row of the table (JSON form)."""
        return {
            "dossier": self.dossier,
            "file": self.file,
            "organisation": self.organisation,
            "service": self.service,
            "phase": self.phase,
            "regime": self.regime,
            "regime_stated": self.regime_stated,
            "missing": [m.label for m in self.missing_now],
            "violations": self.violations,
        }

    def detail(self) -> dict[str, object]:
        """The single-dossier view (JSON form): per phase up to the next one."""
        phases = []
        for number in self.phase_numbers:
            phases.append(
                {
                    "phase": number,
                    "label": self.phase_labels.get(number, ""),
                    "status": self.phase_status(number),
                    "missing": [_item(m) for m in self.missing_in(number)],
                    "missing_if_tendering": [
                        _item(m) for m in self.missing_in(number, conditional=True)
                    ],
                }
            )
        return {**self.row(), "skipped": self.skipped, "phases": phases}

    @property
    def phase_numbers(self) -> list[int]:
        if self.phase is None:
            return []
        return [n for n in range(1, min(self.phase + 1, 6) + 1)]

    def phase_status(self, number: int) -> str:
        if number in self.skipped:
            return "skipped"
        if self.phase is None or number < self.phase:
            return "past"
        return "current" if number == self.phase else "next"


def _item(missing: Ontbrekend) -> dict[str, object]:
    return {"class": missing.klasse, "label": missing.label, "definition": missing.definitie}


def _phase_labels(graph: Graph, lang: str) -> dict[int, str]:
    labels: dict[int, str] = {}
    fase = scheme("fase")
    for number in range(1, 7):
        node = fase[str(number)]
        if (node, None, None) in graph:
            labels[number] = label_of(graph, node, lang)
    return labels


def dossier_status(
    graph: Graph, dossier: Node, *, file: str, policy: Policy, lang: str = "nl"
) -> DossierStatus:
    """The status of one dossier; ``graph`` holds the dossier data and the ontology."""
    advies = determine_regime(graph, dossier, policy, with_ontology=False)
    regime = advies.stated or advies.regime
    rows = run(
        graph,
        "ontbrekende_resultaten",
        dossier=dossier,
        regime=scheme("regime")[regime],
        lang=Literal(lang),
    )
    missing = [
        Ontbrekend(
            klasse=str(row.klasse),
            fase=int(row.faseNummer),
            label=str(row.label or str(row.klasse).rsplit("#", 1)[-1]),
            definitie=str(row.definitie or ""),
            voorwaardelijk=bool(row.voorwaardelijk.toPython())
            if isinstance(row.voorwaardelijk, Literal)
            else False,
        )
        for row in rows
    ]
    skipped = sorted(
        int(number)
        for fase in graph.objects(dossier, SK.overgeslagenFase)
        for number in graph.objects(fase, SK.volgnummer)
        if isinstance(number, Literal)
    )
    return DossierStatus(
        dossier=node_text(dossier),
        file=file,
        organisation=label_of(graph, graph.value(dossier, SK.organisatie), lang),
        service=label_of(graph, graph.value(dossier, SK.betreft), lang),
        phase=advies.phase,
        phase_label=label_of(graph, graph.value(dossier, SK.fase), lang)
        if graph.value(dossier, SK.fase) is not None
        else "",
        regime=regime,
        regime_stated=advies.stated is not None,
        skipped=skipped,
        missing=missing,
        phase_labels=_phase_labels(graph, lang),
    )


def status_of_paths(
    paths: Sequence[Path],
    *,
    policy: Policy,
    lang: str = "nl",
    as_of: date | None = None,
    count_violations: bool = True,
    data: DossierData | None = None,
) -> list[DossierStatus]:
    """The status of every dossier in ``paths`` (files, directories, TriG), in file order."""
    data = data or load_dossiers(paths)
    graph = ontology_graph()
    for triple in data.graph:
        graph.add(triple)
    statuses = [
        dossier_status(graph, dossier, file=data.files[dossier], policy=policy, lang=lang)
        for dossier in data.dossiers
    ]
    if count_violations and statuses:
        report = validate_paths(paths, as_of=as_of or date.today(), policy=policy)
        counts: dict[str, int] = {}
        for finding in report.findings:
            if finding.severity is Severity.VIOLATION and finding.dossier:
                counts[finding.dossier] = counts.get(finding.dossier, 0) + 1
        for status in statuses:
            status.violations = counts.get(status.dossier, 0)
    return statuses


def _sort_key(column: str):  # type: ignore[no-untyped-def]
    def key(status: DossierStatus) -> tuple[int, object]:
        value: object
        if column == "missing":
            value = len(status.missing_now)
        elif column == "violations":
            value = status.violations if status.violations is not None else -1
        elif column == "phase":
            value = status.phase if status.phase is not None else 0
        else:
            value = str(status.row()[column]).casefold()
        return (0, value)

    return key


def sort_statuses(
    statuses: list[DossierStatus], column: str | None, *, descending: bool = False
) -> list[DossierStatus]:
    """Sorted by ``column`` (one of :data:`COLUMNS`); stable, so ties keep file order."""
    if column is None:
        return list(statuses)
    if column not in COLUMNS:
        raise ValueError(column)
    return sorted(statuses, key=_sort_key(column), reverse=descending)


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
    """An aligned text table; ``*`` marks a regime determined here, not stated in the dossier."""
    rows = [list(HEADERS[lang])] + [_cells(s) for s in statuses]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    if any(not s.regime_stated for s in statuses):
        lines.append(
            "* regime niet vastgelegd in het dossier; bepaald met `sourcing-kg regime`"
            if lang == "nl"
            else "* regime not stated in the dossier; determined as by `sourcing-kg regime`"
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
        else ("niet vastgelegd; bepaald uit het dossier" if nl else "not stated; determined")
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
    return "\n".join(lines) + "\n"
