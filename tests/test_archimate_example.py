"""The example in data/architectuur/: two dossiers whose services point to elements of an
ArchiMate model (landschap.archimate, imported as landschap.ttl), and what a failing
subcontractor hits."""

from __future__ import annotations

from datetime import date

from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from analysis_helpers import run
from sourcing_kg.architecture.export import export_register
from sourcing_kg.architecture.importer import import_file
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.rdf_files import parse_file
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths

EXAMPLE = examples_dir() / "architectuur"
BASE = "https://example.org/rijk/architectuur/"
AS_OF = date(2026, 1, 31)


def test_the_committed_import_is_current() -> None:
    committed = Graph()
    for triple in parse_file(EXAMPLE / "landschap.ttl").triples((None, None, None)):
        committed.add(triple)
    fresh = import_file(EXAMPLE / "landschap.archimate", base=BASE).graph
    assert isomorphic(committed, fresh), "run the command in the header of landschap.ttl"


def test_the_example_validates_without_violations() -> None:
    report = validate_paths([EXAMPLE], as_of=AS_OF, policy=load_policy())
    assert {f.severity.value for f in report.findings} == {"Info"}
    assert [f for f in report.findings if f.rule_id == "ARCH-ELEMENT"] == []


def test_without_the_model_the_links_are_broken() -> None:
    """The GEMMA and NORA IRIs are known; the model's elements are not in the inputs."""
    report = validate_paths([EXAMPLE / "dossiers.ttl"], as_of=AS_OF, policy=load_policy())
    broken = {f.value for f in report.findings if f.rule_id == "ARCH-ELEMENT"}
    expected = {BASE + "id-node-cloud", BASE + "id-ts-hosting", BASE + "id-ac-zaak"}
    assert broken == {URIRef(iri) for iri in expected}


def test_a_failing_subcontractor_hits_two_business_functions(make_backend) -> None:
    table = run(
        make_backend([EXAMPLE]),
        "archimate-impact-leverancier",
        leverancier="https://example.org/rijk/partij/hyperscale",
    )
    hit: dict[str, set[str]] = {}
    for _element, soort, naam, _dienst, _via in table.rows:
        hit.setdefault(str(soort).rsplit("#", 1)[1], set()).add(str(naam))
    assert hit == {
        "BusinessFunction": {"Vergunningverlening", "Toezicht en handhaving"},
        "BusinessProcess": {"Aanvraag behandelen", "Inspectie uitvoeren"},
        "ApplicationComponent": {"Zaaksysteem", "Inspectie-app"},
    }
    vias = {str(row[4]).rsplit("/", 1)[1] for row in table.rows}
    assert vias == {"wolkenbank", "zaakwerk"}  # both chains end at Hyperscale


def test_the_example_exports() -> None:
    export = export_register([EXAMPLE / "dossiers.ttl"])
    names = {t.value for c in export.model.elements for t in c.names}
    assert {"Hyperscale Inc.", "Cloudhosting", "12 Cloud PaaS/IaaS"} <= names
