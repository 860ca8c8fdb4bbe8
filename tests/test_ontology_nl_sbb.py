"""The ontology against the Dutch standard for describing concepts, NL-SBB (Geonovum's SHACL
profile, a CC BY copy in tests/profiles/nl-sbb/ with its NOTICE): no violations. The warnings
are listed by ``tests/nl_sbb_report.py`` for the record; they do not fail the build."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF, SKOS

from sourcing_kg.model.ontology import ontology_graph

from .nl_sbb_report import PROFILE, nl_sbb_results

FIXTURES = Path(__file__).parent / "fixtures" / "ontologie"


def test_the_profile_copy_carries_its_notice() -> None:
    notice = (PROFILE.parent / "NOTICE").read_text(encoding="utf-8")
    assert "Geonovum/NL-SBB" in notice and "CC BY" in notice
    assert "4937b3b679a4dc95e6bde404f10b4cd313e0df85" in notice


@pytest.mark.slow  # pySHACL over all 241 concepts of the ontology: a minute and a half
def test_ontology_has_no_nl_sbb_violation() -> None:
    counts = nl_sbb_results(ontology_graph())
    violations = {key: n for key, n in counts.items() if key[0] == "Violation"}
    assert violations == {}


def test_the_profile_does_find_a_concept_without_definition() -> None:
    """The check can fail: a concept without definition is a violation of NL-SBB, and a literal
    source a warning (which is why ADR 0001 wants bron: nodes)."""
    data = Graph()
    concept = ontology_graph().namespace_manager.expand_curie("fase:99")
    data.add((concept, RDF.type, SKOS.Concept))
    data.add((concept, SKOS.prefLabel, Literal("Nergens", lang="nl")))
    data.add((concept, DCTERMS.source, Literal("geen bron")))
    counts = nl_sbb_results(data)
    assert sum(n for (severity, _m), n in counts.items() if severity == "Violation") >= 1
    assert sum(n for (severity, _m), n in counts.items() if severity == "Warning") >= 1
