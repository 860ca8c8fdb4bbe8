"""The register's analyses: the catalogue of ``queries/*.rq`` and where they run.

Every analysis is a query file with the project's header (:mod:`sourcing_kg.sparql.queries`).
The project's ontology (EU/EEA membership, the class hierarchy, the concept schemes) is always
queried along with the register, whichever backend holds it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.resources import query_files
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.sparql.backends import (
    Backend,
    EndpointBackend,
    MemoryBackend,
    OxigraphBackend,
)
from sourcing_kg.sparql.queries import QueryFile, read_query


def catalogue() -> dict[str, QueryFile]:
    """Every analysis shipped with the project, by id, in file order."""
    analyses = [read_query(path) for path in query_files()]
    return {analysis.id: analysis for analysis in analyses}


def find_analysis(id_or_file: str) -> QueryFile:
    """An analysis by id, or a user's query file by path."""
    known = catalogue()
    if id_or_file in known:
        return known[id_or_file]
    path = Path(id_or_file)
    if path.suffix in {".rq", ".sparql"} or path.exists():
        if not path.exists():
            raise InputError("no such file", path=path)
        return read_query(path)
    raise UsageError(f"unknown analysis {id_or_file!r} (see `sourcing-kg queries`)")


def memory_backend(paths: Iterable[Path]) -> MemoryBackend:
    """Register files in memory, with the ontology."""
    return MemoryBackend(paths, background=ontology_graph())


def load_files(
    backend: OxigraphBackend | EndpointBackend, paths: Iterable[Path], *, name: str | None = None
) -> list[str]:
    """Load files into a store or an endpoint (one graph each) and refresh the ontology there."""
    return backend.load(paths, name=name, background=ontology_graph())


def open_backend(
    *, data: Sequence[Path] = (), store: Path | None = None, endpoint: str | None = None
) -> Backend:
    """The backend the command line asked for (files are the default)."""
    if sum(bool(x) for x in (data, store, endpoint)) > 1:
        raise UsageError("give one of --data, --store, --endpoint")
    if endpoint:
        return EndpointBackend(endpoint)
    if store:
        if not store.is_dir():
            raise InputError("no such store (fill it with `sourcing-kg load --store`)", path=store)
        return OxigraphBackend(store)
    return memory_backend(data)
