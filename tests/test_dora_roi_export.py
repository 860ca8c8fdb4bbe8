"""The DORA register of information export: package layout, ranks, gaps and rule checks."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pytest
from rdflib import URIRef

from sourcing_kg.cli import main
from sourcing_kg.core.resources import dora_roi_dir, examples_dir
from sourcing_kg.register.dora import export_dora_roi
from sourcing_kg.register.dora.checks import Status, read_eba_rules
from sourcing_kg.register.dora.layout import closed_lists, templates

FIXTURES = Path(__file__).parent / "fixtures" / "dora-roi"
COMPLETE = FIXTURES / "register.ttl"
RULES = FIXTURES / "rules.tsv"
REGISTER_ONLY = examples_dir() / "register" / "register.ttl"
BZK = URIRef("https://w3id.org/sourcing-kg/id/register/organisatie/BZK")
ORG = URIRef("https://example.org/register/org")
REF = dt.date(2025, 12, 31)
# The EBA rules of the shared reference folder (not part of the project); used when present.
EBA_RULES = (
    Path(__file__).resolve().parents[1].parent
    / "shared/reference/dora-roi/DORA_validation_rules.derived.tsv"
)


def _bundled(**kwargs):  # type: ignore[no-untyped-def]
    """The bundled register: register.ttl with the illustrative dora-roi-aanvullingen.ttl."""
    return export_dora_roi(
        [examples_dir() / "register"], entity=BZK, ref_date=REF, root="pkg", **kwargs
    )


def _register_only(**kwargs):  # type: ignore[no-untyped-def]
    """The bundled register.ttl alone: what the sourcing overzicht holds without supplements."""
    return export_dora_roi([REGISTER_ONLY], entity=BZK, ref_date=REF, root="pkg", **kwargs)


def _complete(**kwargs):  # type: ignore[no-untyped-def]
    return export_dora_roi(
        [COMPLETE],
        entity=ORG,
        ref_date=REF,
        root="pkg",
        competent_authority="Test authority",
        **kwargs,
    )


def _members(package: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _table(members: dict[str, bytes], name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(members[f"pkg/reports/{name}"].decode("utf-8"))))


def test_layouts_follow_the_master_template_codes() -> None:
    for template in templates():
        assert template.query.is_file()
        for column in template.columns:
            assert column.template_code == f"{template.sheet}.{column.code.removeprefix('c')}"
            assert column.list is None or column.list in closed_lists()


def test_package_of_the_bundled_register() -> None:
    members = _members(_bundled().package)
    assert json.loads(members["pkg/META-INF/reportPackage.json"])["documentInfo"][
        "documentType"
    ] == ("https://xbrl.org/report-package/2023")
    report = json.loads(members["pkg/reports/report.json"])["documentInfo"]
    assert report["documentType"] == "https://xbrl.org/2021/xbrl-csv"
    assert report["extends"][0].endswith("/fws/dora/4.0/mod/dora.json")
    assert _table(members, "parameters.csv")[0] == ["name", "value"]
    indicators = dict(_table(members, "FilingIndicators.csv")[1:])
    for template in templates():
        header = _table(members, template.file_name)[0]
        assert header == [c.code for c in template.columns]
        assert indicators[template.code] == "true"
    assert indicators["B_01.02"] == "false"
    assert all(name.startswith("pkg/") for name in members)


def test_every_provider_in_b_05_02_has_a_rank() -> None:
    rows = _table(_members(_bundled().package), "b_05.02.csv")
    header, body = rows[0], rows[1:]
    rank = header.index("c0050")
    assert body and all(row[rank].isdigit() and int(row[rank]) >= 1 for row in body)
    # R7: Beta (1) -> Gamma (2) -> Cloudy (3), as the register's chain says
    assert [row[rank] for row in body if row[0] == "BZK-R7"] == ["1", "2", "3"]


def test_ranks_end_in_a_cycle_of_subcontractors() -> None:
    rows = _complete().register.tables["B_05.02"].rows
    chain = [(r["c0030"], r["c0050"], r["c0060"]) for r in rows if r["c0010"] == "C-001"]
    assert chain == [
        ("724500TESTALFA000B76", "1", ""),
        ("724500TESTGAMMA00E74", "2", "724500TESTALFA000B76"),
        ("724500TESTALFA000B76", "3", "724500TESTGAMMA00E74"),
    ]


def test_what_the_register_lacks_is_listed_not_invented() -> None:
    export = _register_only()
    gaps = {(g.template, g.column) for g in export.gaps}
    assert ("B_02.02", "c0070") in gaps  # no start date in the register
    assert ("B_01.01", "c0010") in gaps  # the ministry has no LEI
    assert ("parameters.csv", "entityID") in gaps
    b0202 = export.register.tables["B_02.02"].rows
    assert all(row["c0070"] == "" for row in b0202)
    assert all(g.message("en") and g.message("nl") for g in export.gaps)


def test_a_complete_register_fills_every_required_cell_and_passes_the_structure() -> None:
    export = _complete()
    assert export.gaps == []
    structure = [c for c in export.checks if c.kind == "structure"]
    assert structure and all(c.status in {Status.PASSED, Status.NOT_APPLICABLE} for c in structure)


def test_rules_passed_failed_not_applicable_not_evaluable() -> None:
    outcome = {c.id: c.status for c in _complete(rules=RULES).checks if c.kind == "EBA"}
    assert outcome == {
        "t-all-01": Status.PASSED,
        "t-sub-02": Status.PASSED,
        "t-start-02": Status.PASSED,
        "t-lei-01": Status.NOT_APPLICABLE,  # B_01.02 is not written
        "t-later-05": Status.NOT_EVALUABLE,  # c0110 is not a column of the dry-run B_05.01
        "t-bad-syntax": Status.NOT_EVALUABLE,
    }
    bare = {c.id: c for c in _register_only(rules=RULES).checks if c.kind == "EBA"}
    assert bare["t-start-02"].status is Status.FAILED
    assert any("c0070" in f for f in bare["t-start-02"].failures)


def test_a_value_that_makes_another_cell_mandatory_is_listed(tmp_path: Path) -> None:
    """ "Mandatory in case 'highly complex' is selected in RT.07.01.0050", "mandatory if
    RT.05.01.0070 is reported": the condition is a cell of the row, here a supplement."""
    original = COMPLETE.read_text(encoding="utf-8")
    text = original.replace(
        '"b_07.01.0050" ; sk:roiWaarde "eba_ZZ:x961"', '"b_07.01.0050" ; sk:roiWaarde "eba_ZZ:x960"'
    ).replace('[ sk:roiKolom "b_05.01.0060" ; sk:roiWaarde "eba_CU:EUR" ] ,\n        ', "", 1)
    assert text.count("eba_ZZ:x960") == 1 and text.count("b_05.01.0060") == 1
    changed = tmp_path / "register.ttl"
    changed.write_text(text, encoding="utf-8")
    export = export_dora_roi(
        [changed], entity=ORG, ref_date=REF, root="pkg", competent_authority="Test authority"
    )
    assert {(g.template, g.column, g.row) for g in export.gaps} == {
        ("B_07.01", "c0060", "C-001 | 724500TESTALFA000B76 | eba_TA:S19"),
        ("B_05.01", "c0060", "724500TESTALFA000B76 | LEI"),
    }


