"""The register's analyses: the catalogue of ``queries/*.rq`` and where they run.

Every analysis is a query file with the project's header (:mod:`sourcing_kg.sparql.queries`).
The project's ontology (EU/EEA membership, the class hierarchy, the concept schemes) is always
queried along with the register, whichever backend holds it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.resources import query_files
from sourcing_kg.model.labels import KNOWN_PREFIXES
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.sparql.backends import (
    DEFAULT_TIMEOUT,
    Backend,
    EndpointBackend,
    MemoryBackend,
    OxigraphBackend,
)
from sourcing_kg.sparql.queries import QueryFile, internal_query, read_query
from sourcing_kg.sparql.results import ResultTable


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


def expand_curie(name: str) -> URIRef:
    """A CURIE of a known prefix (``sk:Leverancier``) or an IRI as a term."""
    prefix, sep, local = name.partition(":")
    if sep and prefix in KNOWN_PREFIXES and not local.startswith("//"):
        return URIRef(KNOWN_PREFIXES[prefix] + local)
    return URIRef(name.strip("<>"))


#: How many known names a usage error lists at most.
KNOWN_SHOWN = 25


def check_known(
    backend: Backend,
    analysis: QueryFile,
    bindings: Mapping[str, Identifier],
    *,
    timeout: float = DEFAULT_TIMEOUT,
) -> None:
    """Refuse an IRI parameter that names nothing the data hold (``# known:`` in the header).

    Raises:
        UsageError: the IRI is not an instance of the declared classes; the message lists the
            ones that are (label and IRI).
    """
    query = internal_query("bekende_termen")
    for name, classes in analysis.known.items():
        term = bindings.get(name)
        if not isinstance(term, URIRef):
            continue
        found: dict[str, str] = {}
        for klasse in classes:
            iri = expand_curie(klasse)
            table = backend.select(query.text, {"klasse": iri}, timeout=timeout)
            for row in table.dicts():
                found.setdefault(str(row["term"]), str(row.get("label", "")))
        if str(term) in found:
            continue
        listed = [f"{label} <{iri}>" if label else f"<{iri}>" for iri, label in found.items()]
        more = f" and {len(listed) - KNOWN_SHOWN} more" if len(listed) > KNOWN_SHOWN else ""
        raise UsageError(
            f"{analysis.id}: --param {name}=<{term}> is not in the data "
            f"(not a {' or '.join(classes)}); known: "
            + ("; ".join(listed[:KNOWN_SHOWN]) + more if listed else "none")
        )


_IRI_IN_TEXT = re.compile(r"<([^<>\s]+)>")


def labels_for(
    backend: Backend, table: ResultTable, *, lang: str = "nl", timeout: float = DEFAULT_TIMEOUT
) -> dict[str, str]:
    """A label for every IRI in the answer (cells, and ``<iri>`` inside text cells such as a
    path): ``skos:prefLabel`` before ``rdfs:label``, in ``lang``, else untagged, else any."""
    iris: set[str] = set()
    for row in table.rows:
        for term in row:
            if isinstance(term, URIRef):
                iris.add(str(term))
            elif isinstance(term, Literal):
                iris.update(_IRI_IN_TEXT.findall(str(term)))
    query = internal_query("labels")
    labels: dict[str, str] = {}
    for iri in sorted(iris):
        found = backend.select(query.text, {"term": URIRef(iri)}, timeout=timeout).dicts()
        ranked = sorted(
            found,
            key=lambda r: (
                int(r["soort"]),
                {lang: 0, "": 1}.get(str(r.get("taal", "")), 2),
                str(r["label"]),
            ),
        )
        if ranked:
            labels[iri] = str(ranked[0]["label"])
    return labels
