"""Every shape proven (issue 8): each node shape and each property shape of the project's
dossier and register shapes fires in some fixture and stays silent in another fixture of the
same rule (a ``*-passes*`` / ``*-goed*`` snippet), not only each rule id.

A property shape is named by its node shape and its path (blank nodes differ per load); a node
shape fires when one of its SPARQL constraints or property shapes does.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path

from rdflib import BNode, Graph
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_corpus
from sourcing_kg.validation.scope import read_corpus
from sourcing_kg.validation.shapes import Shapes, load_shapes

FIXTURES = Path(__file__).resolve().parent / "fixtures"
FILES = sorted((FIXTURES / "shapes").glob("*.ttl")) + sorted(
    (FIXTURES / "register" / "shapes").glob("*.ttl")
)
SILENT = ("-passes", "-goed")
#: Shapes proven elsewhere, with the reason: they need an evidence root (--evidence-root).
ELSEWHERE = {"BEWIJS": "tests/test_evidence.py runs them with an evidence root"}
Key = tuple[str, str]


@cache
def _shapes() -> Shapes:
    return load_shapes()


def _graph() -> Graph:
    shapes = _shapes()
    return shapes.dossier + shapes.register


def _key(graph: Graph, shape: Node) -> list[Key]:
    """The node shape (and, for a property shape, the property shape) a result comes from."""
    if isinstance(shape, BNode):
        parents = list(graph.subjects(SH.property, shape))
        if parents:
            path = str(graph.value(shape, SH.path))
            return [(str(parents[0]), ""), (str(parents[0]), path)]
    return [(str(shape), "")]


def _all_shapes(graph: Graph) -> set[Key]:
    keys: set[Key] = set()
    for shape in set(graph.subjects(RDF.type, SH.NodeShape)):
        props = list(graph.objects(shape, SH.property))
        reports = (shape, SK.regelId, None) in graph or any(
            (p, SK.regelId, None) in graph for p in props
        )
        if (shape, SH.deactivated, None) in graph or not reports:
            continue  # a shape that only serves another (sh:node), or describes a Python check
        if any(str(shape).rsplit("#", 1)[-1].startswith(prefix) for prefix in ELSEWHERE):
            continue
        keys.add((str(shape), ""))
        for prop in props:
            keys.add((str(shape), str(graph.value(prop, SH.path))))
    return keys


@cache
def _fired() -> dict[str, set[Key]]:
    graph = _graph()
    fired: dict[str, set[Key]] = {}
    for path in FILES:
        report = validate_corpus(
            read_corpus([path]), as_of=date(2026, 6, 1), policy=load_policy(), shapes=_shapes()
        )
        fired[path.name] = {k for f in report.findings for k in _key(graph, f.source_shape)}
    return fired


def _rule(graph: Graph, key: Key) -> str:
    shape = next(s for s in graph.subjects() if str(s) == key[0])
    rule = graph.value(shape, SK.regelId)
    for prop in graph.objects(shape, SH.property):
        rule = rule or graph.value(prop, SK.regelId)
    return str(rule)


def _fixtures_of(rule: str) -> list[str]:
    """The silent fixtures of a rule: ``<rule>-passes*.ttl``; the register identifiers' shapes
    share ``identificatie-goed.ttl``."""
    prefix = "identificatie-" if rule.startswith("reg-") else rule + "-"
    return [n for n in _fired() if n.startswith(prefix) and any(m in n for m in SILENT)]


def test_every_shape_fires_somewhere() -> None:
    fired = set().union(*_fired().values())
    never = sorted(_all_shapes(_graph()) - fired)
    assert never == []


def test_every_shape_is_silent_in_a_fixture_of_its_rule() -> None:
    graph = _graph()
    noisy = []
    for key in sorted(_all_shapes(graph)):
        silent_files = _fixtures_of(_rule(graph, key).lower())
        if not silent_files or any(key in _fired()[name] for name in silent_files):
            noisy.append((key, silent_files))
    assert noisy == []


def test_there_are_many_shapes() -> None:
    assert len(_all_shapes(_graph())) > 48
