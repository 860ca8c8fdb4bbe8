"""The fast engine: every scope in one Oxigraph store, each constraint as one query over all.

Each scope (a dossier's own triples with the register facts it reaches; or the register scope)
is a named graph; the ontology and control context sit once in a shared graph. The shapes are
compiled into SPARQL SELECT queries, one per constraint (a SHACL-SPARQL constraint rewritten by
:mod:`sourcing_kg.validation.sparql_scoped`, or a core constraint component written as a
pattern), each of which judges every scope at once. The rows become findings exactly as the
reference engine's results do (:func:`sourcing_kg.validation.pyshacl_run.make_finding`).

What the compiler does not know raises :class:`Unsupported`; the caller then runs pySHACL.
Core components: class, datatype, nodeKind, minCount, maxCount, minLength, maxLength,
pattern, languageIn, in, hasValue, node, not, and, or, xone, qualifiedValueShape with
qualifiedMinCount/MaxCount; targets: targetClass (and implicit class targets), targetNode,
targetSubjectsOf, targetObjectsOf; SHACL-SPARQL SELECT constraints on node shapes.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.term import Node

from sourcing_kg.io.user_cache import read_entry, write_entry
from sourcing_kg.sparql.algebra_json import FORMAT, from_json, to_json
from sourcing_kg.sparql.guard import parse_query
from sourcing_kg.validation.pyshacl_run import make_finding
from sourcing_kg.validation.report import Finding, Severity
from sourcing_kg.validation.sparql_scoped import (
    CLOSURE,
    GRAPH_VAR,
    SCOPE_CLASS,
    SCOPES,
    SHARED,
    STAR,
    Router,
    Unsupported,
    rewrite_select,
    term,
)

Triple = tuple[Node, Node, Node]

_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}

#: Parameters of shapes the compiler reads; any other sh: predicate on a shape is unsupported.
_KNOWN = {
    SH.targetClass,
    SH.targetNode,
    SH.targetSubjectsOf,
    SH.targetObjectsOf,
    SH.property,
    SH.path,
    SH.severity,
    SH.message,
    SH.deactivated,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.defaultValue,
    SH.minCount,
    SH.maxCount,
    SH.datatype,
    SH.nodeKind,
    SH["in"],
    SH["class"],
    SH.pattern,
    SH.flags,
    SH.languageIn,
    SH.hasValue,
    SH.node,
    SH["or"],
    SH["not"],
    SH["and"],
    SH.xone,
    SH.qualifiedValueShape,
    SH.qualifiedMinCount,
    SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint,
    SH.sparql,
    SH.minLength,
    SH.maxLength,
    SH.select,
    SH.prefixes,
}
#: Datatypes whose ill-typed literals a cast in SPARQL detects (as rdflib's ``ill_typed``).
_CASTABLE = {
    XSD.date,
    XSD.dateTime,
    XSD.boolean,
    XSD.decimal,
    XSD.integer,
    XSD.double,
    XSD.float,
    XSD.time,
}


# ----------------------------------------------------------------------------- terms


def to_ox(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(_bnode_id(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return ox.Literal(str(node), language=node.language)
        if node.datatype is not None:
            text = str(node)
            if node.ill_typed:  # kept ill-typed in the store, given back as rdflib has it
                text = _ILL_TYPED + text
            return ox.Literal(text, datatype=ox.NamedNode(str(node.datatype)))
        return ox.Literal(str(node))
    raise TypeError(f"unsupported term {node!r}")


def _bnode_id(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_]+", text) else "x" + text.encode().hex()


#: The lexical form an ill-typed literal gets in the store: rdflib keeps such a literal with a
#: normalised lexical form (``"none"^^xsd:boolean`` reads as ``"false"``) that would be valid.
_ILL_TYPED = "\ufffdill-typed\ufffd"


def from_ox(node: object, bnodes: dict[str, BNode]) -> Node | None:
    if node is None:
        return None
    if isinstance(node, ox.Literal) and node.value.startswith(_ILL_TYPED):
        return Literal(node.value[len(_ILL_TYPED) :], datatype=URIRef(node.datatype.value))
    if isinstance(node, ox.NamedNode):
        return URIRef(node.value)
    if isinstance(node, ox.BlankNode):
        return bnodes.get(node.value) or BNode(node.value)
    if isinstance(node, ox.Literal):
        if node.language:
            return Literal(node.value, lang=node.language)
        if node.datatype.value == str(XSD.string):
            return Literal(node.value)
        return Literal(node.value, datatype=URIRef(node.datatype.value))
    raise TypeError(f"unsupported term {node!r}")


# ----------------------------------------------------------------------------- the store


@dataclass
class ScopedStore:
    """The scopes of one run in one store; ``keys[i]`` is what graph ``i`` belongs to."""

    store: ox.Store
    graphs: list[str]
    bnodes: dict[str, BNode]
    router: Router

    def graph_index(self, name: str) -> int:
        return int(name.rsplit(":", 1)[1])


def scoped_store(scopes: Sequence[Iterable[Triple]], shared: Iterable[Triple]) -> ScopedStore:
    """Load every scope into its own graph and what they share into :data:`SHARED`.

    A scope's triples that the shared graph holds too are left out of the scope graph, so that
    a triple pattern matching in either never counts a triple twice.
    """
    store = ox.Store()
    bnodes: dict[str, BNode] = {}
    shared_set = set(shared)
    shared_graph = ox.NamedNode(SHARED)
    scope_meta = ox.NamedNode(SCOPES)
    scope_class = ox.NamedNode(SCOPE_CLASS)
    rdf_type = ox.NamedNode(str(RDF.type))
    rdf_type_term = RDF.type  # looked up once, not per triple
    quads: list[ox.Quad] = []
    scoped_predicates: set[URIRef] = set()
    type_objects: set[Node] = set()
    shared_predicates = {p for _, p, _ in shared_set if isinstance(p, URIRef)}

    def convert(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(node, BNode):
            bnodes.setdefault(_bnode_id(str(node)), node)
        return to_ox(node)

    for s, p, o in shared_set:
        quads.append(ox.Quad(convert(s), convert(p), convert(o), shared_graph))  # type: ignore[arg-type]
    graphs = []
    cache: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    get = cache.get
    shared_subjects = {s for s, _, _ in shared_set}

    def put(node: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        converted = cache[node] = convert(node)
        return converted

    for index, triples in enumerate(scopes):
        name = ox.NamedNode(f"urn:sourcing-kg:engine:scope:{index}")
        graphs.append(name.value)
        quads.append(ox.Quad(name, rdf_type, scope_class, scope_meta))
        for s, p, o in triples:
            # a triple's hash hashes its literal in Python: asked only of the shared subjects
            if s in shared_subjects and (s, p, o) in shared_set:
                continue
            scoped_predicates.add(p)  # type: ignore[arg-type]
            if p == rdf_type_term:
                type_objects.add(o)
            converted = [get(node) or put(node) for node in (s, p, o)]
            quads.append(ox.Quad(converted[0], converted[1], converted[2], name))  # type: ignore[arg-type]
    closure = RDFS.subClassOf not in scoped_predicates
    if closure:
        classes = {o for _, p, o in shared_set if p == RDF.type}
        classes |= type_objects
        quads += _closure_quads(shared_set, classes)
    store.extend(quads)
    router = Router(frozenset(scoped_predicates), frozenset(shared_predicates), closure)
    return ScopedStore(store, graphs, bnodes, router)


def _closure_quads(shared: set[Triple], classes: set[Node]) -> list[ox.Quad]:
    """``?c STAR ?d`` for ``?c rdfs:subClassOf* ?d`` (see ``CLOSURE``), zero steps included."""
    parents: dict[Node, set[Node]] = {}
    for s, p, o in shared:
        if p == RDFS.subClassOf:
            parents.setdefault(s, set()).add(o)
            classes.add(s)
            classes.add(o)
    graph, star = ox.NamedNode(CLOSURE), ox.NamedNode(STAR)
    quads = []
    for cls in classes:
        if isinstance(cls, Literal):
            continue
        seen, todo = {cls}, [cls]
        while todo:
            for parent in parents.get(todo.pop(), ()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        quads += [ox.Quad(to_ox(cls), star, to_ox(d), graph) for d in seen]  # type: ignore[arg-type]
    return quads


# ----------------------------------------------------------------------------- shapes


def _path_of(shapes: Graph, node: Node) -> URIRef | Path:
    """A SHACL property path as an rdflib path."""
    if isinstance(node, URIRef):
        return node
    if not isinstance(node, BNode):
        raise Unsupported(f"path {node!r}")
    first = shapes.value(node, RDF.first)
    if first is not None:
        steps = [_path_of(shapes, n) for n in Collection(shapes, node)]
        return SequencePath(*steps) if len(steps) > 1 else steps[0]
    for prop, make in (
        (SH.inversePath, lambda p: InvPath(p)),
        (SH.zeroOrMorePath, lambda p: MulPath(p, "*")),
        (SH.oneOrMorePath, lambda p: MulPath(p, "+")),
        (SH.zeroOrOnePath, lambda p: MulPath(p, "?")),
    ):
        inner = shapes.value(node, prop)
        if inner is not None:
            return make(_path_of(shapes, inner))
    alternatives = shapes.value(node, SH.alternativePath)
    if alternatives is not None:
        return AlternativePath(*(_path_of(shapes, n) for n in Collection(shapes, alternatives)))
    raise Unsupported("unknown SHACL path")


def _true(shapes: Graph, node: Node, prop: URIRef) -> bool:
    value = shapes.value(node, prop)
    return isinstance(value, Literal) and value.toPython() is True


@dataclass
class Check:
    """One compiled constraint: its query and how each row becomes a finding."""

    query: str
    shape: Node
    component: URIRef
    severity: Severity
    path: Node | None
    constraint: Node | None = None
    value_column: bool = True
    sparql_messages: tuple[Literal, ...] = ()
    variables: tuple[str, ...] = (GRAPH_VAR, "this", "value")


@dataclass
class Compiler:
    """Compiles a shapes graph against the predicates of one store (see the module)."""

    shapes: Graph
    router: Router
    store: ox.Store | None = None
    checks: list[Check] = field(default_factory=list)
    declined: dict[Node, str] = field(default_factory=dict)
    #: the ``{?sk__g ?this}`` table of each declined shape whose targets compiled
    declined_targets: dict[Node, str] = field(default_factory=dict)
    _counter: Iterator[int] = field(default_factory=itertools.count)

    def fresh(self) -> str:
        return f"?sk__c{next(self._counter)}"

    # -- the shapes with targets

    def compile(self) -> list[Check]:
        """The checks of every shape with targets; a shape with a feature the compiler does
        not know is left out and listed in :attr:`declined` (with why)."""
        for shape in sorted(self._top_shapes(), key=str):
            before = len(self.checks)
            targets = None
            try:
                self._check_known(shape)
                if _true(self.shapes, shape, SH.deactivated):
                    continue
                targets = self._targets(shape)
                if self.shapes.value(shape, SH.path) is not None:
                    self._property_checks(shape, targets)
                else:
                    self._node_checks(shape, targets)
            except Unsupported as why:
                del self.checks[before:]
                self._stack.clear()
                self.declined[shape] = str(why)
                if targets is not None:
                    self.declined_targets[shape] = targets
        return self.checks

    def _top_shapes(self) -> set[Node]:
        g = self.shapes
        found: set[Node] = set()
        for prop in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            found.update(g.subjects(prop, None))
        for kind in (SH.NodeShape, SH.PropertyShape):
            for shape in g.subjects(RDF.type, kind):
                if (shape, RDF.type, RDFS.Class) in g or (
                    shape,
                    RDF.type,
                    URIRef(str(RDFS) + "Class"),
                ) in g:
                    found.add(shape)
        if (None, SH.target, None) in g or (None, SH.rule, None) in g:
            raise Unsupported("SHACL advanced targets or rules")
        return found

    def _check_known(self, shape: Node) -> None:
        for p in set(self.shapes.predicates(shape, None)):
            if str(p).startswith(str(SH)) and p not in _KNOWN:
                raise Unsupported(f"{p} on a shape")

    def _targets(self, shape: Node) -> str:
        """The ``{?sk__g ?this}`` table of a shape's focus nodes in every scope.

        A focus node in a scope graph is found there; one in the shared graph (an ontology
        node of a target class, say) is a focus node of every scope: those are looked up once
        here, so that no query enumerates the ontology once per scope.
        """
        g = self.shapes
        this, other = Variable("this"), Variable(self.fresh()[1:])
        steps: list[tuple[URIRef, Node, Node, Node | None]] = []
        classes = list(g.objects(shape, SH.targetClass))
        if (shape, RDF.type, RDFS.Class) in g:
            classes.append(shape)
        for cls in classes:
            steps.append((RDF.type, this, other, cls))
        for prop in g.objects(shape, SH.targetSubjectsOf):
            if isinstance(prop, URIRef):
                steps.append((prop, this, other, None))
        for prop in g.objects(shape, SH.targetObjectsOf):
            if isinstance(prop, URIRef):
                steps.append((prop, other, this, None))
        nodes = list(g.objects(shape, SH.targetNode))
        parts: list[str] = []
        shared: list[str] = []
        for prop, s, o, cls in steps:  # type: ignore[assignment]
            first = f"{term(s)} {term(prop)} {term(o)}"
            rest = ""
            if cls is not None and self.router.closure:
                rest = f"GRAPH <{CLOSURE}> {{ {term(o)} <{STAR}> {term(cls)} }}"
            elif cls is not None:
                rest, _ = self.router.triple(o, MulPath(RDFS.subClassOf, "*"), cls)
            parts.append(f"GRAPH ?{GRAPH_VAR} {{ {first} }} {rest}")
            if self.store is not None and prop in self.router.shared:
                found = self.store.query(
                    f"SELECT DISTINCT ?this WHERE {{ GRAPH <{SHARED}> {{ {first} }} {rest} }}"
                )
                hits = [from_ox(row["this"], {}) for row in found]  # type: ignore[union-attr]
                if any(isinstance(n, BNode) for n in hits):  # no blank nodes in VALUES
                    scopes = f"GRAPH <{SCOPES}> {{ ?{GRAPH_VAR} a <{SCOPE_CLASS}> }}"
                    shared.append(f"{{ {scopes} GRAPH <{SHARED}> {{ {first} }} {rest} }}")
                else:
                    nodes += [n for n in hits if n is not None]
        if not parts and not nodes:
            raise Unsupported("a shape without targets")
        avoid = (
            f"FILTER (?{GRAPH_VAR} != <{SHARED}> && ?{GRAPH_VAR} != <{SCOPES}>"
            f" && ?{GRAPH_VAR} != <{CLOSURE}>)"
        )
        branches = [f"{{ {p} {avoid} }}" for p in parts] + shared
        if nodes:
            listed = " ".join(term(n) for n in dict.fromkeys(n for n in nodes if n is not None))
            scopes = f"GRAPH <{SCOPES}> {{ ?{GRAPH_VAR} a <{SCOPE_CLASS}> }}"
            branches.append(f"{{ {scopes} VALUES ?this {{ {listed} }} }}")
        union = " UNION ".join(branches)
        return f"SELECT DISTINCT ?{GRAPH_VAR} ?this WHERE {{ {union} }}"

    def _severity(self, shape: Node) -> Severity:
        level = self.shapes.value(shape, SH.severity)
        return (
            _SEVERITIES.get(level, Severity.VIOLATION)
            if isinstance(level, URIRef)
            else Severity.VIOLATION
        )

    # -- node shapes: the focus node is the value node

    def _node_checks(self, shape: Node, targets: str) -> None:
        g = self.shapes
        for prop in g.objects(shape, SH.property):
            self._check_known(prop)
            if not _true(g, prop, SH.deactivated):
                self._property_checks(prop, targets)
        for constraint in g.objects(shape, SH.sparql):
            self._sparql_check(shape, constraint, targets)
        value = "BIND (?this AS ?value)"
        for component, condition in self._value_conditions(shape, "?value"):
            self._emit(shape, component, targets, f"{value} FILTER ({condition})", path=None)
        for expected in g.objects(shape, SH.hasValue):  # pySHACL gives no sh:value here
            body = f"FILTER (!sameTerm(?this, {term(expected)}))"
            self._emit(
                shape, SH.HasValueConstraintComponent, targets, body, path=None, value_column=False
            )

    # -- property shapes

    def _property_checks(self, shape: Node, targets: str) -> None:
        g, r = self.shapes, self.router
        path_node = g.value(shape, SH.path)
        assert path_node is not None
        path = _path_of(g, path_node)
        if g.value(shape, SH.sparql) is not None:
            raise Unsupported("SPARQL constraints on property shapes")
        if g.value(shape, SH.property) is not None:
            raise Unsupported("sh:property on a property shape")
        values, _ = r.triple(Variable("this"), path, Variable("value"))
        for component, condition in self._value_conditions(shape, "?value"):
            self._emit(shape, component, targets, f"{values} FILTER ({condition})", path=path_node)
        count = _counted(targets, values, "", "?sk__n")
        for prop, op, component in (
            (SH.minCount, "<", SH.MinCountConstraintComponent),
            (SH.maxCount, ">", SH.MaxCountConstraintComponent),
        ):
            limit = g.value(shape, prop)
            if limit is not None:
                n = _int(limit)
                body = f"OPTIONAL {count} FILTER (COALESCE(?sk__n, 0) {op} {n})"
                self._emit(shape, component, targets, body, path=path_node, value_column=False)
        for value in g.objects(shape, SH.hasValue):
            body = f"FILTER NOT EXISTS {{ {r.triple(Variable('this'), path, value)[0]} }}"
            self._emit(
                shape,
                SH.HasValueConstraintComponent,
                targets,
                body,
                path=path_node,
                value_column=False,
            )
        qualified = g.value(shape, SH.qualifiedValueShape)
        if qualified is not None:
            if _true(g, shape, SH.qualifiedValueShapesDisjoint):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            conforms = self.conforms(qualified, "?value")
            qcount = _counted(targets, values, f"FILTER ({conforms})", "?sk__q")
            for prop, op, component in (
                (SH.qualifiedMinCount, "<", SH.QualifiedMinCountConstraintComponent),
                (SH.qualifiedMaxCount, ">", SH.QualifiedMaxCountConstraintComponent),
            ):
                limit = g.value(shape, prop)
                if limit is not None:
                    body = f"OPTIONAL {qcount} FILTER (COALESCE(?sk__q, 0) {op} {_int(limit)})"
                    self._emit(shape, component, targets, body, path=path_node, value_column=False)

    def _emit(
        self,
        shape: Node,
        component: URIRef,
        targets: str,
        body: str,
        *,
        path: Node | None,
        value_column: bool = True,
    ) -> None:
        columns = f"?{GRAPH_VAR} ?this" + (" ?value" if value_column else "")
        query = f"SELECT DISTINCT {columns} WHERE {{ {{ {targets} }} {body} }}"
        variables = (GRAPH_VAR, "this", "value") if value_column else (GRAPH_VAR, "this")
        self.checks.append(
            Check(
                query,
                shape,
                component,
                self._severity(shape),
                path,
                value_column=value_column,
                variables=variables,
            )
        )

    # -- conditions on one value node: (component, SPARQL expression true when it fails)

    def _value_conditions(self, shape: Node, v: str) -> list[tuple[URIRef, str]]:
        g = self.shapes
        out: list[tuple[URIRef, str]] = []
        for cls in g.objects(shape, SH["class"]):
            text, _ = self.router.triple(
                Variable(v[1:]), SequencePath(RDF.type, MulPath(RDFS.subClassOf, "*")), cls
            )
            out.append((SH.ClassConstraintComponent, f"NOT EXISTS {{ {text} }}"))
        for datatype in g.objects(shape, SH.datatype):
            out.append((SH.DatatypeConstraintComponent, f"!({self._datatype_ok(v, datatype)})"))
        for kind in g.objects(shape, SH.nodeKind):
            out.append((SH.NodeKindConstraintComponent, f"!({_node_kind(v, kind)})"))
        for prop, op, component in (
            (SH.minLength, "<", SH.MinLengthConstraintComponent),
            (SH.maxLength, ">", SH.MaxLengthConstraintComponent),
        ):
            limit = g.value(shape, prop)
            if limit is not None:
                out.append((component, f"isBlank({v}) || STRLEN(STR({v})) {op} {_int(limit)}"))
        for pattern in g.objects(shape, SH.pattern):
            flags = g.value(shape, SH.flags)
            args = f"STR({v}), {term(Literal(str(pattern)))}" + (
                f", {term(Literal(str(flags)))}" if flags else ""
            )
            out.append((SH.PatternConstraintComponent, f"isBlank({v}) || !REGEX({args})"))
        for languages in g.objects(shape, SH.languageIn):
            wanted = [str(x).lower() for x in Collection(g, languages)]
            if "*" in wanted:
                test = f'LANG({v}) != ""'
            else:
                tests = [f"LCASE(LANG({v})) = {term(Literal(w))}" for w in wanted]
                tests += [
                    f'LCASE(STRBEFORE(CONCAT(LANG({v}), "-"), "-")) = {term(Literal(w))}'
                    for w in wanted
                ]
                test = " || ".join(tests) if tests else "false"
            out.append((SH.LanguageInConstraintComponent, f"!(isLiteral({v}) && ({test}))"))
        for members in g.objects(shape, SH["in"]):
            items = [f"sameTerm({v}, {term(x)})" for x in Collection(g, members)]
            out.append((SH.InConstraintComponent, "!(" + (" || ".join(items) or "false") + ")"))
        for node in g.objects(shape, SH.node):
            out.append((SH.NodeConstraintComponent, f"!({self.conforms(node, v)})"))
        for node in g.objects(shape, SH["not"]):
            out.append((SH.NotConstraintComponent, f"({self.conforms(node, v)})"))
        for members in g.objects(shape, SH["and"]):
            parts = [self.conforms(x, v) for x in Collection(g, members)]
            out.append((SH.AndConstraintComponent, "!(" + (" && ".join(parts) or "true") + ")"))
        for members in g.objects(shape, SH["or"]):
            parts = [self.conforms(x, v) for x in Collection(g, members)]
            out.append((SH.OrConstraintComponent, "!(" + (" || ".join(parts) or "false") + ")"))
        for members in g.objects(shape, SH.xone):
            parts = [f"IF({self.conforms(x, v)}, 1, 0)" for x in Collection(g, members)]
            out.append((SH.XoneConstraintComponent, "(" + (" + ".join(parts) or "0") + ") != 1"))
        return out

    def _datatype_ok(self, v: str, datatype: Node) -> str:
        if datatype == RDFS.Literal:
            return f"isLiteral({v})"
        ok = f"isLiteral({v}) && sameTerm(DATATYPE({v}), {term(datatype)})"
        if datatype in _CASTABLE:
            ok += f" && COALESCE(isLiteral({term(datatype)}({v})), false)"
        return ok

    # -- nested shapes: an expression true when the node bound to ``v`` conforms

    _stack: list[Node] = field(default_factory=list)

    def conforms(self, shape: Node, v: str) -> str:
        g = self.shapes
        if shape in self._stack:
            raise Unsupported("recursive shapes")
        self._check_known(shape)
        if _true(g, shape, SH.deactivated):
            return "true"
        if g.value(shape, SH.sparql) is not None:
            raise Unsupported("SPARQL constraints in nested shapes")
        self._stack.append(shape)
        try:
            parts: list[str] = []
            path_node = g.value(shape, SH.path)
            if path_node is None:
                parts += [f"!({c})" for _, c in self._value_conditions(shape, v)]
                parts += [f"sameTerm({v}, {term(x)})" for x in g.objects(shape, SH.hasValue)]
                for prop in g.objects(shape, SH.property):
                    parts.append(self.conforms_property(prop, v))
            else:
                parts.append(self.conforms_property(shape, v))
            return "(" + (" && ".join(parts) or "true") + ")"
        finally:
            self._stack.pop()

    def conforms_property(self, shape: Node, v: str) -> str:
        g, r = self.shapes, self.router
        self._check_known(shape)
        if _true(g, shape, SH.deactivated):
            return "true"
        path_node = g.value(shape, SH.path)
        assert path_node is not None
        path = _path_of(g, path_node)
        value = self.fresh()
        values, _ = r.triple(Variable(v[1:]), path, Variable(value[1:]))
        parts = []
        conditions = self._value_conditions(shape, value)
        if conditions:
            failing = " || ".join(f"({c})" for _, c in conditions)
            parts.append(f"NOT EXISTS {{ {values} FILTER ({failing}) }}")
        minimum, maximum = g.value(shape, SH.minCount), g.value(shape, SH.maxCount)
        if minimum is not None and _int(minimum) > 0:
            parts.append(self._at_least(v, path, _int(minimum)))
        if maximum is not None:
            parts.append(f"!({self._at_least(v, path, _int(maximum) + 1)})")
        for hv in g.objects(shape, SH.hasValue):
            parts.append(f"EXISTS {{ {r.triple(Variable(v[1:]), path, hv)[0]} }}")
        if g.value(shape, SH.qualifiedValueShape) is not None:
            raise Unsupported("qualified value shapes in nested shapes")
        return "(" + (" && ".join(parts) or "true") + ")"

    def _at_least(self, v: str, path: URIRef | Path, n: int) -> str:
        if n > 3:
            raise Unsupported("nested counts above 3")
        names = [self.fresh() for _ in range(n)]
        patterns = " ".join(
            self.router.triple(Variable(v[1:]), path, Variable(x[1:]))[0] for x in names
        )
        distinct = " && ".join(f"!sameTerm({a}, {b})" for a, b in itertools.combinations(names, 2))
        return f"EXISTS {{ {patterns}" + (f" FILTER ({distinct})" if distinct else "") + " }"

    # -- SHACL-SPARQL

    def _sparql_check(self, shape: Node, constraint: Node, targets: str) -> None:
        g = self.shapes
        if _true(g, constraint, SH.deactivated):
            return
        for p in set(g.predicates(constraint, None)):
            if str(p).startswith(str(SH)) and p not in _KNOWN:
                raise Unsupported(f"{p} on a SPARQL constraint")
        select = g.value(constraint, SH.select)
        if select is None:
            raise Unsupported("a SPARQL constraint without sh:select")
        text = str(select)
        if re.search(r"\$(currentShape|shapesGraph|PATH)\b", text):
            raise Unsupported("$currentShape, $shapesGraph or $PATH")
        # in a fixed order: rdflib reads the declarations in an order that differs from one
        # process to the next, and the text is the key of the algebra cache
        declared = sorted(set(_prefixes(g, constraint)))
        prefixes = "".join(f"PREFIX {p}: <{n}>\n" for p, n in declared)
        algebra = _algebra(prefixes + text)
        scoped = rewrite_select(algebra, router=self.router, targets=targets)
        messages = tuple(m for m in g.objects(shape, SH.message) if isinstance(m, Literal))
        extra = tuple(m for m in g.objects(constraint, SH.message) if isinstance(m, Literal))
        severity = self._severity(shape)  # pySHACL: the shape's, not the constraint's
        self.checks.append(
            Check(
                scoped.text,
                shape,
                SH.SPARQLConstraintComponent,
                severity,
                None,
                constraint=constraint,
                sparql_messages=messages + extra,
                variables=scoped.variables,
            )
        )


#: The per-user cache folder (:mod:`sourcing_kg.io.user_cache`) of constraints' algebra.
_ALGEBRA_CACHE = "sparql-algebra"


@cache
def _algebra(text: str) -> Any:
    """rdflib's algebra of a query, parsed once per process and kept in the per-user cache
    between runs (rdflib's parser takes ~0.2 s a query), keyed by the query's text and the
    versions of rdflib and of the encoding (:mod:`sourcing_kg.sparql.algebra_json`).

    A miss parses, then uses the algebra as the cache gives it back (encoded and decoded), so
    that the first run and every later one rewrite the same algebra. A query rdflib does not
    understand is cached as such.
    """
    key = f"algebra {FORMAT}\nrdflib {rdflib.__version__}\n{text}"
    cached = read_entry(_ALGEBRA_CACHE, key)
    if isinstance(cached, dict) and set(cached) == {"error"} and isinstance(cached["error"], str):
        raise Unsupported(cached["error"])
    if isinstance(cached, dict) and set(cached) == {"algebra"}:
        with contextlib.suppress(ValueError):
            return from_json(cached["algebra"])
    try:
        algebra = translateQuery(parse_query(text)).algebra
    except Exception as error:
        message = f"SPARQL not understood: {error}"
        write_entry(_ALGEBRA_CACHE, key, {"error": message})
        raise Unsupported(message) from error
    try:
        encoded = to_json(algebra)
        decoded = from_json(encoded)
    except ValueError:
        return algebra  # not encodable (a feature the encoding lacks): parsed every run
    write_entry(_ALGEBRA_CACHE, key, {"algebra": encoded})
    return decoded


def _int(node: Node | None) -> int:
    """An integer parameter of a shape (sh:minCount 1)."""
    return int(str(node))


def _counted(targets: str, values: str, condition: str, name: str) -> str:
    """A subquery: the number of distinct value nodes (meeting ``condition``) per focus node."""
    keys = f"?{GRAPH_VAR} ?this"
    return (
        f"{{ SELECT {keys} (COUNT(DISTINCT ?value) AS {name}) "
        f"WHERE {{ {{ {targets} }} {values} {condition} }} GROUP BY {keys} }}"
    )


def _prefixes(shapes: Graph, constraint: Node) -> list[tuple[str, str]]:
    """The constraint's sh:prefixes declarations, with those of what they owl:import."""
    found = []
    holders, seen = list(shapes.objects(constraint, SH.prefixes)), set()
    while holders:
        holder = holders.pop()
        if holder in seen:
            continue
        seen.add(holder)
        holders.extend(shapes.objects(holder, OWL.imports))
        for declaration in shapes.objects(holder, SH.declare):
            prefix, namespace = (
                shapes.value(declaration, SH.prefix),
                shapes.value(declaration, SH.namespace),
            )
            if prefix is not None and namespace is not None:
                found.append((str(prefix), str(namespace)))
    return found


def _node_kind(v: str, kind: Node) -> str:
    tests: dict[Node, str] = {
        SH.IRI: f"isIRI({v})",
        SH.BlankNode: f"isBlank({v})",
        SH.Literal: f"isLiteral({v})",
        SH.BlankNodeOrIRI: f"(isIRI({v}) || isBlank({v}))",
        SH.BlankNodeOrLiteral: f"(isBlank({v}) || isLiteral({v}))",
        SH.IRIOrLiteral: f"(isIRI({v}) || isLiteral({v}))",
    }
    if kind not in tests:
        raise Unsupported(f"sh:nodeKind {kind}")
    return tests[kind]


# ----------------------------------------------------------------------------- running


def _generic_messages(
    shapes: Graph, check: Check, focus: Node, value: Node | None, data: Graph
) -> list[Node]:
    """pySHACL's own message for a core constraint without sh:message (same wording)."""
    from pyshacl.rdfutil.stringify import stringify_node as _stringify

    def stringify_node(graph: Graph, node: Node | None) -> str:
        return str(_stringify(graph, node)) if node is not None else "None"

    g, shape = shapes, check.shape
    path = g.value(shape, SH.path)
    where = stringify_node(data, focus) + (
        f"->{stringify_node(g, path)}" if path is not None else ""
    )
    one = {
        SH.ClassConstraintComponent: SH["class"],
        SH.DatatypeConstraintComponent: SH.datatype,
        SH.NodeKindConstraintComponent: SH.nodeKind,
        SH.LanguageInConstraintComponent: SH.languageIn,
    }
    c = check.component
    if c == SH.MinCountConstraintComponent:
        text = f"Less than {g.value(shape, SH.minCount)} values on {where}"
    elif c == SH.MaxCountConstraintComponent:
        text = f"More than {g.value(shape, SH.maxCount)} values on {where}"
    elif c in one:
        rules = list(g.objects(shape, one[c]))
        first = stringify_node(g, rules[0])
        text = {
            SH.ClassConstraintComponent: f"Value does not have class {first}",
            SH.DatatypeConstraintComponent: f"Value is not Literal with datatype {first}",
            SH.NodeKindConstraintComponent: f"Value is not of Node Kind {first}",
            SH.LanguageInConstraintComponent: f"String language is not in {first}",
        }[c]
        if c == SH.ClassConstraintComponent and len(rules) > 1:
            listed = ", ".join(stringify_node(g, x) for x in rules)
            text = f"Value class is not in classes ({listed})"
    elif c == SH.InConstraintComponent:
        in_vals: set[Node] = set()  # pySHACL lists a set, in its iteration order
        members_node = g.value(shape, SH["in"])
        assert members_node is not None
        for item in Collection(g, members_node):
            in_vals.add(item)
        members = [stringify_node(g, x) for x in in_vals]
        text = f"Value {stringify_node(data, value)} not in list {members}"
    elif c == SH.HasValueConstraintComponent:
        values = [stringify_node(g, x) for x in g.objects(shape, SH.hasValue)]
        if path is not None:
            text = f"Node {where} does not contain a value in the set: {values}"
        else:
            text = (
                f"Node {stringify_node(data, focus)} value is not a in the set of values: {values}"
            )
    elif c == SH.PatternConstraintComponent:
        patterns = list(g.objects(shape, SH.pattern))
        if len(patterns) > 1:
            raise Unsupported("generic message for several sh:pattern")
        text = f"Value does not match pattern '{patterns[0]}'"
    elif c == SH.NodeConstraintComponent:
        nodes = list(g.objects(shape, SH.node))
        if len(nodes) > 1:
            raise Unsupported("generic message for several sh:node")
        text = f"Value does not conform to Shape {stringify_node(g, nodes[0])}."
        text += " See details for more information."
    elif c in (SH.QualifiedMinCountConstraintComponent, SH.QualifiedMaxCountConstraintComponent):
        shapes_string = ",".join(
            stringify_node(g, x) for x in g.objects(shape, SH.qualifiedValueShape)
        )
        count = ""
        for prop, word in ((SH.qualifiedMinCount, "MinCount"), (SH.qualifiedMaxCount, "MaxCount")):
            limit = g.value(shape, prop)
            if limit is not None:
                count += f" {word} {_int(limit)}"
        text = f"Focus node does not conform to shape{count}: {shapes_string}"
    elif c in (SH.MinLengthConstraintComponent, SH.MaxLengthConstraintComponent):
        limit = g.value(
            shape, SH.minLength if c == SH.MinLengthConstraintComponent else SH.maxLength
        )
        op = ">=" if c == SH.MinLengthConstraintComponent else "<="
        text = f"String length not {op} {stringify_node(data, limit)}"
    elif c in (
        SH.OrConstraintComponent,
        SH.NotConstraintComponent,
        SH.AndConstraintComponent,
        SH.XoneConstraintComponent,
    ):
        node_text = stringify_node(data, value)
        if c == SH.NotConstraintComponent:
            nots = list(g.objects(shape, SH["not"]))
            if len(nots) > 1:
                raise Unsupported("generic message for several sh:not")
            text = f"Node {node_text} must not conform to shape {stringify_node(g, nots[0])}"
        else:
            prop = {
                SH.OrConstraintComponent: SH["or"],
                SH.AndConstraintComponent: SH["and"],
                SH.XoneConstraintComponent: SH.xone,
            }[c]
            lists = list(g.objects(shape, prop))
            if len(lists) > 1:
                raise Unsupported("generic message for several lists")
            listed = " , ".join(stringify_node(g, x) for x in g.items(lists[0]))
            verb = {
                SH.OrConstraintComponent: "must conform to one or more shapes in",
                SH.AndConstraintComponent: "must conform to all shapes in",
                SH.XoneConstraintComponent: "must conform to exactly one shape in",
            }[c]
            text = f"Node {node_text} {verb} {listed}"
    else:
        raise Unsupported(f"generic message for {c}")
    return [Literal(text)]


def _substituted(message: Literal, bound: dict[str, Node]) -> Literal:
    """pySHACL's substitution of ``{?var}`` / ``{$var}`` in a SPARQL constraint's message."""
    text = str(message.value) if message.value is not None else str(message)
    for var, val in bound.items():
        text = re.sub(f"{{[?$]{var}}}", str(val), text)
    return Literal(text)


def run_checks(
    checks: Sequence[Check],
    scoped: ScopedStore,
    shapes: Graph,
    data_of: Callable[[int], Graph],
    progress: Callable[[int, int], None] = lambda done, total: None,
) -> list[tuple[int, Finding]]:
    """Run every check; each finding comes with the index of the scope it belongs to."""
    found: list[tuple[int, Finding]] = []
    bnodes = scoped.bnodes
    for number, check in enumerate(checks):
        progress(number, len(checks))
        shape_messages = [m for m in shapes.objects(check.shape, SH.message)]
        path_triples: tuple[Triple, ...] = ()
        if isinstance(check.path, BNode):
            path_triples = tuple(sorted(shapes.cbd(check.path), key=str))
        for solution in scoped.store.query(check.query):  # type: ignore[union-attr]
            row = {name: from_ox(solution[name], bnodes) for name in check.variables}
            graph = row.pop(GRAPH_VAR)
            index = scoped.graph_index(str(graph))
            focus = row.pop("this")
            assert focus is not None
            if check.component == SH.SPARQLConstraintComponent:
                path = row.pop("path", None)
                value = row.pop("value", None)
                if value is None:
                    value = focus
                bound = {k: v for k, v in row.items() if v is not None}
                bound["this"] = focus
                if path is not None:
                    bound["path"] = path
                bound["value"] = value
                extra = [m for m in check.sparql_messages if m not in shape_messages]
                messages: list[Node] = [_substituted(m, bound) for m in extra]
                messages += [
                    _substituted(m, bound) for m in shape_messages if isinstance(m, Literal)
                ]
                result_path = path
                ptriples: tuple[Triple, ...] = ()
            else:
                value = row.get("value") if check.value_column else None
                messages = list(shape_messages) or _generic_messages(
                    shapes, check, focus, value, data_of(index)
                )
                result_path = check.path
                ptriples = path_triples
            found.append(
                (
                    index,
                    make_finding(
                        shapes,
                        shape=check.shape,
                        constraint=check.constraint,
                        severity=check.severity,
                        focus=focus,
                        path=result_path,
                        value=value,
                        messages=messages,
                        component=check.component,
                        path_triples=ptriples,
                    ),
                )
            )
    return found


@dataclass
class Judged:
    """What :func:`validate_scopes` gives: each finding with the index of its scope; the
    shapes the compiler declined, with why; the scopes where one of those has a focus node
    (None when that is not known: then every scope); and per scope what ``each`` constructed."""

    found: list[tuple[int, Finding]]
    declined: dict[Node, str]
    focused: frozenset[int] | None
    constructed: list[list[Triple]]


def validate_scopes(
    scopes: Sequence[Iterable[Triple]],
    shared: Iterable[Triple],
    shapes: Graph,
    data_of: Callable[[int], Graph],
    progress: Callable[[int, int], None] = lambda done, total: None,
    *,
    each: str | None = None,
) -> Judged:
    """Every scope against ``shapes`` in one store (see the module); shapes the compiler
    declines are left out and returned, with why, for the reference engine. ``each`` is a
    CONSTRUCT query run on every scope with what the scopes share, in the same store.

    Raises:
        Unsupported: the shapes use something the fast engine does not compile at all.
    """
    scoped = scoped_store(scopes, shared)
    compiler = Compiler(shapes, scoped.router, scoped.store)
    checks = compiler.compile()
    found = run_checks(checks, scoped, shapes, data_of, progress)
    constructed = construct_each(scoped, each, scopes) if each is not None else []
    return Judged(found, compiler.declined, _focused(scoped, compiler), constructed)


def construct_each(
    scoped: ScopedStore, query: str, scopes: Sequence[Iterable[Triple]]
) -> list[list[Triple]]:
    """The triples ``query`` (a CONSTRUCT that copies terms of its graph, never makes new
    ones) gives on each scope's graph, as on the scope's own triples (``scopes``): one small
    query per scope, each on an index of its own graph (1,000 dossiers: 0.3 s, against 3.2 s
    on an rdflib graph each). A scope's triples that the shared graph holds too are not in the
    scope's graph; they are about the ontology's own terms, whose project facts the division
    refuses, so a query about dossiers never needs them."""
    bnodes = scoped.bnodes
    made: list[list[Triple]] = []
    for name, stated in zip(scoped.graphs, scopes, strict=True):
        triples: dict[Triple, None] = {}  # a graph: each triple once
        for triple in scoped.store.query(query, default_graph=ox.NamedNode(name)):  # type: ignore[union-attr]
            s, p, o = (from_ox(t, bnodes) for t in triple)
            triples[(s, p, o)] = None  # type: ignore[index]
        made.append(_as_stated(list(triples), stated))
    return made


def _as_stated(made: list[Triple], stated: Iterable[Triple]) -> list[Triple]:
    """``made`` with each literal as the scope states it: the store keeps a valid typed literal
    in its canonical form (``"1.0"^^xsd:decimal`` as ``"1"``, ``"1"^^xsd:boolean`` as
    ``"true"``); the report and the register must see the input's own."""
    wanted = {(s, p) for s, p, o in made if isinstance(o, Literal)}
    if not wanted:
        return made
    given: dict[tuple[Node, Node], list[Literal]] = {}
    for s, p, o in stated:
        if isinstance(o, Literal) and (s, p) in wanted:
            given.setdefault((s, p), []).append(o)
    kept: dict[Triple, None] = {}
    for s, p, o in made:
        found: list[Node] = [
            original
            for original in (given.get((s, p), ()) if isinstance(o, Literal) else ())
            if original == o or _same_value(original, o)  # type: ignore[arg-type]
        ]
        for stated_term in found or [o]:
            kept[(s, p, stated_term)] = None
    return list(kept)


def _same_value(stated: Literal, canonical: Literal) -> bool:
    if stated.datatype != canonical.datatype or stated.language != canonical.language:
        return False
    try:
        return bool(stated.eq(canonical))
    except (TypeError, ValueError):
        return False


def _focused(scoped: ScopedStore, compiler: Compiler) -> frozenset[int] | None:
    """The scopes in which a declined shape has a focus node: a shape with none there has
    nothing to judge (pySHACL on the register's GROUP BY shapes was a sixth of one
    dossier's run, most of it copying the ontology for a scope without a party)."""
    if set(compiler.declined) - set(compiler.declined_targets):
        return None
    found: set[int] = set()
    for targets in compiler.declined_targets.values():
        query = f"SELECT DISTINCT ?{GRAPH_VAR} WHERE {{ {targets} }}"
        for row in scoped.store.query(query):  # type: ignore[union-attr]
            found.add(scoped.graph_index(row[0].value))
    return frozenset(found)
