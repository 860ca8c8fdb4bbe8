"""The shapes over the ontology itself (shapes/ontology/ontologie.ttl): each fires on its
non-conforming example and stays silent on its conforming one; compared on focus node, rule id
and severity."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import SH

from sourcing_kg.core.namespaces import BRON, SK, SKID, scheme
from sourcing_kg.core.resources import shapes_dir

from .shacl_findings import Finding, findings, load

FIXTURES = Path(__file__).parent / "fixtures" / "ontologie"
FASE = scheme("fase")
V = SH.Violation

# (rule id, fixture stem, the findings the non-conforming example must give, no more, no less)
CASES: list[tuple[str, str, set[Finding]]] = [
    (
        "ONT-LABELS",
        "ont-labels",
        {
            Finding(SK.ZonderEngels, "ONT-LABELS", V),
            Finding(SK.zonderLabel, "ONT-LABELS", V),
            Finding(BRON["figuur-9"], "ONT-LABELS", V),
        },
    ),
    (
        "ONT-PREFLABEL",
        "ont-preflabel",
        {Finding(FASE["1"], "ONT-PREFLABEL", V), Finding(SKID.fase, "ONT-PREFLABEL", V)},
    ),
    (
        "ONT-DEFINITION",
        "ont-definition",
        {
            Finding(SK.volgnummer, "ONT-DEFINITION", V),
            Finding(FASE["1"], "ONT-DEFINITION", V),
            Finding(SKID.fase, "ONT-DEFINITION", V),
        },
    ),
    (
        "ONT-SOURCE",
        "ont-source",
        {Finding(SK.gevraagdInFase, "ONT-SOURCE", V), Finding(FASE["1"], "ONT-SOURCE", V)},
    ),
    (
        "ONT-SOURCE-BRON",
        "ont-source-bron",
        {
            Finding(URIRef("http://example.org/ergens"), "ONT-SOURCE-BRON", V),
            Finding(BRON["tabel-99"], "ONT-SOURCE-BRON", V),
            # the literal source: compared by its lexical form below
            Finding(None, "ONT-SOURCE-BRON", V),  # type: ignore[arg-type]
        },
    ),
    (
        "ONT-BRON",
        "ont-bron",
        {
            Finding(BRON["par-4.4"], "ONT-BRON", V),
            Finding(BRON["par-4.5"], "ONT-BRON", V),
            Finding(BRON["par-4.6"], "ONT-BRON", V),
        },
    ),
]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return load(shapes_dir() / "ontology" / "ontologie.ttl")


def _normalise(found: set[Finding]) -> set[Finding]:
    """Literal focus nodes (a literal dct:source) compare as None: their identity is the text."""
    return {f if isinstance(f.focus, URIRef) else f._replace(focus=None) for f in found}


@pytest.mark.parametrize(("rule", "stem", "expected"), CASES, ids=[c[0] for c in CASES])
def test_fires_on_non_conforming(
    rule: str, stem: str, expected: set[Finding], shapes: Graph
) -> None:
    found = _normalise(findings(load(FIXTURES / f"{stem}-non-conforming.ttl"), shapes))
    assert found == expected


@pytest.mark.parametrize(("rule", "stem"), [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_silent_on_conforming(rule: str, stem: str, shapes: Graph) -> None:
    assert findings(load(FIXTURES / f"{stem}-conforming.ttl"), shapes) == set()


def test_every_shape_with_a_target_has_a_case(shapes: Graph) -> None:
    """A new rule in ontologie.ttl needs a pair of examples here."""
    rules = {str(o) for o in shapes.objects(None, SK.regelId)}
    assert rules == {c[0] for c in CASES}


def test_every_shape_has_severity_and_bilingual_message(shapes: Graph) -> None:
    for shape in shapes.subjects(SK.regelId, None):
        assert shapes.value(shape, SH.severity) is not None, shape
        languages = {m.language for m in shapes.objects(shape, SH.message)}  # type: ignore[attr-defined]
        assert {"nl", "en"} <= languages, shape
        assert shapes.value(shape, SK.regel) is not None, shape
