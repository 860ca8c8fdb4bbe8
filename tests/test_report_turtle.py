"""The Turtle report is a SHACL validation report (§3.6) that keeps the RDF terms of its results."""

from __future__ import annotations

from datetime import date
from hashlib import sha256
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import PROV, RDF, SH, XSD

from sourcing_kg.core.resources import examples_dir
from sourcing_kg.model.policy import load_policy
from sourcing_kg.render import render
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Finding, Report, Severity

SHAPES = Path(__file__).resolve().parent / "fixtures" / "report" / "validation-report-shapes.ttl"
SPDX = Namespace("http://spdx.org/rdf/terms#")
AFWIJKEND = examples_dir() / "dossiers" / "afwijkend"


def _conforms_to_shacl_report_shapes(graph: Graph) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES))
    return bool(conforms), str(text)


def test_a_real_run_gives_a_valid_report_with_typed_values() -> None:
    report = validate_paths(
        sorted(AFWIJKEND.glob("*.ttl")), as_of=date(2026, 6, 1), policy=load_policy()
    )
    graph = Graph().parse(data=render(report, "turtle"), format="turtle")
    ok, text = _conforms_to_shacl_report_shapes(graph)
    assert ok, text
    results = set(graph.subjects(RDF.type, SH.ValidationResult))
    assert len(results) == len(report.findings) > 10
    values = {graph.value(r, SH.value) for r in results}
    # H9's value is the literal that is not a date: a literal, not an IRI made of its text
    assert Literal("15-01-2025") in values
    assert URIRef("15-01-2025") not in values
    components = {graph.value(r, SH.sourceConstraintComponent) for r in results}
    assert {SH.SPARQLConstraintComponent, SH.DatatypeConstraintComponent} <= components
    # the PROV-O record of the run: every input used, with its SHA-256 (tests/test_run_record.py)
    (root,) = graph.subjects(RDF.type, SH.ValidationReport)
    run = graph.value(root, PROV.wasGeneratedBy)
    assert (run, RDF.type, PROV.Activity) in graph
    used = set(graph.objects(run, PROV.used))
    for path in sorted(AFWIJKEND.glob("*.ttl")):
        entity = URIRef(path.resolve().as_uri())
        assert entity in used
        checksum = graph.value(entity, SPDX.checksum)
        assert (
            str(graph.value(checksum, SPDX.checksumValue)) == sha256(path.read_bytes()).hexdigest()
        )


def test_values_keep_datatype_and_language_and_paths_keep_their_structure() -> None:
    path = BNode()
    alternative = BNode()
    finding = Finding(
        severity=Severity.WARNING,
        focus_node=URIRef("urn:d"),
        result_path=path,
        path_triples=((path, SH.inversePath, URIRef("urn:p")),),
        messages={"nl": "bericht", "en": "message"},
        source_shape=alternative,
        source_constraint_component=SH.MinCountConstraintComponent,
        value=Literal("2026-13-01", datatype=XSD.date),
    )
    tagged = Finding(
        severity=Severity.INFO,
        focus_node=URIRef("urn:d"),
        result_path=URIRef("urn:q"),
        messages={},
        source_shape=URIRef("urn:S"),
        source_constraint_component=SH.PatternConstraintComponent,
        value=Literal("tekst", lang="nl"),
    )
    graph = Graph().parse(
        data=render(Report(findings=[finding, tagged]), "turtle"), format="turtle"
    )
    ok, text = _conforms_to_shacl_report_shapes(graph)
    assert ok, text
    values = set(graph.objects(None, SH.value))
    assert values == {Literal("2026-13-01", datatype=XSD.date), Literal("tekst", lang="nl")}
    (written_path,) = [p for p in graph.objects(None, SH.resultPath) if isinstance(p, BNode)]
    assert graph.value(written_path, SH.inversePath) == URIRef("urn:p")
    messages = {(str(m), m.language) for m in graph.objects(None, SH.resultMessage)}
    assert messages == {("bericht", "nl"), ("message", "en")}
