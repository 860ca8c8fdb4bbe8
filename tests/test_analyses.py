"""Every analysis on hand-made data: finding something and finding nothing, on every backend.

The expected answers are computed by hand in ``register_answers.py``. The same tests run on
rdflib in memory, on a pyoxigraph store and (marked ``server``) on the Oxigraph server.
"""

from __future__ import annotations

import pytest

import register_answers as A
from analysis_helpers import EMPTY, FIXTURES, REGISTER, SCHOON, rows, run
from sourcing_kg.register.analyses import catalogue

FIXED_IDS = {
    "leverancier-concentratie",
    "moederbedrijf-concentratie",
    "impact-uitval-leverancier",
    "gedeelde-onderaannemers",
    "landen-buiten-eer",
    "hhi-per-subdomein",
    "kritieke-diensten-enkele-leverancier",
    "exitplannen-niet-getest",
    "overnames-zonder-risicoanalyse",
    "contracten-aflopend",
    "bundelkansen",
    "leveringsvormen-per-domein",
}


def test_catalogue_has_every_analysis_with_header() -> None:
    analyses = catalogue()
    assert set(analyses) >= FIXED_IDS
    for analysis in analyses.values():
        assert analysis.path.stem == analysis.id
        assert analysis.titles.keys() >= {"nl", "en"}
        assert analysis.question and analysis.rules and analysis.result


def test_fixed_result_variables() -> None:
    analyses = catalogue()
    assert analyses["leverancier-concentratie"].result[:4] == (
        "leverancier",
        "diensten",
        "kritiekeDiensten",
        "organisaties",
    )
    assert analyses["moederbedrijf-concentratie"].result[0] == "moederbedrijf"
    assert analyses["impact-uitval-leverancier"].result == (
        "dienst",
        "organisatie",
        "kritiek",
        "via",
        "rang",
        "directeLeverancier",
    )
    assert analyses["gedeelde-onderaannemers"].result == (
        "onderaannemer",
        "leveranciers",
        "diensten",
    )
    assert analyses["landen-buiten-eer"].result == ("dienst", "organisatie", "land", "partij")
    assert analyses["hhi-per-subdomein"].result == ("subdomein", "hhi", "leveranciers")
    assert [p.name for p in analyses["contracten-aflopend"].parameters] == ["peildatum", "maanden"]
    assert [p.name for p in analyses["impact-uitval-leverancier"].parameters] == ["leverancier"]


def test_leverancier_concentratie(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "leverancier-concentratie")) == (
        A.LEVERANCIER_CONCENTRATIE
    )
    assert rows(run(make_backend(EMPTY), "leverancier-concentratie")) == []


def test_moederbedrijf_concentratie(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "moederbedrijf-concentratie")) == (
        A.MOEDERBEDRIJF_CONCENTRATIE
    )
    assert rows(run(make_backend(EMPTY), "moederbedrijf-concentratie")) == []


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("Cloudy", A.IMPACT_CLOUDY),
        ("Gamma", A.IMPACT_GAMMA),
        ("Delta", A.IMPACT_DELTA),
        ("MegaCorp", A.IMPACT_MEGACORP),
    ],
)
def test_impact_uitval_leverancier(make_backend, party: str, expected: set) -> None:
    table = run(
        make_backend(REGISTER),
        "impact-uitval-leverancier",
        leverancier=f"https://example.org/reg/{party}",
    )
    assert set(rows(table)) == expected
    assert len(rows(table)) == len(expected)


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        # Delta is Gamma's subcontractor, Gamma Alfa's: rank 3; the walk ends at the cycle
        (
            "Delta",
            {
                (
                    "mail",
                    "BZK",
                    True,
                    A.via("Alfa", "onderaannemer", "Gamma", "onderaannemer", "Delta"),
                    3,
                    "Alfa",
                )
            },
        ),
        # Beta is Alfa's parent (and Alfa Beta's, which leads nowhere: Beta supplies nothing)
        ("Beta", {("mail", "BZK", True, A.via("Alfa", "moederbedrijf", "Beta"), 2, "Alfa")}),
        ("Alfa", {("mail", "BZK", True, A.via("Alfa"), 1, "Alfa")}),
    ],
)
def test_impact_ends_on_cycles(make_backend, party: str, expected: set) -> None:
    data = [FIXTURES / "kringen.ttl", FIXTURES / "landen.ttl"]
    table = run(make_backend(data), "impact-uitval-leverancier", leverancier=A.EX + party)
    assert set(rows(table)) == expected and len(table.rows) == len(expected)


