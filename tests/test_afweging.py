"""``sourcing-kg afweging``: tally and weights, the tie, the refused "Deels", CSV errors,
the interactive session (in-process), and writing into a dossier atomically."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF

from sourcing_kg.cli import main
from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.io import atomic
from sourcing_kg.terminal.afweging import Session, SessionEnded
from sourcing_kg.workflow.afweging import Antwoord, Kader, evaluate, load_kader
from sourcing_kg.workflow.afweging_csv import answers_csv, read_answers, read_weights
from sourcing_kg.workflow.afweging_write import write_afweging

VRAAG, ANTWOORD, CATEGORIE = scheme("vraag"), scheme("antwoord"), scheme("categorie")


@pytest.fixture(scope="module")
def kader() -> Kader:
    return load_kader("nl")


def _answers(codes: dict[int, str]) -> list[Antwoord]:
    return [Antwoord(vraag=n, waarde=c, motivering=f"motivering {n}") for n, c in codes.items()]


# 3x ja (1, 2, 12), 5x deels, 6x nee; no "deels" on questions 1 and 3.
MIXED = {
    1: "ja", 2: "ja", 3: "nee", 4: "deels", 5: "deels", 6: "nee", 7: "nee",
    8: "deels", 9: "nee", 10: "nee", 11: "deels", 12: "ja", 13: "nee", 14: "deels",
}  # fmt: skip


def _write_csv(path: Path, answers: list[Antwoord]) -> Path:
    path.write_text(answers_csv(answers), encoding="utf-8")
    return path


# --- tally and weights ------------------------------------------------------------------


def test_tally_counts_and_unweighted_scores(kader: Kader) -> None:
    result = evaluate(kader, _answers(MIXED))
    assert result.counts == {"ja": 3, "deels": 5, "nee": 6}
    assert result.scores == {"zelf-doen": 3, "samenwerken": 5, "uitbesteden": 6}
    assert (result.advice, result.tie) == (["uitbesteden"], False)
    assert result.needs_mitigation == [1, 2, 4, 5, 8, 11, 12, 14]


def test_weights_change_the_advice(kader: Kader) -> None:
    # ja-answers on 1, 2, 12 weigh 3 each: zelf-doen 9 > uitbesteden 6 > samenwerken 5
    weights = {1: Decimal(3), 2: Decimal(3), 12: Decimal(3)}
    result = evaluate(kader, _answers(MIXED), weights)
    assert result.scores == {"zelf-doen": 9, "samenwerken": 5, "uitbesteden": 6}
    assert result.advice == ["zelf-doen"]
    assert result.counts == {"ja": 3, "deels": 5, "nee": 6}  # counts are not weighted


def test_weights_file_is_read_and_checked(kader: Kader, tmp_path: Path) -> None:
    good = tmp_path / "w.csv"
    good.write_text("vraag,gewicht\n1,2.5\n7,0\n", encoding="utf-8")
    assert read_weights(good, kader) == {1: Decimal("2.5"), 7: Decimal(0)}
    bad = tmp_path / "bad.csv"
    bad.write_text("vraag,gewicht\n1,2\n4,-1\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_weights(bad, kader)
    assert (caught.value.path, caught.value.line) == (str(bad), 3)
    assert "gewicht" in caught.value.message


def test_json_output_with_weights(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    kader = load_kader("nl")
    answers = _write_csv(tmp_path / "a.csv", _answers(MIXED))
    weights = tmp_path / "w.csv"
    weights.write_text("vraag,gewicht\n4,0.5\n5,0.5\n", encoding="utf-8")
    assert main(["afweging", "--answers", str(answers), "--weights", str(weights),
                 "--format", "json"]) == 0  # fmt: skip
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"counts", "scores", "advice", "tie", "needs_mitigation"}
    assert out["scores"] == {"zelf-doen": 3, "samenwerken": 4, "uitbesteden": 6}
    assert out["advice"] == ["uitbesteden"] and out["tie"] is False
    assert out["needs_mitigation"] == evaluate(kader, _answers(MIXED)).needs_mitigation


# --- the tie ----------------------------------------------------------------------------


def test_tie_is_reported_never_broken(kader: Kader) -> None:
    # 5 ja, 4 deels, 5 nee: zelf-doen and uitbesteden share the top
    codes = {n: "ja" for n in (1, 2, 3, 12, 10)} | {n: "deels" for n in (4, 5, 8, 11)}
    codes |= {n: "nee" for n in (6, 7, 9, 13, 14)}
    result = evaluate(kader, _answers(codes))
    assert result.tie is True
    assert result.advice == ["zelf-doen", "uitbesteden"]
    # against a tie only the answers fitting neither tied category need mitigation
    assert result.needs_mitigation == [4, 5, 8, 11]


def test_tie_made_by_weights(kader: Kader) -> None:
    weights = {n: Decimal(0) for n in (6, 7, 9)}  # uitbesteden 6 -> 3, zelf-doen 3
    result = evaluate(kader, _answers(MIXED), weights)
    assert result.scores["uitbesteden"] == result.scores["zelf-doen"] == 3
    assert result.advice == ["samenwerken"]  # 5 is the highest now: no tie
    result = evaluate(kader, _answers(MIXED), weights | {n: Decimal(0) for n in (4, 5)})
    assert (result.advice, result.tie) == (["zelf-doen", "samenwerken", "uitbesteden"], True)


def test_tie_in_text_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    codes = {n: "ja" for n in (1, 2, 3, 12, 10)} | {n: "deels" for n in (4, 5, 8, 11)}
    codes |= {n: "nee" for n in (6, 7, 9, 13, 14)}
    answers = _write_csv(tmp_path / "a.csv", _answers(codes))
    assert main(["afweging", "--answers", str(answers), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["tie"] is True and out["advice"] == ["zelf-doen", "uitbesteden"]


def test_needs_mitigation_against_the_chosen_category(kader: Kader) -> None:
    result = evaluate(kader, _answers(MIXED), category="samenwerken")
    assert result.advice == ["uitbesteden"]
    assert result.needs_mitigation == [n for n, c in MIXED.items() if c != "deels"]
    with pytest.raises(UsageError):
        evaluate(kader, _answers(MIXED), category="weggeven")


# --- "Deels" refused where the document rules it out ---------------------------------------


@pytest.mark.parametrize("question", [1, 3])
def test_deels_refused_in_answers_file(kader: Kader, tmp_path: Path, question: int) -> None:
    path = _write_csv(tmp_path / "a.csv", _answers(MIXED | {question: "deels"}))
    with pytest.raises(InputError) as caught:
        read_answers(path, kader)
    assert caught.value.path == str(path)
    assert caught.value.line == question + 1  # header is line 1
    assert "antwoord" in caught.value.message


def test_deels_accepted_elsewhere(kader: Kader, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "a.csv", _answers(MIXED | {2: "deels"}))
    assert read_answers(path, kader)[1].waarde == "deels"


@pytest.mark.parametrize(
    ("content", "line", "column"),
    [
        ("vraag,antwoord\n1,ja\n", 1, "motivering"),
        ("vraag,antwoord,motivering\n1,misschien,m\n", 2, "antwoord"),
        ("vraag,antwoord,motivering\n99,ja,m\n", 2, "vraag"),
        ("vraag,antwoord,motivering\n1,ja,\n", 2, "motivering"),
        ("vraag,antwoord,motivering\n1,ja,m\n1,nee,m\n", 3, "vraag"),
    ],
)
def test_answers_file_errors_name_row_and_column(
    kader: Kader, tmp_path: Path, content: str, line: int, column: str
) -> None:
    path = tmp_path / "a.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_answers(path, kader)
    assert (caught.value.path, caught.value.line) == (str(path), line)
    assert column in caught.value.message


def test_incomplete_answers_file_is_refused_when_completeness_is_required(
    kader: Kader, tmp_path: Path
) -> None:
    path = _write_csv(tmp_path / "a.csv", _answers({1: "ja", 2: "nee"}))
    with pytest.raises(InputError):
        read_answers(path, kader)


def test_cli_tallies_incomplete_or_unmotivated_answers_with_warnings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "a.csv"
    path.write_text("vraag,antwoord,motivering\n1,ja,m\n2,deels,\n4,nee,m\n", encoding="utf-8")
    assert main(["afweging", "--answers", str(path), "--format", "json"]) == 0
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["counts"] == {"ja": 1, "deels": 1, "nee": 1}
    assert (out["tie"], out["advice"]) == (True, ["zelf-doen", "samenwerken", "uitbesteden"])
    assert out["needs_mitigation"] == []  # every answer fits one of the tied categories
    # the warnings are the H3 shapes' findings (one implementation with validate)
    warnings = captured.err.splitlines()
    unanswered = [w for w in warnings if "niet beantwoord" in w]
    assert [w.split("(vraag ")[1].split(")")[0] for w in unanswered] == [
        str(n) for n in range(3, 15) if n != 4
    ]
    assert any(w.startswith("sourcing-kg: waarschuwing: H3 (vraag 2)") and "gemotiveerd" in w
               for w in warnings)  # fmt: skip
    assert not any("(vraag 1)" in w or "(vraag 4)" in w for w in warnings)


# --- the interactive session, in-process -----------------------------------------------------


def _feed(lines: list[str]):  # type: ignore[no-untyped-def]
    queue = iter(lines)
    return lambda: next(queue, "")


def test_session_refuses_deels_and_empty_motivation_then_resumes(
    kader: Kader, tmp_path: Path
) -> None:
    progress = tmp_path / "voortgang.csv"
    out = io.StringIO()
    # question 1: "deels" refused, then "ja"; empty motivation refused; question 2 answered;
    # then the input ends (an interrupted session)
    session = Session(
        kader, progress=progress, out=out,
        readline=_feed(["deels\n", "ja\n", "\n", "kritiek\n", "n\n", "secundair\n"]),
    )  # fmt: skip
    with pytest.raises(SessionEnded):
        session.run()
    saved = read_answers(progress, kader, complete=False)
    assert [(a.vraag, a.waarde, a.motivering) for a in saved] == [
        (1, "ja", "kritiek"),
        (2, "nee", "secundair"),
    ]
    assert "vraag 2/14" in out.getvalue()
    # a new session with the same progress file starts at question 3
    rest = [line for n in range(3, 15) for line in ("nee\n", f"m{n}\n")] + ["\n"] * 14
    out2 = io.StringIO()
    answers = Session(kader, progress=progress, out=out2, readline=_feed(rest)).run()
    assert [a.vraag for a in answers] == list(range(1, 15))
    assert "vraag 1/14" not in out2.getvalue() and "vraag 3/14" in out2.getvalue()
    assert len(read_answers(progress, kader)) == 14


# --- writing into a dossier -------------------------------------------------------------------

DOSSIER = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix ex: <http://example.org/> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .

ex:dossier a sk:Dossier ;
    sk:fase fase:2 ;
    sk:betreft [ a sk:ITDienst ; sk:kritiek true ] .
"""


