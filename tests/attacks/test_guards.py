"""Guards that hold for the whole process, not per call site (issue 15, part 1).

- SPARQL: whatever text a query is built from, rdflib refuses to evaluate SERVICE, LOAD and
  dataset clauses; a shapes file cannot smuggle SERVICE through ``sh:declare`` prefixes;
- the audit hook: during a command, no connection but to the endpoint named, no file but the
  inputs, outputs, the package's data, its own cache directory and temporary files, no other
  program.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from sourcing_kg.io.sandbox import Refused, confine
from sourcing_kg.sparql.guard import QueryRefused, install_evaluation_guard
from tests.attacks.conftest import REPO, Loopback, cli

GOOD_DOSSIER = REPO / "tests" / "fixtures" / "validate" / "good.ttl"

# pySHACL writes "PREFIX ex: <NAMESPACE>" before the query: this namespace closes the "<",
# starts a query with SERVICE and opens a string that the shape's own query (which parses on
# its own) closes in a comment.
SMUGGLING_SHAPES = '''@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix sk: <https://w3id.org/sourcing-kg/def#> .
<urn:x:prefixes> sh:declare [ sh:prefix "ex" ;
  sh:namespace """urn:x#>
SELECT $this WHERE { SERVICE <URL/sparql> { $this ?p ?o } FILTER(\\"\\"\\""""^^xsd:anyURI ] .
<urn:x:Shape> a sh:NodeShape ; sh:targetClass sk:Dossier ;
  sh:sparql [ sh:prefixes <urn:x:prefixes> ;
    sh:select """SELECT $this WHERE { $this a <urn:x:Nothing> } #\\"\\"\\") }""" ] .
'''


def test_shapes_cannot_smuggle_service_through_declared_prefixes(
    tmp_path: Path, loopback: Loopback
) -> None:
    shapes = tmp_path / "smuggle.ttl"
    shapes.write_text(SMUGGLING_SHAPES.replace("URL", loopback.url))
    result = cli("validate", GOOD_DOSSIER, "--shapes", shapes)
    assert loopback.requests == []
    assert result.code == 3, result.err
    assert str(shapes) in result.err and "sh:declare" in result.err


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <URL/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERVICE SILENT <URL/sparql> { ?s ?p ?o } }",
        "SELECT * FROM <URL/graph> WHERE { ?s ?p ?o }",
        "SELECT * FROM NAMED <URL/graph> WHERE { GRAPH ?g { ?s ?p ?o } }",
    ],
)
def test_rdflib_never_evaluates_reaching_out(query: str, loopback: Loopback) -> None:
    """The evaluation hook: whatever built the query text, it is refused when evaluated."""
    install_evaluation_guard()
    with pytest.raises(QueryRefused):
        list(Graph().query(query.replace("URL", loopback.url)))
    assert loopback.requests == []


def test_rdflib_never_loads(loopback: Loopback) -> None:
    install_evaluation_guard()
    with pytest.raises(QueryRefused):
        Graph().update(f"LOAD <{loopback.url}/graph>")
    assert loopback.requests == []


def test_confined_process_reaches_no_other_host(loopback: Loopback) -> None:
    other = Loopback()
    other.start()
    try:
        port = int(loopback.url.rsplit(":", 1)[1])
        with confine(endpoints=[("127.0.0.1", port)]):
            urllib.request.urlopen(loopback.url + "/ok", timeout=10).read()
            with pytest.raises(OSError):
                urllib.request.urlopen(other.url + "/exfiltrate", timeout=10).read()
            with pytest.raises(Refused):
                socket.create_connection(("127.0.0.1", port + 1 if port < 65535 else 1), 1)
        assert other.requests == []
        assert loopback.requests == ["GET /ok"]
    finally:
        other.stop()


def _outside() -> Path:
    """A directory outside the checkout, the inputs and the temporary directory (a CI clone
    may itself live in the temporary directory, so the checkout's parent will not do)."""
    temp = Path(tempfile.gettempdir()).resolve()
    for candidate in (REPO.parent, Path.home(), Path("/var/tmp")):
        place = candidate.resolve()
        if not place.is_relative_to(temp):
            return place
    pytest.skip("no directory outside the temporary directory to probe")


def test_confined_process_opens_no_other_file(tmp_path: Path) -> None:
    mine = tmp_path / "mine.txt"
    mine.write_text("mine")
    secret = _outside() / "sourcing-kg-secret-probe.txt"
    with confine(inputs=[mine]):
        assert mine.read_text() == "mine"
        with pytest.raises(Refused):
            Path("/etc/hostname").read_text()
        with pytest.raises(Refused):
            secret.open("w")
        with pytest.raises(Refused):
            subprocess.run([sys.executable, "-c", "pass"], check=False)
    assert not secret.exists()


def test_a_command_that_reaches_outside_exits_3(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, loopback: Loopback
) -> None:
    """A library that reaches out in the middle of a command: refused, named, exit 3."""
    import sourcing_kg.commands.validate as validate

    real = validate.load_policy

    def sneaky(path: Path | None) -> object:
        with contextlib.suppress(OSError):  # a library that swallows the failure, goes on
            urllib.request.urlopen(loopback.url + "/leak", timeout=5).read()
        return real(path)

    monkeypatch.setattr(validate, "load_policy", sneaky)
    result = cli("validate", GOOD_DOSSIER)
    assert loopback.requests == []
    assert result.code == 3
    assert "refused: looking up the host '127.0.0.1'" in result.err


@pytest.fixture
def cache_outside_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache directory that is not below the (narrowed) temporary directory."""
    temp = tmp_path / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv("TMPDIR", str(temp))
    cache = tmp_path / "cache"
    monkeypatch.setenv("SOURCING_KG_CACHE_DIR", str(cache))
    return cache


def test_the_cache_directory_is_reachable_only_when_named(cache_outside_temp: Path) -> None:
    cache_outside_temp.mkdir()
    entry = cache_outside_temp / "entry.json"
    with confine(), pytest.raises(Refused):
        entry.open("w")
    assert not entry.exists()
    with confine(caches=[cache_outside_temp]):
        entry.write_text("{}")
        assert entry.read_text() == "{}"
        with pytest.raises(Refused):
            (cache_outside_temp.parent / "beside.json").open("w")


def test_a_command_reads_and_writes_its_cache_and_nothing_beside(
    cache_outside_temp: Path,
) -> None:
    import sourcing_kg.validation.fast as fast

    fast._algebra.cache_clear()  # this process may have parsed the shapes already
    try:
        result = cli("validate", GOOD_DOSSIER)
    finally:
        fast._algebra.cache_clear()
    assert "refused" not in result.err
    assert result.code in (0, 1), result.err  # judged (good.ttl meets the test shapes only)
    assert list((cache_outside_temp / fast._ALGEBRA_CACHE).glob("*.json"))
