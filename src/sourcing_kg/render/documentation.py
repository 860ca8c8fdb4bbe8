"""The ontology's documentation site: every concept scheme, class and property, one language
per page (never written by hand, ADR 0008).

``site/index.html`` chooses the language; ``site/nl/`` and ``site/en/`` hold the same pages:
``index.html`` (the schemes, with their titles and counts), one page per concept scheme (each
concept with its code, label, definition, explanation, the document's example answers, broader
and narrower concepts, sources as cited, our editorial notes), ``resultaten.html`` (the
deliverables per phase and regime, as ``ontology/resultaten.ttl`` states them),
``klassen.html`` and ``eigenschappen.html`` (the OWL classes and properties). The pages come
from the Jinja2 templates in ``templates/`` (autoescaped); ``sourcing-kg.ttl`` beside them is
the merged ontology. The directory is built beside its target and renamed into place, so a
reader never sees half a site and a failure leaves the target as it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from sourcing_kg.core.errors import UsageError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.io.atomic import atomic_directory
from sourcing_kg.model.labels import curie, label, local_name, texts
from sourcing_kg.model.lookup import LANGUAGES, list_schemes
from sourcing_kg.model.lookup import SHOWN_APART as SHOWN_IN_LOOKUP
from sourcing_kg.render.pages import environment

MERGED_NAME = "sourcing-kg.ttl"
INDEX_NAME = "index.html"
#: The file that marks a directory as a previous docs build (only such a one is replaced).
MARKER_NAME = ".sourcing-kg-docs"

TEXT: dict[str, dict[str, str]] = {
    "nl": {
        "site": "Handreiking IT-sourcing Rijksoverheid als kennisgraaf",
        "schemes": "Begrippenkaders",
        "scheme": "Begrippenkader",
        "concepts": "begrippen",
        "code": "Code",
        "title": "Titel",
        "count": "Aantal",
        "definition": "Definitie",
        "explanation": "Toelichting",
        "examples": "Voorbeeldantwoorden",
        "broader": "Breder",
        "narrower": "Smaller",
        "related": "Verwant",
        "sources": "Bron",
        "notes": "Onze lezing",
        "other": "Verder",
        "classes": "Klassen",
        "properties": "Eigenschappen",
        "deliverables": "Resultaten per fase en regime",
        "phase": "Fase",
        "any_regime": "elk regime",
        "tendering": "alleen indien aanbestedingsplichtig",
        "per_org": "per organisatie",
        "superclasses": "Subklasse van",
        "domain": "Domein",
        "range": "Bereik",
        "home": "Overzicht",
        "other_language": "English",
        "merged": "De hele ontologie in Turtle",
        "generated": (
            "Gemaakt door sourcing-kg docs uit de ontologie; niets is met de hand geschreven."
        ),
        "choose": "Kies een taal",
    },
    "en": {
        "site": "The Handreiking IT-sourcing Rijksoverheid as a knowledge graph",
        "schemes": "Concept schemes",
        "scheme": "Concept scheme",
        "concepts": "concepts",
        "code": "Code",
        "title": "Title",
        "count": "Number",
        "definition": "Definition",
        "explanation": "Explanation",
        "examples": "Example answers",
        "broader": "Broader",
        "narrower": "Narrower",
        "related": "Related",
        "sources": "Source",
        "notes": "Our reading",
        "other": "Further",
        "classes": "Classes",
        "properties": "Properties",
        "deliverables": "Deliverables per phase and regime",
        "phase": "Phase",
        "any_regime": "any regime",
        "tendering": "only where public procurement applies",
        "per_org": "per organisation",
        "superclasses": "Subclass of",
        "domain": "Domain",
        "range": "Range",
        "home": "Overview",
        "other_language": "Nederlands",
        "merged": "The whole ontology in Turtle",
        "generated": "Made by sourcing-kg docs from the ontology; nothing is written by hand.",
        "choose": "Choose a language",
    },
}

#: Names of the reused predicates that the ontology does not label itself.
PREDICATE_NAMES: dict[URIRef, tuple[str, str]] = {
    RDFS.seeAlso: ("Zie ook", "See also"),
    SKOS.exactMatch: ("Gelijk aan", "Exact match"),
    SKOS.closeMatch: ("Nagenoeg gelijk aan", "Close match"),
    SKOS.broadMatch: ("Breder in een ander kader", "Broader match"),
    SKOS.narrowMatch: ("Smaller in een ander kader", "Narrower match"),
    SKOS.relatedMatch: ("Verwant in een ander kader", "Related match"),
    SKOS.scopeNote: ("Reikwijdte", "Scope note"),
    SKOS.hiddenLabel: ("Verborgen label", "Hidden label"),
    DCTERMS.description: ("Beschrijving", "Description"),
    DCTERMS.subject: ("Onderwerp", "Subject"),
    OWL.sameAs: ("Dezelfde als", "Same as"),
    OWL.equivalentClass: ("Gelijkwaardige klasse", "Equivalent class"),
    RDFS.subPropertyOf: ("Subeigenschap van", "Subproperty of"),
    OWL.inverseOf: ("Omgekeerde van", "Inverse of"),
}

#: What a documentation page shows in its own place: what the concept lookup does, and the
#: alternative labels, comments, examples, scheme tops, class and property axioms and the
#: afwegingskader's texts, which the page lays out apart.
SHOWN_APART = SHOWN_IN_LOOKUP | {
    SKOS.altLabel,
    RDFS.comment,
    SKOS.example,
    DCTERMS.title,
    SKOS.hasTopConcept,
    RDFS.subClassOf,
    RDFS.domain,
    RDFS.range,
    SK.toelichting,
    SK.voorbeeldantwoord,
    SK.volgnummer,
}


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None = None
    title: str = ""


@dataclass
class Entry:
    """One term on a page: everything the ontology says about it, in one language."""

    anchor: str
    heading: str
    short: str
    definition: str | None = None
    explanation: list[str] = field(default_factory=list)
    examples: list[tuple[str, str]] = field(default_factory=list)
    links: list[tuple[str, list[Link]]] = field(default_factory=list)
    sources: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    other: list[tuple[str, list[Link]]] = field(default_factory=list)


def _natural(text: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.casefold() for part in re.split(r"(\d+)", text)]


def _anchor(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "-", text)


def scheme_page(name: str) -> str:
    """The file of a scheme's page: ``fase.html``, ``kruistabel-bio.html``."""
    return _anchor(name.replace("/", "-")) + ".html"


