"""Looking up the ontology: its concept schemes, and one concept or class, in Dutch or English.

The data comes from :func:`sourcing_kg.model.ontology.ontology_graph`; nothing here knows a term of
the Handreiking by name. Renderers turn the same description into text, JSON or Turtle.

Example:
    >>> from sourcing_kg.model.ontology import ontology_graph
    >>> graph = ontology_graph()
    >>> describe(graph, resolve(graph, "sk:Exitplan"), lang="en").label
    'Exit plan'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.term import Node

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.namespaces import SCHEMES, SK, SKID
from sourcing_kg.model.labels import KNOWN_PREFIXES, curie, label, texts

LANGUAGES = ("nl", "en")


#: Predicates a description of a term shows in their own place (heading, definition, scheme,
#: hierarchy, source), not again in its list of other properties. The documentation site
#: shows a few more apart (:data:`sourcing_kg.render.documentation.SHOWN_APART`).
SHOWN_APART = frozenset(
    {
        RDF.type,
        RDFS.label,
        SKOS.prefLabel,
        SKOS.definition,
        SKOS.notation,
        SKOS.inScheme,
        SKOS.topConceptOf,
        SKOS.broader,
        SKOS.narrower,
        SKOS.related,
        SKOS.editorialNote,
        DCTERMS.source,
    }
)


def check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGES)})")
    return lang


# --- concept schemes ----------------------------------------------------------------------


@dataclass(frozen=True)
class SchemeSummary:
    """One concept scheme: its IRI, short name, title in the chosen language, concept count."""

    iri: str
    name: str
    title: str | None
    concepts: int


def _scheme_order(iri: URIRef) -> tuple[int, str]:
    name = str(iri)[len(str(SKID)) :] if str(iri).startswith(str(SKID)) else str(iri)
    return (SCHEMES.index(name) if name in SCHEMES else len(SCHEMES), name)


def list_schemes(graph: Graph, *, lang: str = "nl") -> list[SchemeSummary]:
    """Every ``skos:ConceptScheme`` of the graph, in the vocabulary's order.

    Example:
        >>> from sourcing_kg.model.ontology import ontology_graph
        >>> isinstance(list_schemes(ontology_graph(), lang="en"), list)
        True
    """
    check_lang(lang)
    schemes = [
        s for s in set(graph.subjects(RDF.type, SKOS.ConceptScheme)) if isinstance(s, URIRef)
    ]
    result = []
    for scheme in sorted(schemes, key=_scheme_order):
        members = set(graph.subjects(SKOS.inScheme, scheme)) | set(
            graph.subjects(SKOS.topConceptOf, scheme)
        )
        titles = texts(graph, scheme, (DCTERMS.title,), lang)
        title = titles[0] if titles else label(graph, scheme, lang)
        name = curie(scheme)
        name = name[len("skid:") :] if name.startswith("skid:") else name
        result.append(SchemeSummary(str(scheme), name, title, len(members)))
    return result


# --- one concept or class -----------------------------------------------------------------


def _known(graph: Graph, iri: URIRef) -> bool:
    return (iri, None, None) in graph


def _candidates(graph: Graph) -> dict[str, URIRef]:
    """What a user may type for each of the project's terms: ``sk:Exitplan``, ``fase/3``."""
    names: dict[str, URIRef] = {}
    for subject in set(graph.subjects()):
        if not isinstance(subject, URIRef):
            continue
        text = str(subject)
        if text.startswith(str(SK)):
            names[f"sk:{text[len(str(SK)) :]}"] = subject
        elif text.startswith(str(SKID)):
            names[text[len(str(SKID)) :]] = subject
    return names


def resolve(graph: Graph, text: str) -> URIRef:
    """The IRI meant by ``text``: a full IRI, ``sk:Exitplan``, ``fase/3``, ``fase:3`` or ``fase``.

    Raises:
        UsageError: nothing in the ontology has that name; the message offers close matches.
    """
    text = text.strip()
    attempts: list[URIRef] = []
    if text.startswith(("http://", "https://")):
        attempts.append(URIRef(text))
    elif ":" in text:
        prefix, _, local = text.partition(":")
        if prefix in KNOWN_PREFIXES:
            attempts.append(URIRef(f"{KNOWN_PREFIXES[prefix]}{local}"))
        else:
            for known_prefix, namespace in graph.namespaces():
                if known_prefix == prefix:
                    attempts.append(URIRef(f"{namespace}{local}"))
    elif text:
        attempts += [SKID[text], SK[text]]
    for attempt in attempts:
        if _known(graph, attempt):
            return attempt
    candidates = _candidates(graph)
    folded = {name.casefold(): iri for name, iri in candidates.items()}
    for key in (text.casefold(), f"sk:{text}".casefold(), text.replace(":", "/", 1).casefold()):
        if key in folded:
            return folded[key]
    close = difflib.get_close_matches(text, list(candidates), n=5, cutoff=0.6)
    if not close:
        lowered = {name.casefold(): name for name in candidates}
        close = [lowered[m] for m in difflib.get_close_matches(text.casefold(), list(lowered), n=5)]
    hint = f"; did you mean: {', '.join(close)}?" if close else ""
    raise UsageError(
        f"unknown concept or class {text!r}{hint} "
        "(give a code like fase/3, a class like sk:Exitplan, or a full IRI)"
    )


@dataclass(frozen=True)
class Reference:
    """A linked term: its IRI, compact name and label in the chosen language."""

    iri: str
    short: str
    label: str | None = None


