"""The xsi:type mapping of both ArchiMate file formats, read from ``mappings/archimate/typen.ttl``.

Nothing about ArchiMate's types is written here: a type missing from the data file is refused
on import and cannot be exported.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rdflib import Literal, Namespace, URIRef

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.resources import archimate_dir
from sourcing_kg.io.rdf_files import parse_project_turtle

AMAP = Namespace("https://w3id.org/sourcing-kg/mapping/archimate#")
EXCHANGE_NS = "http://www.opengroup.org/xsd/archimate/3.0/"
ARCHI_NS = "http://www.archimatetool.com/archimate"

#: XSD 3.1: an Access relationship without accessType is of type "Access" (unspecified).
DEFAULT_ACCESS = "Access"
#: Archi: an access relationship without accessType is "0" (write).
DEFAULT_ARCHI_ACCESS = "0"
#: Archi: a Junction without type is an and-junction.
DEFAULT_ARCHI_JUNCTION = "and"


@dataclass(frozen=True)
class TypeMapping:
    """Both directions of the mapping, for elements (classes) and relationships (properties).

    Keys are ``(xsi:type, qualifier)``: the qualifier is the access type for Access
    relationships, the junction type for Archi junctions, ``None`` otherwise.
    """

    element_by_exchange: dict[str, URIRef]
    element_by_archi: dict[tuple[str, str | None], URIRef]
    relation_by_exchange: dict[tuple[str, str | None], URIRef]
    relation_by_archi: dict[tuple[str, str | None], URIRef]
    exchange_of: dict[URIRef, tuple[str, str | None]]
    archi_of: dict[URIRef, tuple[str, str | None]]
    archi_folder: dict[URIRef, str]
    archi_ignored: frozenset[str]

    @property
    def element_classes(self) -> frozenset[URIRef]:
        return frozenset(self.element_by_exchange.values())

    @property
    def relation_properties(self) -> frozenset[URIRef]:
        return frozenset(p for p in self.exchange_of if p not in self.element_classes)

    def exchange_relation(self, xsi_type: str, access: str | None) -> URIRef | None:
        if xsi_type == "Access":
            return self.relation_by_exchange.get((xsi_type, access or DEFAULT_ACCESS))
        return self.relation_by_exchange.get((xsi_type, None))

    def archi_relation(self, xsi_type: str, access: str | None) -> URIRef | None:
        if xsi_type == "AccessRelationship":
            return self.relation_by_archi.get((xsi_type, access or DEFAULT_ARCHI_ACCESS))
        return self.relation_by_archi.get((xsi_type, None))

    def archi_element(self, xsi_type: str, junction: str | None) -> URIRef | None:
        if xsi_type == "Junction":
            return self.element_by_archi.get((xsi_type, junction or DEFAULT_ARCHI_JUNCTION))
        return self.element_by_archi.get((xsi_type, None))


def _one(values: list[object], term: URIRef, what: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"{term} has more than one {what}", path=archimate_dir() / "typen.ttl")
    return str(values[0]) if values else None


@lru_cache(maxsize=1)
def type_mapping() -> TypeMapping:
    """The mapping data, read once."""
    path = archimate_dir() / "typen.ttl"
    graph = parse_project_turtle([path])
    element_by_exchange: dict[str, URIRef] = {}
    element_by_archi: dict[tuple[str, str | None], URIRef] = {}
    relation_by_exchange: dict[tuple[str, str | None], URIRef] = {}
    relation_by_archi: dict[tuple[str, str | None], URIRef] = {}
    exchange_of: dict[URIRef, tuple[str, str | None]] = {}
    archi_of: dict[URIRef, tuple[str, str | None]] = {}
    archi_folder: dict[URIRef, str] = {}
    for term in sorted({s for s in graph.subjects(AMAP.exchangeType, None)}, key=str):
        assert isinstance(term, URIRef)
        exchange = _one(list(graph.objects(term, AMAP.exchangeType)), term, "amap:exchangeType")
        archi = _one(list(graph.objects(term, AMAP.archiType)), term, "amap:archiType")
        folder = _one(list(graph.objects(term, AMAP.archiFolder)), term, "amap:archiFolder")
        access = _one(list(graph.objects(term, AMAP.accessType)), term, "amap:accessType")
        archi_access = _one(list(graph.objects(term, AMAP.archiAccess)), term, "amap:archiAccess")
        junction = _one(list(graph.objects(term, AMAP.archiJunction)), term, "amap:archiJunction")
        if exchange is None or archi is None or folder is None:
            raise InputError(f"{term} lacks a type or folder", path=path)
        exchange_of[term] = (exchange, access)
        archi_of[term] = (archi, archi_access if archi_access is not None else junction)
        archi_folder[term] = folder
        if folder == "relations":
            relation_by_exchange[(exchange, access)] = term
            relation_by_archi[(archi, archi_access)] = term
        else:
            element_by_exchange[exchange] = term
            element_by_archi[(archi, junction)] = term
    ignored = frozenset(str(v) for v in graph.objects(None, AMAP.ignored) if isinstance(v, Literal))
    return TypeMapping(
        element_by_exchange,
        element_by_archi,
        relation_by_exchange,
        relation_by_archi,
        exchange_of,
        archi_of,
        archi_folder,
        ignored,
    )
