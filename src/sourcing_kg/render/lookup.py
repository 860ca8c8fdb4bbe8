"""Rendering of ontology lookups: the concept schemes and one term, as text, JSON or Turtle."""

from __future__ import annotations

from dataclasses import asdict

from rdflib import Graph, URIRef

from sourcing_kg.model.lookup import Description, Reference, SchemeSummary, check_lang
from sourcing_kg.render.json_text import json_text

_HEADINGS = {
    "nl": {
        "iri": "IRI",
        "type": "Soort",
        "label": "Naam",
        "notation": "Code",
        "definition": "Definitie",
        "source": "Bron",
        "scheme": "Begrippenkader",
        "broader": "Breder",
        "narrower": "Smaller",
        "related": "Gerelateerd",
        "notes": "Redactionele noot",
        "properties": "Eigenschappen",
        "used_by": "Gebruikt door",
        "mappings": "Kruisverwijzingen",
        "schemes": "begrippenkader",
        "concepts": "begrippen",
        "title": "titel",
        "none": "Geen begrippenkaders gevonden.",
    },
    "en": {
        "iri": "IRI",
        "type": "Kind",
        "label": "Label",
        "notation": "Code",
        "definition": "Definition",
        "source": "Source",
        "scheme": "Concept scheme",
        "broader": "Broader",
        "narrower": "Narrower",
        "related": "Related",
        "notes": "Editorial note",
        "properties": "Properties",
        "used_by": "Used by",
        "mappings": "Crosswalk",
        "schemes": "scheme",
        "concepts": "concepts",
        "title": "title",
        "none": "No concept schemes found.",
    },
}


def render_schemes_text(schemes: list[SchemeSummary], *, lang: str = "nl") -> str:
    words = _HEADINGS[check_lang(lang)]
    if not schemes:
        return words["none"] + "\n"
    width = max(len(words["schemes"]), *(len(s.name) for s in schemes))
    lines = [f"{words['schemes']:<{width}}  {words['concepts']:>9}  {words['title']}  (IRI)"]
    for s in schemes:
        lines.append(f"{s.name:<{width}}  {s.concepts:>9}  {s.title or ''}  <{s.iri}>")
    return "\n".join(lines) + "\n"


def render_schemes_json(schemes: list[SchemeSummary], *, lang: str = "nl") -> str:
    payload = {"lang": check_lang(lang), "schemes": [asdict(s) for s in schemes]}
    return json_text(payload)


def render_text(description: Description) -> str:
    """A description as readable text, headings in the description's language."""
    words = _HEADINGS[description.lang]
    lines = [f"{description.short}  {description.label or ''}".rstrip()]

    def row(key: str, value: str) -> None:
        lines.append(f"  {words[key] + ':':<18} {value}")

    def refs(key: str, items: list[Reference]) -> None:
        for item in items:
            row(key, f"{item.short}  {item.label or ''}".rstrip())

    row("iri", description.iri)
    if description.kinds:
        row("type", ", ".join(description.kinds))
    for code in description.notation:
        row("notation", code)
    if description.definition:
        row("definition", description.definition)
    for source in description.sources:
        cited = source.citation or source.short
        if source.label and source.label.lower() not in cited.lower():
            cited = f"{source.label} ({cited})"  # the citation is the document's Dutch
        row("source", f"{cited}  <{source.iri}>")
    refs("scheme", description.schemes)
    refs("broader", description.broader)
    refs("narrower", description.narrower)
    refs("related", description.related)
    for note in description.editorial_notes:
        row("notes", note)
    if description.properties:
        lines.append(f"  {words['properties']}:")
        lines += [f"    {p}  {v}" for p, v in description.properties]
    if description.mappings:
        lines.append(f"  {words['mappings']}:")
        for m in description.mappings:
            lines.append(f"    {m.relation}  {m.target.short}  {m.target.label or ''}".rstrip())
            lines.append(f"      {m.framework}; {', '.join(m.sources)}")
            if m.note:
                lines.append(f"      {m.note}")
    if description.used_by:
        lines.append(f"  {words['used_by']}:")
        lines += [
            f"    {ref.short} {p}  {ref.label or ''}".rstrip() for p, ref in description.used_by
        ]
    return "\n".join(lines) + "\n"


def render_json(description: Description) -> str:
    return json_text(asdict(description))


def render_turtle(graph: Graph, iri: URIRef) -> str:
    """The concise bounded description of ``iri`` (its triples and its blank nodes') as Turtle."""
    description = graph.cbd(iri)
    for prefix, namespace in graph.namespaces():
        description.bind(prefix, namespace)
    return description.serialize(format="turtle")
