"""SPARQL over many scopes at once: a query written for one graph, rewritten for a dataset.

The fast engine (:mod:`sourcing_kg.validation.fast`) keeps every dossier scope in its own named
graph of one Oxigraph store, and what every scope shares (the ontology, the control context)
once, in :data:`SHARED`. A query written for one merged graph (a SHACL-SPARQL constraint, or a
pattern compiled from a core constraint) is rewritten so that every triple pattern matches in
the scope graph ``?sk__g`` of the row, in the shared graph, or in either, chosen by where its
predicate occurs (:class:`Router`): one query then judges every scope, and no scope sees another.

The rewrite works on rdflib's SPARQL algebra and writes SPARQL text back. What it cannot
rewrite faithfully raises :class:`Unsupported` (the caller falls back to pySHACL): aggregates,
subqueries, named graphs, ``SERVICE``, a ``*`` or ``+`` path over a predicate that occurs both in
scopes and in the shared graph.

``$this`` is pre-bound in SHACL (substitution). The rewrite joins the targets (``?sk__g``,
``?this``) into every filter, ``BIND`` and ``OPTIONAL`` condition whose input does not bind both
for certain (e.g. a ``UNION`` branch with ``FILTER NOT EXISTS { $this ... }``): a plain join
would evaluate such a filter with ``$this`` unbound.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import RDF, RDFS
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateGroupGraphPattern
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Node

#: The named graph that holds what every scope shares (ontology, control context).
SHARED = "urn:sourcing-kg:engine:shared"
#: The named graph that lists the scope graphs (``<g> a <urn:sourcing-kg:engine:Scope>``).
SCOPES = "urn:sourcing-kg:engine:scopes"
SCOPE_CLASS = "urn:sourcing-kg:engine:Scope"
#: The graph of ``?c <STAR> ?d`` for every class ``?c`` (the shared graph's classes and every
#: ``rdf:type`` object of the store) and every ``?d`` with ``?c rdfs:subClassOf* ?d``: what
#: ``rdf:type/rdfs:subClassOf*`` needs, as one index lookup instead of a path walk per row.
CLOSURE = "urn:sourcing-kg:engine:closure"
STAR = "urn:sourcing-kg:engine:subClassOfStar"
#: The variable that names the scope graph of a row.
GRAPH_VAR = "sk__g"


_SUBCLASS_STAR = MulPath(RDFS.subClassOf, "*")


class Unsupported(Exception):
    """A feature the fast engine does not rewrite; the reference engine runs instead."""


def term(node: Node) -> str:
    """A constant or variable in SPARQL syntax."""
    if isinstance(node, Variable):
        return f"?{node}"
    if isinstance(node, URIRef):
        text = str(node)
        if any(c in text for c in '<>"{}|^`\\ \n'):
            raise Unsupported(f"IRI {text!r} cannot be written in SPARQL")
        return f"<{text}>"
    if isinstance(node, Literal):
        return node.n3()
    raise Unsupported(f"term {node!r}")


@dataclass
class Router:
    """Where each predicate occurs: in scope graphs, in the shared graph, or both."""

    scoped: frozenset[URIRef]
    shared: frozenset[URIRef]
    closure: bool = False
    counter: itertools.count[int] = field(default_factory=itertools.count)

    def fresh(self) -> Variable:
        return Variable(f"sk__v{next(self.counter)}")

    def where(self, predicate: URIRef) -> str:
        """``scope``, ``shared`` or ``both`` (a predicate used nowhere goes to the scope)."""
        in_scope, in_shared = predicate in self.scoped, predicate in self.shared
        if in_scope and in_shared:
            return "both"
        return "shared" if in_shared else "scope"

    def _in(self, where: str, pattern: str) -> tuple[str, bool]:
        scope = f"GRAPH ?{GRAPH_VAR} {{ {pattern} }}"
        shared = f"GRAPH <{SHARED}> {{ {pattern} }}"
        if where == "scope":
            return scope, True
        if where == "shared":
            return shared, False
        return f"{{ {scope} }} UNION {{ {shared} }}", False

    def triple(self, s: Node, p: Node | Path, o: Node) -> tuple[str, bool]:
        """One triple pattern, routed; the flag says whether it binds ``?sk__g`` for certain."""
        s, o = self.var(s), self.var(o)
        if isinstance(p, Variable):
            return self._in("both", f"{term(s)} {term(p)} {term(o)}")
        if isinstance(p, URIRef):
            return self._in(self.where(p), f"{term(s)} {term(p)} {term(o)}")
        if isinstance(p, InvPath):
            return self.triple(o, p.arg, s)
        if isinstance(p, SequencePath):
            parts: list[str] = []
            certain = False
            current: Node = s
            for index, step in enumerate(p.args):
                nxt: Node = o if index == len(p.args) - 1 else self.fresh()
                previous = p.args[index - 1] if index else None
                if previous == RDF.type and self.closure and step == _SUBCLASS_STAR:
                    parts.append(f"GRAPH <{CLOSURE}> {{ {term(current)} <{STAR}> {term(nxt)} }}")
                    current = nxt
                    continue
                text, binds = self.triple(current, step, nxt)
                parts.append(text)
                certain = certain or binds
                current = nxt
            return " ".join(f"{{ {x} }}" for x in parts), certain
        if isinstance(p, AlternativePath):
            branches = [self.triple(s, step, o) for step in p.args]
            text = " UNION ".join(f"{{ {x} }}" for x, _ in branches)
            return text, all(binds for _, binds in branches)
        if isinstance(p, MulPath | NegatedPath):
            places = {self.where(iri) for iri in _iris(p)}
            if len(places) != 1 or "both" in places:
                raise Unsupported(f"path {p.n3()} spans scope and shared facts")
            return self._in(places.pop(), f"{term(s)} {_path_text(p)} {term(o)}")
        raise Unsupported(f"path {p!r}")

    def var(self, node: Node) -> Node:
        """A blank node of a query pattern is a variable."""
        if isinstance(node, BNode):
            return Variable(f"sk__b{node}")
        return node


def _iris(path: Path | URIRef) -> Iterable[URIRef]:
    if isinstance(path, URIRef):
        yield path
    elif isinstance(path, InvPath | MulPath):
        yield from _iris(path.path if isinstance(path, MulPath) else path.arg)
    elif isinstance(path, SequencePath | AlternativePath):
        for arg in path.args:
            yield from _iris(arg)
    elif isinstance(path, NegatedPath):
        for arg in path.args:
            yield arg if isinstance(arg, URIRef) else arg.arg  # type: ignore[attr-defined]
    else:
        raise Unsupported(f"path {path!r}")


def _path_text(path: Path | URIRef) -> str:
    if isinstance(path, URIRef):
        return term(path)
    if isinstance(path, InvPath):
        return f"^({_path_text(path.arg)})"
    if isinstance(path, MulPath):
        return f"({_path_text(path.path)}){path.mod}"
    if isinstance(path, SequencePath):
        return "/".join(f"({_path_text(a)})" for a in path.args)
    if isinstance(path, AlternativePath):
        return "|".join(f"({_path_text(a)})" for a in path.args)
    if isinstance(path, NegatedPath):
        return (
            "!("
            + "|".join(
                term(a) if isinstance(a, URIRef) else f"^{term(a.arg)}"  # type: ignore[attr-defined]
                for a in path.args
            )
            + ")"
        )
    raise Unsupported(f"path {path!r}")


# ----------------------------------------------------------------------------- expressions

_BUILTIN_ARGS: dict[str, tuple[str, ...]] = {
    "REGEX": ("text", "pattern", "flags"),
    "REPLACE": ("arg", "pattern", "replacement", "flags"),
    "SUBSTR": ("arg", "start", "length"),
    "IF": ("arg1", "arg2", "arg3"),
}
_ONE = {
    "STR",
    "LANG",
    "DATATYPE",
    "BOUND",
    "isIRI",
    "isURI",
    "isBLANK",
    "isLITERAL",
    "isNUMERIC",
    "STRLEN",
    "UCASE",
    "LCASE",
    "ABS",
    "CEIL",
    "FLOOR",
    "ROUND",
    "YEAR",
    "MONTH",
    "DAY",
    "HOURS",
    "MINUTES",
    "SECONDS",
    "TIMEZONE",
    "TZ",
    "ENCODE_FOR_URI",
    "IRI",
    "URI",
    "MD5",
    "SHA1",
    "SHA256",
    "SHA384",
    "SHA512",
}
_TWO = {
    "STRSTARTS",
    "STRENDS",
    "CONTAINS",
    "STRBEFORE",
    "STRAFTER",
    "LANGMATCHES",
    "sameTerm",
    "STRDT",
    "STRLANG",
}
_LIST = {"COALESCE", "CONCAT"}


@dataclass
class Emitter:
    """Writes routed SPARQL from rdflib algebra; ``targets`` is the ``{?sk__g ?this}`` table."""

    router: Router
    targets: str
    #: Variables bound when the pattern being written is evaluated (the targets' to start
    #: with): a basic graph pattern starts from them (:meth:`bgp`).
    context: set[str] = field(default_factory=lambda: {"this", GRAPH_VAR})
    #: True while writing the body of a MINUS that :meth:`_as_minus` admitted with filters: the
    #: body binds what its filters read, so the targets are never joined into it.
    _self_contained: bool = False
    #: Variables the row of an enclosing EXISTS binds for certain (substituted in its pattern).
    substituted: set[str] = field(default_factory=set)
    #: While an expression of a group is written (:meth:`_flagged`): the OPTIONALs its EXISTS
    #: became, and what a row of the group may bind.
    _lateral: list[str] | None = None
    _outer: set[str] = field(default_factory=set)

    def _within(self, extra: set[str]) -> set[str]:
        saved = self.context
        self.context = saved | extra
        return saved

    # -- patterns: (text, variables bound for certain)

    def pattern(self, node: CompValue) -> tuple[str, set[str]]:
        name = node.name
        if name == "BGP":
            return self.bgp(node.triples)
        if name == "Join":
            left, lv = self.pattern(node.p1)
            saved = self._within(lv)
            right, rv = self.pattern(node.p2)
            self.context = saved
            return f"{{ {left} }} {{ {right} }}", lv | rv
        if name == "LeftJoin":
            left, lv = self.pattern(node.p1)
            saved = self._within(lv)
            right, rv = self.pattern(node.p2)
            condition = ""
            if not (isinstance(node.expr, CompValue) and node.expr.name == "TrueFilter"):
                right, rv = self._substituted(node.expr, right, rv)
                self._within(rv)
                condition = f" FILTER ({self._condition(node.expr, rv)})"
            self.context = saved
            return f"{{ {left} }} OPTIONAL {{ {{ {right} }}{condition} }}", lv
        if name == "Filter":
            return self.filter(node)
        if name == "Extend":
            inner, iv = self.pattern(node.p)
            outer = self._outer_of(node) | self.substituted
            inner, iv = self._substituted(node.expr, inner, iv)
            saved = self._within(iv)
            expression, flags = self._flagged(node.expr, iv, outer)
            self.context = saved
            inner = " ".join([f"{{ {self._beside_targets(inner, flags)} }}", *flags])
            return f"{{ {inner} }} BIND ({expression} AS ?{node.var})", iv | {str(node.var)}
        if name == "Union":
            left, lv = self.pattern(node.p1)
            right, rv = self.pattern(node.p2)
            return f"{{ {left} }} UNION {{ {right} }}", lv & rv
        if name == "Minus":
            left, lv = self.pattern(node.p1)
            right, _ = self.pattern(node.p2)
            if "this" in _variables(node.p2):
                raise Unsupported("MINUS with $this")
            return f"{{ {left} }} MINUS {{ {right} }}", lv
        if name == "ToMultiSet" and node.p.name == "values":
            return self.values(node.p.res)
        raise Unsupported(f"SPARQL algebra {name}")

    def filter(self, node: CompValue) -> tuple[str, set[str]]:
        """A FILTER; each ``NOT EXISTS { P }`` conjunct that :meth:`_as_minus` admits becomes
        ``MINUS { P }``: the same rows, evaluated once for all rows instead of once per row."""
        inner, iv = self.pattern(node.p)
        outer = self._outer_of(node)
        conjuncts = _conjuncts(node.expr)
        minus = [c for c in conjuncts if self._as_minus(c, iv | {"this", GRAPH_VAR}, outer)]
        rest = [c for c in conjuncts if not any(c is m for m in minus)]
        if rest:
            inner, iv = self._substituted(rest, inner, iv)
        if minus and not self._self_contained:
            inner, iv = self._substituted(minus, inner, iv)
        saved = self._within(iv)
        conditions, flags = [], []
        for conjunct in rest:
            condition, optionals = self._flagged(conjunct, iv, outer | self.substituted)
            conditions.append(condition)
            flags += optionals
        inner = self._beside_targets(inner, flags)
        text = " ".join([f"{{ {inner} }}", *flags, *(f"FILTER ({c})" for c in conditions)])
        for conjunct in minus:
            graph = _exists_graph(conjunct)  # type: ignore[arg-type]
            contained, self._self_contained = self._self_contained, not _triples_only(graph)
            body, _ = self.pattern(graph)
            self._self_contained = contained
            text = f"{{ {text} }} MINUS {{ {body} }}"
        self.context = saved
        return text, iv

    def _as_minus(self, expr: object, bound: set[str], outer: set[str]) -> bool:
        """Whether ``FILTER NOT EXISTS { P }`` may be written ``MINUS { P }``.

        P is triple patterns, possibly with filters of its own. MINUS evaluates P without the
        row's bindings, NOT EXISTS with them substituted; the two agree when P shares a
        variable the row binds for certain (else MINUS removes nothing), and when every
        variable P's filters use besides its triples' own is one no row binds (else NOT EXISTS
        would have substituted it), ``?sk__g`` included: a filter of P that reads the scope
        needs P's triples to bind the scope graph.
        """
        if not (isinstance(expr, CompValue) and expr.name == "Builtin_NOTEXISTS"):
            return False
        graph = _exists_graph(expr)
        peeled = _peeled(graph)
        if peeled is None:
            return False
        core, filters = peeled
        if filters:
            local = _variables(graph) - _variables(core)
            if local & outer:
                return False
            if self._reads_scope(graph) and not self._scoped(core):
                return False
        variables = _variables(core)
        return bool(variables & (bound - {GRAPH_VAR})) or (
            GRAPH_VAR in bound and self._scoped(core)
        )

    def _reads_scope(self, graph: CompValue) -> bool:
        """Some triple of ``graph`` (nested patterns included) may match in a scope graph."""
        return any(
            not isinstance(p, URIRef) or self.router.where(p) != "shared"
            for p in _predicates(graph)
        )

    def _scoped(self, graph: CompValue) -> bool:
        """Some triple of ``graph`` goes to the scope graph only (so it shares ``?sk__g``)."""
        return any(
            isinstance(p, URIRef) and self.router.where(p) == "scope" for p in _predicates(graph)
        )

    def _condition(self, expr: object, bound: set[str]) -> str:
        """An expression evaluated on rows that bind ``bound`` for certain: inside its EXISTS
        patterns those variables are substituted (SPARQL 1.1 §18.6), so they need no join."""
        saved = self.substituted
        self.substituted = saved | bound
        try:
            return self.expr(expr)
        finally:
            self.substituted = saved

    def _flagged(self, expr: object, bound: set[str], outer: set[str]) -> tuple[str, list[str]]:
        """An expression on the rows of a group, with each ``EXISTS { P }`` that
        :meth:`_as_optional` takes written as ``BOUND`` of a flag that an ``OPTIONAL`` (returned,
        for the group) sets. ``outer`` is what a row of the group may bind."""
        saved = self._lateral, self._outer
        self._lateral, self._outer = [], outer
        try:
            return self._condition(expr, bound), self._lateral
        finally:
            self._lateral, self._outer = saved

    def _outer_of(self, node: CompValue) -> set[str]:
        """What a solution of the group under a FILTER or BIND may bind (``node.p``'s
        variables, an over-approximation); only needed, and only walked, where its expression
        holds an EXISTS (walking every group made compiling quadratic in the nesting)."""
        if not _has_exists(node.expr):
            return {"this", GRAPH_VAR}
        return _variables(node.p) | {"this", GRAPH_VAR}

    def _beside_targets(self, inner: str, flags: list[str]) -> str:
        """``inner`` with the targets joined in, when OPTIONALs from EXISTS follow it in its
        group (outside a MINUS or an EXISTS, which must not bind them): Oxigraph plans an
        OPTIONAL from what its own group binds, not from the join the group is part of
        (P2.13 on 1,000 dossiers: 10 s with the targets outside, 0.02 s with them inside)."""
        if not flags or self._self_contained or self.substituted:
            return inner
        return f"{{ {self.targets} }} {{ {inner} }}"

    def _as_optional(self, node: CompValue) -> str | None:
        """``EXISTS { P }`` as ``OPTIONAL { P BIND (true AS ?flag) }``, if P is triple patterns
        with filters: the flag is bound exactly when P matches the row, since the filters of an
        OPTIONAL are evaluated on the row merged with P's match (SPARQL 1.1 §18.2.2.6), as
        substitution would, and P's own variables are renamed so that no row binds them.
        Oxigraph plans an OPTIONAL from the row's bindings; an EXISTS with several patterns it
        plans without them, and scans them once per row (oxigraph/oxigraph#1951).
        Returns the flag, or None to keep the EXISTS."""
        lateral, outer = self._lateral, self._outer
        if lateral is None:
            return None
        graph = _exists_graph(node)
        if _peeled(graph) is None:
            return None
        renaming = {v: f"sk__l{next(self.router.counter)}" for v in _variables(graph) - outer}
        renamed = _peeled(_renamed(graph, renaming))
        assert renamed is not None  # renaming keeps the form
        graph, filters = renamed
        self._lateral = None  # an EXISTS inside P's filters stays one: it may read P's row
        try:
            body, bound = self.pattern(graph)
            conditions = [self._condition(f, self.substituted | bound) for f in filters]
        finally:
            self._lateral = lateral
        flag = f"?sk__e{next(self.router.counter)}"
        tail = "".join(f" FILTER ({c})" for c in conditions)
        lateral.append(f"OPTIONAL {{ {body} BIND (true AS {flag}){tail} }}")
        return flag

    def _substituted(self, expr: object, inner: str, bound: set[str]) -> tuple[str, set[str]]:
        """Join the targets in where a condition needs ``$this`` (or a scope) it lacks: not
        inside an EXISTS whose row binds them (:meth:`_condition`). A join there would put
        the targets' subquery in the EXISTS, evaluated again for every row."""
        needs = _mentions_this(expr) or _has_exists(expr)
        have = bound | self.substituted
        if needs and not {"this", GRAPH_VAR} <= have and not self._self_contained:
            return f"{{ {self.targets} }} {{ {inner} }}", bound | {"this", GRAPH_VAR}
        return inner, bound

    def bgp(self, triples: Sequence[tuple[Node, Node, Node]]) -> tuple[str, set[str]]:
        """The triples joined in an order that starts from what is bound (Oxigraph evaluates
        in the written order: a shared-graph pattern with nothing bound scans the ontology)."""
        parts: list[str] = []
        bound: set[str] = set()
        for s, p, o in self._ordered(triples):
            text, binds = self.router.triple(s, p, o)
            parts.append(f"{{ {text} }}")
            for node in (s, p, o):
                node = self.router.var(node) if isinstance(node, BNode) else node
                if isinstance(node, Variable):
                    bound.add(str(node))
            if binds:
                bound.add(GRAPH_VAR)
        return " ".join(parts), bound

    def _ordered(self, triples: Sequence[tuple[Node, Node, Node]]) -> list[tuple[Node, Node, Node]]:
        known = set(self.context)
        left = list(triples)
        ordered = []

        def fixed(node: Node) -> bool:
            node = self.router.var(node)
            return not isinstance(node, Variable) or str(node) in known

        def score(triple: tuple[Node, Node, Node]) -> int:
            s, p, o = triple
            local = isinstance(p, URIRef) and self.router.where(p) == "scope"
            return 4 * fixed(s) + 2 * fixed(o) + local

        while left:
            best = max(range(len(left)), key=lambda i: (score(left[i]), -i))
            triple = left.pop(best)
            ordered.append(triple)
            for node in triple:
                node = self.router.var(node)
                if isinstance(node, Variable):
                    known.add(str(node))
        return ordered

    def values(self, rows: list[dict[Variable, Node]]) -> tuple[str, set[str]]:
        names = sorted({v for row in rows for v in row}, key=str)
        body = " ".join(
            "(" + " ".join(term(row[v]) if v in row else "UNDEF" for v in names) + ")"
            for row in rows
        )
        return f"VALUES ({' '.join(term(v) for v in names)}) {{ {body} }}", set()

    # -- expressions

    def expr(self, node: object) -> str:
        if isinstance(node, (Variable, URIRef, Literal)):
            return term(node)
        if isinstance(node, BNode):
            return term(self.router.var(node))
        if not isinstance(node, CompValue):
            raise Unsupported(f"expression {node!r}")
        name = node.name
        if name == "RelationalExpression":
            op = node.op
            if op in ("IN", "NOT IN"):
                items = ", ".join(self.expr(x) for x in node.other)
                return f"({self.expr(node.expr)} {op} ({items}))"
            return f"({self.expr(node.expr)} {op} {self.expr(node.other)})"
        if name in ("ConditionalAndExpression", "ConditionalOrExpression"):
            op = " && " if name == "ConditionalAndExpression" else " || "
            return "(" + op.join(self.expr(x) for x in [node.expr, *(node.other or [])]) + ")"
        if name in ("AdditiveExpression", "MultiplicativeExpression"):
            text = self.expr(node.expr)
            for op, other in zip(node.op or [], node.other or [], strict=True):
                text = f"({text} {op} {self.expr(other)})"
            return text
        if name == "UnaryNot":
            return f"(!{self.expr(node.expr)})"
        if name == "UnaryMinus":
            return f"(-{self.expr(node.expr)})"
        if name == "UnaryPlus":
            return f"(+{self.expr(node.expr)})"
        if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
            flag = self._as_optional(node)
            if flag is not None:
                return f"BOUND({flag})" if name == "Builtin_EXISTS" else f"(!BOUND({flag}))"
            inner, _ = self.pattern(_exists_graph(node))
            word = "EXISTS" if name == "Builtin_EXISTS" else "NOT EXISTS"
            return f"{word} {{ {inner} }}"
        if name == "Function":
            args = ", ".join(self.expr(x) for x in node.expr or [])
            if node.get("distinct"):
                raise Unsupported("DISTINCT in a function call")
            return f"{term(node.iri)}({args})"
        if name.startswith("Builtin_"):
            return self.builtin(name.removeprefix("Builtin_"), node)
        raise Unsupported(f"expression {name}")

    def builtin(self, fn: str, node: CompValue) -> str:
        if fn in _BUILTIN_ARGS:
            args = [dict.get(node, k) for k in _BUILTIN_ARGS[fn]]  # CompValue.get differs
            while args and args[-1] is None:
                args.pop()
            return f"{fn}({', '.join(self.expr(a) for a in args)})"
        if fn in _ONE:
            return f"{fn}({self.expr(node.arg)})"
        if fn in _TWO:
            return f"{fn}({self.expr(node.arg1)}, {self.expr(node.arg2)})"
        if fn in _LIST:
            return f"{fn}({', '.join(self.expr(a) for a in node.arg)})"
        raise Unsupported(f"SPARQL function {fn}")


def _conjuncts(expr: object) -> list[object]:
    if isinstance(expr, CompValue) and expr.name == "ConditionalAndExpression":
        out: list[object] = []
        for part in [expr.expr, *(expr.other or [])]:
            out += _conjuncts(part)
        return out
    return [expr]


def _exists_graph(expr: CompValue) -> CompValue:
    """The pattern of an EXISTS, translated once and kept in place: rdflib's translation
    takes the FILTERs out of the parse tree it is given, so a second one would lose them."""
    graph = expr.graph
    if isinstance(graph, CompValue) and graph.name == "GroupGraphPatternSub":
        graph = expr["graph"] = translateGroupGraphPattern(graph)
    return graph  # type: ignore[no-any-return]


def _peeled(graph: CompValue) -> tuple[CompValue, list[object]] | None:
    """An EXISTS pattern as its triple patterns and the filters around them, or None when it
    holds anything else (an OPTIONAL, a UNION, a BIND, ...)."""
    filters: list[object] = []
    core = graph
    while isinstance(core, CompValue) and core.name == "Filter":
        filters.append(core.expr)
        core = core.p
    return (core, filters) if _triples_only(core) else None


def _triples_only(node: object) -> bool:
    """A pattern of joined triple patterns (paths allowed): no filter, bind, optional."""
    if not isinstance(node, CompValue):
        return False
    if node.name == "BGP":
        return True
    if node.name == "Join":
        return _triples_only(node.p1) and _triples_only(node.p2)
    return False


def _walk(node: object) -> Iterable[object]:
    yield node
    if isinstance(node, CompValue):
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list | tuple):
        for item in node:
            yield from _walk(item)


