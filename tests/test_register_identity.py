"""One party per identifier: name variants merge, conflicts and cycles are reported with rows.

The sheets are in ``tests/fixtures/register/sheets/``; every expected number is worked out by
hand in the comments.
"""

from __future__ import annotations

import re
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from rdflib import RDFS, Literal, URIRef

from analysis_helpers import FIXTURES, run
from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.model.policy import load_policy
from sourcing_kg.register.analyses import catalogue, memory_backend
from sourcing_kg.register.importer import (
    ImportResult,
    check_register,
    import_register,
    write_register,
)
from sourcing_kg.validation.engine import validate_paths

SHEETS = FIXTURES / "sheets"
BASE = "https://w3id.org/sourcing-kg/id/register/"
ALFA = URIRef(BASE + "partij/kvk/12345678")
BETA = URIRef(BASE + "partij/kvk/87654321")


@cache
def imported(sheet: str) -> ImportResult:
    """One import per fixture sheet, shared by the tests of this module, which only read it
    (an import takes a second or two, most of it parsing the mapping query)."""
    return import_register(SHEETS / sheet)


def register_file(tmp_path: Path, sheet: str) -> Path:
    result = imported(sheet)
    assert result.errors == []
    target = tmp_path / "register.ttl"
    write_register(result.graph, target)
    return target


def test_name_variants_with_one_kvk_are_one_party() -> None:
    """R1 'Alfa B.V.' (KvK), R2 'ALFA BV' (same KvK and a LEI), R4 'Alfa Nederland' (that LEI
    only): one party, minted from its KvK number; the names are its labels."""
    graph = imported("naamvarianten.csv").graph
    suppliers = set(graph.objects(None, SK.leverancier))
    assert suppliers == {ALFA, BETA}
    assert set(graph.objects(ALFA, RDFS.label)) == {
        Literal("Alfa B.V."),
        Literal("ALFA BV"),
        Literal("Alfa Nederland"),
    }
    assert set(graph.objects(ALFA, SK.kvkNummer)) == {Literal("12345678")}
    assert set(graph.objects(ALFA, SK.lei)) == {Literal("7LTWFZYICNSX8D621K86")}
    assert check_register(graph) == []


def test_hhi_of_name_variants_worked_out_by_hand(tmp_path: Path) -> None:
    """Sub-domain 5: R1 and R2 by Alfa, R3 by Beta: N = 3, shares 2 and 1,
    HHI = 10000 * (2^2 + 1^2) / 3^2 = 50000 / 9 = 5555.6 -> 5556 (told apart by name it would
    be 3 suppliers of 1: 10000 * 3 / 9 = 3333). Sub-domain 9: R4 by Alfa alone: 10000."""
    backend = memory_backend([register_file(tmp_path, "naamvarianten.csv")])
    table = run(backend, "hhi-per-subdomein")
    got = [(str(r[0]).rsplit("/", 1)[-1], int(r[1]), int(r[2])) for r in table.rows]  # type: ignore[arg-type]
    assert got == [("9", 10000, 1), ("5", 5556, 2)]
    # Alfa: BZK Mail, BZK Agenda, JenV Hosting (all critical), 2 organisations; Beta: BZK Chat
    concentratie = run(backend, "leverancier-concentratie")
    assert [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in concentratie.rows] == [  # type: ignore[arg-type]
        (ALFA, 3, 3, 2),
        (BETA, 1, 0, 1),
    ]


def _by_rule(findings: list, rule: str) -> dict[tuple[str, str], str]:
    return {
        (str(f.focus_node), str(f.result_path).rsplit("#", 1)[-1]): f.message("en")
        for f in findings
        if f.rule_id == rule
    }


def _rows(message: str) -> set[str]:
    found = re.search(r"rows?\(s\) ([0-9, ]*)\)", message)
    assert found, message
    return {r.strip() for r in found.group(1).split(",") if r.strip()}


def test_conflicting_rows_are_named() -> None:
    """One KvK number in rows 2, 3 and 4: rows 2 and 4 say NLD and MegaCorp, row 3 says DEU
    and GigaCorp."""
    graph = imported("tegenstrijdig.csv").graph
    findings = check_register(graph)
    conflicts = [f for f in findings if f.rule_id == "REG-CONFLICT"]
    by_value = {(str(f.result_path).rsplit("#", 1)[-1], str(f.value)): f for f in conflicts}
    country = "http://publications.europa.eu/resource/authority/country/"
    assert set(by_value) == {
        ("vestigingsland", country + "NLD"),
        ("vestigingsland", country + "DEU"),
        ("moederbedrijf", BASE + "partij/MegaCorp"),
        ("moederbedrijf", BASE + "partij/GigaCorp"),
    }
    assert {f.focus_node for f in conflicts} == {ALFA}
    assert _rows(by_value["vestigingsland", country + "NLD"].message("en")) == {"2", "4"}
    assert _rows(by_value["vestigingsland", country + "DEU"].message("en")) == {"3"}
    assert _rows(by_value["moederbedrijf", BASE + "partij/GigaCorp"].message("en")) == {"3"}


