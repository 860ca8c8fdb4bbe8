"""``export-archimate``: the register as an exchange file that validates against the XSD (with
libxml2, as the command does, and independently with the pure-Python ``xmlschema``), and that
``import-archimate`` turns back into exactly the graph it was written from."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import xmlschema
from lxml import etree
from rdflib import Literal, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS

from sourcing_kg.architecture.exchange import read_exchange, write_exchange
from sourcing_kg.architecture.export import DEFAULT_BASE, Export, export_register
from sourcing_kg.architecture.importer import import_file
from sourcing_kg.architecture.rdf import graph_to_model
from sourcing_kg.architecture.xsd import validate_exchange, xsd_dir
from sourcing_kg.cli import main
from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import ARCHIMATE as A
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.safe_xml import parse_untrusted_xml

REGISTER = examples_dir() / "register"
DOSSIER = examples_dir() / "dossiers" / "conform" / "fase-4-verscherpt.ttl"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "archimate"
REG = "https://w3id.org/sourcing-kg/id/register/"


@pytest.fixture(scope="module")
def export() -> Export:
    return export_register([REGISTER])


@pytest.fixture(scope="module")
def written(export: Export, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("export") / "register.xml"
    path.write_bytes(export.xml)
    return path


def test_the_export_validates_against_the_xsd_with_libxml2(written: Path) -> None:
    validate_exchange(parse_untrusted_xml(written.read_bytes(), path=written), written)


def test_the_export_validates_against_the_xsd_with_xmlschema(written: Path) -> None:
    directory = xsd_dir().resolve()
    schema = xmlschema.XMLSchema(
        str(directory / "archimate3_Diagram.xsd"),
        allow="sandbox",
        defuse="always",
        locations={"http://www.w3.org/XML/1998/namespace": str(directory / "xml.xsd")},
    )
    errors = list(schema.iter_errors(str(written)))
    assert errors == []


def test_import_of_the_export_gives_back_the_same_graph(export: Export, written: Path) -> None:
    imported = import_file(written, base=DEFAULT_BASE).graph
    _, only_export, only_import = graph_diff(to_isomorphic(export.graph), to_isomorphic(imported))
    assert (set(only_export), set(only_import)) == (set(), set())


def test_the_register_as_archimate(export: Export) -> None:
    graph = export.graph
    counts = Counter(o for o in graph.objects(None, RDF.type))
    # register.ttl: 7 suppliers and parent companies (Alfa, Beta, Gamma, Cloudy, Delta, SSC,
    # MegaCorp) and 3 customers (BZK, Fin, JenV); 6 IT services (E-mail of BZK and of JenV,
    # Werkplek of BZK and of Fin, Hosting, HR); 6 domains and 17 sub-domains
    assert counts[A.BusinessActor] == 10
    assert counts[A.ApplicationService] == 6
    assert counts[A.Grouping] == 23
    relations = Counter(
        graph.value(s, RDF.predicate) for s in graph.subjects(RDF.type, RDF.Statement)
    )
    # 7 sourcing relationships + 3 subcontracting + 2 parent companies; 6 services serve their
    # one customer (R1 and R7 are both E-mail for BZK); 17 sub-domains in their domain + 6
    # services in their sub-domain
    assert relations == {A.association: 12, A.serving: 6, A.aggregation: 23}
    prop = URIRef(DEFAULT_BASE + "eigenschap/IRI")
    iris = {str(o) for o in graph.objects(None, prop)}
    assert REG + "partij/Cloudy" in iris
    assert REG + "organisatie/BZK/relatie/R1" in iris
    r1 = next(graph.subjects(prop, Literal(REG + "organisatie/BZK/relatie/R1")))
    assert (r1, RDF.predicate, A.association) in graph
    assert (r1, RDFS.label, Literal("R1")) in graph
    assert set(graph.objects(r1, URIRef(DEFAULT_BASE + "eigenschap/Land"))) == {Literal("NLD")}


def test_every_concept_is_part_of_the_one_model(export: Export) -> None:
    models = list(
        export.graph.subjects(RDF.type, URIRef("https://w3id.org/sourcing-kg/def#ArchiMateModel"))
    )
    assert len(models) == 1
    parts = set(export.graph.subjects(DCTERMS.isPartOf, models[0]))
    assert len(parts) == len(export.model.elements) + len(export.model.relationships) == 39 + 41


def test_the_export_is_stable() -> None:
    assert export_register([REGISTER]).xml == export_register([REGISTER]).xml


def test_dossiers_add_their_relationships() -> None:
    both = export_register([REGISTER, DOSSIER])
    alone = export_register([REGISTER])
    assert len(both.model.relationships) > len(alone.model.relationships)
    assert len(both.model.elements) > len(alone.model.elements)


def test_an_imported_model_written_again_gives_the_same_graph(tmp_path: Path) -> None:
    """The writer is the import's inverse on any model, not only the register's."""
    base = "https://example.org/m/"
    first = import_file(FIXTURES / "model.xml", base=base).graph
    again = tmp_path / "again.xml"
    again.write_bytes(write_exchange(graph_to_model(first, base)))
    assert isomorphic(import_file(again, base=base).graph, first)


def test_an_unknown_base_on_export_is_refused(export: Export) -> None:
    with pytest.raises(InputError, match="not under the base"):
        graph_to_model(export.graph, "https://example.org/anders/")


def test_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "register.xml"
    assert main(["export-archimate", str(REGISTER), "-o", str(out)]) == 0
    assert "39 elements and 41 relationships" in capsys.readouterr().err
    tree = etree.parse(str(out))
    assert tree.getroot().tag == "{http://www.opengroup.org/xsd/archimate/3.0/}model"
    model = read_exchange(parse_untrusted_xml(out.read_bytes(), path=out), out)
    assert model.identifier == "id-sourcing-overzicht"
    assert main(["export-archimate", str(REGISTER), "-o", str(out), "--base", "nope"]) == 2
