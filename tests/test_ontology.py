"""The ontology as a whole: it parses, it passes its own shapes, OWL RL inference adds no
inconsistency or nonsense, and the counts of the core parts match the document."""

from __future__ import annotations

from pathlib import Path

import owlrl
import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, SH

from sourcing_kg.core.namespaces import BRON, COUNTRY, SK, SKID, scheme
from sourcing_kg.core.resources import ontology_dir, ontology_files, shape_files, shapes_dir
from sourcing_kg.io.rdf_files import parse_project_turtle
from sourcing_kg.model.ontology import ontology_graph

from .shacl_findings import findings, load

HERE = Path(__file__).parent
QUERIES = HERE / "queries"
FIXTURES = HERE / "fixtures" / "ontologie"
FASE = scheme("fase")
REGIME = scheme("regime")
# owlrl's error vocabulary: each inconsistency becomes [ a err:ErrorMessage ; err:error "..." ]
OWLRL_ERR = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


def _count(graph: Graph, query_file: str, **bindings: object) -> int:
    query = (QUERIES / query_file).read_text(encoding="utf-8")
    rows = list(graph.query(query, initBindings=bindings))  # type: ignore[arg-type]
    return int(rows[0][0])  # type: ignore[index]


# --- parsing -------------------------------------------------------------------------------


def test_core_files_are_present() -> None:
    names = {p.relative_to(ontology_dir()).as_posix() for p in ontology_files()}
    assert {"sourcing-kg.ttl", "resultaten.ttl", "bronnen.ttl", "landen.ttl"} <= names


@pytest.mark.parametrize("path", ontology_files(), ids=lambda p: p.name)
def test_every_file_parses(path: Path) -> None:
    assert len(parse_project_turtle([path])) > 0


def test_the_whole_ontology_parses(ontology: Graph) -> None:
    assert (URIRef("https://w3id.org/sourcing-kg/def"), RDF.type, OWL.Ontology) in ontology


# --- own shapes and references -------------------------------------------------------------


def test_ontology_passes_its_own_shapes(ontology: Graph) -> None:
    assert findings(ontology, load(shapes_dir() / "ontology" / "ontologie.ttl")) == set()


def test_every_bron_iri_used_is_described(ontology: Graph) -> None:
    """ADR 0001: every bron: IRI used anywhere (ontology and shapes) is described in bronnen.ttl."""
    described = set(
        load(ontology_dir() / "bronnen.ttl").subjects(RDF.type, DCTERMS.BibliographicResource)
    )
    used: set[URIRef] = set()
    for graph in (ontology, parse_project_turtle(shape_files("dossier", "register", "ontology"))):
        for triple in graph:
            used |= {t for t in triple if isinstance(t, URIRef) and t.startswith(str(BRON))}
    assert used - described == set()


def test_every_sk_term_used_is_declared(ontology: Graph) -> None:
    """No typos: every sk: IRI in the ontology and the shapes has a type in the ontology."""
    used: set[URIRef] = set()
    for graph in (ontology, parse_project_turtle(shape_files("dossier", "register", "ontology"))):
        for triple in graph:
            used |= {t for t in triple if isinstance(t, URIRef) and t.startswith(str(SK))}
    undeclared = {term for term in used if (term, RDF.type, None) not in ontology}
    assert undeclared == set()


# --- OWL RL --------------------------------------------------------------------------------


def _closure(graph: Graph) -> Graph:
    closed = Graph()
    for triple in graph:
        closed.add(triple)
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(closed)
    return closed


@pytest.fixture(scope="module")
def closed_with_dossier(ontology: Graph) -> tuple[Graph, Graph]:
    data = ontology_graph()
    data.parse(FIXTURES / "dossier-inferentie.ttl", format="turtle")
    return data, _closure(data)


def test_owl_rl_finds_no_inconsistency(closed_with_dossier: tuple[Graph, Graph]) -> None:
    _before, closed = closed_with_dossier
    errors = [
        str(m)
        for e in closed.subjects(RDF.type, OWLRL_ERR.ErrorMessage)
        for m in closed.objects(e, OWLRL_ERR.error)
    ]
    assert errors == []
    assert list(closed.subjects(RDF.type, OWL.Nothing)) == []