def test_an_unknown_requirement_in_a_layout_names_the_file(tmp_path: Path) -> None:
    from sourcing_kg.core.errors import InputError
    from sourcing_kg.register.dora.layout import _template

    layout = json.loads((dora_roi_dir() / "b_07.01.json").read_text(encoding="utf-8"))
    layout["columns"][5]["required"] = "if-value:c0050"
    path = tmp_path / "b_07.01.json"
    path.write_text(json.dumps(layout), encoding="utf-8")
    with pytest.raises(InputError, match=r"b_07\.01\.json.*c0060: unknown requirement"):
        _template(path)


def test_lei_check_digits_are_checked_wherever_the_type_of_code_says_lei() -> None:
    from sourcing_kg.register.dora.checks import structure_checks

    export = _complete()
    rows = export.register.tables["B_05.01"].rows
    alfa = next(r for r in rows if r["c0010"] == "724500TESTALFA000B76")
    assert (alfa["c0080"], alfa["c0090"]) == ("724500TESTMOEDER0D87", "LEI")
    alfa["c0080"] = "724500TESTMOEDER0D88"  # the right form, a wrong check digit
    failed = [c for c in structure_checks(export.register.tables) if c.status is Status.FAILED]
    assert [(c.id, c.templates, c.failures) for c in failed] == [
        ("RoI-LEI", ("B_05.01",), ["724500TESTALFA000B76 | LEI c0080=724500TESTMOEDER0D88"])
    ]
    # every type-of-code column names the code column it types, in its own template
    for template in templates():
        for column in template.columns:
            if column.pattern == "CODE-TYPE":
                assert column.type_of in {c.code for c in template.columns}, column.template_code


