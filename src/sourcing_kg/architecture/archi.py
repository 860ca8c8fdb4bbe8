"""Archi's native model format (``.archimate``), read with the same hardened parser.

There is no published schema for this format, so it is not validated against the Open Group
XSD (that XSD is for the exchange format only); instead every ``<element>`` must have an id and
a type the mapping knows, names a known view type (skipped), or the file is refused.

Read: the model's name, purpose (documentation) and properties; every element and relationship
in any folder, with name, documentation and properties. Folders and views are left out.
Identifiers become what Archi's own exchange export makes of them (:func:`exchange_identifier`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from sourcing_kg.architecture.mapping import ARCHI_NS, type_mapping
from sourcing_kg.architecture.model import Concept, Model, PropertyValue, Text
from sourcing_kg.core.errors import InputError
from sourcing_kg.io.safe_xml import XSI_TYPE

_ARCHI_NAMESPACES = {ARCHI_NS, f"{ARCHI_NS}/canvas"}


def exchange_identifier(archi_id: str) -> str:
    """The identifier Archi itself gives a concept in an exchange file: its id with ``id-`` in
    front, unless it starts with ``id-`` already (an exchange identifier is an xs:ID, and Archi
    ids such as ``650`` are not). Reading Archi's file this way gives the same IRIs as reading
    Archi's exchange export of it.

    Example:
        >>> exchange_identifier("650"), exchange_identifier("id-1a2b")
        ('id-650', 'id-1a2b')
    """
    return archi_id if archi_id.startswith("id-") else f"id-{archi_id}"


def _documentation(element: etree._Element, tag: str) -> list[Text]:
    return [Text(child.text) for child in element.findall(tag) if child.text]


def _properties(element: etree._Element) -> list[PropertyValue]:
    return [
        PropertyValue(prop.get("key", ""), Text(prop.get("value", "")))
        for prop in element.findall("property")
    ]


def _type(element: etree._Element, path: Path) -> str:
    value = element.get(XSI_TYPE, "")
    prefix, _, local = value.rpartition(":")
    if not value or element.nsmap.get(prefix or None) not in _ARCHI_NAMESPACES:
        raise InputError(
            f"element with xsi:type {value!r}, not an Archi type",
            path=path,
            line=element.sourceline,
        )
    return str(local)


def read_archi(tree: etree._ElementTree, path: Path) -> Model:
    """The model of an Archi file.

    Raises:
        InputError: not an Archi model, an element without id, a duplicate id, or a type that
            the mapping does not know; with the line of the offending element.
    """
    root = tree.getroot()
    if root.tag != f"{{{ARCHI_NS}}}model":
        raise InputError(
            f"not an Archi model: the root element is {root.tag!r}, not {{{ARCHI_NS}}}model",
            path=path,
            line=root.sourceline,
        )
    mapping = type_mapping()
    name = root.get("name")
    if not root.get("id"):
        raise InputError("the model has no id", path=path, line=root.sourceline)
    model = Model(
        identifier=exchange_identifier(root.get("id", "")),
        names=[Text(name)] if name else [],
        documentation=_documentation(root, "purpose"),
        properties=_properties(root),
    )
    seen: dict[str, int | None] = {model.identifier: root.sourceline}
    for element in root.iter("element"):
        xsi_type = _type(element, path)
        if xsi_type in mapping.archi_ignored:
            continue
        if not element.get("id"):
            raise InputError("element without id", path=path, line=element.sourceline)
        identifier = exchange_identifier(element.get("id", ""))
        if identifier in seen:
            raise InputError(
                f"id {identifier!r} is used twice (first on line {seen[identifier]})",
                path=path,
                line=element.sourceline,
            )
        seen[identifier] = element.sourceline
        relation = mapping.archi_relation(xsi_type, element.get("accessType"))
        term = relation or mapping.archi_element(xsi_type, element.get("type"))
        if term is None:
            raise InputError(
                f"Archi type {xsi_type!r} is not in the mapping",
                path=path,
                line=element.sourceline,
            )
        label = element.get("name")
        concept = Concept(
            identifier=identifier,
            term=term,
            names=[Text(label)] if label else [],
            documentation=_documentation(element, "documentation"),
            properties=_properties(element),
            line=element.sourceline,
        )
        if relation is not None:
            source, target = element.get("source"), element.get("target")
            if not source or not target:
                raise InputError(
                    "relationship without source or target", path=path, line=element.sourceline
                )
            concept.source, concept.target = (
                exchange_identifier(source),
                exchange_identifier(target),
            )
            model.relationships.append(concept)
        else:
            model.elements.append(concept)
    return model
