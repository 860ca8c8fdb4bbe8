"""``validate --store`` and ``--endpoint``: the graphs ``load`` filled judged as the files are."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from rdflib import BNode

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.model.policy import load_policy
from sourcing_kg.register.analyses import load_files
from sourcing_kg.sparql.backends import EndpointBackend, OxigraphBackend, graph_name
from sourcing_kg.sparql.store_index import graph_hash, recorded_hashes
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Finding, Report
from sourcing_kg.validation.sources import validate_endpoint, validate_store

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
FILES = [FIXTURES / name for name in ("good.ttl", "violation.ttl", "warning.ttl", "info.ttl")]
AS_OF = date(2026, 1, 1)


def _key(finding: Finding, files: dict[str, str]) -> tuple[object, ...]:
    def term(node: object) -> object:
        return "_:b" if isinstance(node, BNode) else node

    return (
        finding.severity,
        term(finding.focus_node),
        term(finding.result_path),
        term(finding.source_shape),
        term(finding.value),
        finding.rule_id,
        files.get(finding.file or "", finding.file),
        term(finding.dossier),
    )


def _keys(report: Report, files: dict[str, str]) -> list[tuple[object, ...]]:
    return sorted((_key(f, files) for f in report.findings), key=repr)


def _by_files() -> Report:
    return validate_paths(FILES, as_of=AS_OF, policy=load_policy())


def _names() -> dict[str, str]:
    """Graph name -> the file path as validate names it when given the files."""
    return {graph_name(path): str(path) for path in FILES}


@pytest.fixture
def store(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    directory.mkdir()
    backend = OxigraphBackend(directory)
    load_files(backend, FILES)
    del backend
    return directory


def test_store_findings_equal_those_of_the_files(store: Path) -> None:
    by_store = validate_store(store, as_of=AS_OF, policy=load_policy())
    expected = _by_files()
    assert expected.findings  # the fixtures have findings of every severity: the test can fail
    assert _keys(by_store, _names()) == _keys(expected, {str(p): str(p) for p in FILES})
    assert sorted(by_store.files) == sorted(_names())  # the report names the graph as the file
    assert by_store.run is not None
    assert {d.path: d.sha256 for d in by_store.run.inputs} == recorded_hashes(
        OxigraphBackend(store, read_only=True).store
    )


def test_load_records_the_hash_of_each_graph_as_stored(store: Path) -> None:
    backend = OxigraphBackend(store, read_only=True)
    recorded = recorded_hashes(backend.store)
    assert sorted(recorded) == sorted(_names())
    for graph, digest in recorded.items():
        assert digest == graph_hash(backend.store, graph)


def test_reloading_a_changed_file_changes_its_hash_only(tmp_path: Path) -> None:
    directory = tmp_path / "s"
    directory.mkdir()
    copy = tmp_path / "d.ttl"
    copy.write_text((FIXTURES / "good.ttl").read_text())
    backend = OxigraphBackend(directory)
    load_files(backend, [copy, FIXTURES / "warning.ttl"])
    before = recorded_hashes(backend.store)
    copy.write_text((FIXTURES / "violation.ttl").read_text())
    load_files(backend, [copy])
    after = recorded_hashes(backend.store)
    assert after[graph_name(copy)] != before[graph_name(copy)]
    warning = graph_name(FIXTURES / "warning.ttl")
    assert after[warning] == before[warning]


def test_cli_store_is_read_only_and_reports_graph_names(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listing = sorted(p.name for p in store.iterdir())
    code = main(["validate", "--store", str(store), "--format", "json", "--as-of", "2026-01-01"])
    assert code == ExitCode.FINDINGS
    document = json.loads(capsys.readouterr().out)
    files = {result["file"] for result in document["results"]}
    assert files and files <= set(_names())
    assert sorted(p.name for p in store.iterdir()) == listing


def test_missing_store_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--store", str(tmp_path / "nope")]) == ExitCode.INPUT
    assert "nope" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["validate", "--store", str(empty)]) == ExitCode.INPUT
    assert not any(empty.iterdir())  # never made a store there


def test_store_and_paths_exclude_each_other(store: Path) -> None:
    assert main(["validate", "--store", str(store), str(FILES[0])]) == ExitCode.USAGE
    assert main(["validate"]) == ExitCode.USAGE


@pytest.mark.server
def test_endpoint_findings_equal_those_of_the_files(oxigraph_server: object) -> None:
    server = oxigraph_server
    backend = EndpointBackend(server.query_url, store_url=server.store_url)  # type: ignore[attr-defined]
    server.clear()  # type: ignore[attr-defined]
    load_files(backend, FILES)
    report = validate_endpoint(server.query_url, as_of=AS_OF, policy=load_policy())  # type: ignore[attr-defined]
    expected = _by_files()
    assert _keys(report, _names()) == _keys(expected, {str(p): str(p) for p in FILES})
