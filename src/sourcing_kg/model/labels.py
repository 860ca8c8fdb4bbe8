"""How terms are named for people: a label in the chosen language, a CURIE, a local name.

The one place for these helpers: renderers, lookups and the workflow commands all ask here, so
that a term reads the same in every output.

Example:
    >>> from sourcing_kg.core.namespaces import SK, SKID
    >>> curie(SK.Exitplan), curie(SKID["fase/3"]), local_name(SKID["fase/3"])
    ('sk:Exitplan', 'fase:3', '3')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD
from rdflib.term import Node

from sourcing_kg.core.namespaces import PREFIXES

#: Prefixes for compact names: the reused vocabularies, then the project's (longest match wins).
KNOWN_PREFIXES: dict[str, str] = {
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "dct": str(DCTERMS),
    "xsd": str(XSD),
    "org": str(ORG),
    "prov": str(PROV),
    "sh": str(SH),
    **{prefix: str(namespace) for prefix, namespace in PREFIXES.items()},
}

#: Predicates that name a resource, most specific first.
LABEL_PREDICATES: tuple[URIRef, ...] = (SKOS.prefLabel, RDFS.label, DCTERMS.title, FOAF.name)


def node_text(node: Node) -> str:
    """How a node is written where a string is needed: the IRI, ``_:id``, or the literal text.

    Example:
        >>> node_text(URIRef("urn:x")), node_text(BNode("b1"))
        ('urn:x', '_:b1')
    """
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def curie(
    term: Node | None, prefixes: Mapping[str, str] | None = None, *, brackets: bool = False
) -> str:
    """``prefix:local`` for a term in a known namespace; otherwise the IRI (``<iri>`` with
    ``brackets``); literals and blank nodes as :func:`node_text` writes them.

    Example:
        >>> curie(URIRef("urn:x")), curie(URIRef("urn:x"), brackets=True)
        ('urn:x', '<urn:x>')
    """
    if term is None:
        return ""
    if not isinstance(term, URIRef):
        return node_text(term)
    text = str(term)
    known = KNOWN_PREFIXES if prefixes is None else prefixes
    best = max(
        ((ns, p) for p, ns in known.items() if text.startswith(ns) and len(text) > len(ns)),
        default=None,
        key=lambda item: len(item[0]),
    )
    if best is not None:
        namespace, prefix = best
        return f"{prefix}:{text[len(namespace) :]}"
    return f"<{text}>" if brackets else text


def local_name(term: Node | str) -> str:
    """The last segment of an IRI: after the last ``#`` or ``/`` (a code of a concept scheme).

    Example:
        >>> local_name("https://w3id.org/sourcing-kg/def#Exitplan")
        'Exitplan'
    """
    text = str(term).rstrip("/#")
    return text.rsplit("#", 1)[-1].rsplit("/", 1)[-1] or text


def texts(graph: Graph, subject: Node, predicates: Iterable[URIRef], lang: str) -> list[str]:
    """Literals of ``subject`` in ``lang``; else without a language; else in any language."""
    values = [o for p in predicates for o in graph.objects(subject, p) if isinstance(o, Literal)]
    for chosen in (
        [v for v in values if v.language == lang],
        [v for v in values if v.language is None],
        values,
    ):
        if chosen:
            return sorted({str(v) for v in chosen})
    return []


def label(graph: Graph, subject: Node | None, lang: str = "nl") -> str | None:
    """The label of ``subject`` in ``lang`` (else untagged, else any language), or ``None``."""
    if subject is None:
        return None
    for predicate in LABEL_PREDICATES:
        found = texts(graph, subject, (predicate,), lang)
        if found:
            return found[0]
    return None


def name(graph: Graph, node: Node | None, lang: str = "nl") -> str:
    """A human name that is never empty: the label, else the IRI's local name.

    Example:
        >>> name(Graph(), URIRef("https://example.org/dienst/mail"))
        'mail'
    """
    if node is None:
        return ""
    found = label(graph, node, lang)
    if found is not None:
        return found
    return local_name(node) if isinstance(node, URIRef) else node_text(node)
