"""Every analysis gives identical rows (same terms, same order) on rdflib, pyoxigraph and the
Oxigraph server, also through the command line's ``--endpoint``."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from analysis_helpers import FIXTURES, REGISTER
from conftest import OxigraphServer
from sourcing_kg.cli import main
from sourcing_kg.register.analyses import catalogue, load_files, memory_backend
from sourcing_kg.sparql.backends import EndpointBackend, OxigraphBackend
from sourcing_kg.sparql.binding import parse_parameters

pytestmark = pytest.mark.server
# the register, and an ArchiMate landscape linked to its own services (for the archimate-* ones)
DATA = [*REGISTER, FIXTURES.parent / "archimate" / "afhankelijkheden.ttl"]
PARAMS = {
    "impact-uitval-leverancier": {"leverancier": "https://example.org/reg/Cloudy"},
    "archimate-impact-leverancier": {"leverancier": "https://example.org/reg/Wolk"},
    "referentiecomponenten-zonder-dossier": {"model": "https://example.org/ref/model"},
    "exitplannen-niet-getest": {"peildatum": "2026-01-31"},
    "contracten-aflopend": {"peildatum": "2026-01-01", "maanden": "6"},
}


@pytest.fixture(scope="module")
def server() -> Iterator[OxigraphServer]:
    running = OxigraphServer()
    load_files(EndpointBackend(running.query_url, store_url=running.store_url), DATA)
    yield running
    running.stop()


def test_identical_results_everywhere(server: OxigraphServer) -> None:
    memory = memory_backend(DATA)
    store = OxigraphBackend(None)
    load_files(store, DATA)
    endpoint = EndpointBackend(server.query_url)
    for analysis in catalogue().values():
        bindings = parse_parameters(analysis, PARAMS.get(analysis.id, {}))
        tables = [b.select(analysis.text, bindings) for b in (memory, store, endpoint)]
        assert tables[0].rows, analysis.id  # the fixture makes every analysis find something
        for other in tables[1:]:
            assert other.variables == tables[0].variables, analysis.id
            assert other.rows == tables[0].rows, analysis.id


def test_cli_endpoint(server: OxigraphServer, capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "query",
        "impact-uitval-leverancier",
        "--param",
        "leverancier=https://example.org/reg/Gamma",
        "--format",
        "json",
    ]
    assert main([*argv, "--endpoint", server.query_url]) == 0
    from_server = json.loads(capsys.readouterr().out)
    assert main([*argv, "--data", *map(str, REGISTER)]) == 0
    assert json.loads(capsys.readouterr().out) == from_server
    assert len(from_server["results"]["bindings"]) == 2


def test_cli_load_through_graph_store_protocol(tmp_path, capsys) -> None:
    running = OxigraphServer()
    try:
        assert main(["load", *map(str, REGISTER), "--gsp", running.store_url]) == 0
        capsys.readouterr()
        assert (
            main(
                [
                    "query",
                    "gedeelde-onderaannemers",
                    "--endpoint",
                    running.query_url,
                    "--format",
                    "csv",
                ]
            )
            == 0
        )
        assert capsys.readouterr().out.splitlines()[1:] == ["https://example.org/reg/Cloudy,2,2"]
    finally:
        running.stop()