def test_cycles_are_named_with_their_rows() -> None:
    """Row 2: Alfa's parent is Beta (by KvK), Alfa subcontracts to Gamma, Gamma to Delta and
    Delta to Gamma; row 3: Beta's parent is Alfa."""
    findings = check_register(imported("kring.csv").graph)
    cycles = _by_rule(findings, "REG-CYCLUS")
    gamma, delta = BASE + "partij/Gamma", BASE + "partij/Delta"
    assert set(cycles) == {
        (str(ALFA), "moederbedrijf"),
        (str(BETA), "moederbedrijf"),
        (gamma, "onderaannemer"),
        (delta, "onderaannemer"),
    }
    assert _rows(cycles[str(ALFA), "moederbedrijf"]) == {"2", "3"}
    assert _rows(cycles[gamma, "onderaannemer"]) == {"2"}


def test_import_reports_conflicts_and_keeps_the_register(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "register.ttl"
    code = main(["import-register", str(SHEETS / "tegenstrijdig.csv"), "-o", str(target)])
    assert code == ExitCode.FINDINGS
    err = capsys.readouterr().err
    assert err.count("[REG-CONFLICT]") == 4 and "rij(en) 3" in err
    assert target.exists()  # nothing is lost: both facts are kept, with their rows


def test_every_analysis_terminates_on_cycles(tmp_path: Path) -> None:
    backend = memory_backend([register_file(tmp_path, "kring.csv")])
    for analysis in catalogue().values():
        params = {p.name: str(ALFA) for p in analysis.parameters if p.type == "iri"}
        if analysis.id == "referentiecomponenten-zonder-dossier":
            continue  # asks for an ArchiMate model, which this register has none of
        run(backend, analysis.id, **params)


def test_statements_are_register_records_in_validate(tmp_path: Path) -> None:
    """validate on the imported register uses the row statements (no INT-LOS) and reports
    the conflict with its rows."""
    report = validate_paths(
        [register_file(tmp_path, "tegenstrijdig.csv")],
        as_of=date(2026, 1, 31),
        policy=load_policy(),
    )
    assert {f.rule_id for f in report.findings} == {"REG-CONFLICT"}  # no INT-LOS, no INT-TERM


def test_bundled_register_validates_clean() -> None:
    """The register's own IRIs (skid:register/...) are data, not terms of the Handreiking."""
    report = validate_paths(
        [examples_dir() / "register" / "register.ttl"],
        as_of=date(2026, 1, 31),
        policy=load_policy(),
    )
    assert report.findings == []


TOOI_BZK = URIRef("https://identifier.overheid.nl/tooi/id/ministerie/mnre1034")
FIN = URIRef(BASE + "organisatie/oin/00000001234567890000")


def test_organisations_by_tooi_iri_or_oin(tmp_path: Path) -> None:
    """R1 names BZK with its TOOI IRI and OIN, R2 gives only the TOOI IRI, R3 only the OIN:
    one organisation, the TOOI IRI itself. Fin has no TOOI IRI in the sheet: minted from its
    OIN (R4), which R5 gives alone."""
    graph = imported("organisaties.csv").graph
    assert set(graph.objects(None, SK.afnemer)) == {TOOI_BZK, FIN}
    assert set(graph.objects(TOOI_BZK, RDFS.label)) == {Literal("BZK")}
    assert set(graph.objects(TOOI_BZK, SK.oin)) == {Literal("00000001003214345000")}
    relaties = {str(s) for s in graph.subjects(SK.afnemer, TOOI_BZK)}
    assert BASE + "organisatie/tooi/ministerie/mnre1034/relatie/R2" in relaties
    assert len(relaties) == 3
    # the analyses group by them: Alfa serves 4 services (all but R5) of 2 organisations,
    # 3 of them critical (Mail, Agenda, Hosting)
    backend = memory_backend([register_file(tmp_path, "organisaties.csv")])
    concentratie = run(backend, "leverancier-concentratie")
    assert [(r[0], int(r[1]), int(r[2]), int(r[3])) for r in concentratie.rows] == [  # type: ignore[arg-type]
        (ALFA, 4, 3, 2),
        (BETA, 1, 0, 1),
    ]
    assert check_register(graph) == []


def test_organisation_named_twice_differently_is_a_cell_error(tmp_path: Path) -> None:
    sheet = tmp_path / "r.csv"
    lines = (SHEETS / "organisaties.csv").read_text(encoding="utf-8").splitlines()
    other = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1045"
    sheet.write_text(
        "\n".join([lines[0], lines[2].replace(";;;Agenda", f";{other};;Agenda")]) + "\n",
        encoding="utf-8",
    )
    errors = import_register(sheet).errors
    assert [(e.row, e.column, e.value) for e in errors] == [(2, "TOOI organisatie", other)]
