"""`afweging` and `validate` judge answers by the same H3/H4 shapes (issue 8: one
implementation per rule): the command's findings equal validate's on the same afweging, written
into a phase-3 dossier file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.labels import node_text
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.workflow.afweging import Antwoord, Kader, evaluate, load_kader
from sourcing_kg.workflow.afweging_check import afweging_graph, judge_answers

AS_OF = date(2026, 6, 1)
DOSSIER = URIRef("https://example.org/dossier/afweging")
AUTHORITY = "https://example.org"


@pytest.fixture(scope="module")
def kader() -> Kader:
    return load_kader()


def _answers(codes: dict[int, str], motivering: str = "Omdat.") -> list[Antwoord]:
    return [Antwoord(vraag=n, waarde=c, motivering=motivering) for n, c in sorted(codes.items())]


ALL_NEE = {n: "nee" for n in range(1, 15)}
CASES = {
    "complete": _answers(ALL_NEE),
    "missing question": _answers({n: c for n, c in ALL_NEE.items() if n != 7}),
    "blank motivation": [*_answers({n: "nee" for n in range(1, 14)}), Antwoord(14, "nee", " ")],
    "deels not allowed": _answers(ALL_NEE | {1: "deels"}),
    "missing mitigation": _answers(ALL_NEE | {5: "ja"}),
}


def _rows_of_command(kader: Kader, answers: list[Antwoord]) -> set[tuple[str, str, int | None]]:
    return {
        (f.finding.rule, node_text(f.finding.result_path), f.vraag)  # type: ignore[arg-type]
        for f in judge_answers(kader, answers, as_of=AS_OF)
    }


def _rows_of_validate(
    kader: Kader, answers: list[Antwoord], tmp_path: Path
) -> set[tuple[str, str, int | None]]:
    advice = evaluate(kader, answers).advice
    uitkomst = evaluate(kader, answers, category=advice[0] if len(advice) == 1 else None)
    graph, questions = afweging_graph(kader, uitkomst)
    (transient,) = graph.subjects(RDF.type, SK.Dossier)
    dossier = Graph()
    for s, p, o in graph:  # the same afweging, in a dossier file with an IRI
        dossier.add((DOSSIER if s == transient else s, p, o))
    # blank nodes as IRIs, so that the file's answer nodes are the command's
    dossier = dossier.skolemize(authority=AUTHORITY)
    questions = {n.skolemize(authority=AUTHORITY): q for n, q in questions.items()}  # type: ignore[attr-defined]
    afweging = {a.skolemize(authority=AUTHORITY) for a in graph.objects(None, SK.afweging)}  # type: ignore[attr-defined]
    path = tmp_path / "dossier.ttl"
    path.write_text(dossier.serialize(format="turtle"), encoding="utf-8")
    numbers = {v.iri: v.nummer for v in kader.vragen}
    nodes = set(questions) | afweging
    report = validate_paths([path], as_of=AS_OF, policy=load_policy())
    return {
        (
            f.rule,
            node_text(f.result_path),  # type: ignore[arg-type]
            questions.get(f.focus_node) or numbers.get(f.value),  # type: ignore[arg-type]
        )
        for f in report.findings
        if f.rule_id in {"H3", "H4"} and f.focus_node in nodes
    }


@pytest.mark.parametrize("case", CASES)
def test_afweging_and_validate_find_the_same(kader: Kader, tmp_path: Path, case: str) -> None:
    assert _rows_of_command(kader, CASES[case]) == _rows_of_validate(kader, CASES[case], tmp_path)


def test_each_case_finds_what_it_is_about(kader: Kader) -> None:
    """The comparison above is not between two empty sets: each case finds its rule."""
    rows = {case: _rows_of_command(kader, answers) for case, answers in CASES.items()}
    # complete: only the approval, which the command never gives (stap 6 is the board's)
    assert {row[1:] for row in rows["complete"]} == {
        (str(SK.goedgekeurdDoor), None),
        (str(SK.goedkeuringsdatum), None),
    }
    assert ("H3", str(SK.antwoord), 7) in rows["missing question"]
    assert ("H3", str(SK.motivering), 14) in rows["blank motivation"]
    assert ("H3", str(SK.waarde), 1) in rows["deels not allowed"]
    assert ("H4", str(SK.mitigatie), 5) in rows["missing mitigation"]
    for case in ("missing question", "blank motivation"):
        assert not any(r[0] == "H4" for r in rows[case]), case