def test_impact_critical_first(make_backend) -> None:
    table = run(
        make_backend(REGISTER),
        "impact-uitval-leverancier",
        leverancier="https://example.org/reg/Delta",
    )
    assert [r[2] for r in rows(table)] == [False, False]
    cloudy = rows(
        run(
            make_backend(REGISTER),
            "impact-uitval-leverancier",
            leverancier="https://example.org/reg/Cloudy",
        )
    )
    assert cloudy == sorted(cloudy, key=lambda r: (r[0], r[1], r[4], r[3]))


def test_gedeelde_onderaannemers(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "gedeelde-onderaannemers")) == (
        A.GEDEELDE_ONDERAANNEMERS
    )
    assert rows(run(make_backend(SCHOON), "gedeelde-onderaannemers")) == []


def test_landen_buiten_eer(make_backend) -> None:
    table = run(make_backend(REGISTER), "landen-buiten-eer")
    assert set(rows(table)) == A.LANDEN_BUITEN_EER and len(table.rows) == 4
    assert rows(run(make_backend(SCHOON), "landen-buiten-eer")) == []


def test_hhi_per_subdomein(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "hhi-per-subdomein")) == A.HHI
    assert rows(run(make_backend(EMPTY), "hhi-per-subdomein")) == []


def test_kritieke_diensten_enkele_leverancier(make_backend) -> None:
    table = run(make_backend(REGISTER), "kritieke-diensten-enkele-leverancier")
    assert set(rows(table)) == A.KRITIEK_ENKEL and len(table.rows) == 2
    assert rows(run(make_backend(SCHOON), "kritieke-diensten-enkele-leverancier")) == []


def test_exitplannen_niet_getest(make_backend) -> None:
    table = run(make_backend(REGISTER), "exitplannen-niet-getest", peildatum="2026-01-31")
    assert set(rows(table)) == A.EXITPLANNEN_2026_01_31 and len(table.rows) == 2
    # ep1 tested exactly 12 months before: still valid; a shorter period makes it due
    assert rows(run(make_backend(SCHOON), "exitplannen-niet-getest", peildatum="2026-01-31")) == []
    due = rows(run(make_backend(SCHOON), "exitplannen-niet-getest", peildatum="2026-02-01"))
    assert [r[0] for r in due] == ["ep1"]


def test_overnames_zonder_risicoanalyse(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "overnames-zonder-risicoanalyse")) == A.OVERNAMES
    assert rows(run(make_backend(SCHOON), "overnames-zonder-risicoanalyse")) == []


def test_contracten_aflopend(make_backend) -> None:
    backend = make_backend(REGISTER)
    assert rows(run(backend, "contracten-aflopend", peildatum="2026-01-01", maanden="6")) == (
        A.AFLOPEND_2026_01_01_6
    )
    assert rows(run(backend, "contracten-aflopend", peildatum="2026-01-01", maanden="5")) == (
        A.AFLOPEND_2026_01_01_5
    )
    assert rows(run(backend, "contracten-aflopend", peildatum="2026-04-01", maanden="3")) == (
        A.AFLOPEND_2026_04_01_3
    )
    # the clean register's one agreement ended on 2025-12-31: shown as ended, never dropped
    schoon = make_backend(SCHOON)
    assert rows(run(schoon, "contracten-aflopend", peildatum="2026-01-01", maanden="12")) == [
        ("ov2", "2025-12-31", "mail", "BZK", "Beta", True)
    ]
    assert rows(run(schoon, "contracten-aflopend", peildatum="2025-06-01", maanden="6")) == []


def test_bundelkansen(make_backend) -> None:
    assert rows(run(make_backend(REGISTER), "bundelkansen")) == A.BUNDELKANSEN
    assert rows(run(make_backend(SCHOON), "bundelkansen")) == []


def test_leveringsvormen_per_domein(make_backend) -> None:
    table = run(make_backend(REGISTER), "leveringsvormen-per-domein")
    assert set(rows(table)) == A.LEVERINGSVORMEN and len(table.rows) == 4
    assert rows(run(make_backend(EMPTY), "leveringsvormen-per-domein")) == []