class _Site:
    """The ontology and where each term is documented (page and anchor)."""

    def __init__(self, graph: Graph):
        self.graph = graph
        self.schemes = list_schemes(graph, lang="nl")
        self.href: dict[Node, str] = {}
        self.members: dict[str, list[URIRef]] = {}
        for scheme in self.schemes:
            iri = URIRef(scheme.iri)
            page = scheme_page(scheme.name)
            self.href[iri] = page
            members = {
                m
                for m in set(graph.subjects(SKOS.inScheme, iri))
                | set(graph.subjects(SKOS.topConceptOf, iri))
                if isinstance(m, URIRef)
            }
            ordered = sorted(members, key=self._order)
            self.members[scheme.name] = ordered
            for member in ordered:
                self.href.setdefault(member, f"{page}#{self.concept_anchor(member)}")
        self.classes = self._terms((OWL.Class, RDFS.Class))
        self.properties = self._terms(
            (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, RDF.Property)
        )
        for term in self.classes:
            self.href.setdefault(term, f"klassen.html#{_anchor(local_name(term))}")
        for term in self.properties:
            self.href.setdefault(term, f"eigenschappen.html#{_anchor(local_name(term))}")

    def _terms(self, kinds: Iterable[URIRef]) -> list[URIRef]:
        found = {
            s
            for kind in kinds
            for s in self.graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(SK))
        }
        return sorted(found, key=lambda t: local_name(t).casefold())

    def _order(self, concept: URIRef) -> tuple[Any, ...]:
        numbers = [o for o in self.graph.objects(concept, SK.volgnummer) if isinstance(o, Literal)]
        number = numbers[0].toPython() if numbers else None
        codes = sorted(str(n) for n in self.graph.objects(concept, SKOS.notation))
        code = codes[0] if codes else local_name(concept)
        return (0 if isinstance(number, int) else 1, number or 0, _natural(code))

    def code(self, concept: URIRef) -> str:
        codes = sorted(str(n) for n in self.graph.objects(concept, SKOS.notation))
        return codes[0] if codes else local_name(concept)

    def concept_anchor(self, concept: URIRef) -> str:
        return "c-" + _anchor(local_name(concept))

    # --- one term -------------------------------------------------------------------------

    def name(self, node: Node, lang: str) -> str:
        found = label(self.graph, node, lang)
        if found is not None:
            return found
        return curie(node) if isinstance(node, URIRef) else str(node)

    def link(self, node: Node, lang: str, *, here: str = "") -> Link:
        if isinstance(node, Literal):
            return Link(str(node))
        if isinstance(node, BNode):
            members = list(self.graph.objects(node, OWL.unionOf))
            if members:
                names = [self.name(m, lang) for m in Collection(self.graph, members[0])]
                return Link(" | ".join(names))
            return Link("…")
        href = self.href.get(node)
        if href and here and href.startswith(here + "#"):
            href = href[len(here) :]
        return Link(self.name(node, lang), href, curie(node))

    def entry(self, term: URIRef, lang: str, *, page: str, anchor: str, heading: str) -> Entry:
        graph = self.graph
        definitions = texts(graph, term, (SKOS.definition,), lang) or texts(
            graph, term, (RDFS.comment,), lang
        )
        found: list[tuple[tuple[Any, ...], str, str]] = []
        for node in graph.objects(term, SK.voorbeeldantwoord):
            values = [v for v in graph.objects(node, SK.waarde) if isinstance(v, URIRef)]
            text = texts(graph, node, (RDF.value,), lang)
            answer = self.name(values[0], lang) if values else ""
            key = self._order(values[0]) if values else (2,)
            found.append((key, answer, text[0] if text else ""))
        examples = [(answer, text) for _, answer, text in sorted(found)]
        if not examples:
            examples = [("", text) for text in texts(graph, term, (SKOS.example,), lang)]

        def links(predicate: URIRef, inverse: URIRef | None = None) -> list[Link]:
            nodes = set(graph.objects(term, predicate))
            if inverse is not None:
                nodes |= set(graph.subjects(inverse, term))
            found = [self.link(n, lang, here=page) for n in nodes]
            return sorted(found, key=lambda x: _natural(x.text))

        relations = [
            (TEXT[lang]["superclasses"], links(RDFS.subClassOf)),
            (TEXT[lang]["domain"], links(RDFS.domain)),
            (TEXT[lang]["range"], links(RDFS.range)),
            (TEXT[lang]["broader"], links(SKOS.broader, SKOS.narrower)),
            (TEXT[lang]["narrower"], links(SKOS.narrower, SKOS.broader)),
            (TEXT[lang]["related"], links(SKOS.related, SKOS.related)),
        ]
        sources = []
        cited = sorted(set(graph.objects(term, DCTERMS.source)), key=lambda s: _natural(str(s)))
        for source in cited:
            citation = texts(graph, source, (DCTERMS.bibliographicCitation,), lang)
            name = label(graph, source, lang) or curie(source)
            sources.append(Link(citation[0] if citation else name, None, name))
        other: dict[str, list[Link]] = {}
        for predicate, value in graph.predicate_objects(term):
            if predicate in SHOWN_APART or not isinstance(predicate, URIRef):
                continue
            if isinstance(value, Literal) and value.language not in (None, lang):
                continue
            if isinstance(value, BNode) and not list(graph.objects(value, OWL.unionOf)):
                continue
            known = PREDICATE_NAMES.get(predicate)
            shown = known[LANGUAGES.index(lang)] if known else self.name(predicate, lang)
            other.setdefault(shown, []).append(self.link(value, lang, here=page))
        return Entry(
            anchor=anchor,
            heading=heading,
            short=curie(term),
            definition=definitions[0] if definitions else None,
            explanation=texts(graph, term, (SK.toelichting,), lang),
            examples=examples,
            links=[(name, found) for name, found in relations if found],
            sources=sources,
            notes=texts(graph, term, (SKOS.editorialNote,), lang),
            other=sorted((k, sorted(v, key=lambda x: _natural(x.text))) for k, v in other.items()),
        )

    # --- pages ----------------------------------------------------------------------------

    def scheme_title(self, iri: URIRef, lang: str) -> str:
        titles = texts(self.graph, iri, (DCTERMS.title,), lang)
        return titles[0] if titles else self.name(iri, lang)

    def concept_entries(self, name: str, lang: str) -> list[Entry]:
        page = scheme_page(name)
        entries = []
        for concept in self.members[name]:
            code = self.code(concept)
            text = self.name(concept, lang)
            heading = text if text == code else f"{code}. {text}" if len(code) < 12 else text
            entries.append(
                self.entry(
                    concept, lang, page=page, anchor=self.concept_anchor(concept), heading=heading
                )
            )
        return entries

    def term_entries(self, terms: list[URIRef], lang: str, page: str) -> list[Entry]:
        entries = [
            self.entry(
                t, lang, page=page, anchor=_anchor(local_name(t)), heading=self.name(t, lang)
            )
            for t in terms
        ]
        return sorted(entries, key=lambda e: e.heading.casefold())

    def deliverables(self, lang: str) -> tuple[list[Link], list[dict[str, Any]]]:
        """Per phase the deliverables per regime (``None`` = asked in every regime)."""
        regimes = self.members.get("regime", [])
        phases = self.members.get("fase", [])
        rows = []
        for phase in phases:
            cells: list[list[Link]] = [[] for _ in regimes]
            for deliverable in sorted(
                {d for d in self.graph.subjects(SK.gevraagdInFase, phase) if isinstance(d, URIRef)},
                key=lambda d: self.name(d, lang).casefold(),
            ):
                asked = set(self.graph.objects(deliverable, SK.gevraagdInRegime))
                notes = []
                if (deliverable, SK.alleenIndienAanbestedingsplichtig, Literal(True)) in self.graph:
                    notes.append(TEXT[lang]["tendering"])
                if (deliverable, SK.perOrganisatie, Literal(True)) in self.graph:
                    notes.append(TEXT[lang]["per_org"])
                link = self.link(deliverable, lang)
                shown = Link(
                    link.text + (f" ({'; '.join(notes)})" if notes else ""), link.href, link.title
                )
                for index, regime in enumerate(regimes):
                    if not asked or regime in asked:
                        cells[index].append(shown)
            rows.append({"phase": self.link(phase, lang), "cells": cells})
        return [self.link(r, lang) for r in regimes], rows


