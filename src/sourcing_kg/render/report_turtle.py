"""Turtle: a SHACL ``sh:ValidationReport`` graph (SHACL §3.6), with ``sk:regel`` on each result.

Every result carries its focus node, severity, source shape and source constraint component,
its path (a complex path with its structure) and value as the RDF terms of the validation
(a literal keeps its datatype and language), its messages in all languages, and the project's
traceability: ``sk:regel`` (the rule IRIs), ``sk:regelId``, ``sk:bestand`` (the file) and
``sk:betreftDossier``. ``sh:conforms`` follows ``--fail-on`` (true when nothing is at or
above). The report is ``prov:wasGeneratedBy`` the PROV-O record of its run
(:mod:`sourcing_kg.render.run_prov`).
"""

from __future__ import annotations

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.core.namespaces import PREFIXES, SK
from sourcing_kg.render.run_prov import add_run
from sourcing_kg.validation.report import Finding, Report, Severity

_SEVERITY = {Severity.VIOLATION: SH.Violation, Severity.WARNING: SH.Warning, Severity.INFO: SH.Info}


def _result(graph: Graph, finding: Finding) -> Node:
    node = BNode()
    graph.add((node, RDF.type, SH.ValidationResult))
    graph.add((node, SH.resultSeverity, _SEVERITY[finding.severity]))
    graph.add((node, SH.focusNode, finding.focus_node))
    graph.add((node, SH.sourceShape, finding.source_shape))
    if finding.source_constraint_component is not None:
        graph.add((node, SH.sourceConstraintComponent, finding.source_constraint_component))
    if finding.result_path is not None:
        graph.add((node, SH.resultPath, finding.result_path))
        for triple in finding.path_triples:
            graph.add(triple)
    if finding.value is not None:
        graph.add((node, SH.value, finding.value))
    for lang, message in sorted(finding.messages.items()):
        graph.add((node, SH.resultMessage, Literal(message, lang=lang or None)))
    for rule in finding.rules:
        graph.add((node, SK.regel, rule))
    if finding.rule_id:
        graph.add((node, SK.regelId, Literal(finding.rule_id)))
    if finding.file:
        graph.add((node, SK.bestand, Literal(finding.file)))
    if finding.dossier is not None:
        graph.add((node, SK.betreftDossier, finding.dossier))
    return node


def report_graph(report: Report, *, fail_on: Severity) -> Graph:
    """The report as an RDF graph: one ``sh:ValidationReport`` with one result per finding."""
    graph = Graph()
    graph.bind("sh", SH)
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    root = BNode()
    graph.add((root, RDF.type, SH.ValidationReport))
    graph.add((root, SH.conforms, Literal(report.conforms_at(fail_on))))
    for finding in report.sorted():
        graph.add((root, SH.result, _result(graph, finding)))
    if report.run is not None:
        add_run(graph, report.run, root)
    return graph


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    del lang  # every language is in the graph
    text = report_graph(report, fail_on=fail_on).serialize(format="turtle")
    return text if text.endswith("\n") else text + "\n"
