"""A run leaves no dossier's graph behind that only a full garbage collection can free: at
10,000 dossiers such a collection walks every object of the run, and until it runs the graphs
stay in memory (``io.rdf_files.triples_graph``, ``validation.scope.overzicht_of``)."""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDF, Graph
from rdflib.plugins.sparql import evaluate

from sourcing_kg.cli import main
from sourcing_kg.core.namespaces import SK

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "dossiers"


@pytest.fixture
def constructed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Graph]]:
    """The graphs rdflib builds for CONSTRUCT results: in its default store, which refers back
    to the graph, and not ours to choose; they live for one query, so young collections free
    them while the run goes on. Kept here, so they are no garbage of the check."""
    graphs: list[Graph] = []
    construct = evaluate.evalConstructQuery

    def recorded(*args: Any) -> Mapping[str, Any]:
        result = construct(*args)
        graphs.append(result["graph"])
        return result

    monkeypatch.setattr(evaluate, "evalConstructQuery", recorded)
    yield graphs


def _cycles_left_by(run: Callable[[], object]) -> list[Graph]:
    """The graphs in a reference cycle after ``run()``. Frequent young collections and no full
    one during the run move every graph the run keeps for a while into the oldest generation,
    as a large register does, so the check does not depend on when the collector runs."""
    gc.collect()
    thresholds = gc.get_threshold()
    gc.set_threshold(50, 1, 1 << 30)
    try:
        result = run()
        del result
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, Graph)]
    finally:
        gc.set_threshold(*thresholds)
        gc.set_debug(0)
        gc.garbage.clear()


def _one_dossier(graph: Graph) -> bool:
    return len(set(graph.subjects(RDF.type, SK.Dossier))) == 1


def test_a_validation_leaves_no_dossier_graph_in_a_cycle(
    constructed: list[Graph], capsys: pytest.CaptureFixture[str]
) -> None:
    def run() -> object:
        # the command, as users run it: its report and run record keep the run's objects
        # longer than the library call does
        arguments = ["validate", str(EXAMPLES), "--as-of", "2026-06-01", "--format", "json"]
        code = main([*arguments, "--timeout", "0"])  # in this process, not in a worker
        assert code == 1  # the examples break rules on purpose: the run judged them
        return None

    left = [g for g in _cycles_left_by(run) if _one_dossier(g)]
    # the fast engine makes each dossier's overzicht in its own store, not as an rdflib
    # CONSTRUCT on a graph of the scope (the reference engine, ``--engine pyshacl``, does)
    assert not constructed
    assert json.loads(capsys.readouterr().out)["results"]
    # the reference engine's copy of the register scope (all dossiers, in the store pySHACL
    # needs) is one per run; one per dossier would grow with the register
    assert left == [], f"{len(left)} one-dossier graphs need a full collection"


def test_the_check_sees_a_graph_in_a_cycle() -> None:
    """The default store refers back to its graph: the check above would see such a graph."""

    def run() -> object:
        kept = []
        for _ in range(3):
            graph = Graph()
            graph.add((SK.d, RDF.type, SK.Dossier))
            kept.append(graph)
        return kept

    assert len(_cycles_left_by(run)) == 3
