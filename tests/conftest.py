"""Shared fixtures. Tests never depend on the working directory: paths come from here."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import pytest

from sourcing_kg.validation.report import Report

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))


_SESSION_CACHE: list[Path] = []


def pytest_configure(config: pytest.Config) -> None:
    """One per-user cache (:mod:`sourcing_kg.io.user_cache`) for the whole test session, in a
    temporary directory: tests stay independent of the developer's cache and of other runs,
    while the shapes compiled by one test serve the next (xdist workers inherit it from the
    controller; subprocesses, the installed wheel's among them, through the environment)."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        return
    place = Path(tempfile.mkdtemp(prefix="sourcing-kg-test-cache-"))
    _SESSION_CACHE.append(place)
    os.environ["SOURCING_KG_CACHE_DIR"] = str(place)
    os.environ.pop("SOURCING_KG_NO_CACHE", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    for place in _SESSION_CACHE:
        shutil.rmtree(place, ignore_errors=True)


@pytest.fixture
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def examples_report() -> Report:
    """The report of every bundled example (dossiers and architecture), as of 2026-01-31.

    Computed once per test process: the names scan and the HTML tests render it repeatedly.
    """
    from datetime import date

    from sourcing_kg.model.policy import load_policy
    from sourcing_kg.validation.engine import validate_paths

    data = REPO / "data"
    return validate_paths(
        [data / "dossiers", data / "architectuur"],
        as_of=date(2026, 1, 31),
        policy=load_policy(None),
        extra_shapes=[],
        inference="none",
    )


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def dossiers() -> Path:
    """The checker's own small fixture dossiers (one concern each)."""
    return FIXTURES / "validate"


@pytest.fixture
def test_shapes() -> Path:
    """A small shapes file, one shape per severity, passed with ``--shapes``."""
    return FIXTURES / "validate-shapes" / "shapes.ttl"


@pytest.fixture
def only_test_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validate with the test shapes only, so that checker tests do not depend on shapes/."""
    monkeypatch.setattr("sourcing_kg.validation.shapes.project_shape_files", lambda name: [])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class OxigraphServer:
    """The Oxigraph SPARQL server (PyPI ``oxigraph``) on loopback, in a temp dir."""

    def __init__(self) -> None:
        binary = Path(sys.executable).with_name("oxigraph")
        if not binary.exists():
            pytest.skip(f"no Oxigraph server next to {sys.executable}")
        self.dir = tempfile.TemporaryDirectory(prefix="sourcing-kg-oxigraph-")
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                str(binary),
                "serve",
                "--location",
                self.dir.name,
                "--bind",
                f"127.0.0.1:{self.port}",
                "--union-default-graph",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 20
        while True:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    self.stop()
                    raise RuntimeError("Oxigraph server did not start") from None
                time.sleep(0.1)

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    @property
    def store_url(self) -> str:
        return f"{self.base}/store"

    def clear(self) -> None:
        request = urllib.request.Request(
            f"{self.base}/update",
            data=b"CLEAR ALL",
            method="POST",
            headers={"Content-Type": "application/sparql-update"},
        )
        urllib.request.urlopen(request, timeout=10).close()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.dir.cleanup()


@pytest.fixture(scope="session")
def oxigraph_server() -> Iterator[OxigraphServer]:
    server = OxigraphServer()
    yield server
    server.stop()


BackendFactory = Callable[[Sequence[Path]], object]


@pytest.fixture(
    scope="session",
    params=["rdflib", "pyoxigraph", pytest.param("server", marks=pytest.mark.server)],
)
def make_backend(request: pytest.FixtureRequest) -> BackendFactory:
    """A function from data files to a loaded backend of each kind (cached per file set)."""
    from sourcing_kg.register.analyses import load_files, memory_backend
    from sourcing_kg.sparql.backends import EndpointBackend, OxigraphBackend

    kind = request.param
    cache: dict[tuple[Path, ...], object] = {}
    current: list[tuple[Path, ...]] = []

    def factory(files: Sequence[Path]) -> object:
        key = tuple(files)
        if kind == "rdflib":
            return cache.setdefault(key, memory_backend(files))
        if kind == "pyoxigraph":
            if key not in cache:
                backend = OxigraphBackend(None)
                load_files(backend, files)
                cache[key] = backend
            return cache[key]
        server: OxigraphServer = request.getfixturevalue("oxigraph_server")
        backend = EndpointBackend(server.query_url, store_url=server.store_url)
        if current != [key]:
            server.clear()
            load_files(backend, files)
            current[:] = [key]
        return backend

    return factory


#: Whole-corpus tests (every fixture and example through both engines or both commands) and the
#: browser tests: marked slow so that `pytest -m "not slow and not server"` stays a quick loop
#: while CI (`.ci/run`) runs everything.
SLOW_MODULES = frozenset(
    {
        "test_one_implementation.py",
        "test_every_shape_proven.py",
        "test_engine_differential.py",
        "test_human_names.py",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        path = Path(str(item.fspath))
        if path.name in SLOW_MODULES or (
            path.parent.name == "browser" and path.name.startswith("test_")
        ):
            item.add_marker(pytest.mark.slow)