def _mentions_this(expr: object) -> bool:
    return any(isinstance(x, Variable) and str(x) == "this" for x in _walk(expr))


def _has_exists(expr: object) -> bool:
    return any(
        isinstance(x, CompValue) and x.name in ("Builtin_EXISTS", "Builtin_NOTEXISTS")
        for x in _walk(expr)
    )


def _predicates(graph: object) -> Iterator[object]:
    """The predicates of every triple pattern in ``graph``, nested patterns included (a nested
    EXISTS is still parser output: a TriplesBlock's triples are s p o (p o)*, a BGP's s p o)."""
    for x in _walk(graph):
        if isinstance(x, CompValue) and x.name in ("BGP", "TriplesBlock"):
            for triple in x.triples:
                yield from list(triple)[1::2]


def _variables(node: object) -> set[str]:
    return {str(x) for x in _walk(node) if isinstance(x, Variable)}


def _renamed(node: Any, renaming: dict[str, str]) -> Any:
    """A copy of algebra ``node`` with variables renamed (the original is left alone)."""
    if isinstance(node, Variable):
        return Variable(renaming.get(str(node), str(node)))
    if isinstance(node, CompValue):
        copy = CompValue(node.name)
        for key, value in node.items():
            copy[key] = _renamed(value, renaming)
        for key, value in vars(node).items():  # rdflib keeps a translated EXISTS pattern as
            if key != "name":  # an attribute, which shadows the item of the same name
                setattr(copy, key, _renamed(value, renaming))
        return copy
    if isinstance(node, list):
        return [_renamed(x, renaming) for x in node]
    if isinstance(node, tuple):
        return tuple(_renamed(x, renaming) for x in node)
    if isinstance(node, set | frozenset):
        return {_renamed(x, renaming) for x in node}
    return node


