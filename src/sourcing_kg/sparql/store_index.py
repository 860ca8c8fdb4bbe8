"""What a store's graphs hold, recorded by ``load``: one content hash per named graph.

``sourcing-kg load --store`` writes, after it replaced graphs, the SHA-256 of each loaded
graph's content into the project's own named graph :data:`INDEX_GRAPH`, as
``<graph> skstore:contentHash "hex"``. ``validate --store`` compares these hashes with its
cache (:mod:`sourcing_kg.validation.incremental`) so that an unchanged store is judged without
reading its graphs. The hash is over the graph's triples as N-Triples lines, sorted, each
ending in a newline; the store's blank node ids are part of it (they are what a report shows).

A graph replaced by another tool than ``load`` keeps its old hash: run ``validate --no-cache``
after changing a store by hand. A graph without a hash (loaded by an older version) is read
and hashed by ``validate``, as are graphs whose load was interrupted between the two steps
(the old hash is removed in the transaction that replaces the graph).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import pyoxigraph as ox

#: The project's own graph of content hashes (never a dossier: ``validate`` skips it).
INDEX_GRAPH = "https://w3id.org/sourcing-kg/graph/inhoud"
#: The property of the index: the graph's content hash (SHA-256, lowercase hex).
CONTENT_HASH = "https://w3id.org/sourcing-kg/graph/inhoud#contentHash"

_INDEX = ox.NamedNode(INDEX_GRAPH)
_HASH = ox.NamedNode(CONTENT_HASH)


def content_hash(triples: Iterable[ox.Triple | ox.Quad]) -> str:
    """The SHA-256 of triples as sorted N-Triples lines (graph names ignored).

    Example:
        >>> t = ox.Triple(ox.NamedNode("urn:s"), ox.NamedNode("urn:p"), ox.Literal("o"))
        >>> content_hash([t]) == hashlib.sha256(b'<urn:s> <urn:p> "o" .\\n').hexdigest()
        True
    """
    lines = sorted(f"{t.subject} {t.predicate} {t.object} .\n" for t in triples)
    digest = hashlib.sha256()
    for line in lines:
        digest.update(line.encode("utf-8"))
    return digest.hexdigest()


def graph_hash(store: ox.Store, graph: str) -> str:
    """The content hash of one named graph of ``store``, computed from its triples."""
    return content_hash(store.quads_for_pattern(None, None, None, ox.NamedNode(graph)))


def forget_hashes(graphs: Iterable[str]) -> str:
    """A SPARQL update fragment removing the recorded hashes of ``graphs`` (no trailing ';')."""
    values = " ".join(str(ox.NamedNode(g)) for g in graphs)
    return (
        f"DELETE {{ GRAPH {_INDEX} {{ ?g {_HASH} ?h }} }} "
        f"WHERE {{ VALUES ?g {{ {values} }} GRAPH {_INDEX} {{ ?g {_HASH} ?h }} }}"
    )


def record_hashes(store: ox.Store, graphs: Iterable[str]) -> None:
    """Hash each graph as it now is in ``store`` and record it in :data:`INDEX_GRAPH`."""
    names = list(dict.fromkeys(graphs))
    if not names:
        return
    quads = [
        ox.Quad(ox.NamedNode(g), _HASH, ox.Literal(graph_hash(store, g)), _INDEX) for g in names
    ]
    store.update(forget_hashes(names))
    store.extend(quads)


def recorded_hashes(store: ox.Store) -> dict[str, str]:
    """The recorded content hash of each graph (graph IRI -> hex)."""
    found: dict[str, str] = {}
    for quad in store.quads_for_pattern(None, _HASH, None, _INDEX):
        if isinstance(quad.subject, ox.NamedNode) and isinstance(quad.object, ox.Literal):
            found[quad.subject.value] = quad.object.value
    return found
