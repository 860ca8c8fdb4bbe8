"""``sourcing-kg status``: the missing deliverables per phase and regime, and the table."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.report import Finding, Report, Severity
from sourcing_kg.workflow import status as status_module
from sourcing_kg.workflow.dossier_status import sort_statuses
from sourcing_kg.workflow.status import status_of_paths

PREFIXES = """@prefix sk: <https://w3id.org/sourcing-kg/def#> .
@prefix ex: <http://example.org/> .
@prefix fase: <https://w3id.org/sourcing-kg/id/fase/> .
@prefix regime: <https://w3id.org/sourcing-kg/id/regime/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""
PHASE1 = (
    "[ a sk:Dienstomschrijving ], [ a sk:BIA ], [ a sk:PIA ], [ a sk:IBScan ], "
    "[ a sk:Sourcingstrategie ]"
)
PHASE2 = (
    "[ a sk:ProjectInitiatieDocument ], [ a sk:ProjectStartArchitectuur ], "
    "[ a sk:Verwervingsstrategie ]"
)
D = "ex:d a sk:Dossier ; "


def _status(tmp_path: Path, body: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "d.ttl"
    path.write_text(PREFIXES + body, encoding="utf-8")
    [result] = status_of_paths([path], policy=load_policy(), count_violations=False)
    return result


def _codes(items) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(item.code for item in items)


def test_phase_3_regulier_lists_past_current_and_next(tmp_path: Path) -> None:
    result = _status(
        tmp_path,
        D + f"sk:fase fase:3 ; sk:regime regime:regulier ; "
        f"sk:resultaat [ a sk:Dienstomschrijving ], [ a sk:BIA ], [ a sk:PIA ], {PHASE2} .",
    )
    assert result.phase_numbers == [1, 2, 3, 4]
    assert [result.phase_status(n) for n in (1, 2, 3, 4)] == ["past", "past", "current", "next"]
    assert _codes(result.missing_in(1)) == ["IBScan", "Sourcingstrategie"]
    assert _codes(result.missing_in(2)) == []
    assert _codes(result.missing_now) == [
        "DueDiligence", "Overeenkomst", "RegistratieSourcingOverzicht", "Risicobeheersplan",
    ]  # fmt: skip
    # tendering not stated: inkoopplan and aanbestedingsdossier are conditional
    assert _codes(result.missing_in(3, conditional=True)) == ["Aanbestedingsdossier", "Inkoopplan"]
    assert _codes(result.missing_in(4)) == [
        "Architectuurdocumentatie",
        "Continuiteitsplan",
        "Exitplan",
    ]
    assert result.missing_in(5) == []
    # in the document's words: labels and definitions of the ontology
    [ibscan] = [m for m in result.missing_in(1) if m.code == "IBScan"]
    assert "IB-scan" in ibscan.label and ibscan.definitie


def test_verscherpt_asks_the_stricter_variants(tmp_path: Path) -> None:
    result = _status(
        tmp_path,
        D + f"sk:fase fase:2 ; sk:regime regime:verscherpt ; sk:resultaat {PHASE1} .",
    )
    assert _codes(result.missing_now) == [
        "ProjectInitiatieDocument", "ProjectStartArchitectuur", "StakeholderCommunicatieplan",
        "Verwervingsstrategie",
    ]  # fmt: skip
    assert _codes(result.missing_in(3)) == [
        "RegistratieSourcingOverzicht", "UitvoerigRisicobeheersplan", "UitvoerigeDueDiligence",
        "UitvoerigeOvereenkomst",
    ]  # fmt: skip


def test_uitvoerig_variant_satisfies_the_regular_deliverable(tmp_path: Path) -> None:
    result = _status(
        tmp_path,
        D + f"sk:fase fase:3 ; sk:regime regime:regulier ; "
        f"sk:resultaat {PHASE1}, {PHASE2}, [ a sk:UitvoerigeDueDiligence ] .",
    )
    assert "DueDiligence" not in _codes(result.missing_now)


def test_tendering_false_and_true(tmp_path: Path) -> None:
    body = D + f"sk:fase fase:3 ; sk:regime regime:regulier ; sk:resultaat {PHASE1}, {PHASE2} ; "
    no = _status(tmp_path, body + "sk:aanbestedingsplichtig false .")
    assert "Inkoopplan" not in _codes(no.missing_now + no.missing_in(3, conditional=True))
    yes = _status(tmp_path, body + "sk:aanbestedingsplichtig true .")
    assert {"Inkoopplan", "Aanbestedingsdossier"} <= set(_codes(yes.missing_now))


def test_skipped_phase_is_waived(tmp_path: Path) -> None:
    result = _status(
        tmp_path,
        D + "sk:fase fase:6 ; sk:regime regime:regulier ; sk:overgeslagenFase fase:5 ; "
        f'sk:reden "faillissement" ; sk:resultaat {PHASE1}, {PHASE2} .',
    )
    assert result.phase_status(5) == "skipped"
    assert result.missing_in(5) == []
    assert "Exitplan" in _codes(result.missing_in(4))
    assert _codes(result.missing_now) == ["BeeindigingConformExitplan", "KennisVastlegging"]


def test_without_stated_regime_it_reads_regulier_and_advises(tmp_path: Path) -> None:
    """As validate reads it (H1 and INFO-OPEN): an unstated regime is regulier; the regime the
    H2 shapes determine is the advice beside it."""
    result = _status(
        tmp_path,
        D + f"sk:fase fase:2 ; sk:betreft [ sk:kritiek true ] ; sk:resultaat {PHASE1} .",
    )
    assert (result.regime, result.regime_stated, result.regime_advice) == (
        "regulier",
        False,
        "verscherpt",
    )
    assert "StakeholderCommunicatieplan" not in _codes(result.missing_now)


TABLE = (
    PREFIXES
    + f"""
ex:g1 {{ ex:d1 a sk:Dossier ; sk:fase fase:3 ; sk:regime regime:regulier ;
    sk:organisatie ex:bzk ; sk:betreft ex:s1 ; sk:resultaat {PHASE1}, {PHASE2} .
    ex:bzk rdfs:label "BZK"@nl . ex:s1 rdfs:label "Werkplek"@nl . }}
ex:g2 {{ ex:d2 a sk:Dossier ; sk:fase fase:2 ; sk:regime regime:verscherpt ;
    sk:organisatie ex:ezk ; sk:betreft ex:s2 ; sk:resultaat {PHASE1} .
    ex:ezk rdfs:label "EZK"@nl . ex:s2 rdfs:label "Hosting"@nl . }}
ex:g3 {{ ex:d3 a sk:Dossier ; sk:fase fase:1 ; sk:organisatie ex:ams ; sk:betreft ex:s3 ;
    sk:resultaat [ a sk:BIA ] .
    ex:ams rdfs:label "AZ"@nl . ex:s3 rdfs:label "Archief"@nl . }}
"""
)


@pytest.fixture
def trig(tmp_path: Path) -> Path:
    path = tmp_path / "dossiers.trig"
    path.write_text(TABLE, encoding="utf-8")
    return path


def test_table_rows_and_sorting(trig: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # the violations column counts the validator's violations per dossier (not warnings)
    def fake_validate(paths, *, as_of, policy, **_):  # type: ignore[no-untyped-def]
        def finding(severity: Severity, dossier: str) -> Finding:
            return Finding(severity=severity, focus_node=dossier, result_path=None, messages={},
                           source_shape="s", dossier=dossier)  # fmt: skip

        return Report(files=[str(trig)], findings=[
            finding(Severity.VIOLATION, "http://example.org/d2"),
            finding(Severity.VIOLATION, "http://example.org/d2"),
            finding(Severity.WARNING, "http://example.org/d1"),
        ])  # fmt: skip

    monkeypatch.setattr(status_module, "validate_paths", fake_validate)
    rows = status_of_paths([trig], policy=load_policy(), as_of=date(2026, 1, 1))
    table = {r.dossier.rsplit("/", 1)[-1]: r.row() for r in rows}
    assert table["d1"]["organisation"] == "BZK" and table["d1"]["service"] == "Werkplek"
    assert (table["d1"]["phase"], table["d1"]["regime"]) == (3, "regulier")
    assert len(table["d1"]["missing"]) == 4  # type: ignore[arg-type]
    assert len(table["d2"]["missing"]) == 4  # type: ignore[arg-type]
    assert len(table["d3"]["missing"]) == 4  # type: ignore[arg-type]
    assert (table["d3"]["regime"], table["d3"]["regime_stated"]) == ("regulier", False)
    assert [table[d]["violations"] for d in ("d1", "d2", "d3")] == [0, 2, 0]
    by_org = [s.organisation for s in sort_statuses(rows, "organisation")]
    assert by_org == ["AZ", "BZK", "EZK"]
    by_phase = [s.phase for s in sort_statuses(rows, "phase", descending=True)]
    assert by_phase == [3, 2, 1]
    by_violations = [s.violations for s in sort_statuses(rows, "violations", descending=True)]
    assert by_violations == [2, 0, 0]


def test_cli_table_formats(trig: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["status", str(trig), "--format", "json", "--sort", "phase", "--no-validate"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [r["phase"] for r in rows] == [1, 2, 3]
    assert set(rows[0]) >= {"organisation", "service", "phase", "regime", "missing", "violations"}
    assert main(["status", str(trig), "--format", "csv", "--sort", "organisation",
                 "--no-validate"]) == 0  # fmt: skip
    records = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["organisation"] for r in records] == ["AZ", "BZK", "EZK"]
    assert [r["missing_count"] for r in records] == ["4", "4", "4"]
    assert main(["status", str(trig), "--no-validate"]) == 0
    text = capsys.readouterr().out
    assert "Werkplek" in text and "regulier*" in text  # d3 has no stated regime


def test_cli_single_dossier_detail_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "d.ttl"
    path.write_text(
        PREFIXES + D + f"sk:fase fase:2 ; sk:regime regime:regulier ; sk:resultaat {PHASE1} .",
        encoding="utf-8",
    )
    assert main(["status", str(path), "--format", "json"]) == 0
    detail = json.loads(capsys.readouterr().out)
    assert [p["phase"] for p in detail["phases"]] == [1, 2, 3]
    assert [p["status"] for p in detail["phases"]] == ["past", "current", "next"]
    assert detail["phases"][0]["missing"] == []
    assert len(detail["phases"][1]["missing"]) == 3
    assert detail["violations"] == 0


def test_cli_trig_with_one_dossier_is_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "one.trig"
    path.write_text(PREFIXES + "ex:g { ex:d a sk:Dossier ; sk:fase fase:1 . }", encoding="utf-8")
    assert main(["status", str(path), "--format", "json", "--no-validate"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert isinstance(rows, list) and len(rows) == 1 and rows[0]["phase"] == 1