def test_write_adds_the_afweging_and_keeps_everything_else(kader: Kader, tmp_path: Path) -> None:
    path = tmp_path / "dossier.ttl"
    path.write_text(DOSSIER, encoding="utf-8")
    result = evaluate(kader, _answers(MIXED), category="uitbesteden")
    node = write_afweging(path, kader, result)
    after = Graph().parse(path)
    # every triple of the original (blank node included) is still there, nothing else changed
    assert isomorphic(
        Graph().parse(data=DOSSIER, format="turtle"),
        _without_afweging(after),
    )
    dossier = URIRef("http://example.org/dossier")
    assert (dossier, SK.afweging, node) in after
    assert (node, RDF.type, SK.Afweging) in after
    assert (node, SK.gekozenCategorie, CATEGORIE["uitbesteden"]) in after
    answers = list(after.objects(node, SK.antwoord))
    assert len(answers) == 14
    first = next(a for a in answers if (a, SK.vraag, VRAAG["1"]) in after)
    assert (first, SK.waarde, ANTWOORD["ja"]) in after
    assert (first, SK.motivering, Literal("motivering 1")) in after
    # a second write is refused unless --replace
    with pytest.raises(UsageError):
        write_afweging(path, kader, result)
    write_afweging(path, kader, evaluate(kader, _answers(MIXED)), replace=True)
    again = Graph().parse(path)
    assert len(list(again.objects(dossier, SK.afweging))) == 1
    assert len(list(again.subjects(RDF.type, SK.Antwoord))) == 14
    assert not list(again.objects(None, SK.gekozenCategorie))