def test_structure_check_fires_on_a_value_outside_its_list() -> None:
    export = _complete()
    table = export.register.tables["B_02.01"]
    table.rows[0]["c0020"] = "eba_CO:x99"
    from sourcing_kg.register.dora.checks import structure_checks

    failed = [c for c in structure_checks(export.register.tables) if c.status is Status.FAILED]
    assert [(c.id, c.templates) for c in failed] == [("RoI-LIST", ("B_02.01",))]


@pytest.mark.skipif(
    not EBA_RULES.is_file(), reason="the shared EBA rules file is not beside the checkout"
)
def test_the_eba_rules_on_a_complete_register() -> None:
    rules = read_eba_rules(EBA_RULES)
    assert len(rules) == 55
    checks = [c for c in _complete(rules=EBA_RULES).checks if c.kind == "EBA"]
    assert not [c.id for c in checks if c.status is Status.FAILED]
    assert {c.id for c in checks if c.status is Status.NOT_EVALUABLE} == {
        "e23674_e",
        "v8850_m",
        "v8851_m",
        "v8852_m",
        "v8853_m",
        "v8854_m",
        "v8855_m",
    }
    assert sum(c.status is Status.PASSED for c in checks) == 32  # e23683_e on B_04.01 among them


# The EBA rules of the DORA 4.0 taxonomy that the dry-run master template cannot evaluate: they
# name B_05.01 columns c0100-c0120, which the dry-run B_05.01 lacks (its c0010-c0090 differ).
NOT_EVALUABLE = {"e23674_e", "v8850_m", "v8851_m", "v8852_m", "v8853_m", "v8854_m", "v8855_m"}
# B_01.02 and B_01.03 are not written (pakket.json "not_written" says why)
NOT_APPLICABLE = {"e23675_e", "e23676_e", "v22913_s", "v8826_m"} | {
    f"v88{n:02d}_m" for n in (3, 4, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65)
}


@pytest.fixture(scope="module")
def bundled_export():  # type: ignore[no-untyped-def]
    """The bundled register with the EBA rules when the shared folder has them, else ours."""
    return _bundled(rules=EBA_RULES if EBA_RULES.is_file() else RULES)


def test_the_bundled_register_opens_as_a_zip_with_the_eba_column_codes(
    bundled_export,  # type: ignore[no-untyped-def]
) -> None:
    with zipfile.ZipFile(io.BytesIO(bundled_export.package)) as archive:
        assert archive.testzip() is None
    members = _members(bundled_export.package)
    written = {t.file_name for t in templates()}
    assert {n.removeprefix("pkg/reports/") for n in members if n.endswith(".csv")} == written | {
        "parameters.csv",
        "FilingIndicators.csv",
    }
    for template in templates():
        header, *body = _table(members, template.file_name)
        assert header == [c.code for c in template.columns], template.code
        assert body and all(len(row) == len(header) for row in body), template.code
        assert len(body) == len(bundled_export.register.tables[template.code].rows)
    # with the example's LEI the package names its entity
    assert dict(_table(members, "parameters.csv")[1:])["entityID"] == "rs:SKEX00MINBZK00000110.CON"


def test_the_bundled_register_fills_every_required_cell_and_passes_every_check(
    bundled_export,  # type: ignore[no-untyped-def]
) -> None:
    assert bundled_export.gaps == []
    failed = {c.id: c.failures for c in bundled_export.checks if c.status is Status.FAILED}
    assert failed == {}
    structure = [c for c in bundled_export.checks if c.kind == "structure"]
    assert structure and all(c.status is Status.PASSED for c in structure)
    ranks = [r["c0050"] for r in bundled_export.register.tables["B_05.02"].rows]
    assert ranks and all(r.isdigit() and int(r) >= 1 for r in ranks)
    # every row of B_05.02 names its provider, and every subcontractor its recipient
    for row in bundled_export.register.tables["B_05.02"].rows:
        assert row["c0030"] and row["c0040"]
        assert bool(row["c0060"]) == (row["c0050"] != "1")


