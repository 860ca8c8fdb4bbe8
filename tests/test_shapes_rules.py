"""Every dossier shape fires on its "fires" snippet and stays silent on its "passes" snippet.

The snippets live in ``tests/fixtures/shapes/``; each case compares the findings of ONE rule id
on focus node, result path, rule id, severity and value node (never the message text).
Everything runs with a fixed as-of date, so the time-based rule (H8) is reproducible.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.model.labels import node_text
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "shapes"
AS_OF = date(2026, 6, 1)

EX = "https://example.org/"
SK = "https://w3id.org/sourcing-kg/def#"
ID = "https://w3id.org/sourcing-kg/id/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
V, W, INFO = "Violation", "Warning", "Info"

Row = tuple[str, str | None, str, str, str | None]


def ex(name: str) -> str:
    return EX + name


def sk(name: str) -> str:
    return SK + name


def cid(path: str) -> str:
    return ID + path


def text(node: object) -> str | None:
    """A node as the rows below write it (IRI, ``_:id`` or the literal's text)."""
    return node_text(node) if node is not None else None  # type: ignore[arg-type]


def findings(name: str, rule_id: str) -> set[Row]:
    report = validate_paths([FIXTURES / name], as_of=AS_OF, policy=load_policy())
    return {
        (text(f.focus_node), text(f.result_path), f.rule_id or "", f.severity.value, text(f.value))
        for f in report.findings
        if f.rule_id == rule_id
    }


FIRES: dict[str, tuple[str, set[Row]]] = {
    "h1-fires.ttl": (
        "H1",
        {
            (ex("d"), sk("resultaat"), "H1", V, sk("Verwervingsstrategie")),
            (ex("d"), sk("resultaat"), "H1", V, sk("StakeholderCommunicatieplan")),
        },
    ),
    "h1-fires-aanbesteding.ttl": (
        "H1",
        {
            (ex("d"), sk("resultaat"), "H1", V, sk("Inkoopplan")),
            (ex("d"), sk("resultaat"), "H1", V, sk("Aanbestedingsdossier")),
        },
    ),
    "info-open-fires.ttl": (
        "INFO-OPEN",
        {
            (ex("d"), sk("resultaat"), "INFO-OPEN", INFO, sk("IBScan")),
            (ex("d"), sk("resultaat"), "INFO-OPEN", INFO, sk("Sourcingstrategie")),
        },
    ),
    "h2-fires.ttl": (
        "H2",
        {
            (ex("zonder"), sk("regime"), "H2", V, ex("zonder")),
            (ex("kritiek"), sk("regime"), "H2", V, cid("regime/regulier")),
            (ex("strategisch"), sk("regime"), "H2", V, cid("regime/regulier")),
            (ex("twee"), sk("regime"), "H2", V, None),
            (ex("dienst3"), sk("kritiek"), "H2", V, ex("dienst3")),
            (ex("dienst3"), sk("strategisch"), "H2", V, ex("dienst3")),
            *(
                (ex(d), sk("regime"), "H2", V, cid("regime/regulier"))
                for d in ("bia", "ibscan", "pia", "bbn", "waarde")
            ),
        },
    ),
    "h3-fires.ttl": (
        "H3",
        {
            (ex("af1"), sk("antwoord"), "H3", V, cid("vraag/2")),
            (ex("af1-a1"), sk("waarde"), "H3", V, cid("antwoord/deels")),
            (ex("af1-a3"), sk("waarde"), "H3", V, ex("misschien")),
            (ex("d2"), sk("afweging"), "H3", V, ex("d2")),
            (ex("af3"), sk("antwoord"), "H3", V, cid("vraag/14")),
            (ex("af3"), sk("goedgekeurdDoor"), "H3", V, ex("af3")),
            (ex("af3"), sk("goedkeuringsdatum"), "H3", V, ex("af3")),
            (ex("af3-a12"), sk("motivering"), "H3", V, ex("af3-a12")),
            (ex("af3-a13"), sk("motivering"), "H3", V, ex("af3-a13")),
        },
    ),
    "h4-fires.ttl": (
        "H4",
        {
            (ex("d1"), sk("leveringsvorm"), "H4", V, ex("d1")),
            (ex("d2"), sk("leveringsvorm"), "H4", V, cid("leveringsvorm/1")),
            (ex("af2-a1"), sk("mitigatie"), "H4", V, ex("af2-a1")),
        },
    ),
    "h5-fires.ttl": (
        "H5",
        {
            (ex("d"), sk("resultaat"), "H5", V, sk("Businesscase")),
            (ex("d"), sk("resultaat"), "H5", V, sk("Exitplan")),
            (ex("d"), sk("resultaat"), "H5", V, sk("Risicoanalyse")),
        },
    ),
    "h6-fires.ttl": (
        "H6",
        {
            (ex("contract"), sk("bevatBepaling"), "H6", V, cid("bepaling/beeindiging")),
            (ex("contract"), sk("bevatBepaling"), "H6", V, cid("bepaling/stuurmechanismen")),
            (ex("dvo"), sk("bevatBepaling"), "H6", V, cid("bepaling/rapportage")),
            (ex("dvo2"), sk("bevatBepaling"), "H6", V, cid("bepaling/rapportage")),
        },
    ),
    "h7-fires.ttl": (
        "H7",
        {
            (ex("lev"), sk("overgenomenOp"), "H7", V, sk("Geschiktheidstest")),
            (ex("lev"), sk("overgenomenOp"), "H7", V, sk("Risicoanalyse")),
            (ex("lev2"), sk("overgenomenOp"), "H7", V, sk("Geschiktheidstest")),
            (ex("lev3"), sk("overgenomenOp"), "H7", V, sk("Geschiktheidstest")),
            (ex("lev3"), sk("overgenomenOp"), "H7", V, sk("Risicoanalyse")),
        },
    ),
    "h8-fires.ttl": (
        "H8",
        {
            (ex("ep1"), sk("laatstGetest"), "H8", V, "2025-05-31"),
            (ex("ep2"), sk("laatstGetest"), "H8", V, ex("ep2")),
            (ex("ep3"), sk("laatstGetest"), "H8", V, "2025-01-01"),
        },
    ),
    "h9-fires.ttl": (
        "H9",
        {
            (ex("c"), sk("contractwaarde"), "H9", V, "1500000.0"),
            (ex("c"), sk("einddatum"), "H9", V, "31-12-2027"),
            (ex("d"), sk("aanbestedingsplichtig"), "H9", V, "ja"),
            (ex("d"), sk("fase"), "H9", V, cid("fase/9")),
            (ex("d9"), sk("fase"), "H9", V, cid("fase/kennis-en-regie")),
            (ex("d"), sk("leveringsvorm"), "H9", V, cid("categorie/uitbesteden")),
            (ex("d"), sk("regime"), "H9", V, "verscherpt"),
            (ex("dienst"), sk("kritiek"), "H9", V, "true"),
            (ex("dienst"), sk("subdomein"), "H9", V, cid("subdomein/99")),
            (ex("r1"), sk("datum"), "H9", V, "2025-01-15T00:00:00"),
            (ex("a1"), sk("mitigatie"), "H9", V, ex("geen-tekst")),
            (ex("a1"), sk("motivering"), "H9", V, ex("geen-tekst")),
            (ex("a1"), sk("vraag"), "H9", V, ex("vraag-99")),
            (ex("af"), sk("gekozenCategorie"), "H9", V, cid("categorie/misschien")),
            (ex("af"), sk("goedkeuringsdatum"), "H9", V, "10-03-2025"),
            (ex("c"), sk("bevatBepaling"), "H9", V, ex("bepaling-x")),
            (ex("d2"), sk("overgeslagenFase"), "H9", V, cid("fase/ZZ")),
            (ex("d2"), sk("reden"), "H9", V, ex("geen-tekst")),
            (ex("dienst"), sk("strategisch"), "H9", V, "nee"),
            (ex("ep"), sk("laatstGetest"), "H9", V, "2025"),
            (ex("lev"), sk("overgenomenOp"), "H9", V, "1-1-2025"),
            (ex("r2"), sk("uitkomst"), "H9", V, ex("goed")),
            (ex("rel2"), sk("laatsteRisicoanalyse"), "H9", V, "januari 2025"),
        },
    ),
    "h10-fires.ttl": (
        "H10",
        {
            (ex("d"), sk("reden"), "H10", V, None),
            (ex("d"), sk("overgeslagenFase"), "H10", W, cid("fase/5")),
            (ex("d2"), sk("reden"), "H10", V, "  "),
            (ex("d2"), sk("overgeslagenFase"), "H10", W, cid("fase/5")),
        },
    ),
    "h11-fires.ttl": ("H11", {(ex("rel"), sk("leverancier"), "H11", V, ex("rel"))}),
    "int-verwijzing-fires.ttl": (
        "INT-VERWIJZING",
        {
            (ex(focus), sk(link), "INT-VERWIJZING", V, ex(value))
            for focus, link, value in (
                ("d", "betreft", "dienst-tikfout"),
                ("d", "resultaat", "bia-tikfout"),
                ("d", "sourcingRelatie", "rel-tikfout"),
                ("d2", "afweging", "af-tikfout"),
                ("af", "antwoord", "a-tikfout"),
                ("rel", "leverancier", "lev-tikfout"),
                ("rel", "overeenkomst", "c-tikfout"),
            )
        },
    ),
    "p1.1-fires.ttl": (
        "P1.1",
        {(ex("d"), sk("resultaat"), "P1.1", W, sk("Businesscase"))},
    ),
    "p2.13-fires.ttl": (
        "P2.13",
        {
            (ex("d1"), sk("sourcingRelatie"), "P2.13", W, ex("lev")),
            (ex("d2"), sk("sourcingRelatie"), "P2.13", W, ex("lev")),
        },
    ),
    "p3.6-fires.ttl": (
        "P3.6",
        {(ex("d"), sk("resultaat"), "P3.6", W, sk("Marktconsultatie"))},
    ),
    "bewijs-verplicht-fires.ttl": (
        "BEWIJS-VERPLICHT",
        {(ex("bia"), sk("document"), "BEWIJS-VERPLICHT", INFO, ex("bia"))},
    ),
    "arch-element-fires.ttl": (
        "ARCH-ELEMENT",
        {
            (ex("dienst"), sk("architectuurElement"), "ARCH-ELEMENT", V, v)
            for v in (
                ex("model/id-bestaat-niet"),
                "Zaaksysteem",
                "http://www.gemmaonline.nl/wiki/Zaaksysteem",
                ex("leverancier"),
            )
        },
    ),
    "reg-identiteit-fires.ttl": (
        "REG-IDENTITEIT",
        {
            (ex("alfa"), sk("kvkNummer"), "REG-IDENTITEIT", V, "12345678"),
            (ex("beta"), sk("kvkNummer"), "REG-IDENTITEIT", V, "12345678"),
        },
    ),
    "reg-conflict-fires.ttl": (
        "REG-CONFLICT",
        {
            (ex("alfa"), sk("vestigingsland"), "REG-CONFLICT", V, COUNTRY + "NLD"),
            (ex("alfa"), sk("vestigingsland"), "REG-CONFLICT", V, COUNTRY + "DEU"),
            (ex("beta"), sk("moederbedrijf"), "REG-CONFLICT", V, ex("m1")),
            (ex("beta"), sk("moederbedrijf"), "REG-CONFLICT", V, ex("m2")),
            (ex("beta"), sk("lei"), "REG-CONFLICT", V, "7LTWFZYICNSX8D621K86"),
            (ex("beta"), sk("lei"), "REG-CONFLICT", V, "5493001KJTIIGC8Y1R12"),
        },
    ),
    "reg-cyclus-fires.ttl": (  # the value is the focus node: the party on the cycle
        "REG-CYCLUS",
        {
            (ex("alfa"), sk("moederbedrijf"), "REG-CYCLUS", V, ex("alfa")),
            (ex("beta"), sk("moederbedrijf"), "REG-CYCLUS", V, ex("beta")),
            (ex("beta"), sk("onderaannemer"), "REG-CYCLUS", V, ex("beta")),
            (ex("gamma"), sk("onderaannemer"), "REG-CYCLUS", V, ex("gamma")),
            (ex("delta"), sk("onderaannemer"), "REG-CYCLUS", V, ex("delta")),
        },
    ),
}

PASSES: dict[str, str] = {
    "h1-passes.ttl": "H1",
    "h1-passes-overgeslagen.ttl": "H1",
    "info-open-passes.ttl": "INFO-OPEN",
    "h2-passes.ttl": "H2",
    "h3-passes.ttl": "H3",
    "h4-passes.ttl": "H4",
    "h5-passes.ttl": "H5",
    "h6-passes.ttl": "H6",
    "h7-passes.ttl": "H7",
    "h8-passes.ttl": "H8",
    "h9-passes.ttl": "H9",
    "h10-passes.ttl": "H10",
    "h11-passes.ttl": "H11",
    "int-verwijzing-passes.ttl": "INT-VERWIJZING",
    "p1.1-passes.ttl": "P1.1",
    "p2.13-passes.ttl": "P2.13",
    "p3.6-passes.ttl": "P3.6",
    "arch-element-passes.ttl": "ARCH-ELEMENT",
    "reg-identiteit-passes.ttl": "REG-IDENTITEIT",
    "reg-conflict-passes.ttl": "REG-CONFLICT",
    "reg-cyclus-passes.ttl": "REG-CYCLUS",
    "bewijs-verplicht-passes.ttl": "BEWIJS-VERPLICHT",
}


@pytest.mark.parametrize("name", sorted(FIRES))
def test_shape_fires(name: str) -> None:
    rule_id, expected = FIRES[name]
    assert findings(name, rule_id) == expected


@pytest.mark.parametrize("name", sorted(PASSES))
def test_shape_stays_silent(name: str) -> None:
    assert findings(name, PASSES[name]) == set()


def test_every_fixture_is_used() -> None:
    on_disk = {path.name for path in FIXTURES.glob("*.ttl")}
    assert on_disk == set(FIRES) | set(PASSES)


def test_every_rule_id_has_a_firing_and_a_silent_case() -> None:
    fired = {rule for rule, _ in FIRES.values()}
    silent = set(PASSES.values())
    assert fired == silent
    assert {f"H{n}" for n in range(1, 12)} <= fired


@pytest.mark.parametrize("name", ["h9-fires.ttl", "h3-fires.ttl"])
def test_every_finding_names_its_rule(name: str) -> None:
    """Nested results (sh:detail of an sh:node constraint) are not reported on their own."""
    report = validate_paths([FIXTURES / name], as_of=AS_OF, policy=load_policy())
    assert report.findings
    assert [f for f in report.findings if not f.rule_id or not f.rules] == []
