"""The state of a dossier as the status command reports it: phase, regime, what is missing.

The result model of :mod:`sourcing_kg.workflow.status`, which renderers read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sourcing_kg.model.labels import local_name

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
    #: the regime the H2 shapes determine (``sourcing-kg regime``); advice when none is stated
    regime_advice: str | None = None
    skipped: list[int] = field(default_factory=list)
    missing: list[Ontbrekend] = field(default_factory=list)
    phase_labels: dict[int, str] = field(default_factory=dict)
    violations: int | None = None
    #: where each value the rules used came from (ValueOrigin.as_json rows); set by validation
    provenance: list[dict[str, str | None]] = field(default_factory=list)

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
            "regime_advice": self.regime_advice,
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
        return {
            **self.row(),
            "skipped": self.skipped,
            "phases": phases,
            "provenance": self.provenance,
        }

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