def test_owl_rl_does_not_retype_concepts_countries_or_sources(
    closed_with_dossier: tuple[Graph, Graph],
) -> None:
    """Domains must not turn a concept, country or source node into a dossier, supplier, ..."""
    before, closed = closed_with_dossier
    ours = (str(SKID), str(COUNTRY))  # skid: includes the bron: nodes
    new_sk_types = {
        (s, o)
        for s, o in closed.subject_objects(RDF.type)
        if isinstance(s, URIRef)
        and s.startswith(ours)
        and o.startswith(str(SK))
        and o not in (SK.EERLand,)
        and (s, RDF.type, o) not in before
    }
    assert new_sk_types == set()


def test_owl_rl_does_not_make_parent_companies_suppliers(
    closed_with_dossier: tuple[Graph, Graph],
) -> None:
    _before, closed = closed_with_dossier
    ex = Namespace("http://example.org/dossier/")
    assert (ex.leverancier, RDF.type, SK.Leverancier) in closed  # the inference does run
    assert (ex.moeder, RDF.type, SK.Leverancier) not in closed
    assert (ex.grootmoeder, RDF.type, SK.Leverancier) not in closed


def test_owl_rl_keeps_subcontracting_non_transitive(
    closed_with_dossier: tuple[Graph, Graph],
) -> None:
    """Chains are followed with sk:onderaannemer+ in queries, not materialised."""
    _before, closed = closed_with_dossier
    ex = Namespace("http://example.org/dossier/")
    assert (ex.leverancier, SK.onderaannemer, ex.onderonderaannemer) not in closed


# --- counts of the core parts, as the document gives them -----------------------------------

# tabel 3 (phases 2-5 split into regulier / verscherpt adds), §4.2 (phase 1: regime-free,
# footnote 13), §4.7 (phase 6), §4.8 (kennis en regie). Tabel 3's "Continuïteits- en
# exit-plannen" are two classes (sk:Continuiteitsplan, sk:Exitplan), as in the vocabulary.
PER_PHASE = [
    ("1", "regulier", 5),
    ("1", "verscherpt", 5),
    ("2", "regulier", 3),
    ("2", "verscherpt", 4),
    ("3", "regulier", 6),
    ("3", "verscherpt", 9),
    ("4", "regulier", 3),
    ("4", "verscherpt", 4),
    ("5", "regulier", 2),
    ("5", "verscherpt", 3),
    ("6", "regulier", 2),
    ("6", "verscherpt", 2),
    ("kennis-en-regie", "regulier", 1),
    ("kennis-en-regie", "verscherpt", 1),
]


@pytest.mark.parametrize(("phase", "regime", "expected"), PER_PHASE)
def test_deliverables_per_phase_and_regime(
    ontology: Graph, phase: str, regime: str, expected: int
) -> None:
    assert (
        _count(
            ontology, "resultaten-per-fase-en-regime.rq", fase=FASE[phase], regime=REGIME[regime]
        )
        == expected
    )


def test_regimes_do_not_apply_in_phases_1_and_6_nor_to_kennis_en_regie(ontology: Graph) -> None:
    for phase in ("1", "6", "kennis-en-regie"):
        for cls in ontology.subjects(SK.gevraagdInFase, FASE[phase]):
            assert ontology.value(cls, SK.gevraagdInRegime) is None, cls


def test_uitvoerige_variants_are_subclasses_of_their_counterpart(ontology: Graph) -> None:
    query = (QUERIES / "uitvoerige-varianten.rq").read_text(encoding="utf-8")
    pairs = {(str(row[0]), str(row[1])) for row in ontology.query(query)}  # type: ignore[index]
    assert pairs == {
        (str(SK.UitvoerigeDueDiligence), str(SK.DueDiligence)),
        (str(SK.UitvoerigRisicobeheersplan), str(SK.Risicobeheersplan)),
        (str(SK.UitvoerigeOvereenkomst), str(SK.Overeenkomst)),
    }


def test_only_inkoopplan_and_aanbestedingsdossier_depend_on_procurement(ontology: Graph) -> None:
    assert set(ontology.subjects(SK.alleenIndienAanbestedingsplichtig, Literal(True))) == {
        SK.Inkoopplan,
        SK.Aanbestedingsdossier,
    }


def test_only_the_sourcing_overview_is_per_organisation(ontology: Graph) -> None:
    assert set(ontology.subjects(SK.perOrganisatie, Literal(True))) == {SK.SourcingOverzicht}


