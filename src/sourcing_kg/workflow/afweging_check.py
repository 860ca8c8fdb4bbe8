"""The answers of an afweging judged by the rules of ``validate``, not by a copy of them.

The afwegingskader's rules (H3: a value ja/deels/nee, "deels" only where the question allows
it, one answer per question, every question answered, every answer motivated, approval and a
chosen category; H4: an answer that points to another category than the chosen one carries a
rationale or mitigation) are the shapes in ``shapes/dossier/afweging.ttl`` and
``shapes/dossier/leveringsvorm.ttl``. ``sourcing-kg afweging`` writes the answers as RDF in
memory exactly as ``--write`` adds them to a dossier
(:func:`sourcing_kg.workflow.afweging_write.add_afweging_triples`), under a transient dossier
in phase 3 (the phase from which the rules ask a complete afweging), and runs the shapes that
judge an afweging or its answers on it: what ``validate`` will say about this afweging once
the dossier is in phase 3.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.model.policy import Policy, load_policy
from sourcing_kg.validation.engine import validate_scope
from sourcing_kg.validation.report import Finding
from sourcing_kg.validation.shapes import load_shapes, shapes_subset
from sourcing_kg.workflow.afweging import AnswerFinding, Antwoord, Kader, Uitkomst, evaluate
from sourcing_kg.workflow.afweging_write import add_afweging_triples

#: The phase from which the rules ask a complete afweging (§4.3: the choice is made in fase 2).
JUDGED_IN_PHASE = "3"


@cache
def afweging_shapes() -> Graph:
    """The dossier shapes that judge an afweging or its answers (by their targets)."""
    dossier = load_shapes().dossier
    roots = {
        shape
        for shape in dossier.subjects(RDF.type, SH.NodeShape)
        if any((shape, SH.targetClass, c) in dossier for c in (SK.Afweging, SK.Antwoord))
        or any((shape, SH.targetObjectsOf, p) in dossier for p in (SK.afweging, SK.antwoord))
    }
    return shapes_subset(dossier, roots)


def afweging_graph(kader: Kader, uitkomst: Uitkomst) -> tuple[Graph, dict[Node, int]]:
    """The afweging as ``--write`` adds it, under a transient phase-3 dossier, and the
    question number of each answer node."""
    graph = Graph()
    dossier = BNode()
    graph.add((dossier, RDF.type, SK.Dossier))
    graph.add((dossier, SK.fase, scheme("fase")[JUDGED_IN_PHASE]))
    node = add_afweging_triples(graph, dossier, kader, uitkomst)
    numbers: dict[Node, int] = {v.iri: v.nummer for v in kader.vragen}
    questions = {
        item: numbers[vraag]
        for item in graph.objects(node, SK.antwoord)
        for vraag in graph.objects(item, SK.vraag)
        if vraag in numbers
    }
    return graph, questions


def judge_answers(
    kader: Kader,
    answers: list[Antwoord],
    *,
    category: str | None = None,
    policy: Policy | None = None,
    as_of: date | None = None,
) -> list[AnswerFinding]:
    """What the H3/H4 shapes find in these answers, with ``category`` as the chosen category
    (default: the advice when it is not a tie), ordered by question."""
    if category is None:
        advice = evaluate(kader, answers).advice
        category = advice[0] if len(advice) == 1 else None
    graph, questions = afweging_graph(kader, evaluate(kader, answers, category=category))
    findings = validate_scope(
        graph,
        as_of=as_of or date.today(),
        policy=policy or load_policy(),
        shapes=afweging_shapes(),
    )
    numbers: dict[Node, int] = {v.iri: v.nummer for v in kader.vragen}
    found = [
        AnswerFinding(f, questions.get(f.focus_node) or (numbers.get(f.value) if f.value else None))
        for f in findings
    ]
    return sorted(found, key=lambda a: (a.vraag or 0, a.finding.rule or "", a.finding.message()))


def problems_of(found: list[AnswerFinding], prop: Node) -> dict[int, Finding]:
    """Per question, the first finding about the answer's ``prop`` (``sk:waarde``,
    ``sk:motivering``, ``sk:mitigatie``) or, for ``sk:antwoord``, the unanswered questions."""
    problems: dict[int, Finding] = {}
    for item in found:
        if item.vraag is not None and item.finding.result_path == prop:
            problems.setdefault(item.vraag, item.finding)
    return problems