@pytest.mark.skipif(
    not EBA_RULES.is_file(), reason="the shared EBA rules file is not beside the checkout"
)
def test_every_checked_eba_rule_passes_on_the_bundled_register(
    bundled_export,  # type: ignore[no-untyped-def]
) -> None:
    eba = {c.id: c for c in bundled_export.checks if c.kind == "EBA"}
    assert len(eba) == 55
    by_status = {s: {i for i, c in eba.items() if c.status is s} for s in Status}
    assert by_status[Status.FAILED] == set()
    assert by_status[Status.NOT_EVALUABLE] == NOT_EVALUABLE
    assert by_status[Status.NOT_APPLICABLE] == NOT_APPLICABLE
    assert len(by_status[Status.PASSED]) == 32 and "e23683_e" in by_status[Status.PASSED]
    # the rules that failed on register.ttl alone are among those that pass now
    bare = _register_only(rules=EBA_RULES)
    failed_before = {c.id for c in bare.checks if c.kind == "EBA" and c.status is Status.FAILED}
    assert len(failed_before) == 18 and failed_before <= by_status[Status.PASSED]
    assert {c.id for c in bare.checks if c.status is Status.FAILED} - failed_before == {"RoI-KEY"}


def test_the_supplements_are_labelled_illustrative() -> None:
    text = (examples_dir() / "register" / "dora-roi-aanvullingen.ttl").read_text(encoding="utf-8")
    assert text.startswith("# ILLUSTRATIVE VALUES FOR THE EXAMPLE, NOT REAL DATA.")


def test_rules_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "rules.tsv"
    bad.write_text("id\texpr\nx\ty\n", encoding="utf-8")
    from sourcing_kg.core.errors import InputError

    with pytest.raises(InputError, match=r"rules\.tsv:1: rules file lacks"):
        read_eba_rules(bad)


def test_command_writes_zip_and_xlsx(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    target, workbook = tmp_path / "roi.zip", tmp_path / "roi.xlsx"
    code = main(
        [
            "export",
            "dora-roi",
            "--data",
            str(COMPLETE),
            "--entity",
            str(ORG),
            "--competent-authority",
            "Test authority",
            "--ref-date",
            "2025-12-31",
            "-o",
            str(target),
            "--xlsx",
            str(workbook),
            "--rules",
            str(RULES),
            "--format",
            "json",
        ]
    )
    assert code == 0
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["failed"] == 0 and report["not_filled"] == []
    assert zipfile.is_zipfile(target)
    book = load_workbook(workbook)
    assert book.sheetnames == [t.sheet for t in templates()]
    sheet = book["b_05.02"]
    assert sheet["B4"].value == "b_05.02.0010" and sheet["F5"].value == "Rank"
    assert sheet["F7"].value == "1"
    assert not list(tmp_path.glob(".*.tmp"))


def test_command_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    base = ["export", "dora-roi", "--data", str(COMPLETE), "--entity", str(ORG)]
    assert main([*base, "-o", str(COMPLETE)]) == 2  # not a .zip
    copy = tmp_path / "in.zip"
    copy.write_bytes(b"")
    assert main([*base, "--rules", str(copy), "-o", str(copy)]) == 2  # would overwrite an input
    assert "would overwrite the input" in capsys.readouterr().err
    assert main([*base, "-o", str(tmp_path / "missing" / "x.zip")]) == 2
    failing = main(
        [
            "export",
            "dora-roi",
            "--data",
            str(REGISTER_ONLY),
            "--entity",
            str(BZK),
            "-o",
            str(tmp_path / "b.zip"),
            "--rules",
            str(RULES),
        ]
    )
    assert failing == 1  # register.ttl alone lacks values the rules require
    assert "B_02.02 c0070" in capsys.readouterr().out


def test_mapping_files_cite_their_source() -> None:
    for path in sorted(dora_roi_dir().glob("*.json")):
        assert json.loads(path.read_text(encoding="utf-8"))["source"], path
