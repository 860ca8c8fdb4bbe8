"""The architects' analyses (queries/archimate-*.rq, referentiecomponenten-zonder-dossier.rq)
on hand-made data, finding something and finding nothing, on every backend.

The answers below are worked out by hand from tests/fixtures/archimate/afhankelijkheden.ttl.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis_helpers import rows, run

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DATA = [FIXTURES / "archimate" / "afhankelijkheden.ttl", FIXTURES / "register" / "landen.ttl"]
EMPTY = [FIXTURES / "register" / "landen.ttl"]
M = "https://example.org/m/"
REG = "https://example.org/reg/"
A = "http://bp4mc2.org/def/archimate#"

AC, BF, BP = A + "ApplicationComponent", A + "BusinessFunction", A + "BusinessProcess"


def hit(element: str, soort: str, naam: str, dienst: str, via: str) -> tuple[object, ...]:
    return (M + element, soort, naam, dienst, via)


# Zaak (supplied by Noord, subcontractor Wolk) is realised by ac-zaak. From it: itself; the
# whole it is part of (ac-groot); as-zaak it realises, which serves bp-behandel, part of
# bf-vergunning; af-registreren it is assigned to, which serves bp-intake. Not reached:
# bf-niet (aggregation) and bp-flow (flow); ac-los (unconnected); the cycle as-zaak/bp-behandel
# ends. ac-zaak also realises the reference component zaakreg (its specialisation target is
# not reached). Platform (Oost, and Zuid in a cycle with it) is realised by the node serving
# ac-zaak. Register IRIs (https://example.org/reg/) read as their last part (analysis_helpers).
VIA_ZAAK = [
    hit("ac-groot", AC, "Groot systeem", "zaak", "Noord"),
    ("https://example.org/ref/zaakreg", AC, "Zaakregistratiecomponent", "zaak", "Noord"),
    hit("ac-zaak", AC, "Zaaksysteem", "zaak", "Noord"),
    hit("bf-vergunning", BF, "Vergunningverlening", "zaak", "Noord"),
    hit("bp-behandel", BP, "Behandelen", "zaak", "Noord"),
    hit("bp-intake", BP, "Intake", "zaak", "Noord"),
]


def _via(dienst: str, via: str) -> list[tuple[object, ...]]:
    return [(e, s, n, dienst, via) for e, s, n, _, _ in VIA_ZAAK]


@pytest.mark.parametrize(
    ("party", "expected"),
    [
        ("Noord", _via("Zaak", "Noord")),
        ("Wolk", _via("Zaak", "Noord")),
        ("Oost", _via("Platform", "Oost")),
        ("Zuid", _via("Platform", "Oost")),
        ("West", [(M + "bf-communicatie", BF, "Communicatie", "Post", "West")]),
        ("Nobody", []),
    ],
)
def test_archimate_impact_leverancier(make_backend, party: str, expected: list) -> None:
    table = run(make_backend(DATA), "archimate-impact-leverancier", leverancier=REG + party)
    assert sorted(rows(table)) == sorted(expected)
    assert len(table.rows) == len(expected)


def test_archimate_impact_is_sorted_by_type_then_name(make_backend) -> None:
    table = run(make_backend(DATA), "archimate-impact-leverancier", leverancier=REG + "Wolk")
    got = rows(table)
    assert [r[1] for r in got] == [AC, AC, AC, BF, BP, BP]
    assert [r[2] for r in got] == [
        "Groot systeem",
        "Zaakregistratiecomponent",
        "Zaaksysteem",
        "Vergunningverlening",
        "Behandelen",
        "Intake",
    ]


def test_archimate_impact_finds_nothing_without_data(make_backend) -> None:
    table = run(make_backend(EMPTY), "archimate-impact-leverancier", leverancier=REG + "Noord")
    assert rows(table) == []


def test_archimate_buiten_eer(make_backend) -> None:
    # Zaak: Noord (NLD) has subcontractor Wolk (USA). Post: provided in CHE by West.
    # Platform: DEU, Oost (DEU) and Zuid (NLD): nothing outside.
    table = run(make_backend(DATA), "archimate-buiten-eer")
    assert rows(table) == [
        (M + "as-mail", A + "ApplicationService", "Mail", "Post", "CHE", "West"),
        (M + "ac-zaak", AC, "Zaaksysteem", "Zaak", "USA", "Wolk"),
    ]
    assert rows(run(make_backend(EMPTY), "archimate-buiten-eer")) == []


def test_referentiecomponenten_zonder_dossier(make_backend) -> None:
    # zaakreg is realised by ac-zaak (linked to Zaak), zaak-algemeen specialised by zaakreg;
    # ref:dienst is no component: only the archive is left.
    table = run(
        make_backend(DATA),
        "referentiecomponenten-zonder-dossier",
        model="https://example.org/ref/model",
    )
    assert rows(table) == [("https://example.org/ref/archief", "Archief")]
    own = run(make_backend(DATA), "referentiecomponenten-zonder-dossier", model=M + "model")
    assert rows(own) == []  # the landscape's components are not dct:isPartOf m:model here
