"""What a dossier still needs, per phase up to the next one, and a table over many dossiers.

One implementation: what is missing is what the H1 and INFO-OPEN shapes of ``validate`` say
(``shapes/dossier/resultaten.ttl``), run on the dossier's own scope exactly as ``validate``
runs them. To see one phase ahead, the shapes run on a copy of the dossier moved to the next
phase: their H1 findings are then what the phases up to the current one lack (past phases:
violations; the current phase: open work), their INFO-OPEN findings what the next phase will
ask. Deliverables asked only where public procurement applies are listed as such
("voorwaardelijk") when the dossier does not say ``sk:aanbestedingsplichtig``: the copy says
``true`` for it, so the shapes name them. Nothing about tabel 3 is written here; the labels,
definitions and phase of each deliverable come from the ontology.

An unstated regime reads as regulier, as ``validate`` reads it (the regime is set in phase 2;
H2 reports a missing one from phase 3 on); the regime the H2 shapes determine
(:mod:`sourcing_kg.workflow.regime`) is reported beside it as advice.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SKOS
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.model.dossiers import DossierData
from sourcing_kg.model.labels import local_name, name, node_text
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.model.policy import Policy
from sourcing_kg.validation.engine import validate_paths, validate_scope
from sourcing_kg.validation.pyshacl_run import Inference
from sourcing_kg.validation.report import Finding, Severity
from sourcing_kg.validation.scope import read_corpus
from sourcing_kg.validation.shapes import load_shapes, shapes_subset
from sourcing_kg.workflow.dossier_status import DossierStatus, Ontbrekend
from sourcing_kg.workflow.regime import determine_regime

#: The rules whose findings are the missing deliverables (tabel 3, §4.7).
MISSING_RULES = ("H1", "INFO-OPEN")


@cache
def _deliverable_shapes() -> Graph:
    dossier = load_shapes().dossier
    roots = {
        holder
        for holder, rule in dossier.subject_objects(SK.regelId)
        if str(rule) in MISSING_RULES and (holder, None, None) in dossier
    }
    return shapes_subset(dossier, roots)


def _phase_labels(graph: Graph, lang: str) -> dict[int, str]:
    labels: dict[int, str] = {}
    fase = scheme("fase")
    for number in range(1, 7):
        node = fase[str(number)]
        if (node, None, None) in graph:
            labels[number] = name(graph, node, lang)
    return labels


def _phase_number(graph: Graph, phase: Node | None) -> int | None:
    number = graph.value(phase, SK.volgnummer) if phase is not None else None
    return int(number) if isinstance(number, Literal) else None


def _text(graph: Graph, node: Node, prop: URIRef, lang: str) -> str:
    for value in graph.objects(node, prop):
        if isinstance(value, Literal) and value.language == lang:
            return str(value)
    return ""


def missing_findings(
    scope: Graph, dossier: Node, *, policy: Policy, as_of: date
) -> tuple[list[Finding], bool]:
    """The H1 and INFO-OPEN findings on ``dossier`` moved one phase on (see the module), and
    whether the copy had to say ``sk:aanbestedingsplichtig true``."""
    ontology = shared_ontology()  # read only: a copy cost 0.4 s per dossier
    phase = scope.value(dossier, SK.fase)
    number = _phase_number(ontology, phase)
    probe = Graph()
    for triple in scope:
        probe.add(triple)
    if number is not None and number < 6:
        probe.remove((dossier, SK.fase, None))
        probe.add((dossier, SK.fase, scheme("fase")[str(number + 1)]))
    assumed = (dossier, SK.aanbestedingsplichtig, None) not in scope
    if assumed:
        probe.add((dossier, SK.aanbestedingsplichtig, Literal(True)))
    findings = validate_scope(probe, as_of=as_of, policy=policy, shapes=_deliverable_shapes())
    return [f for f in findings if f.focus_node == dossier and f.rule_id in MISSING_RULES], assumed


def dossier_status(
    scope: Graph, dossier: Node, *, file: str, policy: Policy, as_of: date, lang: str = "nl"
) -> DossierStatus:
    """The status of one dossier; ``scope`` is the dossier's scope graph (no ontology)."""
    ontology = shared_ontology()  # read only: a copy cost 0.4 s per dossier
    graph = ontology + scope
    stated = sorted(str(r) for r in scope.objects(dossier, SK.regime) if isinstance(r, URIRef))
    # the advice is only needed where the dossier states no regime (one validation less)
    advies = (
        None
        if stated
        else determine_regime(graph, dossier, policy, with_ontology=False, as_of=as_of)
    )
    findings, assumed = missing_findings(scope, dossier, policy=policy, as_of=as_of)
    missing = []
    for klasse in sorted({f.value for f in findings if isinstance(f.value, URIRef)}, key=str):
        phase = _phase_number(ontology, ontology.value(klasse, SK.gevraagdInFase))
        conditional = (
            assumed and (klasse, SK.alleenIndienAanbestedingsplichtig, Literal(True)) in ontology
        )
        missing.append(
            Ontbrekend(
                klasse=str(klasse),
                fase=phase or 0,
                label=_text(ontology, klasse, RDFS.label, lang) or local_name(klasse),
                definitie=_text(ontology, klasse, SKOS.definition, lang),
                voorwaardelijk=conditional,
            )
        )
    missing.sort(key=lambda m: (m.fase, m.klasse))
    skipped = sorted(
        n
        for fase in graph.objects(dossier, SK.overgeslagenFase)
        if (n := _phase_number(graph, fase)) is not None
    )
    phase_node = graph.value(dossier, SK.fase)
    return DossierStatus(
        dossier=node_text(dossier),
        file=file,
        organisation=name(graph, graph.value(dossier, SK.organisatie), lang),
        service=name(graph, graph.value(dossier, SK.betreft), lang),
        phase=_phase_number(graph, phase_node),
        phase_label=name(graph, phase_node, lang) if phase_node is not None else "",
        regime=local_name(URIRef(stated[0])) if stated else "regulier",
        regime_stated=bool(stated),
        regime_advice=advies.regime if advies is not None else None,
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
    """The status of every dossier in ``paths`` (files, directories, TriG), in file order, each
    judged on its own scope as ``validate`` judges it. (``data`` is no longer read.)

    With validation (``count_violations``), each status also says where each value the rules
    used came from: stated, inferred (``inference``), policy or missing
    (:mod:`sourcing_kg.validation.provenance`).
    """
    as_of = as_of or date.today()
    corpus = read_corpus(paths)
    statuses = [
        dossier_status(
            corpus.scope_graph(scope),
            scope.dossier,
            file=scope.file,
            policy=policy,
            as_of=as_of,
            lang=lang,
        )
        for scope in corpus.scopes
    ]
    if count_violations and statuses:
        report = validate_paths(paths, as_of=as_of, policy=policy, inference=inference)
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
