"""Provenance of every value the rules used: stated, inferred, taken from the policy, or missing.

The rules read a known set of properties: every property the dossier shapes name, in a
``sh:path`` or in the text of a SPARQL constraint, that the ontology declares (plus
``rdf:type`` with a class of the project). For each dossier, after validation, each value of
such a property on a node of the dossier's scope is:

- ``stated``: the triple is in the input (the dossier's own triples or the register facts it
  reaches); ``source`` is the file;
- ``inferred``: the triple is not in the input but in the data after ``--inference``
  (``source`` names the inference);
- ``policy``: a value of the control context (``sk:Controlecontext``): the as-of date
  (``source`` ``--as-of``) or a policy value (``source`` the policy file);
- ``missing``: a property the rules read whose ``rdfs:domain`` is a class of the dossier or
  of its service (``sk:betreft``) and that has no value there at all (optional properties
  such as ``sk:overgeslagenFase`` included: "missing" says "not given", not "wrong").

Example:
    >>> from rdflib import Graph, URIRef
    >>> from rdflib.namespace import RDF
    >>> data = Graph()
    >>> _ = data.add((URIRef("urn:d"), RDF.type, SK.Dossier))
    >>> rows = value_origins(data, data, URIRef("urn:d"), file="d.ttl", inference="none",
    ...     policy_source="policy/default.toml", properties=frozenset({RDF.type, SK.fase}),
    ...     domains={SK.fase: {SK.Dossier}}, owned=frozenset({URIRef("urn:d")}))
    >>> sorted((r.property.split("#")[-1], r.origin) for r in rows)
    [('fase', 'missing'), ('type', 'stated')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.labels import node_text
from sourcing_kg.model.ontology import shared_ontology

STATED = "stated"
INFERRED = "inferred"
POLICY = "policy"
MISSING = "missing"

_PROPERTY_CLASSES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
_IRI = re.compile(r"<([^<>\s]+)>")
_PREFIXED = re.compile(r"(?<![\w?$<])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)")


@dataclass(frozen=True)
class ValueOrigin:
    """Where one value a rule used came from (``value`` is None when ``missing``)."""

    dossier: Node
    node: Node
    property: URIRef
    value: Node | None
    origin: str
    source: str

    def as_json(self) -> dict[str, str | None]:
        return {
            "dossier": node_text(self.dossier),
            "node": node_text(self.node),
            "property": str(self.property),
            "value": node_text(self.value) if self.value is not None else None,
            "origin": self.origin,
            "source": self.source,
        }


def rule_properties(shapes: Graph) -> frozenset[URIRef]:
    """The properties the shapes read: named anywhere in the shapes graph or in a constraint's
    SPARQL text, and declared as properties by the ontology; and ``rdf:type``."""
    prefixes = {
        str(shapes.value(d, SH.prefix)): str(shapes.value(d, SH.namespace))
        for d in shapes.objects(None, SH.declare)
    }
    named: set[URIRef] = {t for triple in shapes for t in triple if isinstance(t, URIRef)}
    for query in (*shapes.objects(None, SH.select), *shapes.objects(None, SH.ask)):
        text = str(query)
        named.update(URIRef(iri) for iri in _IRI.findall(text))
        for prefix, local in _PREFIXED.findall(text):
            if prefix in prefixes:
                named.add(URIRef(prefixes[prefix] + local))
    declared = _declared_properties()
    return frozenset({p for p in named if p in declared} | {RDF.type})


@lru_cache(maxsize=1)
def _declared_properties() -> frozenset[URIRef]:
    ontology = shared_ontology()
    return frozenset(
        p
        for cls in _PROPERTY_CLASSES
        for p in ontology.subjects(RDF.type, cls)
        if isinstance(p, URIRef)
    )


@lru_cache(maxsize=1)
def property_domains() -> dict[URIRef, set[Node]]:
    """Each property's named ``rdfs:domain`` classes, as the ontology declares them."""
    domains: dict[URIRef, set[Node]] = {}
    for prop, domain in shared_ontology().subject_objects(RDFS.domain):
        if isinstance(prop, URIRef) and isinstance(domain, URIRef):
            domains.setdefault(prop, set()).add(domain)
    return domains


@lru_cache(maxsize=1)
def _superclasses() -> dict[Node, frozenset[Node]]:
    ontology = shared_ontology()
    result: dict[Node, frozenset[Node]] = {}
    for cls in set(ontology.subjects(RDFS.subClassOf)) | set(
        ontology.objects(None, RDFS.subClassOf)
    ):
        supers = ontology.transitive_objects(cls, RDFS.subClassOf)
        result[cls] = frozenset(c for c in supers if c is not None)
    return result


def _classes(graph: Graph, node: Node) -> set[Node]:
    classes: set[Node] = set()
    for cls in graph.objects(node, RDF.type):
        classes |= _superclasses().get(cls, frozenset({cls}))
    return classes


def _project_class(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(SK))


def value_origins(
    stated: Graph,
    data: Graph,
    dossier: Node,
    *,
    file: str,
    inference: str,
    policy_source: str,
    properties: frozenset[URIRef],
    domains: dict[URIRef, set[Node]],
    owned: Iterable[Node],
    context: Graph | None = None,
) -> list[ValueOrigin]:
    """The origin of each value the rules used in one dossier's scope (see the module).

    ``stated`` is the scope as read from the input, ``data`` the graph the shapes saw (with
    any inferred triples, the ontology, and the control context unless ``context`` holds it:
    the fast engine never builds a merged graph per dossier); ``owned`` are the dossier's
    case nodes (the dossier and its service), for which missing values are reported.
    """
    ontology_subjects = _ontology_subjects()
    rows: list[ValueOrigin] = []
    controls = context if context is not None else data
    for node in set(controls.subjects(RDF.type, SK.Controlecontext)):
        for prop, value in controls.predicate_objects(node):
            if isinstance(prop, URIRef) and prop in properties and prop != RDF.type:
                source = "--as-of" if prop == SK.peildatum else policy_source
                rows.append(ValueOrigin(dossier, node, prop, value, POLICY, source))
    subjects = {s for s in stated.subjects() if s not in ontology_subjects}
    for node in sorted(subjects, key=str):
        for prop, value in data.predicate_objects(node):
            if not isinstance(prop, URIRef) or prop not in properties:
                continue
            if prop == RDF.type and not _project_class(value):
                continue
            if (node, prop, value) in stated:
                rows.append(ValueOrigin(dossier, node, prop, value, STATED, file))
            else:
                rows.append(
                    ValueOrigin(dossier, node, prop, value, INFERRED, f"--inference {inference}")
                )
    for node in sorted(set(owned), key=str):
        if isinstance(node, Literal) or node in ontology_subjects:
            continue
        classes = _classes(data, node)
        for prop in sorted(properties, key=str):
            if domains.get(prop, set()) & classes and (node, prop, None) not in data:
                rows.append(ValueOrigin(dossier, node, prop, None, MISSING, ""))
    return rows


@lru_cache(maxsize=1)
def _ontology_subjects() -> frozenset[Node]:
    return frozenset(shared_ontology().subjects())