def _without_afweging(graph: Graph) -> Graph:
    copy = Graph()
    skip = set(graph.subjects(RDF.type, SK.Afweging)) | set(graph.subjects(RDF.type, SK.Antwoord))
    for s, p, o in graph:
        if s not in skip and p != SK.afweging:
            copy.add((s, p, o))
    return copy


def test_write_into_a_trig_named_graph(kader: Kader, tmp_path: Path) -> None:
    path = tmp_path / "dossiers.trig"
    path.write_text(
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n@prefix ex: <http://example.org/> .\n"
        "ex:g1 { ex:d1 a sk:Dossier . }\nex:g2 { ex:d2 a sk:Dossier . }\n",
        encoding="utf-8",
    )
    with pytest.raises(UsageError):  # two dossiers: which one?
        write_afweging(path, kader, evaluate(kader, _answers(MIXED)))
    write_afweging(
        path, kader, evaluate(kader, _answers(MIXED)), dossier_iri="http://example.org/d2"
    )
    from rdflib import Dataset

    dataset = Dataset().parse(path, format="trig")
    g2 = dataset.graph(URIRef("http://example.org/g2"))
    g1 = dataset.graph(URIRef("http://example.org/g1"))
    assert len(list(g2.subjects(RDF.type, SK.Antwoord))) == 14
    assert len(g1) == 1