def test_every_deliverable_class_of_the_vocabulary_is_a_resultaat(ontology: Graph) -> None:
    """The vocabulary's deliverable classes (34 with DVO and Contract) all lead to sk:Resultaat."""
    assert _count(ontology, "instanties-van-klasse.rq", klasse=OWL.Class) > 0
    names = [
        "Dienstomschrijving",
        "BIA",
        "PIA",
        "IBScan",
        "Sourcingstrategie",
        "ProjectInitiatieDocument",
        "ProjectStartArchitectuur",
        "Verwervingsstrategie",
        "StakeholderCommunicatieplan",
        "DueDiligence",
        "Risicobeheersplan",
        "Inkoopplan",
        "Aanbestedingsdossier",
        "Overeenkomst",
        "RegistratieSourcingOverzicht",
        "UitvoerigeDueDiligence",
        "UitvoerigRisicobeheersplan",
        "UitvoerigeOvereenkomst",
        "Continuiteitsplan",
        "Exitplan",
        "Architectuurdocumentatie",
        "LeveranciersContractmanagementplan",
        "AssuranceVerklaring",
        "DMSVastlegging",
        "Continuiteitsmonitoring",
        "BeeindigingConformExitplan",
        "KennisVastlegging",
        "SourcingOverzicht",
        "Businesscase",
        "Risicoanalyse",
        "Terugvaloptie",
        "Geschiktheidstest",
        "DVO",
        "Contract",
    ]
    assert len(names) == 34
    query = "ASK { ?c <http://www.w3.org/2000/01/rdf-schema#subClassOf>+ ?r }"
    for name in names:
        assert ontology.query(query, initBindings={"c": SK[name], "r": SK.Resultaat}).askAnswer, (
            name
        )


@pytest.mark.parametrize(("cls", "expected"), [(SK.EULand, 27), (SK.EERLand, 30)])
def test_eu_and_eea_membership(ontology: Graph, cls: URIRef, expected: int) -> None:
    assert _count(ontology, "instanties-van-klasse.rq", klasse=cls) == expected


def test_the_netherlands_is_eu_and_norway_only_eea(ontology: Graph) -> None:
    assert (COUNTRY.NLD, RDF.type, SK.EULand) in ontology
    assert (COUNTRY.NOR, RDF.type, SK.EERLand) in ontology
    assert (COUNTRY.NOR, RDF.type, SK.EULand) not in ontology
    assert (COUNTRY.USA, RDF.type, SK.EERLand) not in ontology


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("par-", 20), ("hfst-", 7), ("tabel-", 9), ("figuur-", 6), ("voetnoot-", 17), ("bijlage-", 5)],
)
def test_source_nodes_per_kind(ontology: Graph, kind: str, expected: int) -> None:
    assert (
        _count(ontology, "bronnen-met-voorvoegsel.rq", voorvoegsel=Literal(f"{BRON}{kind}"))
        == expected
    )


def test_shapes_report_uses_violation_for_the_ontology_rules() -> None:
    shapes = load(shapes_dir() / "ontology" / "ontologie.ttl")
    assert set(shapes.objects(None, SH.severity)) == {SH.Violation}


# --- OWL 2 DL without punning ----------------------------------------------------------------

_KINDS = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


def test_every_sk_term_has_exactly_one_kind(ontology: Graph) -> None:
    """A term is a class, an object, datatype or annotation property: one of them, never two."""
    for term in {s for s in ontology.subjects(RDF.type, None) if str(s).startswith(str(SK))}:
        kinds = {k for k in _KINDS if (term, RDF.type, k) in ontology}
        assert len(kinds) == 1, (term, kinds)


def test_classes_are_described_by_annotations_only(ontology: Graph) -> None:
    """Statements about a class use annotation properties (or RDFS/OWL axioms), so that the
    deliverable metadata does not make a class an individual too (punning)."""
    logical = set(ontology.subjects(RDF.type, OWL.ObjectProperty)) | set(
        ontology.subjects(RDF.type, OWL.DatatypeProperty)
    )
    for cls in set(ontology.subjects(RDF.type, OWL.Class)):
        used = {p for p in ontology.predicates(cls, None) if p in logical}
        assert used == set(), (cls, used)
