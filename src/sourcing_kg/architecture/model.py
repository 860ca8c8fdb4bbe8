"""An ArchiMate model as read from either file format, before it becomes RDF (and after, on
export): the format readers and writers meet here, so that both map onto RDF in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import URIRef


@dataclass(frozen=True)
class Text:
    """A name, documentation or property value, with its language tag where the file has one."""

    value: str
    lang: str | None = None


@dataclass(frozen=True)
class PropertyValue:
    """One property of a concept: the key (the property definition's name) and its value."""

    key: str
    value: Text


@dataclass
class Concept:
    """An element or a relationship.

    ``term`` is the class of an element or the property of a relationship (see
    :mod:`.mapping`); a relationship also has ``source`` and ``target`` identifiers. ``line`` is
    where the concept stands in its file, for error messages.
    """

    identifier: str
    term: URIRef
    names: list[Text] = field(default_factory=list)
    documentation: list[Text] = field(default_factory=list)
    properties: list[PropertyValue] = field(default_factory=list)
    source: str | None = None
    target: str | None = None
    line: int | None = None


@dataclass
class Model:
    """A whole model: its own identifier, names, documentation and properties, its elements and
    relationships, and the names of its property keys (per language, where the file has them)."""

    identifier: str
    names: list[Text] = field(default_factory=list)
    documentation: list[Text] = field(default_factory=list)
    properties: list[PropertyValue] = field(default_factory=list)
    elements: list[Concept] = field(default_factory=list)
    relationships: list[Concept] = field(default_factory=list)
    key_labels: dict[str, list[Text]] = field(default_factory=dict)

    def property_keys(self) -> list[str]:
        """Every property key used by the model or one of its concepts, in order of first use."""
        seen: dict[str, None] = {}
        owners: list[Model | Concept] = [self, *self.elements, *self.relationships]
        for owner in owners:
            for prop in owner.properties:
                seen.setdefault(prop.key, None)
        return list(seen)
