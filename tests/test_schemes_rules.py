"""The concept schemes of the rules and references: randvoorwaarden (tabel 7), principes
(tabel 8), beleid (tabel 5), wet- en regelgeving (tabel 6) and the begrippenlijst (hoofdstuk 6).

The expected codes and counts below are the specification (the Handreiking's tables); the
actual values are always read with SPARQL from the Turtle files found through
``sourcing_kg.core.resources.ontology_dir()``, so removing, renumbering or moving a concept there
makes a test fail.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest
from rdflib import Graph, Literal

from sourcing_kg.core.namespaces import BRON, DCTERMS, RDFS, SK, SKID, SKOS, scheme
from sourcing_kg.core.resources import ontology_dir

NS = {"skos": SKOS, "rdfs": RDFS, "dct": DCTERMS, "sk": SK, "skid": SKID, "bron": BRON}
Q = "\N{RIGHT SINGLE QUOTATION MARK}"  # the apostrophe the document prints

# tabel 7 / tabel 8: the number of items under each phase heading (1 ... 6)
RANDVOORWAARDEN_PER_FASE = {"1": 4, "2": 5, "3": 4, "4": 1, "5": 2, "6": 4}
PRINCIPES_PER_FASE = {"1": 8, "2": 13, "3": 7, "4": 3, "5": 5, "6": 1}


def _numbered(per_fase: dict[str, int]) -> set[str]:
    return {f"{fase}.{n}" for fase, count in per_fase.items() for n in range(1, count + 1)}


# scheme -> the codes the document prints
CODES: dict[str, set[str]] = {
    "randvoorwaarde": _numbered(RANDVOORWAARDEN_PER_FASE),
    "principe": _numbered(PRINCIPES_PER_FASE),
    # tabel 5: A ... Z, then AA ... II
    "beleid": set("ABCDEFGHIJKLMNOPQRSTUVWXYZ") | {c + c for c in "ABCDEFGHI"},
    # tabel 6: A ... T as printed, without J
    "wet": set("ABCDEFGHIKLMNOPQRST"),
    # hoofdstuk 6, one per entry, plus abbreviations of bijlage E that the document defines
    "begrip": {
        "bia",
        "center-of-excellence",
        "concentratierisico",
        "digitale-autonomie",
        "digitale-soevereiniteit",
        "digitale-weerbaarheid",
        "dora",
        "eba-outsourcing-guidelines",
        "ib-scan",
        "sourcing-leveringsvorm",
        "pia",
        "taskforce-cid",
        "kritieke-en-strategische-it-diensten",
        "bbn",
        "bio",
        "abro",
    },
}
GLOSSARY_ENTRIES = 13  # hoofdstuk 6 prints thirteen entries

# the source node every concept of the scheme cites (dct:source)
SOURCE: dict[str, set[str]] = {
    "randvoorwaarde": {"tabel-7"},
    "principe": {"tabel-8"},
    "beleid": {"tabel-5"},
    "wet": {"tabel-6"},
    "begrip": {"hfst-6", "bijlage-e", "voetnoot-12"},  # any of these
}

# bijlage A: the five documents that were leading in shaping the Handreiking (tabel 5 codes)
LEIDEND = {"X", "S", "GG", "Q", "HH"}

SCHEMES = sorted(CODES)


@pytest.fixture(scope="module")
def graph() -> Graph:
    g = Graph()
    for path in sorted((ontology_dir() / "schemes").glob("*.ttl")):
        g.parse(path, format="turtle")
    return g


def _select(graph: Graph, query: str, **bindings: object) -> list:  # type: ignore[type-arg]
    return list(graph.query(query, initNs=NS, initBindings=bindings))  # type: ignore[arg-type]


def _codes(graph: Graph, name: str) -> set[str]:
    rows = _select(graph, "SELECT ?c WHERE { ?c a skos:Concept ; skos:inScheme ?s }", s=SKID[name])
    prefix = str(scheme(name))
    return {str(row.c)[len(prefix) :] for row in rows if str(row.c).startswith(prefix)}


@pytest.mark.parametrize("name", SCHEMES)
def test_scheme_has_exactly_the_documents_codes(graph: Graph, name: str) -> None:
    assert _codes(graph, name) == CODES[name]


def test_counts(graph: Graph) -> None:
    counts = {name: len(_codes(graph, name)) for name in SCHEMES}
    assert counts["randvoorwaarde"] == 20
    assert counts["principe"] == 37
    assert counts["beleid"] == 35
    assert counts["wet"] == 19
    assert "J" not in _codes(graph, "wet")


def test_leading_documents_of_bijlage_a(graph: Graph) -> None:
    rows = _select(
        graph,
        """SELECT ?c ?src WHERE {
             ?c skos:inScheme skid:beleid ; sk:leidend true .
             OPTIONAL { ?c dct:source ?src FILTER(?src = bron:bijlage-a) }
           }""",
    )
    assert {str(row.c)[len(str(scheme("beleid"))) :] for row in rows} == LEIDEND
    assert all(row.src == BRON["bijlage-a"] for row in rows)


def test_glossary_has_one_concept_per_entry(graph: Graph) -> None:
    rows = _select(
        graph,
        """SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE {
             ?c a skos:Concept ; skos:inScheme skid:begrip ; dct:source bron:hfst-6 }""",
    )
    assert [int(row.n) for row in rows] == [GLOSSARY_ENTRIES]


@pytest.mark.parametrize(
    ("name", "per_fase"),
    [("randvoorwaarde", RANDVOORWAARDEN_PER_FASE), ("principe", PRINCIPES_PER_FASE)],
)
def test_phase_of_each_rule_is_its_codes_first_number(
    graph: Graph, name: str, per_fase: dict[str, int]
) -> None:
    rows = _select(
        graph,
        """SELECT ?c ?notation ?fase WHERE {
             ?c skos:inScheme ?s ; skos:notation ?notation .
             OPTIONAL { ?c sk:behoortTotFase ?fase }
           }""",
        s=SKID[name],
    )
    fase = scheme("fase")
    per_phase: Counter[str] = Counter()
    for row in rows:
        expected = fase[str(row.notation).split(".")[0]]
        assert row.fase == expected, f"{row.c}: {row.fase} != {expected}"
        per_phase[str(row.fase)[len(str(fase)) :]] += 1
    assert dict(per_phase) == per_fase


@pytest.mark.parametrize("name", SCHEMES)
def test_every_concept_follows_the_template(graph: Graph, name: str) -> None:
    """prefLabel, rdfs:label and definition in nl and en, a bron: source, a top concept."""
    rows = _select(
        graph,
        """SELECT ?c
                  (GROUP_CONCAT(DISTINCT LANG(?pref)) AS ?pl)
                  (GROUP_CONCAT(DISTINCT LANG(?label)) AS ?ll)
                  (GROUP_CONCAT(DISTINCT LANG(?def)) AS ?dl)
                  (COUNT(DISTINCT ?src) AS ?nsrc)
                  (COUNT(DISTINCT ?top) AS ?ntop)
           WHERE {
             ?c a skos:Concept ; skos:inScheme ?s .
             OPTIONAL { ?c skos:prefLabel ?pref }
             OPTIONAL { ?c rdfs:label ?label }
             OPTIONAL { ?c skos:definition ?def }
             OPTIONAL { ?c dct:source ?src FILTER(STRSTARTS(STR(?src), STR(bron:))) }
             OPTIONAL { ?c skos:topConceptOf ?s . ?s skos:hasTopConcept ?c . BIND(?c AS ?top) }
           } GROUP BY ?c""",
        s=SKID[name],
    )
    for row in rows:
        for langs in (row.pl, row.ll, row.dl):
            assert sorted(str(langs).split()) == ["en", "nl"], row.c
        assert int(row.nsrc) >= 1, row.c
        assert int(row.ntop) == 1, row.c
    assert len(rows) == len(CODES[name])


@pytest.mark.parametrize("name", SCHEMES)
def test_every_concept_cites_its_table(graph: Graph, name: str) -> None:
    allowed = {BRON[s] for s in SOURCE[name]}
    for code in CODES[name]:
        assert set(graph.objects(scheme(name)[code], DCTERMS.source)) & allowed, code


@pytest.mark.parametrize("name", SCHEMES)
def test_notation_is_the_code_and_unique(graph: Graph, name: str) -> None:
    rows = _select(
        graph, "SELECT ?c ?n WHERE { ?c skos:inScheme ?s ; skos:notation ?n }", s=SKID[name]
    )
    notations = Counter(str(row.n) for row in rows)
    assert all(n == 1 for n in notations.values()), notations
    assert {str(row.c)[len(str(scheme(name))) :]: str(row.n) for row in rows} == {
        code: code for code in CODES[name]
    }


@pytest.mark.parametrize("name", SCHEMES)
def test_preflabels_unique_per_language(graph: Graph, name: str) -> None:
    """NL-SBB: no two concepts of a scheme share a preferred label."""
    rows = _select(
        graph,
        """SELECT ?label (COUNT(DISTINCT ?c) AS ?n) WHERE {
             ?c skos:inScheme ?s ; skos:prefLabel ?label } GROUP BY ?label HAVING (?n > 1)""",
        s=SKID[name],
    )
    assert [str(row.label) for row in rows] == []


@pytest.mark.parametrize("name", SCHEMES)
def test_scheme_metadata(graph: Graph, name: str) -> None:
    rows = _select(
        graph,
        """SELECT ?p (GROUP_CONCAT(DISTINCT LANG(?o)) AS ?langs) WHERE {
             ?s a skos:ConceptScheme ; ?p ?o .
             VALUES ?p { dct:title rdfs:label skos:prefLabel rdfs:comment }
           } GROUP BY ?p""",
        s=SKID[name],
    )
    langs = {str(row.p): sorted(str(row.langs).split()) for row in rows}
    assert len(langs) == 4, langs
    assert all(v == ["en", "nl"] for v in langs.values()), langs
    assert list(graph.objects(SKID[name], DCTERMS.source)), name


def _definition_nl(graph: Graph, name: str, code: str) -> str:
    rows = _select(
        graph,
        """SELECT ?d WHERE { ?c skos:definition ?d FILTER(LANG(?d) = "nl") }""",
        c=scheme(name)[code],
    )
    assert len(rows) == 1, (name, code)
    return str(rows[0].d)


# Phrases of the document's own text (tabel 7, tabel 8, hoofdstuk 6, voetnoot 12): the
# definitions must be the document's words, not a paraphrase.
VERBATIM = [
    (
        "randvoorwaarde",
        "3.4",
        [
            "Uitbesteding van IT-diensten aan externe partijen gebeurt alleen indien:",
            "positieve (kwalitatieve en kwantitatieve) business case bestaat",
            "de invloed op digitale soevereiniteit en de toepasbaarheid van de dienstverlening",
            "(i.e. de uitbesteding zinvol is);",
            "Er een formeel exit-plan, uitwijkmogelijkheden en risicoanalyses ontwikkeld zijn, en;",
            "De Rijksoverheid beschikt over de benodigde competenties om regie te voeren over de "
            "uitbestede IT-diensten.",
        ],
    ),
    (
        "randvoorwaarde",
        "6.2",
        [
            "Bij overnames van gecontracteerde leveranciers dient opnieuw een geschiktheidstest "
            "en risicoanalyse uitgevoerd te worden."
        ],
    ),
    (
        "principe",
        "2.13",
        [
            "Streef naar een multi-leverancier en multi-technologie aanpak ten aanzien van "
            "sourcing.",
            "Dit principe bevordert de spreiding van afhankelijkheidsrelaties",
            f"vermindert risico{Q}s door diversificatie van leveranciers en technologieën.",
        ],
    ),
    (
        "principe",
        "2.7",
        [f"zodanig dat concentratierisico{Q}s worden voorkomen", "zie ook principe 3.2 en 3.3."],
    ),
    (
        "principe",
        "5.1",
        [
            "de kwaliteit en prijs van de dienstverlening",
            f"harde (KPI{Q}s en SLA{Q}s) en zachte (relatie en klanttevredenheid) indicatoren",
        ],
    ),
    (
        "begrip",
        "concentratierisico",
        [
            "afhankelijk zijn van een klein aantal leveranciers",
            f"navenante risico{Q}s voor continuïteit",
        ],
    ),
    (
        "begrip",
        "abro",
        [
            "voorschriften voor het beoordelen en waarborgen van de nationale veiligheid bij "
            "inkoopopdrachten door de overheid"
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "code", "phrases"), VERBATIM, ids=[f"{n}:{c}" for n, c, _ in VERBATIM]
)
def test_definition_is_the_documents_text(
    graph: Graph, name: str, code: str, phrases: list[str]
) -> None:
    text = " ".join(_definition_nl(graph, name, code).split())
    for phrase in phrases:
        assert phrase in text, (code, phrase)


def test_randvoorwaarde_3_4_keeps_its_three_bullets(graph: Graph) -> None:
    text = _definition_nl(graph, "randvoorwaarde", "3.4")
    assert len(re.findall(r"^• ", text, flags=re.MULTILINE)) == 3


# The 'Belangrijke(-ste) randvoorwaarden' and 'Belangrijkste principes' of §4.2-4.7 that are
# items of tabel 7 / tabel 8 (code -> section): rdfs:seeAlso the section's source node.
CHAPTER_4 = {
    "randvoorwaarde": {
        "1.1": "4.2", "1.3": "4.2",
        "2.3": "4.3", "2.4": "4.3", "2.5": "4.3",
        "3.2": "4.4", "3.3": "4.4",
        "4.1": "4.5",
        "5.1": "4.6", "5.2": "4.6",
        "6.2": "4.7", "6.3": "4.7",
    },
    "principe": {
        "1.4": "4.2", "1.5": "4.2", "1.7": "4.2",
        "2.7": "4.3", "2.9": "4.3",
        "3.1": "4.4", "3.3": "4.4", "3.6": "4.4", "3.7": "4.4",
        "4.1": "4.5", "4.2": "4.5", "4.3": "4.5",
        "5.1": "4.6", "5.3": "4.6", "5.5": "4.6",
        "6.1": "4.7",
    },
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(CHAPTER_4))
def test_main_rules_of_chapter_4_point_to_their_section(graph: Graph, name: str) -> None:
    rows = _select(
        graph,
        """SELECT ?n ?par WHERE {
             ?c skos:inScheme ?s ; skos:notation ?n ; rdfs:seeAlso ?par .
             FILTER(STRSTARTS(STR(?par), CONCAT(STR(bron:), "par-")))
           }""",
        s=SKID[name],
    )
    actual = {str(row.n): str(row.par)[len(str(BRON)) + len("par-") :] for row in rows}
    assert actual == CHAPTER_4[name]


def test_principe_2_7_keeps_its_cross_reference(graph: Graph) -> None:
    principe = scheme("principe")
    assert set(graph.objects(principe["2.7"], SKOS.related)) == {principe["3.2"], principe["3.3"]}


# bijlage E: abbreviation -> the concept that carries it as skos:altLabel (DORA: the glossary's
# own term, so its preferred label)
ABBREVIATIONS = {
    "BIA": "begrip/bia",
    "CoE": "begrip/center-of-excellence",
    "DORA": "begrip/dora",
    "PIA": "begrip/pia",
    "BBN": "begrip/bbn",
    "BIO": "begrip/bio",
    "ABRO": "begrip/abro",  # voetnoot 12, not bijlage E
    "AVG": "wet/D",
    "NDS": "beleid/X",
}
# glossary concept -> its counterpart in tabel 5 / tabel 6 (skos:closeMatch)
CLOSE_MATCH = {"begrip/abro": "beleid/A", "begrip/bio": "beleid/D"}


def test_abbreviations_are_labels_of_their_concept(graph: Graph) -> None:
    for abbreviation, code in ABBREVIATIONS.items():
        rows = _select(
            graph,
            "SELECT ?c WHERE { ?c skos:altLabel|skos:prefLabel ?label }",
            label=Literal(abbreviation, lang="nl"),
        )
        assert SKID[code] in {row.c for row in rows}, abbreviation


def test_glossary_maps_only_to_genuine_equivalents(graph: Graph) -> None:
    rows = _select(
        graph,
        """SELECT ?a ?b WHERE {
             ?a skos:inScheme skid:begrip ; ?match ?b .
             VALUES ?match {
               skos:closeMatch skos:exactMatch skos:relatedMatch skos:broadMatch skos:narrowMatch
             }
           }""",
    )
    actual = {str(row.a)[len(str(SKID)) :]: str(row.b)[len(str(SKID)) :] for row in rows}
    assert actual == CLOSE_MATCH
