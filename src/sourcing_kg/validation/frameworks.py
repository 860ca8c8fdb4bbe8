"""Findings by framework: keep those whose rule maps into DORA, the EBA guidelines or the BIO.

A finding belongs to a framework when its rule (``Finding.rules``: a randvoorwaarde or principe
concept) or the deliverable class in its value (``Finding.value``, e.g. the missing sk:Exitplan)
is the subject of a crosswalk mapping (``sk:Kruisverwijzing``, ontology/crosswalks/) into that
framework's scheme (``skid:kruistabel/<framework>``). The mappings are data; this is the filter.
"""

from __future__ import annotations

from collections.abc import Iterable

from rdflib import Graph
from rdflib.term import Node

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.namespaces import SK, SKID
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.validation.report import Finding

FRAMEWORKS = ("dora", "eba", "bio")


def mapped_terms(framework: str, graph: Graph | None = None) -> frozenset[Node]:
    """The IRIs of the Handreiking's terms that a crosswalk maps into ``framework``.

    Example:
        >>> SKID["randvoorwaarde/6.3"] in mapped_terms("dora")
        True
    """
    if framework not in FRAMEWORKS:
        raise UsageError(f"unknown framework {framework!r} (one of {', '.join(FRAMEWORKS)})")
    graph = graph if graph is not None else shared_ontology()
    scheme = SKID[f"kruistabel/{framework}"]
    return frozenset(
        term
        for node in graph.subjects(SK.kader, scheme)
        for term in graph.objects(node, SK.kruisVan)
    )


def filter_findings(
    findings: Iterable[Finding], framework: str, graph: Graph | None = None
) -> list[Finding]:
    """The findings whose rule or deliverable has a mapping into ``framework``."""
    terms = mapped_terms(framework, graph)
    return [f for f in findings if terms.intersection((*f.rules, f.value))]
