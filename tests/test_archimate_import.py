"""``import-archimate`` on the project's own fixtures (tests/fixtures/archimate/).

``model.xml`` (exchange format) and ``model.archimate`` (Archi) hold the same small model; the
expected triples below are written out by hand from those files. Bad inputs are refused with
exit code 3, naming the file and the line.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS

from sourcing_kg.architecture.importer import import_file
from sourcing_kg.architecture.mapping import type_mapping
from sourcing_kg.cli import main
from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import ARCHIMATE, SK
from sourcing_kg.io.rdf_files import parse_file

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "archimate"
BASE = "https://example.org/m/"
A = ARCHIMATE


def m(identifier: str) -> URIRef:
    return URIRef(BASE + identifier)


def key(name: str) -> URIRef:
    return URIRef(BASE + "eigenschap/" + name)


@pytest.fixture(scope="module")
def exchange() -> Graph:
    return import_file(FIXTURES / "model.xml", base=BASE).graph


@pytest.fixture(scope="module")
def archi() -> Graph:
    return import_file(FIXTURES / "model.archimate", base=BASE).graph


def test_elements_one_class_each(exchange: Graph) -> None:
    types = {
        s: o
        for s, o in exchange.subject_objects(RDF.type)
        if o not in {RDF.Statement, OWL.DatatypeProperty}
    }
    assert types == {
        m("id-m1"): SK.ArchiMateModel,
        m("id-bf1"): A.BusinessFunction,
        m("id-bp1"): A.BusinessProcess,
        m("id-ac1"): A.ApplicationComponent,
        m("id-as1"): A.ApplicationService,
        m("id-n1"): A.Node,
        m("id-do1"): A.DataObject,
        m("id-j1"): A.OrJunction,
    }
    assert set(exchange.subjects(DCTERMS.isPartOf, m("id-m1"))) == (
        set(types) - {m("id-m1")} | {m(f"id-r{n}") for n in range(1, 10)}
    )


def test_relationships_as_triples_with_the_access_types(exchange: Graph) -> None:
    expected = {
        (m("id-as1"), A.serving, m("id-bp1")),
        (m("id-ac1"), A.realization, m("id-as1")),
        (m("id-bf1"), A.composition, m("id-bp1")),
        (m("id-ac1"), A.readAccess, m("id-do1")),
        (m("id-ac1"), A.access, m("id-do1")),  # no accessType: "Access" (XSD 3.1)
        (m("id-ac1"), A.writeAccess, m("id-do1")),
        (m("id-do1"), A.association, m("id-r1")),  # to a relationship: its statement
        (m("id-n1"), A.serving, m("id-j1")),
        (m("id-j1"), A.serving, m("id-ac1")),
    }
    relation_terms = type_mapping().relation_properties
    assert {t for t in exchange if t[1] in relation_terms} == expected


def test_every_relationship_is_also_a_statement(exchange: Graph) -> None:
    statements = set(exchange.subjects(RDF.type, RDF.Statement))
    assert statements == {m(f"id-r{n}") for n in range(1, 10)}
    for statement in statements:
        triple = (
            exchange.value(statement, RDF.subject),
            exchange.value(statement, RDF.predicate),
            exchange.value(statement, RDF.object),
        )
        assert triple in exchange
    assert exchange.value(m("id-r4"), RDF.predicate) == A.readAccess
    assert set(exchange.objects(m("id-r1"), RDFS.label)) == {Literal("ondersteunt", lang="nl")}
    assert set(exchange.objects(m("id-r6"), RDFS.comment)) == {Literal("Over de zaak.", lang="nl")}


def test_names_documentation_and_properties_keep_their_language(exchange: Graph) -> None:
    assert set(exchange.objects(m("id-bf1"), RDFS.label)) == {
        Literal("Vergunningverlening", lang="nl"),
        Literal("Licensing", lang="en"),
    }
    assert set(exchange.objects(m("id-bf1"), RDFS.comment)) == {
        Literal("Vergunningen verlenen.", lang="nl")
    }
    assert set(exchange.objects(m("id-bf1"), key("Eigenaar"))) == {Literal("Team VTH", lang="nl")}
    assert set(exchange.objects(m("id-ac1"), key("GEMMA%20type"))) == {
        Literal("Referentiecomponent", lang="nl")
    }
    assert set(exchange.objects(m("id-m1"), key("Versie"))) == {Literal("1.0")}
    assert set(exchange.objects(m("id-m1"), RDFS.label)) == {Literal("Gemeente", lang="nl")}
    assert list(exchange.objects(m("id-j1"), RDFS.label)) == []


def test_property_keys_are_datatype_properties_labelled_with_the_key(exchange: Graph) -> None:
    keys = {
        s: set(exchange.objects(s, RDFS.label))
        for s in exchange.subjects(RDF.type, OWL.DatatypeProperty)
    }
    assert keys == {
        key("Eigenaar"): {Literal("Eigenaar")},
        key("GEMMA%20type"): {Literal("GEMMA type")},
        key("Versie"): {Literal("Versie")},
        key(""): {Literal("")},  # the empty key, as real models have it
    }
    assert set(exchange.objects(m("id-r2"), key(""))) == {Literal("x")}


def test_views_and_organizations_are_left_out(exchange: Graph, archi: Graph) -> None:
    for graph in (exchange, archi):
        nodes = {str(t) for triple in graph for t in triple}
        assert not {BASE + "id-v1", BASE + "id-nd1", BASE + "id-s1"} & nodes
        assert "Bedrijf" not in {str(o) for o in graph.objects()}


def test_archi_format_gives_the_same_graph_without_language_tags(
    exchange: Graph, archi: Graph
) -> None:
    """Archi's format has one name per element and no xml:lang: drop @en, strip the tags."""
    stripped = Graph()
    for s, p, o in exchange:
        if isinstance(o, Literal) and o.language == "en":
            continue
        stripped.add((s, p, Literal(str(o)) if isinstance(o, Literal) else o))
    assert isomorphic(stripped, archi)


