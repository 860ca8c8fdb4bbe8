"""The dependency graph around one supplier or one service, as edges for a picture.

The edges come from a SPARQL query (``queries/beeld/omgeving-*.rq``); ``render.picture`` lays
them out and draws them.
"""

from __future__ import annotations

from sourcing_kg.core.resources import queries_dir
from sourcing_kg.model.labels import local_name
from sourcing_kg.register.edges import Edge
from sourcing_kg.sparql.backends import DEFAULT_TIMEOUT, Backend
from sourcing_kg.sparql.binding import parse_term
from sourcing_kg.sparql.queries import read_query


def dependency_edges(
    backend: Backend, *, focus: str, of: str, timeout: float = DEFAULT_TIMEOUT
) -> tuple[list[Edge], dict[str, str]]:
    """Edges around a ``leverancier`` or a ``dienst`` and the labels of their nodes."""
    analysis = read_query(queries_dir() / "beeld" / f"omgeving-{of}.rq")
    table = backend.select(analysis.text, {"focus": parse_term(focus, "iri")}, timeout=timeout)
    labels: dict[str, str] = {}
    critical: dict[tuple[str, str, str], bool] = {}
    for row in table.dicts():
        source, kind, target = str(row["van"]), str(row["soort"]), str(row["naar"])
        key = (source, kind, target)
        critical[key] = critical.get(key, False) or str(row["kritiek"]) in {"true", "1"}
        for node, label in ((source, row.get("vanLabel")), (target, row.get("naarLabel"))):
            labels.setdefault(node, str(label) if label is not None else local_name(node))
    labels.setdefault(focus, local_name(focus))
    return [Edge(s, k, t, c) for (s, k, t), c in sorted(critical.items())], labels
