"""An ArchiMate model as RDF, and back (the mapping of bp4mc2's archimate2rdf, with the
differences listed in docs/adr/0007-archimate.md).

For a model imported under base IRI ``B``:

- the model: ``<B{id}> a sk:ArchiMateModel``, names as ``rdfs:label``, documentation as
  ``rdfs:comment``, its properties;
- an element: ``<B{id}> a archimate:{Type}`` (the class the mapping gives), ``dct:isPartOf``
  the model, ``rdfs:label``, ``rdfs:comment``, properties;
- a relationship: the triple ``<B{source}> archimate:{type} <B{target}>`` and, since every
  relationship has its own identifier, the resource ``<B{id}> a rdf:Statement`` with
  ``rdf:subject``, ``rdf:predicate``, ``rdf:object``, ``dct:isPartOf``, ``rdfs:label``,
  ``rdfs:comment`` and properties. A relationship may connect relationships (ArchiMate 3): its
  ends are then the statements;
- a property key ``K``: ``<B eigenschap/{K percent-encoded}> a owl:DatatypeProperty`` with the
  key as ``rdfs:label``; a value is a literal (with its language tag, if any). The empty key,
  which real models contain, is ``{B}eigenschap/`` itself.

Names, documentation and values keep the ``xml:lang`` of the file; Archi's format has none.
IRIs depend only on the base and the identifiers (and keys), so a second import of a changed
model gives the same IRIs to the same things.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import quote, unquote

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS
from rdflib.term import Node

from sourcing_kg.architecture.mapping import TypeMapping, type_mapping
from sourcing_kg.architecture.model import Concept, Model, PropertyValue, Text
from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import ARCHIMATE, SK

PROPERTY_PATH = "eigenschap/"
_IRI_START = ("http://", "https://", "urn:", "tag:", "file:")


def check_base(base: str) -> str:
    """A base IRI must be absolute and end where an identifier can follow (``/``, ``#``, ``:``).

    Example:
        >>> check_base("https://example.org/gemma/")
        'https://example.org/gemma/'
    """
    if not base.startswith(_IRI_START) or base[-1:] not in {"/", "#", ":"}:
        raise UsageError(
            f"--base must be an absolute IRI ending in '/', '#' or ':' (got {base!r}), e.g. "
            "https://example.org/architectuur/gemma/"
        )
    if any(c in base for c in ' <>"{}|\\^`'):
        raise UsageError(f"--base is not an IRI: {base!r}")
    return base


def concept_iri(base: str, identifier: str) -> URIRef:
    return URIRef(base + quote(identifier, safe="-._~"))


def property_iri(base: str, key: str) -> URIRef:
    return URIRef(base + PROPERTY_PATH + quote(key, safe=""))


def _literal(text: Text) -> Literal:
    return Literal(text.value, lang=text.lang) if text.lang else Literal(text.value)


def _describe(
    graph: Graph,
    node: URIRef,
    base: str,
    names: list[Text],
    docs: list[Text],
    properties: list[PropertyValue],
) -> None:
    for name in names:
        graph.add((node, RDFS.label, _literal(name)))
    for doc in docs:
        graph.add((node, RDFS.comment, _literal(doc)))
    for prop in properties:
        graph.add((node, property_iri(base, prop.key), _literal(prop.value)))


def model_to_graph(model: Model, base: str, *, path: object = None) -> Graph:
    """The RDF of one model (see the module docstring).

    Raises:
        InputError: a relationship whose source or target is no element or relationship of the
            model, or an identifier used twice; with the line of the relationship.
    """
    graph = Graph()
    graph.bind("archimate", ARCHIMATE)
    graph.bind("sk", SK)
    graph.bind("dct", DCTERMS)
    graph.bind("eigenschap", base + PROPERTY_PATH)
    model_node = concept_iri(base, model.identifier)
    graph.add((model_node, RDF.type, SK.ArchiMateModel))
    _describe(graph, model_node, base, model.names, model.documentation, model.properties)
    known: dict[str, Concept] = {}
    for concept in (*model.elements, *model.relationships):
        if concept.identifier in known or concept.identifier == model.identifier:
            raise InputError(
                f"identifier {concept.identifier!r} is used twice",
                path=str(path) if path else None,
                line=concept.line,
            )
        known[concept.identifier] = concept
    for element in model.elements:
        node = concept_iri(base, element.identifier)
        graph.add((node, RDF.type, element.term))
        graph.add((node, DCTERMS.isPartOf, model_node))
        _describe(graph, node, base, element.names, element.documentation, element.properties)
    for relation in model.relationships:
        for end in (relation.source, relation.target):
            if end not in known:
                raise InputError(
                    f"relationship {relation.identifier!r} refers to {end!r}, which is no "
                    "element or relationship of the model",
                    path=str(path) if path else None,
                    line=relation.line,
                )
        assert relation.source is not None and relation.target is not None
        node = concept_iri(base, relation.identifier)
        subject = concept_iri(base, relation.source)
        obj = concept_iri(base, relation.target)
        graph.add((subject, relation.term, obj))
        graph.add((node, RDF.type, RDF.Statement))
        graph.add((node, RDF.subject, subject))
        graph.add((node, RDF.predicate, relation.term))
        graph.add((node, RDF.object, obj))
        graph.add((node, DCTERMS.isPartOf, model_node))
        _describe(graph, node, base, relation.names, relation.documentation, relation.properties)
    for key in model.property_keys():
        prop = property_iri(base, key)
        graph.add((prop, RDF.type, OWL.DatatypeProperty))
        for label in model.key_labels.get(key) or [Text(key)]:
            graph.add((prop, RDFS.label, _literal(label)))
    return graph


# ----------------------------------------------------------------------------- back


def _identifier(node: Node, base: str) -> str:
    if not isinstance(node, URIRef) or not str(node).startswith(base):
        raise InputError(f"{node} is not under the base IRI {base}")
    return unquote(str(node)[len(base) :])


def _texts(values: Iterable[Node]) -> list[Text]:
    texts = [Text(str(v), v.language) for v in values if isinstance(v, Literal)]
    return sorted(texts, key=lambda t: (t.lang or "", t.value))


def _read_described(
    graph: Graph, node: URIRef, base: str, keys: dict[URIRef, str]
) -> tuple[list[Text], list[Text], list[PropertyValue]]:
    properties = []
    for prop, key in keys.items():
        for text in _texts(graph.objects(node, prop)):
            properties.append(PropertyValue(key, text))
    return (
        _texts(graph.objects(node, RDFS.label)),
        _texts(graph.objects(node, RDFS.comment)),
        properties,
    )


def graph_to_model(
    graph: Graph,
    base: str,
    *,
    model_node: URIRef | None = None,
    mapping: TypeMapping | None = None,
) -> Model:
    """The model that :func:`model_to_graph` would have made ``graph`` from: the inverse, used
    by the export. Elements and relationships are those ``dct:isPartOf`` the model, sorted by
    identifier; property keys are the ``owl:DatatypeProperty`` under ``{base}eigenschap/``.

    Raises:
        InputError: no model node, or several and none chosen, or an IRI outside the base.
    """
    mapping = mapping or type_mapping()
    if model_node is None:
        models = sorted(
            (m for m in graph.subjects(RDF.type, SK.ArchiMateModel) if isinstance(m, URIRef)),
            key=str,
        )
        if len(models) != 1:
            raise InputError(f"expected one sk:ArchiMateModel in the graph, found {len(models)}")
        model_node = models[0]
    prefix = base + PROPERTY_PATH
    keys: dict[URIRef, str] = {}
    key_labels: dict[str, list[Text]] = {}
    for prop in sorted(graph.subjects(RDF.type, OWL.DatatypeProperty), key=str):
        if isinstance(prop, URIRef) and str(prop).startswith(prefix):
            encoded = str(prop)[len(prefix) :]
            key = unquote(encoded)
            keys[prop] = key
            labels = _texts(graph.objects(prop, RDFS.label))
            first = [t for t in labels if t.value == key][:1]
            key_labels[key] = first + [t for t in labels if t not in first]
    names, docs, properties = _read_described(graph, model_node, base, keys)
    model = Model(
        identifier=_identifier(model_node, base),
        names=names,
        documentation=docs,
        properties=properties,
        key_labels=key_labels,
    )
    parts = sorted(
        (p for p in graph.subjects(DCTERMS.isPartOf, model_node) if isinstance(p, URIRef)),
        key=lambda p: _identifier(p, base),
    )
    for part in parts:
        names, docs, properties = _read_described(graph, part, base, keys)
        if (part, RDF.type, RDF.Statement) in graph:
            term = graph.value(part, RDF.predicate)
            if term not in mapping.relation_properties:
                raise InputError(f"relationship {part} has no known archimate: predicate")
            assert isinstance(term, URIRef)
            model.relationships.append(
                Concept(
                    _identifier(part, base),
                    term,
                    names,
                    docs,
                    properties,
                    source=_identifier(graph.value(part, RDF.subject), base),  # type: ignore[arg-type]
                    target=_identifier(graph.value(part, RDF.object), base),  # type: ignore[arg-type]
                )
            )
            continue
        classes = [c for c in graph.objects(part, RDF.type) if c in mapping.element_classes]
        if len(classes) != 1:
            raise InputError(f"{part} is part of the model but not of one ArchiMate element type")
        assert isinstance(classes[0], URIRef)
        model.elements.append(Concept(_identifier(part, base), classes[0], names, docs, properties))
    return model
