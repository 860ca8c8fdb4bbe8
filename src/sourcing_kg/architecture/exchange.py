"""The ArchiMate Open Exchange Format 3.x (``.xml``): reading (after XSD validation) and writing.

Read: the model's name, documentation and properties; elements, relationships and property
definitions. Organizations (folders) and views are left out (optional in the issue; see
docs/adr/0007-archimate.md). Written: the same parts, in the XSD's order, so that the file
validates and opens in Archi.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from lxml import etree
from rdflib import URIRef

from sourcing_kg.architecture.mapping import EXCHANGE_NS, TypeMapping, type_mapping
from sourcing_kg.architecture.model import Concept, Model, PropertyValue, Text
from sourcing_kg.architecture.xsd import validate_exchange
from sourcing_kg.core.errors import InputError
from sourcing_kg.io.safe_xml import XML_LANG, XSI_TYPE

_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_SCHEMA_LOCATION = (
    "http://www.opengroup.org/xsd/archimate/3.0/ "
    "http://www.opengroup.org/xsd/archimate/3.1/archimate3_Diagram.xsd"
)


def _q(name: str) -> str:
    return f"{{{EXCHANGE_NS}}}{name}"


def _lang(element: etree._Element) -> str | None:
    """The element's xml:lang, inherited from its ancestors as XML says; '' means none."""
    node: etree._Element | None = element
    while node is not None:
        lang = node.get(XML_LANG)
        if lang is not None:
            return lang or None
        node = node.getparent()
    return None


def _texts(parent: etree._Element, name: str, *, keep_empty: bool = False) -> list[Text]:
    texts = []
    for child in parent.findall(_q(name)):
        value = child.text or ""
        if value or keep_empty:
            texts.append(Text(value, _lang(child)))
    return texts


def _local_type(element: etree._Element, path: Path) -> str:
    value = element.get(XSI_TYPE)
    if not value:
        raise InputError("element without xsi:type", path=path, line=element.sourceline)
    prefix, _, local = value.rpartition(":")
    if element.nsmap.get(prefix or None) != EXCHANGE_NS:
        raise InputError(
            f"xsi:type {value!r} is not an ArchiMate type", path=path, line=element.sourceline
        )
    return str(local)


def _properties(owner: etree._Element, keys: dict[str, str], path: Path) -> list[PropertyValue]:
    values: list[PropertyValue] = []
    holder = owner.find(_q("properties"))
    if holder is None:
        return values
    for prop in holder.findall(_q("property")):
        ref = prop.get("propertyDefinitionRef", "")
        if ref not in keys:
            raise InputError(
                f"property refers to {ref!r}, which is no property definition",
                path=path,
                line=prop.sourceline,
            )
        for value in _texts(prop, "value", keep_empty=True):
            values.append(PropertyValue(keys[ref], value))
    return values


def read_exchange(tree: etree._ElementTree, path: Path) -> Model:
    """The model of an exchange file (a tree from :mod:`sourcing_kg.io.safe_xml`).

    Raises:
        InputError: not an exchange file, invalid against the XSD, or a type or reference that
            the mapping does not know; with the line of the offending element.
    """
    root = tree.getroot()
    if root.tag != _q("model"):
        raise InputError(
            f"not an ArchiMate 3.x exchange file: the root element is {root.tag!r}, not "
            f"{{{EXCHANGE_NS}}}model",
            path=path,
            line=root.sourceline,
        )
    validate_exchange(tree, path)
    mapping = type_mapping()
    keys: dict[str, str] = {}
    key_labels: dict[str, list[Text]] = {}
    for definition in root.iterfind(f"{_q('propertyDefinitions')}/{_q('propertyDefinition')}"):
        names = _texts(definition, "name", keep_empty=True)
        key = names[0].value if names else ""
        keys[definition.get("identifier", "")] = key
        key_labels.setdefault(key, [n for n in names if n.value])
    model = Model(
        identifier=root.get("identifier", ""),
        names=_texts(root, "name"),
        documentation=_texts(root, "documentation"),
        properties=_properties(root, keys, path),
        key_labels=key_labels,
    )
    for element in root.iterfind(f"{_q('elements')}/{_q('element')}"):
        xsi_type = _local_type(element, path)
        term = mapping.element_by_exchange.get(xsi_type)
        if term is None:
            raise InputError(
                f"element type {xsi_type!r} is not in the mapping",
                path=path,
                line=element.sourceline,
            )
        model.elements.append(_concept(element, term, keys, path))
    for relation in root.iterfind(f"{_q('relationships')}/{_q('relationship')}"):
        xsi_type = _local_type(relation, path)
        term = mapping.exchange_relation(xsi_type, relation.get("accessType"))
        if term is None:
            raise InputError(
                f"relationship type {xsi_type!r} is not in the mapping",
                path=path,
                line=relation.sourceline,
            )
        concept = _concept(relation, term, keys, path)
        concept.source, concept.target = relation.get("source"), relation.get("target")
        model.relationships.append(concept)
    return model


