"""ADR 0001 "Shapes": every dossier shape carries severity, nl+en message and the rule it enforces.

Checked over the shapes graph itself: for every SPARQL-based constraint and every property
shape, what it reports must have an explicit ``sh:severity``, ``sh:message`` in nl and en,
``sk:regelId`` and ``sk:regel`` (on itself or its node shape), and every ``sk:regel`` must be a
concept or source node that the ontology describes.
"""

from __future__ import annotations

from rdflib import Graph, Literal
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.validation.shapes import load_shapes

HARD_RULES = {f"H{n}" for n in range(1, 11)}


def _reporting_parts(shapes: Graph) -> list[tuple[Node, Node]]:
    """(part, its node shape) for each SPARQL constraint and property shape of a node shape."""
    parts = []
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        for constraint in shapes.objects(shape, SH.sparql):
            parts.append((constraint, shape))
        for prop in shapes.objects(shape, SH.property):
            parts.append((prop, shape))
    return parts


def _value(shapes: Graph, part: Node, parent: Node, prop: Node) -> list[Node]:
    return list(shapes.objects(part, prop)) or list(shapes.objects(parent, prop))


def test_every_shape_has_severity_messages_and_rule() -> None:
    shapes = load_shapes().all()
    parts = _reporting_parts(shapes)
    assert len(parts) > 20
    problems = []
    for part, parent in parts:
        if not _value(shapes, part, parent, SH.severity):
            problems.append((parent, part, "no sh:severity"))
        langs = {m.language for m in shapes.objects(part, SH.message) if isinstance(m, Literal)}
        if not {"nl", "en"} <= langs:
            problems.append((parent, part, f"sh:message languages {langs}"))
        if not _value(shapes, part, parent, SK.regel):
            problems.append((parent, part, "no sk:regel"))
        if len(_value(shapes, part, parent, SK.regelId)) != 1:
            problems.append((parent, part, "not exactly one sk:regelId"))
    assert problems == []


def test_every_rule_named_is_described_in_the_ontology() -> None:
    shapes = load_shapes().all()
    ontology = ontology_graph()
    named = set(shapes.objects(None, SK.regel))
    assert named
    for rule in named:
        described = (rule, SKOS.prefLabel, None) in ontology or (rule, RDFS.label, None) in ontology
        assert described, rule


def test_hard_rules_are_violations_and_all_present() -> None:
    shapes = load_shapes().all()
    seen = set()
    for part, parent in _reporting_parts(shapes):
        (rule_id,) = _value(shapes, part, parent, SK.regelId)
        severities = set(_value(shapes, part, parent, SH.severity))
        if str(rule_id) in HARD_RULES:
            seen.add(str(rule_id))
            # the one exception: H10 reports the skip itself as a warning
            if severities != {SH.Violation}:
                assert str(rule_id) == "H10" and severities == {SH.Warning}
        elif str(rule_id).startswith("P"):
            assert severities == {SH.Warning}
        elif str(rule_id) == "INFO-OPEN":
            assert severities == {SH.Info}
    assert seen == HARD_RULES
