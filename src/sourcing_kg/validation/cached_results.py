"""Findings, value origins and triples as JSON data, for the incremental cache of a store's run.

What :mod:`sourcing_kg.validation.incremental` keeps between runs must come back as the very
terms a fresh run makes: an IRI, a blank node with its id as stored, a literal with its
lexical form, language and datatype (never re-parsed from Turtle, which would rename blank
nodes). A term is written as one string, ``u:IRI``, ``b:ID`` or ``l:`` and a JSON array of
lexical form, language and datatype; a triple as its three terms joined by tabs (neither an
IRI, a blank node id nor a JSON string holds a raw tab). Findings and origins of one graph
share a table of such strings, so that a dossier's hundreds of origins stay small.

Example:
    >>> from rdflib import BNode, Graph, Literal, URIRef
    >>> terms = [URIRef("urn:a"), BNode("x1"), Literal("3", lang="nl"), Literal(3)]
    >>> [decode_term(term_key(t)) == t for t in terms]
    [True, True, True, True]
    >>> key = triple_key((URIRef("urn:a"), URIRef("urn:p"), Literal("a\\tb")))
    >>> decode_triple(key)[2] == Literal("a\\tb")
    True
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import lru_cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from sourcing_kg.validation.provenance import POLICY, ValueOrigin
from sourcing_kg.validation.report import Finding, Severity

Triple = tuple[Node, Node, Node]


class CacheFormatError(ValueError):
    """A cached value that is not what this module writes: the entry is not used."""


def term_key(node: Node) -> str:
    """The string a term is kept as (see the module)."""
    if isinstance(node, URIRef):
        return f"u:{node}"
    if isinstance(node, BNode):
        return f"b:{node}"
    if isinstance(node, Literal):
        datatype = str(node.datatype) if node.datatype is not None else ""
        return "l:" + json.dumps([str(node), node.language or "", datatype], ensure_ascii=False)
    raise CacheFormatError(f"not an RDF term: {node!r}")


@lru_cache(maxsize=1 << 18)
def decode_term(key: str) -> Node:
    """The term ``key`` stands for (cached: one object per distinct term in a run)."""
    kind, text = key[:2], key[2:]
    if kind == "u:":
        return URIRef(text)
    if kind == "b:":
        return BNode(text)
    if kind == "l:":
        try:
            lexical, language, datatype = json.loads(text)
        except (ValueError, TypeError) as error:
            raise CacheFormatError(f"not a literal: {text!r}") from error
        if language:
            return Literal(lexical, lang=language)
        return Literal(lexical, datatype=URIRef(datatype) if datatype else None)
    raise CacheFormatError(f"not a term: {key!r}")


def triple_key(triple: Triple) -> str:
    """A triple as one string (see the module)."""
    return "\t".join(term_key(term) for term in triple)


def decode_triple(key: str) -> Triple:
    parts = key.split("\t")
    if len(parts) != 3:
        raise CacheFormatError(f"not a triple: {key!r}")
    s, p, o = (decode_term(part) for part in parts)
    return s, p, o


class ShapeNames:
    """Names for the blank nodes of a shapes graph that are the same in every run that parses
    the same shapes (rdflib gives them new ids each time): a digest of what the node says and
    of what says it, so that a cached finding names its property shape as this run does.

    Example:
        >>> from rdflib import Graph
        >>> text = "<urn:s> <urn:p> [ <urn:path> <urn:x> ] ."
        >>> one, two = Graph().parse(data=text), Graph().parse(data=text)
        >>> b1, b2 = (next(g.subjects(URIRef("urn:path"))) for g in (one, two))
        >>> ShapeNames(two).node(ShapeNames(one).name(b1)) == b2
        True
    """

    def __init__(self, shapes: Graph) -> None:
        self._own: dict[BNode, str] = {}
        names: dict[BNode, str] = {}
        for node in {n for triple in shapes for n in triple if isinstance(n, BNode)}:
            said = sorted(
                f"< {p.n3()} {self._said(shapes, s, set())}"
                for s, p in shapes.subject_predicates(node)
            )
            names[node] = hashlib.sha256(
                (self._said(shapes, node, set()) + "|" + "|".join(said)).encode()
            ).hexdigest()
        counts: dict[str, int] = {}
        for name in names.values():
            counts[name] = counts.get(name, 0) + 1
        self._names = {node: name for node, name in names.items() if counts[name] == 1}
        self._nodes = {name: node for node, name in self._names.items()}

    def _said(self, graph: Graph, node: Node, path: set[Node]) -> str:
        if not isinstance(node, BNode):
            return node.n3()
        if node in path:
            return "_:loop"
        inner = path | {node}
        return (
            "["
            + " ".join(
                sorted(
                    f"{p.n3()} {self._said(graph, o, inner)}"
                    for p, o in graph.predicate_objects(node)
                )
            )
            + "]"
        )

    def covers(self, graph: Graph) -> bool:
        """Whether every blank node of ``graph`` has a name."""
        return all(n in self._names for triple in graph for n in triple if isinstance(n, BNode))

    def name(self, node: Node) -> str | None:
        return self._names.get(node) if isinstance(node, BNode) else None

    def node(self, name: str) -> BNode:
        found = self._nodes.get(name)
        if found is None:
            raise CacheFormatError("a blank node of the shapes that these shapes do not have")
        return found


class Terms:
    """A table of terms shared by the findings and origins of one graph (index -1: none);
    with ``shapes``, the shapes' blank nodes are kept by their :class:`ShapeNames`."""

    def __init__(self, keys: Sequence[str] = (), *, shapes: ShapeNames | None = None) -> None:
        self.keys: list[str] = list(keys)
        self._index: dict[str, int] = {key: number for number, key in enumerate(self.keys)}
        self.shapes = shapes
        self._nodes: list[Node] | None = None

    def put(self, node: Node | None) -> int:
        if node is None:
            return -1
        shape = self.shapes.name(node) if self.shapes is not None else None
        key = f"s:{shape}" if shape is not None else term_key(node)
        number = self._index.get(key)
        if number is None:
            number = self._index[key] = len(self.keys)
            self.keys.append(key)
            self._nodes = None
        return number

    def get(self, number: object) -> Node | None:
        if number == -1:
            return None
        if type(number) is not int or number < 0:
            raise CacheFormatError(f"no term {number!r}")
        if self._nodes is None:  # decoded once: a graph's origins name the same few terms
            self._nodes = [self._decode(key) for key in self.keys]
        try:
            return self._nodes[number]
        except IndexError:
            raise CacheFormatError(f"no term {number!r}") from None

    def _decode(self, key: str) -> Node:
        if key.startswith("s:"):
            if self.shapes is None:
                raise CacheFormatError("a shape's blank node without the shapes")
            return self.shapes.node(key[2:])
        return decode_term(key)

    def node(self, number: object) -> Node:
        found = self.get(number)
        if found is None:
            raise CacheFormatError("a term is missing")
        return found


