"""The run spread over processes: the same report as one process, and nothing left running.

``validate_corpus(jobs=N)`` judges the dossier scopes in up to N forked parts
(:mod:`sourcing_kg.core.processes`); these tests lower the part size so that small corpora are
split, and compare with the same corpus judged in one process.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from rdflib import BNode

from sourcing_kg.cli import main
from sourcing_kg.core.errors import InputError, SourcingKGError
from sourcing_kg.core.processes import fork_available, run_forked
from sourcing_kg.model.policy import load_policy
from sourcing_kg.sparql.deadline import DeadlineExceeded, run_with_deadline
from sourcing_kg.validation import engine, fast, scope
from sourcing_kg.validation.engine import validate_corpus
from sourcing_kg.validation.report import Report
from sourcing_kg.validation.scope import Corpus, read_corpus
from sourcing_kg.validation.shapes import Shapes, load_shapes
from tests.test_engine_differential import _generator

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "dossiers"

pytestmark = pytest.mark.skipif(not fork_available(), reason="no fork on this platform")


@cache
def _shapes() -> Shapes:
    return load_shapes()  # once: its blank nodes are new in every load


def _run(paths: list[Path] | Corpus, jobs: int, engine_name: str = "fast") -> Report:
    return validate_corpus(
        paths if isinstance(paths, Corpus) else read_corpus(paths),
        as_of=date(2026, 6, 1),
        policy=load_policy(None),
        shapes=_shapes(),
        engine=engine_name,  # type: ignore[arg-type]
        jobs=jobs,
    )


def _findings(report: Report) -> list[tuple[object, ...]]:
    """In report order (the runs judge one corpus read once: the same blank nodes)."""
    return [
        (
            f.rule_id,
            f.focus_node,
            f.dossier,
            f.file,
            f.severity,
            f.result_path,
            f.value,
            f.source_shape,
            dict(f.messages),
        )
        for f in report.findings
    ]


def _contexts(report: Report) -> set[object]:
    return {o.node for o in report.provenance if o.origin == "policy"}


def _origins(report: Report) -> Counter[tuple[object, ...]]:
    """The control context's node is new in every run (and, on pySHACL, every scope)."""
    contexts = _contexts(report)
    keys = []
    for o in report.provenance:
        node = "context" if o.node in contexts else o.node
        keys.append((o.dossier, node, o.property, o.value, o.origin, o.source))
    return Counter(keys)


@pytest.mark.parametrize("engine_name", ["fast", pytest.param("pyshacl", marks=pytest.mark.slow)])
def test_parts_in_processes_give_the_report_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_name: str
) -> None:
    _generator().generate(tmp_path, count=12, seed=11)  # type: ignore[attr-defined]
    corpus = read_corpus([tmp_path, EXAMPLES])
    alone = _run(corpus, jobs=1, engine_name=engine_name)
    monkeypatch.setattr(engine, "MIN_SCOPES_PER_JOB", 4)
    forked: list[int] = []
    real = engine.run_forked

    def counting(works):  # type: ignore[no-untyped-def]
        forked.append(len(works))
        return real(works)

    monkeypatch.setattr(engine, "run_forked", counting)
    split = _run(corpus, jobs=3, engine_name=engine_name)
    assert forked == [3]  # split in three parts, two of them forked
    assert _findings(split) == _findings(alone)
    assert any(f.dossier is not None for f in split.findings)
    assert _origins(split) == _origins(alone)
    if engine_name == "fast":  # one control context for the run, whichever process judged
        assert len(_contexts(split)) == len(_contexts(alone)) == 1
    assert split.dossiers == alone.dossiers and split.engine == alone.engine


