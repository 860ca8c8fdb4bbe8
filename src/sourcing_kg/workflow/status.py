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

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.model.dossiers import DossierData, load_dossiers
from sourcing_kg.model.labels import local_name, name, node_text
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy
from sourcing_kg.sparql.internal import run
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Severity
from sourcing_kg.workflow.regime import determine_regime

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
        return local_name(self.klasse)


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
            labels[number] = name(graph, node, lang)
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
            label=str(row.label or local_name(row.klasse)),
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
        organisation=name(graph, graph.value(dossier, SK.organisatie), lang),
        service=name(graph, graph.value(dossier, SK.betreft), lang),
        phase=advies.phase,
        phase_label=name(graph, graph.value(dossier, SK.fase), lang)
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
            if finding.severity is Severity.VIOLATION and finding.dossier is not None:
                key = node_text(finding.dossier)
                counts[key] = counts.get(key, 0) + 1
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
