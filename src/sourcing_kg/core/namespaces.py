"""Namespaces of the public vocabulary (``shared/spec/vocabulary.md``) and reused vocabularies."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

SK = Namespace("https://w3id.org/sourcing-kg/def#")
SKID = Namespace("https://w3id.org/sourcing-kg/id/")
BRON = Namespace("https://w3id.org/sourcing-kg/id/bron/")
COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
#: The ArchiMate 3.1 vocabulary of bp4mc2 (one class per element type, relationships as properties).
ARCHIMATE = Namespace("http://bp4mc2.org/def/archimate#")

SCHEMES = (
    "domein",
    "subdomein",
    "categorie",
    "leveringsvorm",
    "fase",
    "activiteit",
    "regime",
    "doel",
    "vraag",
    "antwoord",
    "randvoorwaarde",
    "principe",
    "bundelniveau",
    "beleid",
    "wet",
    "uitkomst",
    "bepaling",
    "begrip",
)


def scheme(name: str) -> Namespace:
    """The namespace of one concept scheme's codes, e.g. ``scheme("fase")["3"]``."""
    return Namespace(f"{SKID}{name}/")


PREFIXES: dict[str, Namespace] = {
    "sk": SK,
    "skid": SKID,
    "bron": BRON,
    "archimate": ARCHIMATE,
    "country": COUNTRY,
    **{name: scheme(name) for name in SCHEMES},
}

__all__ = [
    "ARCHIMATE",
    "BRON",
    "COUNTRY",
    "DCTERMS",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMES",
    "SH",
    "SK",
    "SKID",
    "SKOS",
    "XSD",
    "scheme",
]
