"""Test helper: run pySHACL and reduce the report to comparable findings.

A finding is ``(focus node, rule id, severity)``; the rule id is the ``sk:regelId`` of the shape
that produced the result, or of the node shape that holds it with ``sh:property``. Tests compare
these tuples, never message text.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from pyshacl import validate
from rdflib import Graph, Node
from rdflib.namespace import RDF, SH

from sourcing_kg.core.namespaces import SK


class Finding(NamedTuple):
    focus: Node
    rule: str | None
    severity: Node


def rule_id(shapes: Graph, shape: Node) -> str | None:
    """The ``sk:regelId`` of a shape, or of the shape holding it with ``sh:property``."""
    seen: set[Node] = set()
    todo = [shape]
    while todo:
        current = todo.pop()
        if current in seen:
            continue
        seen.add(current)
        value = shapes.value(current, SK.regelId)
        if value is not None:
            return str(value)
        todo.extend(shapes.subjects(SH.property, current))
    return None


def findings(data: Graph, shapes: Graph, **options: object) -> set[Finding]:
    """Validate ``data`` against ``shapes`` and return the findings as a set."""
    _conforms, report, _text = validate(data, shacl_graph=shapes, **options)
    result: set[Finding] = set()
    for node in report.subjects(RDF.type, SH.ValidationResult):
        shape = report.value(node, SH.sourceShape)
        result.add(
            Finding(
                focus=report.value(node, SH.focusNode),
                rule=rule_id(shapes, shape) if shape is not None else None,
                severity=report.value(node, SH.resultSeverity),
            )
        )
    return result


def load(*paths: Path) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph
