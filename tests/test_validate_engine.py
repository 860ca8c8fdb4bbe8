"""The validation engine as a library: inputs untouched, findings attributed to file and dossier."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode, Graph, URIRef

from sourcing_kg.core.errors import InputError
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_graph, validate_paths
from sourcing_kg.validation.report import Severity
from sourcing_kg.validation.shapes import load_shapes

pytestmark = pytest.mark.usefixtures("only_test_shapes")
EX = "https://example.org/dossiers/"


def test_validate_graph_leaves_its_input_alone(dossiers: Path, test_shapes: Path) -> None:
    data = Graph().parse(dossiers / "violation.ttl")
    before = set(data)
    findings = validate_graph(
        data, as_of=date(2026, 1, 1), policy=load_policy(), shapes=load_shapes([test_shapes])
    )
    assert set(data) == before
    assert [(f.focus_node, f.rule_id, f.severity) for f in findings] == [
        (URIRef(f"{EX}zonder-fase"), "T-FASE", Severity.VIOLATION)
    ]


def test_blank_node_findings_belong_to_their_dossier(tmp_path: Path, test_shapes: Path) -> None:
    dossier = tmp_path / "bnode.ttl"
    dossier.write_text(
        """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
        @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
        <https://example.org/dossiers/b> a sk:Dossier ; sk:organisatie <urn:o> ;
            sk:fase <https://w3id.org/sourcing-kg/id/fase/5> ;
            sk:resultaat [ a sk:Exitplan ; sk:laatstGetest "2027-01-01"^^xsd:date ] .
        """,
        encoding="utf-8",
    )
    report = validate_paths(
        [dossier], as_of=date(2026, 1, 1), policy=load_policy(), extra_shapes=[test_shapes]
    )
    (finding,) = report.findings
    assert finding.rule_id == "T-TESTDATUM"
    assert isinstance(finding.focus_node, BNode)
    assert finding.dossier == URIRef(f"{EX}b")
    assert finding.file == str(dossier)
    assert report.dossiers == {URIRef(f"{EX}b"): str(dossier)}
    assert set(report.rules) == {"T-FASE", "T-ORG", "T-RESULTAAT", "T-TESTDATUM"}


def test_shapes_with_a_syntax_error_name_file_and_line(tmp_path: Path) -> None:
    shapes = tmp_path / "broken-shapes.ttl"
    shapes.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n<urn:S> a sh:NodeShape\n", "utf-8"
    )
    with pytest.raises(InputError) as error:
        load_shapes([shapes])
    assert error.value.path == str(shapes)
    assert error.value.line == 3
