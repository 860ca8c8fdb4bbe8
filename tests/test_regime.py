"""``sourcing-kg regime``: the regime and its reasons from the dossier and the policy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from sourcing_kg.cli import main
from sourcing_kg.model.policy import load_policy
from sourcing_kg.workflow.regime import determine_regime

PREFIXES = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix ex: <http://example.org/> .
@prefix regime: <https://w3id.org/sourcing-kg/id/regime/> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
"""
D = URIRef("http://example.org/d")


def _regime(body: str, policy_path: Path | None = None):  # type: ignore[no-untyped-def]
    graph = Graph().parse(data=PREFIXES + body, format="turtle")
    return determine_regime(graph, D, load_policy(policy_path))


@pytest.mark.parametrize(
    ("body", "criteria"),
    [
        ("ex:d a sk:Dossier ; sk:betreft [ sk:kritiek true ] .", ["kritiek"]),
        ("ex:d a sk:Dossier ; sk:betreft [ sk:strategisch true ] .", ["strategisch"]),
        ("ex:d a sk:Dossier ; sk:resultaat [ a sk:BIA ; sk:uitkomstClassificatie \"HOOG\" ] .",
         ["bia"]),
        ("ex:d a sk:Dossier ; sk:resultaat [ a sk:IBScan ; sk:uitkomstClassificatie \"hoog\" ] .",
         ["ibscan"]),
        ("ex:d a sk:Dossier ; sk:resultaat [ a sk:PIA ; sk:uitkomstClassificatie \"hoog\" ] .",
         ["pia"]),
        ("ex:d a sk:Dossier ; sk:bbn \"BBN3\" .", ["bbn"]),
        ("ex:d a sk:Dossier ; sk:geschatteWaarde 1000000 .", ["geschatte-waarde"]),
        ("ex:d a sk:Dossier ; sk:betreft [ sk:kritiek true ; sk:strategisch true ] ; "
         "sk:bbn \"bbn3\" .", ["kritiek", "strategisch", "bbn"]),
    ],
)  # fmt: skip
def test_each_criterion_makes_it_verscherpt(body: str, criteria: list[str]) -> None:
    advies = _regime(body)
    assert advies.regime == "verscherpt"
    assert advies.criteria == criteria


@pytest.mark.parametrize(
    "body",
    [
        "ex:d a sk:Dossier ; sk:betreft [ sk:kritiek false ; sk:strategisch false ] .",
        'ex:d a sk:Dossier ; sk:resultaat [ a sk:BIA ; sk:uitkomstClassificatie "midden" ] .',
        'ex:d a sk:Dossier ; sk:bbn "BBN2" ; sk:geschatteWaarde 999999.99 .',
    ],
)
def test_below_the_thresholds_it_is_regulier(body: str) -> None:
    advies = _regime(body)
    assert advies.regime == "regulier"
    assert advies.criteria == []
    assert advies.reasons[0].code == "geen-criterium"


def test_regulier_says_what_was_not_assessed() -> None:
    advies = _regime('ex:d a sk:Dossier ; sk:bbn "BBN1" .')
    incomplete = [r for r in advies.reasons if r.code == "onvolledig"]
    assert len(incomplete) == 1
    assert "BIA" in incomplete[0].en and "BBN" not in incomplete[0].en


def test_thresholds_come_from_the_policy(tmp_path: Path) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text(
        '[regime]\ngeschatte_waarde_euro = 50000\nbbn_niveaus = ["BBN2", "BBN3"]\n',
        encoding="utf-8",
    )
    body = 'ex:d a sk:Dossier ; sk:bbn "BBN2" ; sk:geschatteWaarde 60000 .'
    assert _regime(body).regime == "regulier"
    assert _regime(body, policy).criteria == ["bbn", "geschatte-waarde"]


def test_cli_json_and_stated_regime(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.ttl"
    path.write_text(
        PREFIXES
        + "ex:d a sk:Dossier ; sk:regime regime:regulier ; sk:betreft [ sk:kritiek true ] .",
        encoding="utf-8",
    )
    assert main(["regime", str(path), "--format", "json"]) == 1  # stated regime differs
    out = json.loads(capsys.readouterr().out)
    assert out["regime"] == "verscherpt" and len(out["reasons"]) == 1
    assert (out["stated"], out["matches"]) == ("regulier", False)
    path.write_text(
        PREFIXES + "ex:d a sk:Dossier ; sk:regime regime:verscherpt ; "
        "sk:betreft [ sk:kritiek true ] .",
        encoding="utf-8",
    )
    assert main(["regime", str(path), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["matches"] is True


def test_cli_several_dossiers_need_a_choice(tmp_path: Path) -> None:
    path = tmp_path / "d.ttl"
    path.write_text(PREFIXES + "ex:d a sk:Dossier .\nex:e a sk:Dossier .", encoding="utf-8")
    assert main(["regime", str(path)]) == 2
    assert main(["regime", str(path), "--dossier", "http://example.org/e"]) == 0
