"""The register spreadsheet import: round trip of the sample, row/column errors, atomic writes."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from functools import cache
from pathlib import Path

import pytest
from openpyxl import Workbook
from pyshacl import validate
from rdflib import RDF, Graph
from rdflib.compare import isomorphic

from analysis_helpers import FIXTURES, rows, run
from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode, InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import examples_dir, shapes_dir
from sourcing_kg.register.analyses import memory_backend
from sourcing_kg.register.importer import ImportResult, import_csv, import_register, write_register
from sourcing_kg.sparql.cache import prepared_queries

SAMPLE = examples_dir() / "register" / "register.csv"
BASE = "https://w3id.org/sourcing-kg/id/register/"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


@cache
def sample() -> ImportResult:
    """The import of the sample sheet, shared by the tests that only read it (an import takes a
    second or two, most of it parsing the mapping query)."""
    return import_csv(SAMPLE)


def short(value: object) -> object:
    return value.removeprefix(BASE) if isinstance(value, str) else value


def test_sample_imports_without_errors_and_matches_checked_in_register() -> None:
    result = sample()
    assert result.errors == [] and result.rows == result.imported == 7
    checked_in = Graph().parse(examples_dir() / "register" / "register.ttl")
    assert isomorphic(result.graph, checked_in)


def test_analyses_run_on_the_imported_sample() -> None:
    """Hand-computed on register.csv: the same register as the fixture, but services are per
    organisation (BZK's E-mail is not JenV's E-mail), so Beta serves two services."""
    backend = memory_backend([examples_dir() / "register", FIXTURES / "landen.ttl"])
    concentratie = [
        tuple(short(v) for v in r) for r in rows(run(backend, "leverancier-concentratie"))
    ]
    assert concentratie == [
        ("partij/kvk/12345678", 2, 2, 2),
        ("partij/kvk/87654321", 2, 2, 2),
        ("partij/kvk/11223344", 2, 0, 2),
        ("partij/SSC", 1, 0, 1),
    ]
    # Cloudy behind Alfa (BZK E-mail, Fin Hosting) and Beta via Gamma (JenV and BZK E-mail)
    assert [tuple(short(v) for v in r) for r in rows(run(backend, "gedeelde-onderaannemers"))] == [
        ("partij/Cloudy", 2, 3)
    ]
    buiten = {tuple(short(v) for v in r) for r in rows(run(backend, "landen-buiten-eer"))}
    assert buiten == {
        ("organisatie/Fin/dienst/Hosting", "organisatie/Fin", "CHE", "partij/kvk/12345678"),
        ("organisatie/Fin/dienst/Hosting", "organisatie/Fin", "USA", "partij/Cloudy"),
        ("organisatie/BZK/dienst/E-mail", "organisatie/BZK", "USA", "partij/Cloudy"),
        ("organisatie/JenV/dienst/E-mail", "organisatie/JenV", "USA", "partij/Cloudy"),
    }
    overnames = rows(run(backend, "overnames-zonder-risicoanalyse"))
    assert [short(r[0]) for r in overnames] == ["organisatie/BZK/relatie/R4"]


def test_imported_identifiers_conform_to_register_shapes() -> None:
    shapes = Graph().parse(shapes_dir() / "register" / "identificatie.ttl")
    register = sample().graph
    with prepared_queries():  # as the product runs pySHACL: each SPARQL constraint parsed once
        conforms, _, text = validate(register, shacl_graph=shapes)
    assert conforms, text


def write_csv(folder: Path, lines: list[str], delimiter: str = ",") -> Path:
    path = folder / "register.csv"
    path.write_text("\n".join([HEADER.replace(",", delimiter), *lines]) + "\n", encoding="utf-8")
    return path


def good_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()[1:]


def test_every_bad_cell_is_reported_in_one_run_and_nothing_imported(tmp_path: Path) -> None:
    good = good_lines()
    bad_date = good[1].replace("2027-12-31", "31-12-2027")
    no_supplier = good[2].replace(",Alfa,", ",,", 1)
    two_bad = good[3].replace(",NLD,2024-03-01", ",Nederland,2024-03-01").replace(",nee,", ",nope,")
    path = write_csv(tmp_path, [good[0], bad_date, no_supplier, two_bad, *good[4:]])
    result = import_register(path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (3, "Einddatum", "31-12-2027"),
        (4, "Leverancier", ""),
        (5, "Kritiek", "nope"),
        (5, "Vestigingsland leverancier", "Nederland"),
    ]
    assert [e.expected for e in result.errors] == [
        "a date YYYY-MM-DD",
        "a value",
        "'ja' or 'nee'",
        "the form [A-Z]{3} (ISO 3166-1 alpha-3 code, as the EU country authority uses)",
    ]
    assert (result.rows, result.imported, len(result.graph)) == (7, 0, 0)


def test_keep_going_maps_the_good_rows(tmp_path: Path) -> None:
    good = good_lines()
    bad_date = good[1].replace("2027-12-31", "31-12-2027")
    path = write_csv(tmp_path, [good[0], bad_date, *good[2:]])
    result = import_register(path, keep_going=True)
    assert [(e.row, e.column) for e in result.errors] == [(3, "Einddatum")]
    assert (result.rows, result.imported) == (7, 6)
    relaties = {
        str(s).rsplit("/", 1)[-1] for s in result.graph.subjects(RDF.type, SK.SourcingRelatie)
    }
    assert relaties == {"R1", "R3", "R4", "R5", "R6", "R7"}


def test_unknown_column_and_repeated_relationship_are_errors(tmp_path: Path) -> None:
    good = good_lines()
    path = tmp_path / "r.csv"
    path.write_text(
        "\n".join([HEADER + ",Opmerking", good[0] + ",let op", good[0] + ","]) + "\n",
        encoding="utf-8",
    )
    result = import_register(path)
    assert [(e.row, e.column, e.value) for e in result.errors] == [
        (1, "Opmerking", "Opmerking"),
        (3, "Relatie", "R1"),
    ]
    assert "row 2" in result.errors[1].expected


def test_semicolon_spreadsheet_and_dutch_decimal(tmp_path: Path) -> None:
    line = good_lines()[3]  # R4, contract value "45000,50"
    cells = next(csv.reader([line]))
    path = write_csv(tmp_path, [";".join(cells)], delimiter=";")
    result = import_register(path)
    assert result.errors == [] and result.imported == 1
    values = [str(o) for o in result.graph.objects(None, None) if str(o).startswith("45000")]
    assert values == ["45000.5"]  # the canonical xsd:decimal


def test_delimiter_option_overrides_sniffing(tmp_path: Path) -> None:
    cells = [next(csv.reader([line])) for line in good_lines()]
    path = tmp_path / "r.csv"
    path.write_text(
        "\n".join("\t".join(c) for c in [next(csv.reader([HEADER])), *cells]) + "\n",
        encoding="utf-8",
    )
    assert isomorphic(import_register(path, delimiter="tab").graph, sample().graph)
    with pytest.raises(InputError, match="required columns missing"):
        import_register(path, delimiter=";")  # the whole header is one unknown column


def test_xlsx_gives_the_same_register_as_csv(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for number, cells in enumerate(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines())):
        if number == 0:
            sheet.append(cells)
            continue
        typed: list[object] = []
        for title, cell in zip(HEADER.split(","), cells, strict=True):
            if cell and title in {"Einddatum", "Laatste risicoanalyse"}:
                typed.append(dt.date.fromisoformat(cell))  # a date cell, as Excel keeps it
            elif cell and title in {"Subdomein", "KvK-nummer leverancier"}:
                typed.append(int(cell))  # a number cell
            elif cell and title == "Contractwaarde (EUR)":
                typed.append(float(cell.replace(",", ".")))
            else:
                typed.append(cell or None)
        sheet.append(typed)
    path = tmp_path / "register.xlsx"
    workbook.save(path)
    result = import_register(path)
    assert result.errors == []
    assert isomorphic(result.graph, sample().graph)


def test_missing_required_column_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Relatie,Organisatie\nR1,BZK\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_csv(path)
    assert error.value.line == 1 and error.value.path == str(path)


def test_one_bad_cell_leaves_the_previous_output_byte_identical(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "register.ttl"
    assert main(["import-register", str(SAMPLE), "-o", str(target)]) == 0
    before = target.read_bytes()
    good = good_lines()
    path = write_csv(tmp_path, [*good[:-1], good[-1].replace("2025-03-01", "2025-13-01")])
    assert main(["import-register", str(path), "-o", str(target)]) == ExitCode.INPUT
    err = capsys.readouterr().err
    assert "row 8, column 'Laatste risicoanalyse': '2025-13-01', expected a date" in err
    assert "nothing written" in err
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv", "register.ttl"]


def test_keep_going_writes_a_new_file_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = good_lines()
    path = write_csv(tmp_path, [good[0].replace(",ja,", ",misschien,"), *good[1:]])
    existing = tmp_path / "register.ttl"
    existing.write_bytes(b"# the old register\n")
    argv = ["import-register", str(path), "--keep-going", "-o"]
    assert main([*argv, str(existing)]) == ExitCode.USAGE
    assert existing.read_bytes() == b"# the old register\n"
    fresh = tmp_path / "goed.ttl"
    assert main([*argv, str(fresh)]) == ExitCode.INPUT
    assert "6 of 7 rows imported" in capsys.readouterr().err
    assert len(set(Graph().parse(fresh).subjects(RDF.type, SK.SourcingRelatie))) == 6


def test_output_replaced_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "register.ttl"
    target.write_text("# the old register\n")
    broken = tmp_path / "broken.csv"
    broken.write_text("Relatie\nR1\n", encoding="utf-8")
    assert main(["import-register", str(broken), "-o", str(target)]) == ExitCode.INPUT
    assert target.read_text() == "# the old register\n"
    assert main(["import-register", str(SAMPLE), "-o", str(target)]) == 0
    assert isomorphic(Graph().parse(target), sample().graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "register.ttl"]


def test_exception_mid_write_leaves_the_previous_output_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "register.ttl"
    assert main(["import-register", str(SAMPLE), "-o", str(target)]) == 0
    before = target.read_bytes()
    real_fdopen = os.fdopen

    class HalfWriter:
        """A file that writes half of what it is given, then fails (a full disk)."""

        def __init__(self, handle: io.BufferedWriter) -> None:
            self.handle = handle

        def __enter__(self) -> HalfWriter:
            return self

        def __exit__(self, *exc: object) -> None:
            self.handle.close()

        def write(self, data: bytes) -> int:
            self.handle.write(data[: len(data) // 2])
            self.handle.flush()
            raise OSError(28, "No space left on device")

    def half(fd: int, mode: str = "r", *args: object, **kwargs: object) -> object:
        return HalfWriter(real_fdopen(fd, mode))  # type: ignore[arg-type]

    monkeypatch.setattr("sourcing_kg.io.atomic.os.fdopen", half)
    good = good_lines()
    changed = write_csv(tmp_path, [*good[:-1], good[-1].replace("R7", "R8")])
    assert main(["import-register", str(changed), "-o", str(target)]) == ExitCode.INTERNAL
    assert "No space left on device" in capsys.readouterr().err
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["register.csv", "register.ttl"]


def test_failed_serialisation_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "register.ttl"
    target.write_text("old")
    graph = sample().graph

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", boom)
    with pytest.raises(OSError):
        write_register(graph, target)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["register.ttl"]
