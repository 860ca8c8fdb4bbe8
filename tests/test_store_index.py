"""``load --store`` records each graph's content hash in the project's index graph, and
``validate --store`` does not take that graph for a dossier."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode
from sourcing_kg.register.analyses import load_files
from sourcing_kg.sparql.backends import OxigraphBackend, graph_name
from sourcing_kg.sparql.store_index import INDEX_GRAPH, graph_hash, recorded_hashes

FIXTURES = Path(__file__).parent / "fixtures" / "validate"
FILES = [FIXTURES / name for name in ("good.ttl", "violation.ttl", "warning.ttl")]


@pytest.fixture
def store(tmp_path: Path) -> Path:
    directory = tmp_path / "store"
    directory.mkdir()
    load_files(OxigraphBackend(directory), FILES)
    return directory


def test_load_records_the_hash_of_each_graph_as_stored(store: Path) -> None:
    backend = OxigraphBackend(store, read_only=True)
    recorded = recorded_hashes(backend.store)
    assert sorted(recorded) == sorted(graph_name(path) for path in FILES)
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
    assert len(after) == 2  # one hash per graph, the old one replaced


def test_validate_store_skips_the_index_graph(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["validate", "--store", str(store), "--as-of", "2026-01-01"])
    captured = capsys.readouterr()
    assert code == ExitCode.FINDINGS, captured.err  # not exit 3 for a graph without a dossier
    assert INDEX_GRAPH not in captured.out
