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
from sourcing_kg.validation.pyshacl_run import Inference
from sourcing_kg.validation.report import Severity
from sourcing_kg.workflow.dossier_status import DossierStatus, Ontbrekend
from sourcing_kg.workflow.regime import determine_regime


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
    inference: Inference = "none",
) -> list[DossierStatus]:
    """The status of every dossier in ``paths`` (files, directories, TriG), in file order.

    With validation (``count_violations``), each status also says where each value the rules
    used came from: stated, inferred (``inference``), policy or missing
    (:mod:`sourcing_kg.validation.provenance`).
    """
    data = data or load_dossiers(paths)
    graph = ontology_graph()
    for triple in data.graph:
        graph.add(triple)
    statuses = [
        dossier_status(graph, dossier, file=data.files[dossier], policy=policy, lang=lang)
        for dossier in data.dossiers
    ]
    if count_violations and statuses:
        report = validate_paths(
            paths, as_of=as_of or date.today(), policy=policy, inference=inference
        )
        origins: dict[str, list[dict[str, str | None]]] = {}
        for origin in report.provenance:
            origins.setdefault(node_text(origin.dossier), []).append(origin.as_json())
        counts: dict[str, int] = {}
        for finding in report.findings:
            if finding.severity is Severity.VIOLATION and finding.dossier is not None:
                key = node_text(finding.dossier)
                counts[key] = counts.get(key, 0) + 1
        for status in statuses:
            status.violations = counts.get(status.dossier, 0)
            status.provenance = origins.get(status.dossier, [])
    return statuses
