"""The ``query``, ``queries`` and ``load`` commands, in process."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest
from rdflib.query import Result

from analysis_helpers import FIXTURES, REGISTER
from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.sparql.deadline import DeadlineExceeded, run_with_deadline

DATA = ["--data", *map(str, REGISTER)]
CLOUDY = "leverancier=https://example.org/reg/Cloudy"


def out(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_queries_lists_every_analysis(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = out(capsys, "queries", "--format", "json")
    assert code == 0
    listing = {a["id"]: a for a in json.loads(text)}
    assert "impact-uitval-leverancier" in listing
    assert listing["contracten-aflopend"]["parameters"][0]["name"] == "peildatum"


def test_json_is_w3c_sparql_results(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = out(
        capsys, "query", "impact-uitval-leverancier", *DATA, "--param", CLOUDY, "--format", "json"
    )
    assert code == 0
    result = Result.parse(io.StringIO(text), format="json")
    assert [str(v) for v in result.vars] == [
        "dienst",
        "organisatie",
        "kritiek",
        "via",
        "rang",
        "directeLeverancier",
    ]
    assert len(list(result)) == 4


def test_csv_and_md_and_table(capsys: pytest.CaptureFixture[str]) -> None:
    _, csv_text, _ = out(capsys, "query", "hhi-per-subdomein", *DATA, "--format", "csv")
    lines = csv_text.splitlines()
    assert lines[0] == "subdomein,hhi,leveranciers"
    assert lines[-1] == "https://w3id.org/sourcing-kg/id/subdomein/5,3600,3"
    _, md, _ = out(capsys, "query", "hhi-per-subdomein", *DATA, "--format", "md", "--no-labels")
    assert md.splitlines()[-1] == "| subdomein:5 | 3600 | 3 |"
    _, md, _ = out(capsys, "query", "hhi-per-subdomein", *DATA, "--format", "md")
    assert md.splitlines()[-1] == "| subdomein:5 (Toegangsbeheer) | 3600 | 3 |"  # the ontology's
    _, md, _ = out(capsys, "query", "hhi-per-subdomein", *DATA, "--format", "md", "--lang", "en")
    assert md.splitlines()[-1] == "| subdomein:5 (Access management) | 3600 | 3 |"
    assert out(capsys, "query", "hhi-per-subdomein", *DATA, "--format", "csv", "--labels")[0] == (
        ExitCode.USAGE
    )
    _, table, _ = out(capsys, "query", "hhi-per-subdomein", *DATA)
    assert table.splitlines()[-1] == "(3 rows)"


def test_parameters_are_checked(capsys: pytest.CaptureFixture[str]) -> None:
    assert out(capsys, "query", "impact-uitval-leverancier", *DATA)[0] == ExitCode.USAGE
    bad_iri = "leverancier=x> } ; DROP ALL ; { <y"
    assert (
        out(capsys, "query", "impact-uitval-leverancier", *DATA, "--param", bad_iri)[0]
        == ExitCode.USAGE
    )
    assert (
        out(capsys, "query", "contracten-aflopend", *DATA, "--param", "peildatum=2026-13-45")[0]
        == ExitCode.USAGE
    )
    code, _, err = out(capsys, "query", "hhi-per-subdomein", *DATA, "--param", "foo=1")
    assert code == ExitCode.USAGE and "its parameters: none" in err
    code, _, err = out(capsys, "query", "contracten-aflopend", *DATA, "--param", "maand=1")
    assert code == ExitCode.USAGE and "its parameters: peildatum, maanden" in err
    assert (
        out(capsys, "query", "contracten-aflopend", *DATA, "--param", "nietbestaand=1")[0]
        == ExitCode.USAGE
    )
    assert out(capsys, "query", "no-such-analysis", *DATA)[0] == ExitCode.USAGE


def test_a_string_parameter_cannot_change_the_query(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = tmp_path / "naam.rq"
    query.write_text("SELECT ?s WHERE { ?s ?p ?naam }")
    evil = 'naam=x" } ?s ?p ?o . { "'
    code, text, _ = out(capsys, "query", str(query), *DATA, "--param", evil, "--format", "csv")
    assert code == 0 and text.splitlines() == ["s"]


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "LOAD <http://127.0.0.1:9/x.ttl>",
        "DROP ALL",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <http://127.0.0.1:9/x.ttl> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <http://127.0.0.1:9/x.ttl> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_user_queries_are_read_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(text)
    code, stdout, err = out(capsys, "query", str(query), *DATA)
    assert code == ExitCode.INPUT and stdout == ""
    assert "refused" in err


def test_deadline_abandons_the_worker() -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded):
        run_with_deadline(lambda: time.sleep(2), 0.1)
    assert time.monotonic() - started < 1


def test_query_past_deadline_is_not_evaluated(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from rdflib import Graph

    real = Graph.query

    def slow(self: Graph, *args: object, **kwargs: object) -> object:
        time.sleep(1.5)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Graph, "query", slow)
    code, stdout, err = out(capsys, "query", "bundelkansen", *DATA, "--timeout", "0.2")
    assert code == ExitCode.ENDPOINT and stdout == ""
    assert "not evaluated" in err


def test_load_store_and_query_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "store"
    code, text, _ = out(capsys, "load", *map(str, REGISTER), "--store", str(store))
    assert code == 0 and text.count("loaded") == 2
    _, from_store, _ = out(
        capsys, "query", "leverancier-concentratie", "--store", str(store), "--format", "json"
    )
    _, from_files, _ = out(capsys, "query", "leverancier-concentratie", *DATA, "--format", "json")
    assert json.loads(from_store) == json.loads(from_files)
    # Reloading a dossier replaces its graph: the clean register under the same graph name.
    graph = REGISTER[0].resolve().as_uri()
    code, _, err = out(
        capsys,
        "load",
        str(FIXTURES / "register-schoon.ttl"),
        "--store",
        str(store),
        "--graph",
        graph,
    )
    assert code == 0, err
    _, csv_text, _ = out(
        capsys, "query", "leverancier-concentratie", "--store", str(store), "--format", "csv"
    )
    assert [line.split(",")[0].rsplit("/", 1)[-1] for line in csv_text.splitlines()[1:]] == [
        "Alfa",
        "Beta",
    ]


def test_missing_store_is_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, _ = out(capsys, "query", "bundelkansen", "--store", str(tmp_path / "nope"))
    assert code == ExitCode.INPUT


def test_bad_file_leaves_the_stored_graph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = tmp_path / "store"
    good = tmp_path / "dossier.ttl"
    good.write_text((FIXTURES / "register.ttl").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["load", str(good), str(REGISTER[1]), "--store", str(store)]) == 0
    good.write_text("@prefix ex: <https://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    code, _, err = out(capsys, "load", str(good), "--store", str(store))
    assert code == ExitCode.INPUT and f"{good}:2:" in err
    _, text, _ = out(
        capsys, "query", "gedeelde-onderaannemers", "--store", str(store), "--format", "csv"
    )
    assert text.splitlines()[1:] == ["https://example.org/reg/Cloudy,2,2"]


def test_ask_query_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    query = tmp_path / "ask.rq"
    query.write_text("PREFIX sk: <https://w3id.org/sourcing-kg/def#> ASK { ?r sk:leverancier ?l }")
    code, text, _ = out(capsys, "query", str(query), *DATA, "--format", "json")
    assert code == 0 and json.loads(text)["boolean"] is True


def test_an_iri_the_register_does_not_know_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    nobody = "leverancier=https://example.org/reg/Nobody"
    code, text, err = out(capsys, "query", "impact-uitval-leverancier", *DATA, "--param", nobody)
    assert code == ExitCode.USAGE and text == ""
    assert "is not in the data" in err
    # the known names are listed: suppliers (sk:Leverancier) and organisations (parents too)
    for known in ("reg/Cloudy>", "reg/MegaCorp>", "reg/BZK>"):
        assert known in err
    # a service is known to the register, but is no party
    mail = "leverancier=https://example.org/reg/mail"
    assert out(capsys, "query", "impact-uitval-leverancier", *DATA, "--param", mail)[0] == 2


def test_labels_next_to_iris_also_inside_the_path(capsys: pytest.CaptureFixture[str]) -> None:
    """The register fixture has no labels for parties, so this uses the imported example."""
    from sourcing_kg.core.resources import examples_dir

    data = ["--data", str(examples_dir() / "register")]
    mega = "leverancier=https://w3id.org/sourcing-kg/id/register/partij/MegaCorp"
    code, text, _ = out(capsys, "query", "impact-uitval-leverancier", *data, "--param", mega)
    assert code == 0
    first = text.splitlines()[2]
    assert first.startswith("skid:register/organisatie/BZK/dienst/E-mail (E-mail)")
    assert (
        "skid:register/partij/kvk/12345678 (Alfa) moederbedrijf skid:register/partij/MegaCorp "
        "(MegaCorp)"
    ) in first
    _, plain, _ = out(
        capsys, "query", "impact-uitval-leverancier", *data, "--param", mega, "--no-labels"
    )
    assert "(Alfa)" not in plain and "<https://w3id.org/sourcing-kg/id/register/partij/" in plain
