"""The register spreadsheet import: round trip of the sample, row/column errors, atomic writes."""

from __future__ import annotations

from pathlib import Path

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.compare import isomorphic

from analysis_helpers import FIXTURES, rows, run
from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode, InputError
from sourcing_kg.core.resources import examples_dir, shapes_dir
from sourcing_kg.register.analyses import memory_backend
from sourcing_kg.register.importer import import_csv, write_register

SAMPLE = examples_dir() / "register" / "register.csv"
BASE = "https://w3id.org/sourcing-kg/id/register/"
HEADER = SAMPLE.read_text(encoding="utf-8").splitlines()[0]


def short(value: object) -> object:
    return value.removeprefix(BASE) if isinstance(value, str) else value


def test_sample_imports_without_errors_and_matches_checked_in_register() -> None:
    result = import_csv(SAMPLE)
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
        ("partij/Alfa", 2, 2, 2),
        ("partij/Beta", 2, 2, 2),
        ("partij/Delta", 2, 0, 2),
        ("partij/SSC", 1, 0, 1),
    ]
    # Cloudy behind Alfa (BZK E-mail, Fin Hosting) and Beta via Gamma (JenV and BZK E-mail)
    assert [tuple(short(v) for v in r) for r in rows(run(backend, "gedeelde-onderaannemers"))] == [
        ("partij/Cloudy", 2, 3)
    ]
    buiten = {tuple(short(v) for v in r) for r in rows(run(backend, "landen-buiten-eer"))}
    assert buiten == {
        ("organisatie/Fin/dienst/Hosting", "organisatie/Fin", "CHE", "partij/Alfa"),
        ("organisatie/Fin/dienst/Hosting", "organisatie/Fin", "USA", "partij/Cloudy"),
        ("organisatie/BZK/dienst/E-mail", "organisatie/BZK", "USA", "partij/Cloudy"),
        ("organisatie/JenV/dienst/E-mail", "organisatie/JenV", "USA", "partij/Cloudy"),
    }
    overnames = rows(run(backend, "overnames-zonder-risicoanalyse"))
    assert [short(r[0]) for r in overnames] == ["organisatie/BZK/relatie/R4"]


def test_imported_identifiers_conform_to_register_shapes() -> None:
    shapes = Graph().parse(shapes_dir() / "register" / "identificatie.ttl")
    conforms, _, text = validate(import_csv(SAMPLE).graph, shacl_graph=shapes)
    assert conforms, text


def write_csv(folder: Path, lines: list[str], delimiter: str = ",") -> Path:
    path = folder / "register.csv"
    path.write_text("\n".join([HEADER.replace(",", delimiter), *lines]) + "\n", encoding="utf-8")
    return path


def test_bad_rows_are_named_and_the_others_kept(tmp_path: Path) -> None:
    good = SAMPLE.read_text(encoding="utf-8").splitlines()[1:]
    bad_date = good[1].replace("2027-12-31", "31-12-2027")
    no_supplier = good[2].replace(",Alfa,", ",,", 1)
    bad_country = good[3].replace(",NLD,2024-03-01", ",Nederland,2024-03-01")
    path = write_csv(tmp_path, [good[0], bad_date, no_supplier, bad_country, *good[4:]])
    result = import_csv(path)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Einddatum"),
        (4, "Leverancier"),
        (5, "Vestigingsland leverancier"),
    }
    assert (result.rows, result.imported) == (7, 4)
    relaties = {
        str(s).rsplit("/", 1)[-1]
        for s in result.graph.subjects(predicate=None, object=None)
        if "/relatie/" in str(s) and "/overeenkomst" not in str(s)
    }
    assert relaties == {"R1", "R5", "R6", "R7"}


def test_semicolon_spreadsheet_and_dutch_decimal(tmp_path: Path) -> None:
    line = SAMPLE.read_text(encoding="utf-8").splitlines()[4]  # R4, contract value "45000,50"
    cells = next(__import__("csv").reader([line]))
    path = write_csv(tmp_path, [";".join(cells)], delimiter=";")
    result = import_csv(path)
    assert result.errors == [] and result.imported == 1
    values = [str(o) for o in result.graph.objects(None, None) if str(o).startswith("45000")]
    assert values == ["45000.50"]


def test_missing_required_column_is_fatal(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("Relatie,Organisatie\nR1,BZK\n", encoding="utf-8")
    with pytest.raises(InputError) as error:
        import_csv(path)
    assert error.value.line == 1


def test_output_replaced_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "register.ttl"
    target.write_text("# the old register\n")
    broken = tmp_path / "broken.csv"
    broken.write_text("Relatie\nR1\n", encoding="utf-8")
    assert main(["import-register", str(broken), "-o", str(target)]) == ExitCode.INPUT
    assert target.read_text() == "# the old register\n"
    assert main(["import-register", str(SAMPLE), "-o", str(target)]) == 0
    assert isomorphic(Graph().parse(target), import_csv(SAMPLE).graph)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.csv", "register.ttl"]


def test_failed_serialisation_leaves_the_old_file(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "register.ttl"
    target.write_text("old")
    graph = import_csv(SAMPLE).graph

    def boom(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", boom)
    with pytest.raises(OSError):
        write_register(graph, target)
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["register.ttl"]
