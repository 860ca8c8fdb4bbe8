"""Turtle: a real SHACL ``sh:ValidationReport`` graph, with ``sk:regel`` on each result.

``sh:conforms`` follows ``--fail-on`` (true when nothing is at or above it); every result
keeps its SHACL severity and its messages in all languages.
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.core.namespaces import PREFIXES, SK
from sourcing_kg.validation.report import Report, Severity

_SEVERITY = {Severity.VIOLATION: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}


def _node(text: str, bnodes: dict[str, BNode]) -> Node:
    if text.startswith("_:"):
        return bnodes.setdefault(text, BNode())
    return URIRef(text)


def report_graph(report: Report, *, fail_on: Severity) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    bnodes: dict[str, BNode] = {}
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms_at(fail_on))))
    for finding in report.sorted():
        node = BNode()
        graph.add((root, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, _SEVERITY[finding.severity]))
        graph.add((node, SH.focusNode, _node(finding.focus_node, bnodes)))
        graph.add((node, SH.sourceShape, _node(finding.source_shape, bnodes)))
        if finding.result_path:
            graph.add((node, SH.resultPath, _node(finding.result_path, bnodes)))
        if finding.value:
            graph.add((node, SH.value, _node(finding.value, bnodes)))
        for lang, message in finding.messages.items():
            graph.add((node, SH.resultMessage, Literal(message, lang=lang or None)))
        for rule in finding.rules:
            graph.add((node, SK.regel, URIRef(rule)))
        if finding.rule_id:
            graph.add((node, SK.regelId, Literal(finding.rule_id)))
        if finding.file:
            graph.add((node, SK.bestand, Literal(finding.file)))
        if finding.dossier:
            graph.add((node, SK.betreftDossier, _node(finding.dossier, bnodes)))
    return graph


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    del lang  # every language is in the graph
    text = report_graph(report, fail_on=fail_on).serialize(format="turtle")
    return text if text.endswith("\n") else text + "\n"
