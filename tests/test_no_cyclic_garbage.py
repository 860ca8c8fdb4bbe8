"""A run leaves no dossier's graph behind that only a full garbage collection can free: at
10,000 dossiers such a collection walks every object of the run, and until it runs the graphs
stay in memory (``io.rdf_files.triples_graph``, ``validation.scope.overzicht_of``)."""

from __future__ import annotations

import gc
from datetime import date
from pathlib import Path

from rdflib import RDF, Graph
from rdflib.plugins.stores.memory import SimpleMemory

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "dossiers"


def _cycles_left_by(run: object) -> list[Graph]:
    """The graphs that only a full collection frees after ``run()``; short-lived cycles the
    young collections freed during the run do not count."""
    gc.collect()
    try:
        result = run()  # type: ignore[operator]
        del result
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        return [o for o in gc.garbage if isinstance(o, Graph)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def test_a_validation_leaves_no_dossier_graph_in_a_cycle() -> None:
    def run() -> object:
        report = validate_paths([EXAMPLES], as_of=date(2026, 6, 1), policy=load_policy(None))
        assert report.findings  # the examples break rules on purpose: the run judged them
        return report

    left = _cycles_left_by(run)
    assert [g for g in left if isinstance(g.store, SimpleMemory)] == []
    dossiers = [g for g in left if (None, RDF.type, SK.Dossier) in g]
    assert dossiers == [], f"{len(dossiers)} graphs with a dossier freed only by a full collection"


def test_the_check_sees_a_graph_in_a_cycle() -> None:
    """The default store refers back to its graph: the check above would see such a graph."""

    def run() -> object:
        kept = []
        for _ in range(3):
            graph = Graph()
            graph.add((SK.d, RDF.type, SK.Dossier))
            kept.append(graph)
        gc.collect()  # old enough that only a full collection frees them
        return kept

    assert len(_cycles_left_by(run)) == 3
