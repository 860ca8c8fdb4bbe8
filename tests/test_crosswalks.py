"""Crosswalks to DORA, EBA/GL/2019/02 and the BIO: every mapping sourced, shown, filterable."""

from __future__ import annotations

import json

from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SKOS

from sourcing_kg.cli import main
from sourcing_kg.core.namespaces import BRON, SK, SKID
from sourcing_kg.core.resources import crosswalk_files, examples_dir
from sourcing_kg.model.lookup import describe
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.validation.frameworks import filter_findings, mapped_terms
from sourcing_kg.validation.report import Finding, Severity

RV63 = URIRef(f"{SKID}randvoorwaarde/6.3")
MAPPING_PROPERTIES = {SKOS.closeMatch, SKOS.relatedMatch, SKOS.broadMatch, SKOS.narrowMatch}


def test_every_mapping_has_sources_a_relation_and_our_reading() -> None:
    graph = ontology_graph()
    nodes = list(graph.subjects(RDF.type, SK.Kruisverwijzing))
    assert len(nodes) == 55 and len(crosswalk_files()) == 4
    for node in nodes:
        sources = set(graph.objects(node, DCTERMS.source))
        assert sources and all(str(s).startswith(str(BRON)) for s in sources), node
        assert set(graph.objects(node, PROV.wasDerivedFrom)), node
        assert set(graph.objects(node, SK.kruisRelatie)) <= MAPPING_PROPERTIES
        assert len(set(graph.objects(node, SK.kruisNaar))) == 1
        assert set(graph.objects(node, SKOS.editorialNote)), node
        # a concept also carries the plain SKOS triple; a class only the qualified node
        subject = graph.value(node, SK.kruisVan)
        relation = graph.value(node, SK.kruisRelatie)
        target = graph.value(node, SK.kruisNaar)
        if (subject, RDF.type, SKOS.Concept) in graph:
            assert (subject, relation, target) in graph
        else:
            assert (subject, relation, target) not in graph


def test_counts_per_framework() -> None:
    graph = ontology_graph()
    counts = {
        fw: len(set(graph.subjects(SK.kader, SKID[f"kruistabel/{fw}"])))
        for fw in ("dora", "eba", "bio")
    }
    assert counts == {"dora": 25, "eba": 16, "bio": 14}


def test_concept_6_3_shows_its_dora_and_eba_counterparts(capsys) -> None:  # type: ignore[no-untyped-def]
    description = describe(ontology_graph(), RV63, lang="en")
    targets = {m.target.iri for m in description.mappings}
    assert "http://data.europa.eu/eli/reg/2022/2554/art_28/oj" in targets
    assert f"{SKID}extern/eba-gl-2019-02/par-107" in targets
    assert main(["concept", "randvoorwaarde/6.3", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Crosswalk:" in out and "art_28" in out and "par-107" in out


def _finding(rules: tuple[str, ...], value: str | None = None) -> Finding:
    return Finding(
        Severity.VIOLATION,
        URIRef("urn:x"),
        None,
        {"en": "m"},
        URIRef("urn:shape"),
        rules=tuple(URIRef(r) for r in rules),
        rule_id="X",
        value=URIRef(value) if value else None,
    )


def test_filter_keeps_findings_whose_rule_or_deliverable_maps() -> None:
    h8 = _finding((str(RV63),))
    h1_exit = _finding(("https://w3id.org/sourcing-kg/id/bron/tabel-3",), str(SK.Exitplan))
    h1_pid = _finding(
        ("https://w3id.org/sourcing-kg/id/bron/tabel-3",), str(SK.ProjectInitiatieDocument)
    )
    p36 = _finding((f"{SKID}principe/3.6",))
    findings = [h8, h1_exit, h1_pid, p36]
    assert filter_findings(findings, "dora") == [h8, h1_exit]
    assert filter_findings(findings, "bio") == [h8]
    assert SK.Exitplan in mapped_terms("eba")


def test_validate_framework_option(capsys) -> None:  # type: ignore[no-untyped-def]
    dossier = examples_dir() / "dossiers" / "afwijkend" / "h8-exitplan-niet-getest.ttl"
    main(["validate", str(dossier), "--format", "json"])
    everything = json.loads(capsys.readouterr().out)["results"]
    for framework in ("dora", "bio"):
        main(["validate", str(dossier), "--format", "json", "--framework", framework])
        kept = json.loads(capsys.readouterr().out)["results"]
        terms = {str(term) for term in mapped_terms(framework)}
        expected = [r for r in everything if terms.intersection([*r["rules"], r["value"] or ""])]
        assert kept == expected
        assert "H8" in {r["ruleId"] for r in kept}  # randvoorwaarde 6.3 maps into both
    assert len(expected) < len(everything)
