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

Triple = tuple[Node, Node, Node]

STATED = "stated"
INFERRED = "inferred"
POLICY = "policy"
MISSING = "missing"

_PROPERTY_CLASSES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
_IRI = re.compile(r"<([^<>\s]+)>")
_PREFIXED = re.compile(r"(?<![\w?$<])([A-Za-z][\w-]*):([A-Za-z_][\w-]*)")


@dataclass(frozen=True, slots=True)
class ValueOrigin:
    """Where one value a rule used came from (``value`` is None when ``missing``)."""

    dossier: Node
    node: Node
    property: URIRef
    value: Node | None
    origin: str
    source: str

    def __reduce__(self) -> tuple[type[ValueOrigin], tuple[object, ...]]:
        # pickled as its fields (a forked part sends a million of them): the dataclass's own
        # state-setting was two thirds of the time pickling them took
        return ValueOrigin, (
            self.dossier, self.node, self.property, self.value, self.origin, self.source
        )  # fmt: skip

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


def _project_class(node: Node) -> bool:
    return isinstance(node, URIRef) and str(node).startswith(str(SK))


def value_origins(
    stated: Iterable[Triple],
    data: Iterable[Triple] | None,
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

    ``stated`` is the scope as read from the input, ``data`` the triples the shapes saw when
    they are more (inferred triples, the ontology, and the control context unless ``context``
    holds it: the fast engine never builds a merged graph per dossier); ``owned`` are the
    dossier's case nodes (the dossier and its service), for which missing values are reported.
    """
    ontology_subjects = _ontology_subjects()
    stated = list(stated)  # read in its order: the rows of a node keep the input's order
    stated_set = set(stated)  # only asked whether a triple is in it
    subjects = {s for s, _, _ in stated if s not in ontology_subjects}
    cases = {n for n in owned if not isinstance(n, Literal) and n not in ontology_subjects}
    about = _read_by_subject(stated if data is None else data, subjects | cases)
    rows: list[ValueOrigin] = []
    controls = context if context is not None else data
    if controls is not None:
        for node, prop, value in sorted(_control_values(controls, properties), key=str):
            source = "--as-of" if prop == SK.peildatum else policy_source
            rows.append(ValueOrigin(dossier, node, prop, value, POLICY, source))
    for node in sorted(subjects, key=str):
        for prop, value in about.get(node, ()):
            if prop not in properties or (prop == _TYPE and not _project_class(value)):
                continue
            if data is None or (node, prop, value) in stated_set:
                rows.append(ValueOrigin(dossier, node, prop, value, STATED, file))
            else:
                rows.append(
                    ValueOrigin(dossier, node, prop, value, INFERRED, f"--inference {inference}")
                )
    for node in sorted(cases, key=str):
        given = about.get(node, ())
        classes: set[Node] = set()
        for prop, cls in given:
            if prop == _TYPE:
                classes |= _superclasses().get(cls, frozenset({cls}))
        present = {prop for prop, _ in given}
        for prop in _sorted(properties):
            if domains.get(prop, set()) & classes and prop not in present:
                rows.append(ValueOrigin(dossier, node, prop, None, MISSING, ""))
    return rows


_TYPE = RDF.type


def _read_by_subject(
    data: Iterable[Triple], subjects: set[Node]
) -> dict[Node, list[tuple[URIRef, Node]]]:
    """What ``data`` says of ``subjects``, by subject: only the properties the rules may read
    (filtered by the caller) and the classes."""
    about: dict[Node, list[tuple[URIRef, Node]]] = {}
    if isinstance(data, Graph):  # the merged graph the reference engine saw: ask its index
        for s in subjects:
            about[s] = [(p, o) for p, o in data.predicate_objects(s) if isinstance(p, URIRef)]
        return about
    for s, p, o in data:
        if s in subjects and isinstance(p, URIRef):
            about.setdefault(s, []).append((p, o))
    return about


def _control_values(
    graph: Iterable[Triple], properties: frozenset[URIRef]
) -> list[tuple[Node, URIRef, Node]]:
    """The values of the rules' properties on the control context nodes (never rdf:type)."""
    if isinstance(graph, Graph):  # the merged graph the reference engine saw: ask its index
        contexts = set(graph.subjects(RDF.type, SK.Controlecontext))
        triples = [(s, p, o) for s in contexts for p, o in graph.predicate_objects(s)]
    else:
        triples = list(graph)
        contexts = {s for s, p, o in triples if p == _TYPE and o == SK.Controlecontext}
    return [
        (s, p, o)
        for s, p, o in triples
        if s in contexts and isinstance(p, URIRef) and p in properties and p != _TYPE
    ]


@lru_cache(maxsize=4)
def _sorted(properties: frozenset[URIRef]) -> list[URIRef]:
    return sorted(properties, key=str)


@lru_cache(maxsize=1)
def _ontology_subjects() -> frozenset[Node]:
    return frozenset(shared_ontology().subjects())
