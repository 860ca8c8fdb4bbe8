"""rdflib's SPARQL algebra as JSON and back, so that a parsed query can be kept between runs.

rdflib's parser (pyparsing) takes a fifth of a second per SHACL-SPARQL constraint; the fast
engine (:mod:`sourcing_kg.validation.fast`) keeps the algebra of each constraint in the per-user
cache (:mod:`sourcing_kg.io.user_cache`) in this form. JSON, not pickle: decoding builds only the
node types listed here (rdflib terms, paths, ``CompValue``/``Expr`` nodes, lists, tuples, sets,
dicts), checks every name that the rewrite writes back into SPARQL text (variables, operators,
path modifiers, node names), and refuses anything else with :class:`ValueError`.

A decoded expression (``Expr``) has no evaluation function: the algebra is for rewriting into
SPARQL text (:mod:`sourcing_kg.validation.sparql_scoped`), not for rdflib's evaluator.

Example:
    >>> from rdflib.plugins.sparql.algebra import translateQuery
    >>> from rdflib.plugins.sparql.parser import parseQuery
    >>> algebra = translateQuery(parseQuery("SELECT ?x WHERE { ?x a ?y }")).algebra
    >>> data = to_json(algebra)
    >>> to_json(from_json(data)) == data
    True
    >>> from_json(data).p.p.triples[0][0]
    rdflib.term.Variable('x')
"""

from __future__ import annotations

import re
from typing import Any

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql.parserutils import CompValue, Expr

#: The version of this encoding; part of every cache key that holds it.
FORMAT = 1

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
#: SPARQL's VARNAME (a variable's name is written back as ``?name``).
_VARNAME = re.compile(r"[\w\u00B7\u0300-\u036F\u203F-\u2040]+")
#: What an ``op`` of an expression may be (it is written back as it is).
_OPERATORS = frozenset({"=", "!=", "<", ">", "<=", ">=", "IN", "NOT IN", "+", "-", "*", "/"})
_MODIFIERS = frozenset({"*", "+", "?"})
_DEPTH = 400


def to_json(node: object) -> Any:
    """The JSON form of an algebra (or of any part of one).

    Raises:
        ValueError: the algebra holds a value this encoding does not know.
    """
    if node is None or type(node) in (bool, int, str):  # not a term: those are str too
        return node
    if isinstance(node, Variable):
        return {"v": str(node)}
    if isinstance(node, URIRef):
        return {"u": str(node)}
    if isinstance(node, BNode):
        return {"b": str(node)}
    if isinstance(node, Literal):
        out: dict[str, Any] = {"l": str(node)}
        if node.language:
            out["lang"] = node.language
        if node.datatype is not None:
            out["dt"] = str(node.datatype)
        return out
    if isinstance(node, CompValue):
        if vars(node).get("ctx") is not None:
            raise ValueError("an expression being evaluated")
        # ctx: the bindings of an evaluation, None outside one (rdflib leaves it set)
        attributes = {k: v for k, v in vars(node).items() if k not in ("name", "_evalfn", "ctx")}
        return {
            "c": node.name,
            "expr": isinstance(node, Expr),
            "items": [[k, to_json(v)] for k, v in node.items()],
            "attrs": [[k, to_json(v)] for k, v in attributes.items()],
        }
    if type(node) is list:
        return [to_json(x) for x in node]
    if type(node) is tuple:
        return {"tuple": [to_json(x) for x in node]}
    if isinstance(node, set | frozenset):
        items = [to_json(x) for x in node]
        return {"set": sorted(items, key=repr)}
    if type(node) is dict:
        return {"dict": [[to_json(k), to_json(v)] for k, v in node.items()]}
    if isinstance(node, SequencePath | AlternativePath):
        kind = "seq" if isinstance(node, SequencePath) else "alt"
        return {"path": kind, "args": [to_json(a) for a in node.args]}
    if isinstance(node, InvPath):
        return {"path": "inv", "args": [to_json(node.arg)]}
    if isinstance(node, MulPath):
        return {"path": "mul", "args": [to_json(node.path)], "mod": node.mod}
    if isinstance(node, NegatedPath):
        return {"path": "neg", "args": [to_json(a) for a in node.args]}
    raise ValueError(f"a value of type {type(node).__name__}")


