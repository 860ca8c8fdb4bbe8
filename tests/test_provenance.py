"""Provenance of the values the rules used: stated, inferred (--inference), policy or missing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Report

AS_OF = date(2026, 6, 1)
SK = "https://w3id.org/sourcing-kg/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
EX = "https://example.org/"
DOSSIER = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix ex: <https://example.org/> .
ex:d a sk:Dossier ; sk:fase fase:4 ; sk:betreft ex:dienst ; sk:resultaat ex:dd .
ex:dienst a sk:ITDienst ; sk:kritiek true .
ex:dd a sk:UitvoerigeDueDiligence .
"""

Row = tuple[str, str, str | None, str]


@pytest.fixture(scope="module")
def dossier(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("herkomst") / "d.ttl"
    path.write_text(DOSSIER, encoding="utf-8")
    return path


def rows(report: Report) -> dict[Row, str]:
    return {
        (
            o.as_json()["node"] or "",
            o.as_json()["property"] or "",
            o.as_json()["value"],
            o.origin,
        ): (o.source)
        for o in report.provenance
    }


@pytest.fixture(scope="module")
def plain(dossier: Path) -> dict[Row, str]:
    return rows(validate_paths([dossier], as_of=AS_OF, policy=load_policy()))


@pytest.fixture(scope="module")
def inferred(dossier: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[Row, str]:
    policy = tmp_path_factory.mktemp("beleid") / "beleid.toml"
    policy.write_text("[termijnen]\nexitplan_test_maanden = 6\n", encoding="utf-8")
    report = validate_paths([dossier], as_of=AS_OF, policy=load_policy(policy), inference="rdfs")
    return {**rows(report), ("policy-file", "", None, ""): str(policy)}


def test_stated_values_name_their_file(plain: dict[Row, str], dossier: Path) -> None:
    assert plain[(EX + "d", SK + "fase", "https://w3id.org/sourcing-kg/id/fase/4", "stated")] == (
        str(dossier)
    )
    assert (EX + "dienst", SK + "kritiek", "true", "stated") in plain
    assert (EX + "dd", RDF_TYPE, SK + "UitvoerigeDueDiligence", "stated") in plain


def test_without_inference_nothing_is_inferred(plain: dict[Row, str]) -> None:
    assert [row for row in plain if row[3] == "inferred"] == []


def test_inferred_values_are_marked(inferred: dict[Row, str]) -> None:
    row = (EX + "dd", RDF_TYPE, SK + "DueDiligence", "inferred")
    assert inferred[row] == "--inference rdfs"
    # a stated value stays stated when inference also derives it
    assert (EX + "d", RDF_TYPE, SK + "Dossier", "stated") in inferred
    assert (EX + "d", RDF_TYPE, SK + "Dossier", "inferred") not in inferred


def test_policy_values_name_the_policy_file_and_the_as_of_date(
    plain: dict[Row, str], inferred: dict[Row, str]
) -> None:
    def policy(found: dict[Row, str], prop: str) -> list[tuple[str | None, str]]:
        return [(r[2], s) for r, s in found.items() if r[1] == SK + prop and r[3] == "policy"]

    assert policy(plain, "peildatum") == [("2026-06-01", "--as-of")]
    assert policy(plain, "exitTestPeriodeMaanden")[0][0] == "12"
    user_file = inferred[("policy-file", "", None, "")]
    assert policy(inferred, "exitTestPeriodeMaanden") == [("6", user_file)]


def test_missing_values_of_the_dossier_and_its_service(plain: dict[Row, str]) -> None:
    missing = {(r[0], r[1]) for r in plain if r[3] == "missing"}
    assert (EX + "d", SK + "regime") in missing
    assert (EX + "d", SK + "leveringsvorm") in missing
    assert (EX + "d", SK + "fase") not in missing
    assert all(r[2] is None for r in plain if r[3] == "missing")


def test_json_report_and_status_carry_the_provenance(
    dossier: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["validate", str(dossier), "--format", "json", "--as-of", "2026-06-01"])
    provenance = json.loads(capsys.readouterr().out)["provenance"]
    assert {"origin": "missing", "property": SK + "regime", "node": EX + "d"}.items() <= next(
        p for p in provenance if p["property"] == SK + "regime"
    ).items()
    main(
        ["status", str(dossier), "--format", "json", "--as-of", "2026-06-01", "--inference", "rdfs"]
    )
    detail = json.loads(capsys.readouterr().out)
    origins = {(p["node"], p["value"], p["origin"]) for p in detail["provenance"]}
    assert (EX + "dd", SK + "DueDiligence", "inferred") in origins
    main(["status", str(dossier), "--as-of", "2026-06-01"])
    text = capsys.readouterr().out
    assert "ontbreekt: https://example.org/d regime" in text


def test_missing_values_of_a_service_that_the_register_facts_name(tmp_path: Path) -> None:
    """The dossier's service is read from its whole scope: here a register file names it (the
    dossier is also described as a party there), and what it lacks is reported missing."""
    (tmp_path / "d.ttl").write_text(DOSSIER, encoding="utf-8")
    (tmp_path / "register.ttl").write_text(
        "@prefix sk: <https://w3id.org/sourcing-kg/def#> .\n"
        "<https://example.org/d> a sk:Leverancier ; sk:betreft <urn:dienst-2> .\n"
        "<urn:dienst-2> a sk:ITDienst .\n",
        encoding="utf-8",
    )
    report = validate_paths([tmp_path], as_of=AS_OF, policy=load_policy())
    missing = {p for n, p, _, origin in rows(report) if n == "urn:dienst-2" and origin == "missing"}
    assert SK + "kritiek" in missing and SK + "subdomein" in missing


ARGS = ("--format", "json", "--as-of", "2026-06-01", "--timeout", "0")


def test_the_order_of_the_value_origins_does_not_follow_the_hash_seed(tmp_path: Path) -> None:
    """Two runs with other string hashes give the origins in the same order (blank nodes'
    labels aside): a report in CI is compared with yesterday's."""
    import os
    import re
    import subprocess
    import sys

    (tmp_path / "d.ttl").write_text(DOSSIER, encoding="utf-8")
    made = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "sourcing_kg", "validate", str(tmp_path / "d.ttl"), *ARGS],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=False,
        )
        origins = json.loads(done.stdout)["provenance"]
        made.append([re.sub(r"_:\w+", "_:", json.dumps(o)) for o in origins])
    assert made[0] == made[1] and len(made[0]) > 5


def test_a_value_origin_comes_back_from_a_pickle_as_it_was() -> None:
    """The forked parts of a run send their value origins pickled, as their fields."""
    import pickle

    from rdflib import BNode, Literal, URIRef
    from rdflib.namespace import XSD

    from sourcing_kg.validation.provenance import ValueOrigin

    dossier, node = URIRef("urn:x:d"), BNode()
    origins = [
        ValueOrigin(dossier, node, URIRef("urn:x:p"), Literal("2026-01-01", datatype=XSD.date),
                    "stated", "d.ttl"),
        ValueOrigin(dossier, dossier, URIRef("urn:x:q"), None, "missing", ""),
    ]  # fmt: skip
    back = pickle.loads(pickle.dumps(origins))
    assert back == origins
    assert [type(o.value) for o in back] == [Literal, type(None)]
    assert isinstance(back[0].node, BNode) and back[0].node == node
