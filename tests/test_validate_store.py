"""`validate --store DIR` and `validate --endpoint URL` judge the dossiers loaded there exactly
as the files they were loaded from (issue 10: where the register lives)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode

from .conftest import OxigraphServer

AS_OF = "2026-06-01"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _findings(text: str, *, file_of: dict[str, str] | None = None) -> list[tuple[str, ...]]:
    """The findings as comparable rows; a blank-node shape's label differs between runs."""
    rows = []
    for result in json.loads(text)["results"]:
        shape = result["sourceShape"]
        file = result.get("file")
        rows.append(
            (
                (file_of or {}).get(file, file) if file else "",
                "_:shape" if shape.startswith("_:") else shape,
                *(
                    json.dumps(result.get(k), sort_keys=True)
                    for k in ("focusNode", "resultPath", "value", "severity", "ruleId", "messages")
                ),
            )
        )
    return sorted(rows)


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in {".ttl", ".trig", ".jsonld"})


@pytest.fixture
def loaded(tmp_path: Path, capsys: pytest.CaptureFixture[str], dossiers: Path) -> Path:
    store = tmp_path / "store"
    code, _, err = _run(capsys, "load", str(dossiers), "--store", str(store))
    assert code == 0, err
    return store


def test_a_store_is_judged_as_its_files(
    loaded: Path, dossiers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code_store, from_store, _ = _run(
        capsys, "validate", "--store", str(loaded), "--format", "json", "--as-of", AS_OF
    )
    code_files, from_files, _ = _run(
        capsys, "validate", str(dossiers), "--format", "json", "--as-of", AS_OF
    )
    assert code_store == code_files == ExitCode.FINDINGS  # the afwijkend examples
    graph_of = {str(p): p.resolve().as_uri() for p in _files(dossiers)}
    expected = _findings(from_files, file_of=graph_of)
    assert expected and _findings(from_store) == expected  # each finding names its graph
    record = json.loads(from_store)["run"]["inputs"]
    assert {i["path"] for i in record} == set(graph_of.values())
    assert all(len(i["sha256"]) == 64 for i in record)


def test_the_store_is_read_only(loaded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted((p.name, p.stat().st_size) for p in loaded.iterdir() if p.name != "LOCK")
    code, _, _ = _run(capsys, "validate", "--store", str(loaded), "--format", "json")
    assert code == ExitCode.FINDINGS
    assert (
        sorted((p.name, p.stat().st_size) for p in loaded.iterdir() if p.name != "LOCK") == before
    )


@pytest.mark.parametrize(
    "args",
    [
        ("validate",),
        ("validate", "data", "--store", "x"),
        ("validate", "--store", "x", "--endpoint", "http://127.0.0.1:1/q"),
    ],
)
def test_exactly_one_source(args: tuple[str, ...], capsys: pytest.CaptureFixture[str]) -> None:
    # argparse stops on the two options that exclude each other; the command on the rest
    with pytest.raises(SystemExit) as stopped:
        raise SystemExit(_run(capsys, *args)[0])
    assert stopped.value.code == ExitCode.USAGE


def test_not_a_store_or_an_empty_one_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = _run(capsys, "validate", "--store", str(tmp_path / "nowhere"))
    assert code == ExitCode.INPUT and "nowhere" in err
    empty = tmp_path / "empty"
    code, _, _ = _run(capsys, "load", str(tmp_path / "nothing"), "--store", str(empty))
    code, _, err = _run(capsys, "validate", "--store", str(empty))
    assert code == ExitCode.INPUT and "no named graph" in err


@pytest.mark.server
def test_an_endpoint_is_judged_as_its_files(
    oxigraph_server: OxigraphServer, dossiers: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    oxigraph_server.clear()
    code, _, err = _run(capsys, "load", str(dossiers), "--gsp", oxigraph_server.store_url)
    assert code == 0, err
    code_ep, from_endpoint, err = _run(
        capsys,
        "validate",
        "--endpoint",
        oxigraph_server.query_url,
        "--format",
        "json",
        "--as-of",
        AS_OF,
    )
    _, from_files, _ = _run(capsys, "validate", str(dossiers), "--format", "json", "--as-of", AS_OF)
    assert code_ep == ExitCode.FINDINGS, err
    graph_of = {str(p): p.resolve().as_uri() for p in _files(dossiers)}

    # blank nodes come back from an endpoint with other labels: compare without them
    def named(rows: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
        return sorted(r for r in rows if '"_:' not in r[2])

    assert named(_findings(from_endpoint)) == named(_findings(from_files, file_of=graph_of))
    assert len(_findings(from_endpoint)) == len(_findings(from_files))