def from_json(data: object) -> Any:
    """The algebra :func:`to_json` wrote (see the module).

    Raises:
        ValueError: ``data`` is not such an encoding (a corrupted or foreign cache entry).
    """
    return _decode(data, 0, None)


def _text(value: object, pattern: re.Pattern[str] | None = None) -> str:
    if type(value) is not str or (pattern is not None and not pattern.fullmatch(value)):
        raise ValueError(f"not a valid name: {value!r}")
    return value


def _pairs(value: object) -> list[tuple[object, object]]:
    if type(value) is not list or any(type(p) is not list or len(p) != 2 for p in value):
        raise ValueError("not a list of pairs")
    return [(p[0], p[1]) for p in value]


def _decode(data: object, depth: int, key: str | None) -> Any:
    if depth > _DEPTH:
        raise ValueError("nested too deeply")
    if data is None or type(data) in (bool, int):
        return data
    if type(data) is str:
        if key == "op" and data not in _OPERATORS:
            raise ValueError(f"not a SPARQL operator: {data!r}")
        return data
    if type(data) is list:
        return [_decode(x, depth + 1, key) for x in data]
    if type(data) is not dict:
        raise ValueError(f"unexpected {type(data).__name__}")
    keys = set(data)
    if keys == {"v"}:
        return Variable(_text(data["v"], _VARNAME))
    if keys == {"u"}:
        return URIRef(_text(data["u"]))
    if keys == {"b"}:
        return BNode(_text(data["b"], _VARNAME))
    if "l" in keys and keys <= {"l", "lang", "dt"}:
        lang = _text(data["lang"]) if "lang" in data else None
        datatype = URIRef(_text(data["dt"])) if "dt" in data else None
        return Literal(_text(data["l"]), lang=lang, datatype=datatype)
    if keys == {"c", "expr", "items", "attrs"}:
        name = _text(data["c"], _NAME)
        node = Expr(name) if data["expr"] is True else CompValue(name)
        for k, v in _pairs(data["items"]):
            node[_text(k, _NAME)] = _decode(v, depth + 1, str(k))
        for k, v in _pairs(data["attrs"]):
            if _text(k, _NAME) in ("name", "_evalfn", "ctx"):
                raise ValueError(f"attribute {k!r}")
            setattr(node, str(k), _decode(v, depth + 1, str(k)))
        return node
    if keys == {"tuple"} and type(data["tuple"]) is list:
        return tuple(_decode(data["tuple"], depth + 1, key))
    if keys == {"set"} and type(data["set"]) is list:
        return set(_decode(data["set"], depth + 1, key))
    if keys == {"dict"}:
        return {
            _decode(k, depth + 1, None): _decode(v, depth + 1, None)
            for k, v in _pairs(data["dict"])
        }
    if "path" in keys and keys <= {"path", "args", "mod"}:
        args = _decode(data.get("args"), depth + 1, None)
        if type(args) is not list or not args:
            raise ValueError("a path without steps")
        kind = data["path"]
        if kind == "seq":
            return SequencePath(*args)
        if kind == "alt":
            return AlternativePath(*args)
        if kind == "inv" and len(args) == 1:
            return InvPath(args[0])
        if kind == "mul" and len(args) == 1 and data.get("mod") in _MODIFIERS:
            return MulPath(args[0], data["mod"])
        if kind == "neg":
            return NegatedPath(AlternativePath(*args) if len(args) > 1 else args[0])
    raise ValueError(f"not an algebra node: {sorted(keys)}")
