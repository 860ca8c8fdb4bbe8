"""A verdict that cannot be fooled (issue 8): regression tests for the ways main let a dossier
through. Each case failed on main before this branch: a typo'd class or a plain JSON file gave
"0 dossier(s), conform", a typo'd property was silently ignored, a typo in an IRI hid a
violation, footnote 11 lived only in ``regime``, and dates after ``--as-of`` counted.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rdflib import URIRef

from sourcing_kg.cli import main
from sourcing_kg.core.errors import InputError
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Finding, Report

AS_OF = date(2026, 6, 1)
SK = "https://w3id.org/sourcing-kg/def#"
EX = "https://example.org/"
PREFIXES = """
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix regime: <https://w3id.org/sourcing-kg/id/regime/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
"""
PHASE1 = (
    "sk:resultaat [ a sk:Dienstomschrijving ], [ a sk:BIA ], [ a sk:PIA ], [ a sk:IBScan ], "
    "[ a sk:Sourcingstrategie ]"
)


def _write(directory: Path, name: str, text: str) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(PREFIXES + text, encoding="utf-8")
    return path


def _validate(tmp_path: Path, text: str, *, as_of: date = AS_OF) -> Report:
    return validate_paths([_write(tmp_path, "d.ttl", text)], as_of=as_of, policy=load_policy())


def _of(report: Report, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule_id == rule]


# -- nothing to judge is an input error, not a pass ------------------------------------------


def test_a_typo_in_the_dossier_class_is_an_input_error(tmp_path: Path) -> None:
    path = _write(tmp_path, "d.ttl", "ex:d a sk:Dosier ; sk:fase fase:2 .\n")
    with pytest.raises(InputError) as raised:
        validate_paths([path], as_of=AS_OF, policy=load_policy())
    message = str(raised.value)
    assert str(path) in message and "sk:Dossier" in message
    assert "sk:Dosier" in message  # the unknown term, with the closest declared one


def test_a_plain_json_file_is_an_input_error_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"naam": "geen dossier"}', encoding="utf-8")
    assert main(["validate", str(path)]) == 3
    assert "sk:Dossier" in capsys.readouterr().err


def test_a_register_file_alone_is_input(tmp_path: Path) -> None:
    report = _validate(tmp_path, "ex:lev a sk:Leverancier .\n")
    assert not report.dossiers


# -- an undeclared sk: term is a violation with a suggestion ---------------------------------


def test_a_typo_in_a_property_is_a_violation_with_a_suggestion(tmp_path: Path) -> None:
    text = f"ex:d a sk:Dossier ; sk:fase fase:2 ; sk:reultaat ex:r ; {PHASE1} .\n"
    report = _validate(tmp_path, text)
    (unknown,) = _of(report, "INT-ONBEKEND")
    assert unknown.value == URIRef(SK + "reultaat")
    assert unknown.focus_node == URIRef(EX + "d")
    assert unknown.severity.value == "Violation"
    assert "sk:resultaat" in unknown.message("en")
    assert unknown.file is not None and unknown.file.endswith("d.ttl")


def test_a_typo_in_a_class_next_to_a_dossier_is_a_violation(tmp_path: Path) -> None:
    text = "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:resultaat ex:r .\nex:r a sk:Exitpaln .\n"
    report = _validate(tmp_path, text)
    (unknown,) = _of(report, "INT-ONBEKEND")
    assert unknown.value == URIRef(SK + "Exitpaln") and "sk:Exitplan" in unknown.message("en")


# -- dangling references ---------------------------------------------------------------------


def test_a_typo_in_the_service_iri_is_reported_and_h2_still_fires(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:regulier ; "
        f"sk:betreft ex:dienst-typo ; {PHASE1} .\n"
        "ex:dienst a sk:ITDienst ; sk:kritiek true .\n"
    )
    report = _validate(tmp_path, text)
    (dangling,) = _of(report, "INT-VERWIJZING")
    assert (dangling.focus_node, dangling.result_path, dangling.value) == (
        URIRef(EX + "d"),
        URIRef(SK + "betreft"),
        URIRef(EX + "dienst-typo"),
    )


@pytest.mark.parametrize(
    "link",
    ["resultaat", "afweging", "sourcingRelatie", "betreft"],
)
def test_every_dossier_link_must_be_described(tmp_path: Path, link: str) -> None:
    report = _validate(tmp_path, f"ex:d a sk:Dossier ; sk:fase fase:1 ; sk:{link} ex:nergens .\n")
    assert {(f.result_path, f.value) for f in _of(report, "INT-VERWIJZING")} == {
        (URIRef(SK + link), URIRef(EX + "nergens"))
    }


# -- footnote 11 inside validate ---------------------------------------------------------------


def test_footnote_11_value_marked_regulier_violates_h2(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:regulier ; "
        f"sk:geschatteWaarde 5000000 ; {PHASE1} .\n"
    )
    report = _validate(tmp_path, text)
    assert [f.focus_node for f in _of(report, "H2")] == [URIRef(EX + "d")]


def test_footnote_11_policy_values_come_from_the_policy_file(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:regulier ; "
        'sk:bbn "BBN2" ; sk:geschatteWaarde 5000000 .\n'
    )
    policy = tmp_path / "beleid.toml"
    policy.write_text('[regime]\ngeschatte_waarde_euro = 9000000\nbbn_niveaus = ["BBN2"]\n')
    path = _write(tmp_path, "d.ttl", text)
    report = validate_paths([path], as_of=AS_OF, policy=load_policy(policy))
    shapes = {str(f.source_shape).rsplit("#", 1)[-1] for f in _of(report, "H2")}
    assert shapes == {"H2-BBN"}


# -- the as-of date --------------------------------------------------------------------------


def test_a_deliverable_dated_after_the_as_of_date_has_not_happened(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:resultaat ex:bia , "
        "[ a sk:Dienstomschrijving ], [ a sk:PIA ], [ a sk:IBScan ], [ a sk:Sourcingstrategie ] .\n"
        'ex:bia a sk:BIA ; sk:datum "2026-07-01"^^xsd:date .\n'
    )
    assert {f.value for f in _of(_validate(tmp_path / "a", text), "H1")} == {URIRef(SK + "BIA")}
    later = _validate(tmp_path / "b", text, as_of=date(2026, 8, 1))
    assert _of(later, "H1") == []


def test_a_takeover_after_the_as_of_date_has_not_happened(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:sourcingRelatie ex:rel .\n"
        "ex:rel a sk:SourcingRelatie ; sk:leverancier ex:lev .\n"
        'ex:lev a sk:Leverancier ; sk:overgenomenOp "2026-09-01"^^xsd:date .\n'
    )
    assert _of(_validate(tmp_path / "a", text), "H7") == []
    assert len(_of(_validate(tmp_path / "b", text, as_of=date(2026, 10, 1)), "H7")) == 2


def test_the_latest_exit_test_counts_and_not_one_after_the_as_of_date(tmp_path: Path) -> None:
    base = "ex:d a sk:Dossier ; sk:fase fase:5 ; sk:resultaat ex:ep .\nex:ep a sk:Exitplan ; "
    recent = base + 'sk:laatstGetest "2024-01-01"^^xsd:date , "2026-01-01"^^xsd:date .\n'
    assert [f for f in _of(_validate(tmp_path / "a", recent), "H8")] == []
    future = base + 'sk:laatstGetest "2024-01-01"^^xsd:date , "2026-09-01"^^xsd:date .\n'
    assert len(_of(_validate(tmp_path / "b", future), "H8")) == 1


def test_an_approval_after_the_as_of_date_has_not_happened(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:3 ; sk:afweging ex:af .\n"
        "ex:af a sk:Afweging ; sk:goedgekeurdDoor ex:bestuur ; "
        'sk:goedkeuringsdatum "2026-12-01"^^xsd:date .\n'
    )
    paths = {f.result_path for f in _of(_validate(tmp_path, text), "H3")}
    assert URIRef(SK + "goedkeuringsdatum") in paths


# -- randvoorwaarde 6.2: the contracted suppliers, and the relationship's risk analysis -------


def test_a_subcontractors_takeover_is_not_the_dossiers(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:sourcingRelatie ex:rel .\n"
        "ex:rel a sk:SourcingRelatie ; sk:leverancier ex:lev .\n"
        "ex:lev a sk:Leverancier ; sk:onderaannemer ex:onder .\n"
        'ex:onder a sk:Leverancier ; sk:overgenomenOp "2025-01-01"^^xsd:date .\n'
    )
    assert _of(_validate(tmp_path, text), "H7") == []


def test_the_relationships_latest_risk_analysis_counts_after_a_takeover(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:1 ; sk:sourcingRelatie ex:rel .\n"
        "ex:rel a sk:SourcingRelatie ; sk:leverancier ex:lev ;\n"
        '    sk:laatsteRisicoanalyse "2025-02-01"^^xsd:date .\n'
        'ex:lev a sk:Leverancier ; sk:overgenomenOp "2025-01-01"^^xsd:date .\n'
    )
    assert {f.value for f in _of(_validate(tmp_path, text), "H7")} == {
        URIRef(SK + "Geschiktheidstest")
    }


def test_regime_and_validate_agree_on_footnote_11(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:regulier ; "
        f"sk:geschatteWaarde 5000000 ; {PHASE1} .\n"
    )
    path = _write(tmp_path, "d.ttl", text)
    assert main(["regime", str(path), "--as-of", "2026-06-01"]) == 1
    assert main(["validate", str(path), "--as-of", "2026-06-01"]) == 1
    path.write_text(PREFIXES + text.replace("5000000", "50000"), encoding="utf-8")
    assert main(["regime", str(path), "--as-of", "2026-06-01"]) == 0
    assert main(["validate", str(path), "--as-of", "2026-06-01"]) == 0


def test_an_input_cannot_forge_the_control_context(tmp_path: Path) -> None:
    text = (
        "ex:d a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:regulier ; "
        f"sk:geschatteWaarde 5000000 ; {PHASE1} .\n"
        "ex:ctx a sk:Controlecontext ; sk:drempelGeschatteWaarde 999999999 ; "
        'sk:peildatum "2000-01-01"^^xsd:date .\n'
    )
    report = _validate(tmp_path, text)
    assert len(_of(report, "H2")) == 1
    assert {f.focus_node for f in _of(report, "INT-TERM")} == {URIRef(EX + "ctx")}