def _concept(element: etree._Element, term: URIRef, keys: dict[str, str], path: Path) -> Concept:
    return Concept(
        identifier=element.get("identifier", ""),
        term=term,
        names=_texts(element, "name"),
        documentation=_texts(element, "documentation"),
        properties=_properties(element, keys, path),
        line=element.sourceline,
    )


# ----------------------------------------------------------------------------- writing


def _add_texts(parent: etree._Element, name: str, texts: Iterable[Text]) -> None:
    for text in texts:
        child = etree.SubElement(parent, _q(name))
        child.text = text.value
        if text.lang:
            child.set(XML_LANG, text.lang)


def _add_properties(
    parent: etree._Element, values: list[PropertyValue], refs: dict[str, str]
) -> None:
    if not values:
        return
    holder = etree.SubElement(parent, _q("properties"))
    for value in values:
        prop = etree.SubElement(holder, _q("property"), propertyDefinitionRef=refs[value.key])
        _add_texts(prop, "value", [value.value])


def _add_concept(
    holder: etree._Element,
    tag: str,
    concept: Concept,
    refs: dict[str, str],
    attributes: dict[str, str],
) -> None:
    """An element or a relationship: its identifier and ``attributes`` in the schema's order,
    then its names, documentation and properties."""
    node = etree.SubElement(holder, _q(tag), identifier=concept.identifier)
    for name, value in attributes.items():
        node.set(name, value)
    _add_texts(node, "name", concept.names)
    _add_texts(node, "documentation", concept.documentation)
    _add_properties(node, concept.properties, refs)


def write_exchange(model: Model, mapping: TypeMapping | None = None) -> bytes:
    """The model as an exchange file (UTF-8 bytes), elements and relationships in model order.

    Property definitions are numbered ``propid-1`` ... in order of first use. The result is
    validated against the XSD by the caller (:func:`~sourcing_kg.architecture.export`).
    """
    mapping = mapping or type_mapping()
    root = etree.Element(_q("model"), nsmap={None: EXCHANGE_NS, "xsi": _XSI})
    root.set(f"{{{_XSI}}}schemaLocation", _SCHEMA_LOCATION)
    root.set("identifier", model.identifier)
    _add_texts(root, "name", model.names or [Text(model.identifier)])
    _add_texts(root, "documentation", model.documentation)
    refs = {key: f"propid-{n}" for n, key in enumerate(model.property_keys(), start=1)}
    _add_properties(root, model.properties, refs)
    if model.elements:
        holder = etree.SubElement(root, _q("elements"))
        for concept in model.elements:
            xsi_type, _ = mapping.exchange_of[concept.term]
            _add_concept(holder, "element", concept, refs, {XSI_TYPE: xsi_type})
    if model.relationships:
        holder = etree.SubElement(root, _q("relationships"))
        for concept in model.relationships:
            xsi_type, access = mapping.exchange_of[concept.term]
            attributes = {"source": concept.source or "", "target": concept.target or ""}
            attributes[XSI_TYPE] = xsi_type
            if access is not None:
                attributes["accessType"] = access
            _add_concept(holder, "relationship", concept, refs, attributes)
    if refs:
        holder = etree.SubElement(root, _q("propertyDefinitions"))
        for key, ref in refs.items():
            definition = etree.SubElement(
                holder, _q("propertyDefinition"), identifier=ref, type="string"
            )
            _add_texts(definition, "name", model.key_labels.get(key) or [Text(key)])
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
