"""Each dossier is judged on its own scope, by rules no input can change (issue: the verdict).

Regression tests for the ways the merged graph let a dossier through: a dossier rewriting the
deliverable metadata, one dossier's suitability test satisfying another's takeover rule, a
country made EEA by the input. And what scoping keeps: register facts from any file, one
dossier per named graph, unused triples reported.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import URIRef

from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Finding, Report

AS_OF = date(2026, 6, 1)
PREFIXES = """
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix regime: <https://w3id.org/sourcing-kg/id/regime/> .
@prefix country: <http://publications.europa.eu/resource/authority/country/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""


def _validate(directory: Path, **files: str) -> Report:
    """Each keyword is a Turtle file ``<name>.ttl`` in ``directory``; validate them together."""
    directory.mkdir(exist_ok=True)
    for name, text in files.items():
        (directory / f"{name}.ttl").write_text(PREFIXES + text, encoding="utf-8")
    return validate_paths(sorted(directory.iterdir()), as_of=AS_OF, policy=load_policy())


def _of(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule]


def test_a_dossier_cannot_waive_its_own_bia(tmp_path: Path) -> None:
    dossier = "ex:d a sk:Dossier ; sk:fase fase:2 .\n"
    plain = _validate(tmp_path / "plain", d=dossier)
    rewriting = _validate(tmp_path / "rewriting", d=dossier + "sk:BIA sk:perOrganisatie true .\n")
    missing = {f.value for f in _of(plain, "H1")}
    assert URIRef("https://w3id.org/sourcing-kg/def#BIA") in missing
    assert {f.value for f in _of(rewriting, "H1")} == missing
    (refused,) = _of(rewriting, "INT-TERM")
    assert refused.focus_node == URIRef("https://w3id.org/sourcing-kg/def#BIA")
    assert refused.severity.value == "Violation" and refused.file is not None


def test_a_country_cannot_be_made_eea_by_the_input(tmp_path: Path) -> None:
    report = _validate(
        tmp_path,
        d="ex:d a sk:Dossier ; sk:fase fase:1 .\ncountry:USA a sk:EERLand ; sk:eu true .\n"
        'country:NLD <http://www.w3.org/2000/01/rdf-schema#label> "Nederland"@nl .\n',
    )
    (refused,) = _of(report, "INT-TERM")
    assert refused.focus_node == URIRef(
        "http://publications.europa.eu/resource/authority/country/USA"
    )
    assert "2 triple(s)" in refused.message("en")  # the label of NLD is fine


TAKEOVER = """
ex:lev a sk:Leverancier ; sk:overgenomenOp "2025-01-01"^^xsd:date .
"""


def _dossier(name: str, *, tested: bool) -> str:
    results = (
        f"""; sk:resultaat ex:{name}-gt , ex:{name}-ra .
ex:{name}-gt a sk:Geschiktheidstest ; sk:datum "2025-03-01"^^xsd:date .
ex:{name}-ra a sk:Risicoanalyse ; sk:datum "2025-03-01"^^xsd:date ."""
        if tested
        else " ."
    )
    return f"""
ex:{name} a sk:Dossier ; sk:fase fase:1 ;
    sk:sourcingRelatie [ a sk:SourcingRelatie ; sk:leverancier ex:lev ] {results}
"""


def test_another_dossiers_suitability_test_does_not_count_in_one_file(tmp_path: Path) -> None:
    report = _validate(
        tmp_path, d=TAKEOVER + _dossier("een", tested=False) + _dossier("twee", tested=True)
    )
    takeovers = _of(report, "H7")
    assert {f.dossier for f in takeovers} == {URIRef("https://example.org/een")}
    assert len(takeovers) == 2  # the suitability test and the risk analysis


def test_another_dossiers_suitability_test_does_not_count_across_files(tmp_path: Path) -> None:
    report = _validate(
        tmp_path,
        een=_dossier("een", tested=False),
        twee=_dossier("twee", tested=True),
        register=TAKEOVER,  # the takeover is a register fact described elsewhere: it still counts
    )
    assert {f.dossier for f in _of(report, "H7")} == {URIRef("https://example.org/een")}


def test_one_dossier_per_named_graph_even_with_shared_iris(tmp_path: Path) -> None:
    trig = """
ex:g1 { ex:een a sk:Dossier ; sk:fase fase:1 ;
          sk:sourcingRelatie ex:relatie ; sk:resultaat ex:gt , ex:ra .
        ex:relatie sk:leverancier ex:lev . }
ex:g2 { ex:twee a sk:Dossier ; sk:fase fase:1 ;
          sk:sourcingRelatie ex:relatie ; sk:resultaat ex:gt , ex:ra .
        ex:relatie sk:leverancier ex:lev .
        ex:gt a sk:Geschiktheidstest ; sk:datum "2025-03-01"^^xsd:date .
        ex:ra a sk:Risicoanalyse ; sk:datum "2025-03-01"^^xsd:date . }
{ ex:lev a sk:Leverancier ; sk:overgenomenOp "2025-01-01"^^xsd:date . }
"""
    (tmp_path / "dossiers.trig").write_text(PREFIXES + trig, encoding="utf-8")
    report = validate_paths([tmp_path / "dossiers.trig"], as_of=AS_OF, policy=load_policy())
    assert {f.dossier for f in _of(report, "H7")} == {URIRef("https://example.org/een")}
    assert set(report.dossiers) == {URIRef(f"https://example.org/{n}") for n in ("een", "twee")}


def test_triples_that_belong_to_nothing_are_reported_not_used(tmp_path: Path) -> None:
    report = _validate(
        tmp_path,
        d="ex:d a sk:Dossier ; sk:fase fase:1 .\n"
        'ex:los a sk:Geschiktheidstest ; sk:datum "2025-03-01"^^xsd:date .\n',
    )
    (unused,) = _of(report, "INT-LOS")
    assert unused.focus_node == URIRef("https://example.org/los")
    assert unused.severity.value == "Info" and unused.dossier is None