def render_site(graph: Graph, languages: Iterable[str] = LANGUAGES) -> dict[str, str]:
    """Every page of the site by its path in the site (``nl/fase.html``), as HTML text."""
    site = _Site(graph)
    env = environment()
    languages = list(languages)
    for lang in languages:
        if lang not in LANGUAGES:
            raise UsageError(f"unknown language {lang!r} (choose from {', '.join(LANGUAGES)})")
    onto = URIRef(str(SK).rstrip("#"))
    pages: dict[str, str] = {}
    pages[INDEX_NAME] = env.get_template("docs_languages.html.j2").render(
        languages=[(lang, TEXT[lang]) for lang in languages],
        title=" / ".join(TEXT[lang]["site"] for lang in languages),
        merged=MERGED_NAME,
    )
    for lang in languages:
        text = TEXT[lang]
        other = next((o for o in LANGUAGES if o != lang and o in languages), None)
        common = {"lang": lang, "text": text, "other": other, "site": text["site"]}
        schemes = [
            {
                "name": s.name,
                "href": scheme_page(s.name),
                "title": site.scheme_title(URIRef(s.iri), lang),
                "count": len(site.members[s.name]),
            }
            for s in site.schemes
        ]
        titles = texts(graph, onto, (DCTERMS.title, RDFS.label), lang)
        descriptions = texts(graph, onto, (DCTERMS.description, RDFS.comment), lang)
        pages[f"{lang}/{INDEX_NAME}"] = env.get_template("docs_index.html.j2").render(
            **common,
            page=INDEX_NAME,
            title=titles[0] if titles else text["site"],
            description=descriptions[0] if descriptions else None,
            schemes=schemes,
            classes=len(site.classes),
            properties=len(site.properties),
            merged=MERGED_NAME,
        )
        for scheme in site.schemes:
            iri = URIRef(scheme.iri)
            page = scheme_page(scheme.name)
            pages[f"{lang}/{page}"] = env.get_template("docs_terms.html.j2").render(
                **common,
                page=page,
                title=site.scheme_title(iri, lang),
                kind=text["scheme"],
                intro=site.entry(iri, lang, page=page, anchor="kader", heading=""),
                entries=site.concept_entries(scheme.name, lang),
            )
        for page, terms, key in (
            ("klassen.html", site.classes, "classes"),
            ("eigenschappen.html", site.properties, "properties"),
        ):
            pages[f"{lang}/{page}"] = env.get_template("docs_terms.html.j2").render(
                **common,
                page=page,
                title=text[key],
                kind=None,
                intro=None,
                entries=site.term_entries(terms, lang, page),
            )
        regimes, rows = site.deliverables(lang)
        pages[f"{lang}/resultaten.html"] = env.get_template("docs_deliverables.html.j2").render(
            **common, page="resultaten.html", title=text["deliverables"], regimes=regimes, rows=rows
        )
    return pages


def _check_target(output: Path, *, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a directory")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise UsageError(f"{output} exists and is not empty; use --force to replace it")


def generate_documentation(
    ontology: Graph, output: Path, *, force: bool = False, languages: Iterable[str] = LANGUAGES
) -> Path:
    """Write the site (:func:`render_site`) and the merged ontology into ``output``.

    Returns the output directory. Refuses to replace a non-empty directory unless ``force``.

    Raises:
        UsageError: ``output`` is a file, or a non-empty directory without ``force``.
    """
    output = Path(output)
    _check_target(output, force=force)
    pages = render_site(ontology, languages)
    with atomic_directory(output, marker=MARKER_NAME) as staging:
        ontology.serialize(destination=staging / MERGED_NAME, format="turtle", encoding="utf-8")
        for name, html in pages.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(html, encoding="utf-8")
    return output


__all__ = ["INDEX_NAME", "MERGED_NAME", "generate_documentation", "render_site"]
