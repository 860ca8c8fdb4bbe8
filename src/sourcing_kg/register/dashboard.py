"""The register dashboard's data: the answers of the register's analyses, with names.

Every panel is one analysis of ``queries/*.rq`` run as ``sourcing-kg query`` runs it; nothing
is computed here that a query could answer. Names of the terms in the answers come from one
internal query (``queries/intern/namen.rq``), so that they are found wherever the graph lives.
:mod:`sourcing_kg.render.dashboard` draws the charts and writes the page.
"""

from __future__ import annotations

from datetime import date

from rdflib import Literal, URIRef

from sourcing_kg.model.labels import LABEL_PREDICATES
from sourcing_kg.register.analyses import find_analysis
from sourcing_kg.register.panels import PANELS, Dashboard, Panel
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT, Backend
from sourcing_kg.sparql.binding import parse_parameters
from sourcing_kg.sparql.queries import internal_query

__all__ = ["PANELS", "Dashboard", "Panel", "collect_dashboard", "names_of"]


def names_of(backend: Backend, *, timeout: float = DEFAULT_TIMEOUT) -> dict[str, dict[str, str]]:
    """Per IRI, its name per language tag (``""`` for untagged), the best predicate first.

    Predicates rank as in :data:`sourcing_kg.model.labels.LABEL_PREDICATES`; among names of
    the same rank and language the smallest string wins, so the choice is stable.
    """
    table = backend.select(internal_query("namen").text, {}, timeout=timeout)
    rank = {str(p): i for i, p in enumerate(LABEL_PREDICATES)}
    best: dict[str, dict[str, tuple[int, str]]] = {}
    for row in table.dicts():
        term, predicate, text = row.get("term"), row.get("eigenschap"), row.get("naam")
        if not isinstance(term, URIRef) or not isinstance(text, Literal):
            continue
        key = (rank.get(str(predicate), len(rank)), str(text))
        per_lang = best.setdefault(str(term), {})
        lang = text.language or ""
        if lang not in per_lang or key < per_lang[lang]:
            per_lang[lang] = key
    return {term: {lang: v[1] for lang, v in langs.items()} for term, langs in best.items()}


def collect_dashboard(
    backend: Backend,
    *,
    as_of: date,
    horizon_months: int = 12,
    exit_test_months: int = 12,
    timeout: float = DEFAULT_TIMEOUT,
) -> Dashboard:
    """Run the dashboard's analyses on ``backend``.

    ``as_of`` is the reference date of the time-based analyses; agreements ending within
    ``horizon_months`` of it and exit plans not tested in the ``exit_test_months`` before it
    are shown (the policy's ``termijnen.exitplan_test_maanden`` is the usual value).
    """
    given = {
        "exitplannen-niet-getest": {
            "peildatum": as_of.isoformat(),
            "maanden": str(exit_test_months),
        },
        "contracten-aflopend": {"peildatum": as_of.isoformat(), "maanden": str(horizon_months)},
    }
    panels = []
    for analysis_id in PANELS:
        analysis = find_analysis(analysis_id)
        params = given.get(analysis_id, {})
        table = backend.select(analysis.text, parse_parameters(analysis, params), timeout=timeout)
        panels.append(Panel(analysis, table, params))
    return Dashboard(tuple(panels), names_of(backend, timeout=timeout), as_of)
