"""The concept schemes of the IT-dienstenmodel, the sourcing forms and the lifecycle.

The expected codes and memberships below are the specification (the Handreiking's tables and
figures as read in ``shared/spec/reading-the-seed.md``); the actual values are always read with
SPARQL from the Turtle files in ``ontology/schemes/``, so removing or moving a concept there
makes a test fail.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from sourcing_kg.core.namespaces import SKID, scheme
from sourcing_kg.core.resources import ontology_dir

# §4.2-4.8: the number of activities each phase lists
ACTIVITIES_PER_PHASE = {"1": 4, "2": 5, "3": 3, "4": 4, "5": 6, "6": 4, "kennis-en-regie": 4}

# §4.4 activity 3: the elements every agreement contains (always asked, whatever the regime)
CLAUSES_A_H = {
    "a": "dienstbeschrijving",
    "b": "prestatie-indicatoren",
    "c": "rapportage",
    "d": "due-diligence",
    "e": "beheer-en-doorontwikkeling",
    "f": "overdraagbaarheid",
    "g": "escalatie-en-interventie",
    "h": "beeindiging",
}
# tabel 3, phase 3: the clauses named per regime column
CLAUSES_TABEL_3 = {
    "aansprakelijkheid": {"regulier", "verscherpt"},
    "intellectueel-eigendom": {"regulier", "verscherpt"},
    "eigenaarschap": {"regulier", "verscherpt"},
    "stuurmechanismen": {"verscherpt"},
    "risicobeheersing": {"verscherpt"},
}

# scheme -> its codes (the document's own numbers / the vocabulary file's slugs)
CODES: dict[str, set[str]] = {
    "domein": set("ABCDEF"),
    "subdomein": {str(n) for n in range(1, 18)},
    "categorie": {"zelf-doen", "samenwerken", "uitbesteden"},
    "leveringsvorm": {str(n) for n in range(1, 9)},
    "fase": {"1", "2", "3", "4", "5", "6", "kennis-en-regie"},
    "activiteit": {
        f"{fase}.{n}" for fase, count in ACTIVITIES_PER_PHASE.items() for n in range(1, count + 1)
    },
    "regime": {"regulier", "verscherpt"},
    "bundelniveau": {"rijksbreed", "departementaal", "organisatie"},
    "uitkomst": {"positief", "negatief"},
    "bepaling": set(CLAUSES_A_H.values()) | set(CLAUSES_TABEL_3),
}

# skos:notation where it is not the code itself: §4.4 activity 3 lists the clauses as a-h
NOTATION: dict[str, dict[str, str]] = {
    "bepaling": {code: letter for letter, code in CLAUSES_A_H.items()},
}

# schemes whose concepts each hang below one concept of another scheme (so not top concepts)
BROADER: dict[str, tuple[str, dict[str, str]]] = {
    # figure 2, as read in reading-the-seed.md
    "subdomein": (
        "domein",
        {
            **dict.fromkeys(["1", "2"], "A"),
            **dict.fromkeys(["3", "4", "5", "6"], "B"),
            "7": "C",
            **dict.fromkeys(["8", "9", "10", "11", "12", "13"], "D"),
            **dict.fromkeys(["14", "15", "16"], "E"),
            "17": "F",
        },
    ),
    # figure 5, as read in reading-the-seed.md
    "leveringsvorm": (
        "categorie",
        {
            "1": "zelf-doen",
            **dict.fromkeys(["2", "3", "4", "5"], "samenwerken"),
            **dict.fromkeys(["6", "7", "8"], "uitbesteden"),
        },
    ),
}

PREFIXES = """
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dct:  <http://purl.org/dc/terms/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX sk:   <https://w3id.org/sourcing-kg/def#>
"""
BRON = "https://w3id.org/sourcing-kg/id/bron/"


def _scheme_file(name: str) -> Path:
    return ontology_dir() / "schemes" / f"{name}.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for name in CODES:
        g.parse(_scheme_file(name), format="turtle")
    return g


def _rows(g: Graph, query: str, **bindings: URIRef) -> list[tuple[object, ...]]:
    return [tuple(row) for row in g.query(PREFIXES + query, initBindings=bindings)]  # type: ignore[arg-type]


def _concepts(g: Graph, name: str) -> dict[str, URIRef]:
    """Code (the IRI's last part, e.g. ``3`` of ``fase/3``) -> IRI, for the concepts of a scheme."""
    rows = _rows(g, "SELECT ?c WHERE { ?c a skos:Concept ; skos:inScheme ?s }", s=SKID[name])
    namespace = str(scheme(name))
    iris = [c for (c,) in rows]
    assert all(str(c).startswith(namespace) for c in iris), name
    return {str(c)[len(namespace) :]: c for c in iris}  # type: ignore[misc]


def _langs(g: Graph, subject: URIRef, prop: str) -> set[str]:
    rows = _rows(g, f"SELECT (lang(?v) AS ?l) WHERE {{ ?x {prop} ?v }}", x=subject)
    return {str(lang) for (lang,) in rows}


@pytest.mark.parametrize("name", sorted(CODES))
def test_scheme_metadata(name: str) -> None:
    own = Graph().parse(_scheme_file(name), format="turtle")
    assert _rows(own, "SELECT ?s WHERE { ?s a skos:ConceptScheme }") == [(SKID[name],)]
    for prop in ("dct:title", "rdfs:label", "skos:prefLabel", "rdfs:comment"):
        assert _langs(own, SKID[name], prop) >= {"nl", "en"}, prop
    sources = _rows(own, "SELECT ?src WHERE { ?s dct:source ?src }", s=SKID[name])
    assert sources and all(str(src).startswith(BRON) for (src,) in sources)


@pytest.mark.parametrize("name", sorted(CODES))
def test_codes_are_the_documents(graph: Graph, name: str) -> None:
    concepts = _concepts(graph, name)
    assert set(concepts) == CODES[name]
    notations = _rows(
        graph, "SELECT ?c ?n WHERE { ?c skos:inScheme ?s ; skos:notation ?n }", s=SKID[name]
    )
    expected = {scheme(name)[code]: NOTATION.get(name, {}).get(code, code) for code in CODES[name]}
    assert {c: str(n) for c, n in notations} == expected
    in_scheme = _rows(graph, "SELECT ?c WHERE { ?c skos:inScheme ?s }", s=SKID[name])
    assert len(in_scheme) == len(CODES[name])


@pytest.mark.parametrize("name", sorted(CODES))
def test_notation_unique_in_scheme(graph: Graph, name: str) -> None:
    rows = _rows(
        graph,
        """SELECT ?c (COUNT(DISTINCT ?n) AS ?k) WHERE { ?c skos:inScheme ?s .
             OPTIONAL { ?c skos:notation ?n } } GROUP BY ?c""",
        s=SKID[name],
    )
    assert rows and all(int(k) == 1 for _, k in rows)  # type: ignore[call-overload]
    shared = _rows(
        graph,
        """SELECT ?n WHERE { ?a skos:inScheme ?s ; skos:notation ?n .
             ?b skos:inScheme ?s ; skos:notation ?n . FILTER (?a != ?b) }""",
        s=SKID[name],
    )
    assert shared == []


@pytest.mark.parametrize("name", sorted(CODES))
def test_every_concept_is_documented(graph: Graph, name: str) -> None:
    for concept in _concepts(graph, name).values():
        for prop in ("skos:prefLabel", "rdfs:label", "skos:definition"):
            assert _langs(graph, concept, prop) >= {"nl", "en"}, (concept, prop)
        sources = _rows(graph, "SELECT ?src WHERE { ?c dct:source ?src }", c=concept)
        assert sources, concept
        assert all(str(src).startswith(BRON) for (src,) in sources), concept


@pytest.mark.parametrize("name", sorted(CODES))
def test_top_concepts(graph: Graph, name: str) -> None:
    concepts = _concepts(graph, name)
    tops = {c for (c,) in _rows(graph, "SELECT ?c WHERE { ?c skos:topConceptOf ?s }", s=SKID[name])}
    has_top = {
        c for (c,) in _rows(graph, "SELECT ?c WHERE { ?s skos:hasTopConcept ?c }", s=SKID[name])
    }
    assert tops == has_top
    if name in BROADER:
        assert tops == set()
    else:
        assert tops == set(concepts.values())


@pytest.mark.parametrize("name", sorted(BROADER))
def test_broader_membership(graph: Graph, name: str) -> None:
    parent_scheme, expected = BROADER[name]
    rows = _rows(
        graph,
        """SELECT ?n ?pn WHERE { ?c skos:inScheme ?s ; skos:notation ?n ; skos:broader ?p .
             ?p skos:inScheme ?ps ; skos:notation ?pn }""",
        s=SKID[name],
        ps=SKID[parent_scheme],
    )
    actual: dict[str, list[str]] = defaultdict(list)
    for n, pn in rows:
        actual[str(n)].append(str(pn))
    assert {code: [parent] for code, parent in expected.items()} == dict(actual)
    # and nothing else is broader than them
    others = _rows(
        graph,
        """SELECT ?c ?p WHERE { ?c skos:inScheme ?s ; skos:broader ?p .
             FILTER NOT EXISTS { ?p skos:inScheme ?ps } }""",
        s=SKID[name],
        ps=SKID[parent_scheme],
    )
    assert others == []


def test_phases_are_ordered_and_kennis_en_regie_is_not(graph: Graph) -> None:
    rows = _rows(
        graph,
        """SELECT ?n (SAMPLE(?v) AS ?volg) (COUNT(?v) AS ?k) WHERE {
             ?c skos:inScheme ?s ; skos:notation ?n . OPTIONAL { ?c sk:volgnummer ?v } }
           GROUP BY ?n""",
        s=SKID["fase"],
    )
    order = {str(n): (int(v) if v is not None else None, int(k)) for n, v, k in rows}  # type: ignore[call-overload]
    assert order == {
        **{str(i): (i, 1) for i in range(1, 7)},
        "kennis-en-regie": (None, 0),
    }


def test_activities_belong_to_their_phase_in_order(graph: Graph) -> None:
    rows = _rows(
        graph,
        """SELECT ?n ?fn ?v WHERE { ?a skos:inScheme ?s ; skos:notation ?n ;
             sk:behoortTotFase ?f ; sk:volgnummer ?v .
             ?f skos:inScheme ?fs ; skos:notation ?fn }""",
        s=SKID["activiteit"],
        fs=SKID["fase"],
    )
    assert sorted((str(n), str(fn), int(v)) for n, fn, v in rows) == sorted(  # type: ignore[call-overload]
        (code, code.rsplit(".", 1)[0], int(code.rsplit(".", 1)[1])) for code in CODES["activiteit"]
    )
    per_phase = _rows(
        graph,
        """SELECT ?fn (COUNT(?a) AS ?k) WHERE { ?a skos:inScheme ?s ; sk:behoortTotFase ?f .
             ?f skos:notation ?fn } GROUP BY ?fn""",
        s=SKID["activiteit"],
    )
    assert {str(fn): int(k) for fn, k in per_phase} == ACTIVITIES_PER_PHASE  # type: ignore[call-overload]


def test_activity_sources_are_the_phase_sections(graph: Graph) -> None:
    section = {"1": "4.2", "2": "4.3", "3": "4.4", "4": "4.5", "5": "4.6", "6": "4.7"}
    section["kennis-en-regie"] = "4.8"
    for code, iri in _concepts(graph, "activiteit").items():
        sources = {str(s) for (s,) in _rows(graph, "SELECT ?s WHERE { ?a dct:source ?s }", a=iri)}
        assert f"{BRON}par-{section[code.rsplit('.', 1)[0]]}" in sources, code


def test_clauses_per_regime(graph: Graph) -> None:
    rows = _rows(
        graph,
        """SELECT ?c ?r WHERE { ?c skos:inScheme ?s ; sk:gevraagdInRegime ?r }""",
        s=SKID["bepaling"],
    )
    actual: dict[str, set[str]] = defaultdict(set)
    regime_ns = str(scheme("regime"))
    for c, r in rows:
        assert str(r).startswith(regime_ns), r
        actual[str(c)[len(str(scheme("bepaling"))) :]].add(str(r)[len(regime_ns) :])
    assert dict(actual) == CLAUSES_TABEL_3  # a-h carry no regime: always asked


def test_clause_sources(graph: Graph) -> None:
    clauses = _concepts(graph, "bepaling")
    for code in CLAUSES_A_H.values():
        assert (clauses[code],) in _rows(
            graph, "SELECT ?c WHERE { ?c dct:source ?src }", src=URIRef(BRON + "par-4.4")
        )
    for code in CLAUSES_TABEL_3:
        assert (clauses[code],) in _rows(
            graph, "SELECT ?c WHERE { ?c dct:source ?src }", src=URIRef(BRON + "tabel-3")
        )


# scheme -> the bron: node every one of its concepts cites (besides any others)
CONCEPT_SOURCE = {
    "domein": "figuur-2",
    "subdomein": "tabel-1",
    "categorie": "par-5.1",
    "leveringsvorm": "tabel-4",
    "fase": "par-4.1",
    "regime": "tabel-2",
    "bundelniveau": "figuur-4",
    "uitkomst": "tabel-7",
}


@pytest.mark.parametrize("name", sorted(CONCEPT_SOURCE))
def test_concepts_cite_their_table_or_figure(graph: Graph, name: str) -> None:
    rows = _rows(
        graph,
        """SELECT ?c WHERE { ?c skos:inScheme ?s .
             FILTER NOT EXISTS { ?c dct:source ?src } }""",
        s=SKID[name],
        src=URIRef(BRON + CONCEPT_SOURCE[name]),
    )
    assert rows == []
    assert _concepts(graph, name)
