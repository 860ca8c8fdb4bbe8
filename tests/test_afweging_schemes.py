"""The afwegingskader schemes (doel, vraag, antwoord): counts read by SPARQL from the ontology.

The counts come from the same queries the ``afweging`` command runs, so a question, goal or
answer dropped from the Turtle fails here (the second half of each test proves that).
"""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from sourcing_kg.core.namespaces import SK, SKID, scheme
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.workflow.afweging import read_kader

VRAAG = scheme("vraag")
DOEL = scheme("doel")
ANTWOORD = scheme("antwoord")
CATEGORIE = scheme("categorie")

# The grouping of the figure in §5.3.
EXPECTED_GOALS = {
    1: 1,
    2: 1,
    3: 2,
    4: 2,
    5: 2,
    6: 3,
    7: 3,
    8: 3,
    9: 3,
    10: 4,
    11: 4,
    12: 4,
    13: 5,
    14: 5,
}


def _without(graph: Graph, subject: URIRef) -> Graph:
    """A copy of ``graph`` with every triple about ``subject`` (and its blank nodes) removed."""
    copy = Graph()
    for triple in graph:
        copy.add(triple)
    copy.remove((subject, None, None))
    copy.remove((None, None, subject))
    return copy


def _shape_of(graph: Graph) -> dict[str, object]:
    kader = read_kader(graph, "nl")
    return {
        "goals": len(kader.doelen),
        "questions": len(kader.vragen),
        "goal_per_question": {v.nummer: v.doel for v in kader.vragen},
        "examples": {v.nummer: sorted(e.waarde for e in v.voorbeelden) for v in kader.vragen},
        "answers": {a.code: a.categorie_code for a in kader.antwoorden},
    }


@pytest.fixture(scope="module")
def graph() -> Graph:
    return ontology_graph()


def test_six_goals_fourteen_questions_three_answers(graph: Graph) -> None:
    shape = _shape_of(graph)
    assert shape["goals"] == 6
    assert shape["questions"] == 14
    assert shape["goal_per_question"] == EXPECTED_GOALS
    assert shape["examples"] == {n: ["deels", "ja", "nee"] for n in range(1, 15)}
    assert shape["answers"] == {"ja": "zelf-doen", "deels": "samenwerken", "nee": "uitbesteden"}


@pytest.mark.parametrize(
    ("removed", "key"),
    [(DOEL["6"], "goals"), (VRAAG["7"], "questions"), (ANTWOORD["deels"], "answers")],
)
def test_removing_an_item_changes_the_counts(graph: Graph, removed: URIRef, key: str) -> None:
    assert _shape_of(_without(graph, removed))[key] != _shape_of(graph)[key]


def test_removing_an_example_answer_is_noticed(graph: Graph) -> None:
    example = next(graph.objects(VRAAG["5"], SK.voorbeeldantwoord))
    damaged = _without(graph, example)
    assert len(_shape_of(damaged)["examples"][5]) == 2  # type: ignore[index]


def test_deels_ruled_out_only_for_questions_1_and_3(graph: Graph) -> None:
    kader = read_kader(graph, "nl")
    assert sorted(v.nummer for v in kader.vragen if not v.deels_toegestaan) == [1, 3]


def test_every_question_has_text_and_explanation_in_both_languages(graph: Graph) -> None:
    for lang in ("nl", "en"):
        kader = read_kader(graph, lang)
        for vraag in kader.vragen:
            assert vraag.label and vraag.label != vraag.notatie, (lang, vraag.nummer)
            assert vraag.toelichting, (lang, vraag.nummer)
            assert all(e.tekst for e in vraag.voorbeelden), (lang, vraag.nummer)


def test_schemes_are_concept_schemes(graph: Graph) -> None:
    for name in ("doel", "vraag", "antwoord"):
        assert (
            SKID[name],
            RDF.type,
            URIRef("http://www.w3.org/2004/02/skos/core#ConceptScheme"),
        ) in graph