def test_write_refuses_json_ld(kader: Kader, tmp_path: Path) -> None:
    path = tmp_path / "dossier.jsonld"
    original = (
        '{"@id": "http://example.org/d", "@type": "https://w3id.org/sourcing-kg/def#Dossier"}'
    )
    path.write_text(original, encoding="utf-8")
    with pytest.raises(InputError):
        write_afweging(path, kader, evaluate(kader, _answers(MIXED)))
    assert path.read_text(encoding="utf-8") == original


class _Boom(Exception):
    pass


def test_interrupted_write_leaves_the_original_intact(
    kader: Kader, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "dossier.ttl"
    path.write_text(DOSSIER, encoding="utf-8")
    original = path.read_bytes()

    # the process dies after the new text is half written, before the rename
    real_fdopen = os.fdopen

    def half_writing_fdopen(fd: int, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        handle = real_fdopen(fd, *args, **kwargs)  # type: ignore[call-overload]
        real_write = handle.write

        def write(text: str) -> int:
            real_write(text[: len(text) // 2])
            handle.flush()
            raise _Boom("killed mid-write")

        handle.write = write
        return handle

    monkeypatch.setattr(atomic.os, "fdopen", half_writing_fdopen)
    with pytest.raises(_Boom):
        write_afweging(path, kader, evaluate(kader, _answers(MIXED)))
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.ttl"]  # no temp file left

    # ... or between writing and renaming
    monkeypatch.setattr(atomic.os, "fdopen", real_fdopen)

    def failing_replace(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(KeyboardInterrupt):
        write_afweging(path, kader, evaluate(kader, _answers(MIXED)))
    assert path.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dossier.ttl"]