@dataclass(frozen=True)
class ScopedSelect:
    """A SELECT rewritten for all scopes: its text and the variables of its rows."""

    text: str
    variables: tuple[str, ...]


def rewrite_select(
    algebra: CompValue,
    *,
    router: Router,
    targets: str,
    extra_check: Callable[[], None] = lambda: None,
) -> ScopedSelect:
    """A SHACL-SPARQL SELECT (rdflib algebra, ``$this`` pre-bound) for every scope at once.

    The result rows carry ``?sk__g`` and ``?this`` besides the query's own projection, and are
    DISTINCT: pySHACL drops repeated solutions of one focus node too.
    """
    extra_check()
    if algebra.name != "SelectQuery":
        raise Unsupported("only SELECT constraints")
    if algebra.get("datasetClause"):
        raise Unsupported("FROM in a constraint")
    node = algebra.p
    projection: list[Variable] = list(algebra.PV)
    while node.name in ("Distinct", "Reduced", "Project"):
        node = node.p
    names = [GRAPH_VAR, "this", *(str(v) for v in projection if str(v) not in ("this", GRAPH_VAR))]
    select = " ".join(f"?{n}" for n in names)
    grouped = _grouped(node, router=router, targets=targets)
    if grouped is not None:
        return ScopedSelect(f"SELECT DISTINCT {select} WHERE {{ {grouped} }}", tuple(names))
    if node.name in ("OrderBy", "Slice", "Group", "AggregateJoin"):
        raise Unsupported(f"SPARQL {node.name} in a constraint")
    emitter = Emitter(router, targets)
    body, _ = emitter.pattern(node)
    text = f"SELECT DISTINCT {select} WHERE {{ {{ {targets} }} {{ {body} }} }}"
    return ScopedSelect(text, tuple(names))