@dataclass(frozen=True)
class Source:
    """A ``dct:source`` of a term: the ``bron:`` node and its citation."""

    iri: str
    short: str
    citation: str | None
    label: str | None = None


@dataclass(frozen=True)
class Description:
    """Everything the ontology says about one term, in one language."""

    iri: str
    short: str
    lang: str
    kinds: list[str]
    label: str | None
    definition: str | None
    notation: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    schemes: list[Reference] = field(default_factory=list)
    broader: list[Reference] = field(default_factory=list)
    narrower: list[Reference] = field(default_factory=list)
    related: list[Reference] = field(default_factory=list)
    editorial_notes: list[str] = field(default_factory=list)
    properties: list[tuple[str, str]] = field(default_factory=list)
    used_by: list[tuple[str, Reference]] = field(default_factory=list)
    mappings: list[Mapping] = field(default_factory=list)


@dataclass(frozen=True)
class Mapping:
    """One crosswalk entry (``sk:Kruisverwijzing``): framework, SKOS relation, target, sources
    and our reading (ontology/crosswalks/, ADR 0006)."""

    framework: str
    relation: str
    target: Reference
    sources: list[str]
    derived_from: list[str]
    note: str | None


def _mappings(graph: Graph, iri: URIRef, lang: str) -> list[Mapping]:
    result = []
    for node in set(graph.subjects(SK.kruisVan, iri)):
        frameworks = [label(graph, f, lang) or curie(f) for f in graph.objects(node, SK.kader)]
        for target in graph.objects(node, SK.kruisNaar):
            result.append(
                Mapping(
                    framework=", ".join(sorted(frameworks)),
                    relation=", ".join(
                        sorted(curie(r) for r in graph.objects(node, SK.kruisRelatie))
                    ),
                    target=Reference(str(target), curie(target), label(graph, target, lang)),
                    sources=sorted(curie(x) for x in graph.objects(node, DCTERMS.source)),
                    derived_from=sorted(str(x) for x in graph.objects(node, PROV.wasDerivedFrom)),
                    note=next(iter(texts(graph, node, (SKOS.editorialNote,), lang)), None),
                )
            )
    return sorted(result, key=lambda m: (m.framework, m.target.short))


def _references(graph: Graph, nodes: Iterable[Node], lang: str) -> list[Reference]:
    refs = {
        Reference(str(n), curie(n), label(graph, n, lang)) for n in nodes if isinstance(n, URIRef)
    }
    return sorted(refs, key=lambda r: (r.short, r.iri))


def _value(graph: Graph, node: Node, lang: str) -> str:
    if isinstance(node, Literal):
        return str(node)
    if isinstance(node, BNode):
        members = list(graph.objects(node, OWL.unionOf))
        if members:
            return " or ".join(curie(m) for m in Collection(graph, members[0]))
        parts = [
            f"{curie(p)} {_value(graph, o, lang)}"
            for p, o in sorted(graph.predicate_objects(node))
            if p != RDF.type
        ]
        return "[ " + " ; ".join(parts) + " ]"
    name = label(graph, node, lang)
    return f"{curie(node)} ({name})" if name else curie(node)


def describe(graph: Graph, iri: URIRef, *, lang: str = "nl") -> Description:
    """Collect what the graph says about ``iri`` (a concept, scheme, class, property or source)."""
    check_lang(lang)
    sources = []
    for src in sorted(set(graph.objects(iri, DCTERMS.source)), key=str):
        citations = texts(graph, src, (DCTERMS.bibliographicCitation,), lang)
        sources.append(
            Source(
                str(src), curie(src), citations[0] if citations else None, label(graph, src, lang)
            )
        )
    narrower = set(graph.objects(iri, SKOS.narrower)) | set(graph.subjects(SKOS.broader, iri))
    broader = set(graph.objects(iri, SKOS.broader)) | set(graph.subjects(SKOS.narrower, iri))
    related = set(graph.objects(iri, SKOS.related)) | set(graph.subjects(SKOS.related, iri))
    properties = sorted(
        {
            (curie(p), _value(graph, o, lang))
            for p, o in graph.predicate_objects(iri)
            if p not in SHOWN_APART
            and not (isinstance(o, Literal) and o.language not in (None, lang))
        }
    )
    used_by = sorted(
        {
            (curie(p), Reference(str(s), curie(s), label(graph, s, lang)))
            for s, p in graph.subject_predicates(iri)
            if isinstance(s, URIRef) and str(p).startswith(str(SK))
        },
        key=lambda item: (item[0], item[1].short),
    )
    schemes = set(graph.objects(iri, SKOS.inScheme)) | set(graph.objects(iri, SKOS.topConceptOf))
    notes = texts(graph, iri, (SKOS.editorialNote,), lang)
    definitions = texts(graph, iri, (SKOS.definition,), lang) or texts(
        graph, iri, (RDFS.comment,), lang
    )
    return Description(
        iri=str(iri),
        short=curie(iri),
        lang=lang,
        kinds=sorted(curie(t) for t in graph.objects(iri, RDF.type)),
        label=label(graph, iri, lang),
        definition=definitions[0] if definitions else None,
        notation=sorted(str(n) for n in graph.objects(iri, SKOS.notation)),
        sources=sources,
        schemes=_references(graph, schemes, lang),
        broader=_references(graph, broader, lang),
        narrower=_references(graph, narrower, lang),
        related=_references(graph, related, lang),
        editorial_notes=notes,
        properties=properties,
        used_by=used_by,
        mappings=_mappings(graph, iri, lang),
    )