def test_a_small_corpus_is_judged_in_one_process(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(works):  # type: ignore[no-untyped-def]
        raise AssertionError("forked for a few dossiers")

    monkeypatch.setattr(engine, "run_forked", refuse)
    report = _run([EXAMPLES], jobs=8)
    assert report.findings


def test_results_come_back_in_order_from_other_processes() -> None:
    pids = run_forked([os.getpid, os.getpid, os.getpid])
    assert pids[0] == os.getpid()
    assert len(set(pids)) == 3


def test_an_error_in_a_part_is_raised_in_the_caller() -> None:
    def broken() -> int:
        raise ValueError("part 2 broke")

    with pytest.raises(ValueError, match="part 2 broke"):
        run_forked([lambda: 1, broken])


def test_a_part_that_dies_is_an_error_not_a_missing_result() -> None:
    with pytest.raises(SourcingKGError, match="without an answer"):
        run_forked([lambda: 1, lambda: os._exit(3)])


def _running(pid: int) -> bool:
    """Alive and not a zombie (an orphan's zombie may wait for a reaper in a container)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc (Linux)")
def test_a_deadline_stops_the_workers_parts_too(tmp_path: Path) -> None:
    marker = tmp_path / "pid"

    def part() -> None:
        marker.write_text(str(os.getpid()))
        time.sleep(60)

    def work() -> list[None]:
        return run_forked([lambda: time.sleep(60), part])

    with pytest.raises(DeadlineExceeded):
        run_with_deadline(work, 1.5, isolate=True)
    pid = int(marker.read_text())
    for _ in range(100):
        if not _running(pid):
            break
        time.sleep(0.05)
    assert not _running(pid), "a part of the killed worker still runs"


def test_jobs_must_be_a_positive_number(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["validate", str(EXAMPLES), "--jobs", "0"])
    assert stopped.value.code == 2
    assert "--jobs" in capsys.readouterr().err


def test_each_overzicht_is_made_once_in_the_process_that_judged_its_scope(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The register scope takes each dossier's overzicht from the part that judged it (the
    fast engine makes it in the part's store); this process makes only those of its own part,
    and none again on an rdflib graph."""
    _generator().generate(tmp_path, count=9, seed=5)  # type: ignore[attr-defined]
    corpus = read_corpus([tmp_path])
    made: list[int] = []
    on_rdflib: list[object] = []
    real, real_rdflib = fast.construct_each, scope.overzicht_of

    def counted(scoped, query, scopes):  # type: ignore[no-untyped-def]
        made.append(len(scoped.graphs))
        return real(scoped, query, scopes)

    def counted_rdflib(graph):  # type: ignore[no-untyped-def]
        on_rdflib.append(graph)
        return real_rdflib(graph)

    monkeypatch.setattr(fast, "construct_each", counted)
    monkeypatch.setattr(scope, "overzicht_of", counted_rdflib)
    monkeypatch.setattr(engine, "MIN_SCOPES_PER_JOB", 3)
    report = _run(corpus, jobs=3)
    assert len(corpus.scopes) == 9 and made == [3] and not on_rdflib  # the first part's three
    assert len(corpus.register_graph()) and not on_rdflib  # every scope's was handed back
    assert any(f.rule_id for f in report.findings)


def _unit_key(unit: scope.Unit) -> tuple[object, ...]:
    """A unit with its blank nodes as their count: each read makes new ones."""
    triples = list(unit.triples)
    named = sorted(t for t in triples if not any(isinstance(n, BNode) for n in t))
    return (unit.file, unit.graph, len(triples), named)


def test_files_read_in_parts_in_processes_are_the_units_of_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _generator().generate(tmp_path, count=9, seed=5)  # type: ignore[attr-defined]
    alone = scope.read_units([tmp_path, EXAMPLES])
    monkeypatch.setattr(scope, "MIN_FILES_PER_JOB", 3)
    forked: list[int] = []
    real = scope.run_forked

    def counting(works):  # type: ignore[no-untyped-def]
        forked.append(len(works))
        return real(works)

    monkeypatch.setattr(scope, "run_forked", counting)
    split = scope.read_units([tmp_path, EXAMPLES], jobs=3)
    assert forked == [3]
    assert [_unit_key(u) for u in split] == [_unit_key(u) for u in alone]
    assert len(split) > 9


def test_files_read_in_parts_report_the_first_bad_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each part stops at its first bad file; the error of the first part in order is raised:
    the file one process would have stopped at."""
    for number in range(8):
        good = f"<urn:x:d{number}> a <https://w3id.org/sourcing-kg/def#Dossier> .\n"
        (tmp_path / f"d{number}.ttl").write_text(good)
    (tmp_path / "d5.ttl").write_text("<urn:x:d5> a .\n")  # in the second part
    (tmp_path / "d7.ttl").write_text("<urn:x:d7> a .\n")  # in the second part, after d5
    (tmp_path / "d2.ttl").write_text("<urn:x:d2> a\n")  # in the first part
    monkeypatch.setattr(scope, "MIN_FILES_PER_JOB", 4)
    with pytest.raises(InputError) as raised:
        scope.read_units([tmp_path], jobs=2)
    assert "d2.ttl" in str(raised.value)
    with pytest.raises(InputError) as alone:
        scope.read_units([tmp_path])
    assert str(alone.value) == str(raised.value)
