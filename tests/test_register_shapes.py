"""Register shapes (identifiers): conforming and non-conforming fixtures, per rule id."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import shapes_dir
from sourcing_kg.sparql.cache import prepared_queries

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "register" / "shapes"
EX = "https://example.org/reg/"


def findings(data: Graph) -> set[tuple[str, str, str, str]]:
    shapes = Graph().parse(shapes_dir() / "register" / "identificatie.ttl")
    # pySHACL parses a SPARQL constraint anew per focus node (a second each for the LEI check);
    # the product runs it with each query prepared once (sourcing_kg.sparql.cache), so here too
    with prepared_queries():
        conforms, report, _ = validate(data, shacl_graph=shapes, allow_warnings=True)
    found = set()
    for result in report.subjects(SH.resultSeverity, None):
        source = report.value(result, SH.sourceShape)
        node_shape = (
            source
            if (source, SK.regelId, None) in shapes
            else shapes.value(None, SH.property, source)
        )
        found.add(
            (
                str(report.value(result, SH.focusNode)).removeprefix(EX),
                str(report.value(result, SH.resultPath)).removeprefix(str(SK)),
                str(shapes.value(node_shape, SK.regelId)),
                str(report.value(result, SH.resultSeverity)).removeprefix(str(SH)),
            )
        )
    assert conforms == (not found)
    return found


def test_valid_identifiers_conform() -> None:
    assert findings(Graph().parse(FIXTURES / "identificatie-goed.ttl")) == set()


def test_invalid_identifiers() -> None:
    assert findings(Graph().parse(FIXTURES / "identificatie-fout.ttl")) == {
        ("Alfa", "kvkNummer", "REG-KVK", "Violation"),
        ("Beta", "lei", "REG-LEI-CONTROLE", "Violation"),
        ("Gamma", "lei", "REG-LEI", "Violation"),
        ("SSC", "oin", "REG-OIN", "Violation"),
    }


def _mod97(lei: str) -> int:
    return int("".join(str(int(c, 36)) for c in lei)) % 97


@pytest.mark.parametrize("base", ["529900T8BM49AURSDO", "HWUPKR0MPOU8FGXBT3", "ZZZZZZZZZZZZZZZZZZ"])
def test_lei_check_digits_agree_with_iso_7064(base: str) -> None:
    """All 100 check-digit pairs for a base: exactly the one ISO 7064 computes passes.

    pySHACL evaluates the constraint with rdflib, about a second per focus node with its 80
    BINDs, so the exhaustive run uses the constraint's own SELECT on pyoxigraph.
    """
    shapes = Graph().parse(shapes_dir() / "register" / "identificatie.ttl")
    select = str(next(shapes.objects(None, SH.select)))
    store = ox.Store()
    for check in range(100):
        store.add(
            ox.Quad(
                ox.NamedNode(f"{EX}{check:02d}"),
                ox.NamedNode(str(SK.lei)),
                ox.Literal(f"{base}{check:02d}"),
            )
        )
    wrong = {
        s["this"].value.removeprefix(EX) for s in store.query(select.replace("$this", "?this"))
    }
    right = {f"{c:02d}" for c in range(100) if _mod97(f"{base}{c:02d}") == 1}
    assert len(right) == 1
    assert wrong == {f"{c:02d}" for c in range(100)} - right


def test_every_register_shape_is_traceable() -> None:
    """ADR 0001: severity, messages in nl and en, the rule and its id on every shape."""
    shapes = Graph().parse(shapes_dir() / "register" / "identificatie.ttl")
    node_shapes = set(shapes.subjects(SK.regelId, None))
    assert len(node_shapes) == 4
    for shape in node_shapes:
        assert shapes.value(shape, SK.regel) is not None
        constraints = list(shapes.objects(shape, SH.property)) + list(
            shapes.objects(shape, SH.sparql)
        )
        assert constraints, shape
        for constraint in constraints:
            assert shapes.value(constraint, SH.severity) == SH.Violation
            languages = {m.language for m in shapes.objects(constraint, SH.message)}
            assert languages == {"nl", "en"}, shape


def test_register_terms_have_labels_definitions_and_source() -> None:
    from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

    from sourcing_kg.core.resources import ontology_dir

    terms = Graph().parse(ontology_dir() / "register.ttl")
    properties = set(terms.subjects(RDF.type, OWL.ObjectProperty)) | set(
        terms.subjects(RDF.type, OWL.DatatypeProperty)
    )
    assert {SK.afnemer, SK.dienst, SK.kvkNummer, SK.oin, SK.lei} <= properties
    for term in properties:
        assert {lbl.language for lbl in terms.objects(term, RDFS.label)} == {"nl", "en"}
        assert {d.language for d in terms.objects(term, SKOS.definition)} == {"nl", "en"}
        assert isinstance(terms.value(term, DCTERMS.source), URIRef)