def encode_finding(finding: Finding, terms: Terms) -> list[object]:
    return [
        finding.severity.value,
        terms.put(finding.focus_node),
        terms.put(finding.result_path),
        dict(finding.messages),
        terms.put(finding.source_shape),
        terms.put(finding.source_constraint_component),
        [terms.put(rule) for rule in finding.rules],
        finding.rule_id,
        terms.put(finding.value),
        finding.file,
        terms.put(finding.dossier),
        [[terms.put(t) for t in triple] for triple in finding.path_triples],
    ]


def decode_finding(data: object, terms: Terms) -> Finding:
    try:
        (severity, focus, path, messages, shape, component, rules, rule_id, value, file) = data[:10]  # type: ignore[index]
        dossier, path_triples = data[10:12]  # type: ignore[index]
        component_node = terms.get(component)
        triples: list[Triple] = []
        for s, p, o in path_triples:
            triples.append((terms.node(s), terms.node(p), terms.node(o)))
        if not isinstance(messages, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in messages.items()
        ):
            raise CacheFormatError("messages are not text")
        if not (rule_id is None or isinstance(rule_id, str)) or not (
            file is None or isinstance(file, str)
        ):
            raise CacheFormatError("a rule id or file is not text")
        if not isinstance(component_node, URIRef | None):
            raise CacheFormatError("not a constraint component")
        return Finding(
            severity=Severity(severity),
            focus_node=terms.node(focus),
            result_path=terms.get(path),
            messages=messages,
            source_shape=terms.node(shape),
            source_constraint_component=component_node,
            rules=tuple(_iri(terms.node(rule)) for rule in rules),
            rule_id=rule_id,
            value=terms.get(value),
            file=file,
            dossier=terms.get(dossier),
            path_triples=tuple(triples),
        )
    except (TypeError, ValueError, IndexError, KeyError) as error:
        if isinstance(error, CacheFormatError):
            raise
        raise CacheFormatError(f"not a finding: {error}") from error


#: In place of the control context's node: a blank node a run makes afresh (one per report).
CONTEXT = -2


def encode_origin(origin: ValueOrigin, terms: Terms) -> list[object]:
    return [
        terms.put(origin.dossier),
        CONTEXT if origin.origin == POLICY else terms.put(origin.node),
        terms.put(origin.property),
        terms.put(origin.value),
        origin.origin,
        origin.source,
    ]


def decode_origin(data: object, terms: Terms, *, context: Node) -> ValueOrigin:
    """An origin; ``context`` is the node of this run's control context."""
    if not isinstance(data, list) or len(data) != 6:
        raise CacheFormatError("not a value origin")
    dossier, node, prop, value, origin, source = data
    if not isinstance(origin, str) or not isinstance(source, str):
        raise CacheFormatError("an origin is not text")
    return ValueOrigin(
        terms.node(dossier),
        context if node == CONTEXT else terms.node(node),
        _iri(terms.node(prop)),
        terms.get(value),
        origin,
        source,
    )


def _iri(node: Node) -> URIRef:
    if not isinstance(node, URIRef):
        raise CacheFormatError(f"not an IRI: {node!r}")
    return node