def test_iris_are_stable_and_follow_the_base() -> None:
    first = import_file(FIXTURES / "model.xml", base=BASE).graph
    again = import_file(FIXTURES / "model.xml", base=BASE).graph
    assert set(first) == set(again)
    other = import_file(FIXTURES / "model.xml", base="urn:uuid:").graph
    assert (URIRef("urn:uuid:id-ac1"), RDF.type, A.ApplicationComponent) in other
    assert len(other) == len(first)


def test_counts_per_type() -> None:
    result = import_file(FIXTURES / "model.archimate", base=BASE)
    assert result.format == "archi"
    counts = result.counts()
    assert counts[A.serving] == 3 and counts[A.ApplicationComponent] == 1
    assert sum(counts.values()) == 16
    assert Counter(result.counts()) == Counter(
        import_file(FIXTURES / "model.xml", base=BASE).counts()
    )


def test_the_ontology_declares_every_mapped_term() -> None:
    from sourcing_kg.model.ontology import ontology_graph

    ontology = ontology_graph()
    mapping = type_mapping()
    assert len(mapping.element_classes) == 62 and len(mapping.relation_properties) == 14
    for term in mapping.element_classes:
        assert (term, RDFS.subClassOf, SK.ArchiMateElement) in ontology, term
    for term in mapping.relation_properties:
        assert (term, RDF.type, OWL.ObjectProperty) in ontology, term


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("name", "line", "words"),
    [
        ("dtd.xml", None, "document type declarations"),
        ("extern.archimate", None, "document type declarations"),
        ("kapot.xml", 6, "XML error"),
        ("ongeldig.xml", 8, "XSD"),
        ("zwevend.archimate", 7, "'id-weg'"),
        ("dubbel.archimate", 5, "used twice"),
        ("onbekend.archimate", 5, "BusinessWidget"),
        ("geen-archimate.xml", 2, "not an ArchiMate file"),
    ],
)
def test_bad_files_name_file_and_line(name: str, line: int | None, words: str) -> None:
    with pytest.raises(InputError) as caught:
        import_file(FIXTURES / name, base=BASE)
    assert caught.value.path == str(FIXTURES / name)
    assert caught.value.line == line
    assert words in caught.value.message


def test_files_over_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sourcing_kg.io.safe_xml.MAX_FILE_BYTES", 1000)
    with pytest.raises(InputError, match="exceeds the limit"):
        import_file(FIXTURES / "model.xml", base=BASE)


@pytest.mark.parametrize("base", ["example.org/m/", "https://example.org/m", "https://ex ample/"])
def test_a_bad_base_is_a_usage_error(base: str) -> None:
    with pytest.raises(UsageError):
        import_file(FIXTURES / "model.xml", base=base)


# ----------------------------------------------------------------------------- command line


def test_command_writes_turtle_that_the_project_reads_back(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "model.ttl"
    assert (
        main(["import-archimate", str(FIXTURES / "model.xml"), "-o", str(out), "--base", BASE]) == 0
    )
    assert "7 elements, 9 relationships, 4 property keys" in capsys.readouterr().err
    read_back = Graph()
    for triple in parse_file(out).triples((None, None, None)):
        read_back.add(triple)
    assert isomorphic(read_back, import_file(FIXTURES / "model.xml", base=BASE).graph)


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out.ttl"
    assert (
        main(["import-archimate", str(FIXTURES / "ongeldig.xml"), "-o", str(out), "--base", BASE])
        == 3
    )
    assert "ongeldig.xml:8:" in capsys.readouterr().err
    assert not out.exists()
    assert (
        main(["import-archimate", str(FIXTURES / "model.xml"), "-o", str(out), "--base", "x"]) == 2
    )
    model = tmp_path / "model.xml"
    model.write_bytes((FIXTURES / "model.xml").read_bytes())
    assert main(["import-archimate", str(model), "-o", str(model), "--base", BASE]) == 2
    with pytest.raises(SystemExit) as stop:  # --base is required
        main(["import-archimate", str(FIXTURES / "model.xml"), "-o", str(out)])
    assert stop.value.code == 2


def test_archi_ids_are_named_as_archi_exports_them() -> None:
    graph = import_file(FIXTURES / "archi-ids.archimate", base=BASE).graph
    assert (m("id-11f5304f"), RDF.type, SK.ArchiMateModel) in graph
    assert (m("id-650"), A.triggering, m("id-c3cfb87f")) in graph
    assert (m("id-r-1"), RDF.type, RDF.Statement) in graph
    assert (m("id-c3cfb87f"), A.readWriteAccess, m("id-650")) in graph  # Archi's "3"
    assert (m("id-r2"), RDF.predicate, A.readWriteAccess) in graph