def _has_a_value(expr: object, bound: set[str]) -> bool:
    """Whether ``expr`` has a value in every row: a variable bound for certain, or its STR."""
    if isinstance(expr, Variable):
        return str(expr) in bound
    if isinstance(expr, CompValue) and expr.name == "Builtin_STR":
        return _has_a_value(expr.arg, bound)
    return False


#: What rdflib makes of an aggregate over no value. Not here, so declined (pySHACL judges
#: them): MIN and MAX, which rdflib binds to Python's None (a message reads "None"), and
#: SAMPLE, which fails in rdflib itself.
_EMPTY = {"GROUP_CONCAT": '""', "SUM": "0"}
#: SPARQL's aggregates by the name of their rdflib algebra node
_AGGREGATES = {
    "Aggregate_Count": "COUNT",
    "Aggregate_Sum": "SUM",
    "Aggregate_Avg": "AVG",
    "Aggregate_Min": "MIN",
    "Aggregate_Max": "MAX",
    "Aggregate_Sample": "SAMPLE",
    "Aggregate_GroupConcat": "GROUP_CONCAT",
}


def _grouped(node: CompValue, *, router: Router, targets: str) -> str | None:
    """A ``GROUP BY`` query's body (aggregates bound by name, no ``HAVING``) as a sub-SELECT
    grouped by the scope and the focus node besides its own keys: pySHACL runs the query once
    per focus node, so its groups never span two (nor, here, two scopes). None when ``node``
    is no aggregation.

    rdflib writes ``(MIN(?x) AS ?y)`` as ``Extend(?y := ?__agg_1__)`` over an
    ``AggregateJoin`` of ``Aggregate_Min(?x) -> ?__agg_1__``, and every projected key as a
    ``SAMPLE`` of itself.
    """
    named: dict[str, str] = {}  # the aggregate's own variable -> the name the query gives it
    while node.name == "Extend" and isinstance(node.expr, Variable):
        if not str(node.expr).startswith("__agg_"):
            return None
        named[str(node.expr)] = str(node.var)
        node = node.p
    if node.name != "AggregateJoin":
        return None
    group = node.p
    if group.name != "Group":
        raise Unsupported(f"SPARQL {group.name} under an aggregation")
    keys = [str(k) for k in group.expr or []]
    if any(not isinstance(k, Variable) for k in group.expr or []):
        raise Unsupported("GROUP BY an expression")
    emitter = Emitter(router, targets)
    body, bound = emitter.pattern(group.p)
    if not set(keys) <= bound:
        raise Unsupported("GROUP BY a variable that may be unbound")
    by = " ".join(f"?{k}" for k in dict.fromkeys([GRAPH_VAR, "this", *keys]))
    where = f"{{ {targets} }} {{ {body} }}"
    columns: list[str] = []  # aggregates of the groups' rows
    apart: list[str] = []  # aggregates of the rows where their argument has a value
    for number, aggregate in enumerate(node.A):
        if aggregate.name == "Aggregate_Sample" and str(aggregate.vars) in keys:
            continue  # a key, projected as itself
        name = named.get(str(aggregate.res))
        function = _AGGREGATES.get(aggregate.name)
        if name is None or function is None:  # e.g. an aggregate in HAVING
            raise Unsupported(f"SPARQL {aggregate.name} not bound to a projected name")
        distinct = "DISTINCT " if dict.get(aggregate, "distinct") == "DISTINCT" else ""
        separator = dict.get(aggregate, "separator")  # GROUP_CONCAT's; CompValue.get differs
        tail = f"; separator={term(Literal(str(separator)))}" if separator is not None else ""
        argument = aggregate.vars
        if str(argument) == "*" or function == "COUNT" or _has_a_value(argument, bound):
            text = "*" if str(argument) == "*" else emitter.expr(argument)
            columns.append(f"({function}({distinct}{text}{tail}) AS ?{name})")
            continue
        # rdflib leaves out a value that is unbound or an error, the standard fails the whole
        # aggregate: the values are aggregated apart, where they have one
        if function not in _EMPTY:
            raise Unsupported(f"SPARQL {function} of a value that may be unbound")
        value, made = f"sk__a{number}", f"sk__m{number}"
        apart.append(
            f"OPTIONAL {{ SELECT {by} ({function}({distinct}?{value}{tail}) AS ?{made}) "
            f"WHERE {{ {where} BIND ({emitter.expr(argument)} AS ?{value}) "
            f"FILTER (BOUND(?{value})) }} GROUP BY {by} }}"
        )
        empty = _EMPTY[function]
        apart.append(f"BIND ({f'COALESCE(?{made}, {empty})' if empty else f'?{made}'} AS ?{name})")
    groups = f"SELECT {by} {' '.join(columns)} WHERE {{ {where} }} GROUP BY {by}"
    return " ".join([f"{{ {groups} }}", *apart])
