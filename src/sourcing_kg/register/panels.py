"""The register dashboard's result model: the answers of its analyses and the names in them.

Kept apart from :mod:`sourcing_kg.register.dashboard` (which runs the analyses on a backend)
so that the renderer depends on results only, never on where the data lives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from rdflib import URIRef
from rdflib.term import Identifier

from sourcing_kg.sparql.queries import QueryFile
from sourcing_kg.sparql.results import ResultTable

#: The analyses on the dashboard, in the order of the page.
PANELS: tuple[str, ...] = (
    "leverancier-concentratie",
    "moederbedrijf-concentratie",
    "hhi-per-subdomein",
    "kritieke-diensten-enkele-leverancier",
    "landen-buiten-eer",
    "exitplannen-niet-getest",
    "contracten-aflopend",
)


@dataclass(frozen=True)
class Panel:
    """One analysis and its answer."""

    analysis: QueryFile
    table: ResultTable
    parameters: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Dashboard:
    """The answers of the dashboard's analyses and the names of the terms in them."""

    panels: tuple[Panel, ...]
    names: dict[str, dict[str, str]]
    as_of: date

    def name(self, term: Identifier | None, lang: str) -> str | None:
        """The name of an IRI in ``lang`` (else untagged, else any language), or ``None``."""
        if not isinstance(term, URIRef):
            return None
        found = self.names.get(str(term))
        if not found:
            return None
        return found.get(lang) or found.get("") or next(iter(sorted(found.items())))[1]
