"""The shapes a run validates with: the project's dossier and register shapes, and a user's own.

Shapes come only from here: shapes embedded in an input are never used. A user's shapes file is
loaded as pySHACL would load it (with a probe node for every target) before it is used, so that
a defect names its file; SPARQL that could reach outside the process is refused.
"""

from __future__ import annotations

import contextlib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import ShapeSet, shape_files
from sourcing_kg.io.rdf_files import parse_project_turtle, read_quads
from sourcing_kg.sparql.guard import no_graph_loading, refuse_remote_queries


def _probe_data(shapes: Graph) -> Graph:
    """One node for every target, so that pySHACL loads (and checks) every targeted shape."""
    probe = Graph()
    node = URIRef("urn:sourcing-kg:probe")
    for cls in shapes.objects(None, SH.targetClass):
        probe.add((node, RDF.type, cls))
    for shape in shapes.subjects(RDF.type, RDFS.Class):
        probe.add((node, RDF.type, shape))
    for target in shapes.objects(None, SH.targetNode):
        probe.add((target, RDF.type, URIRef("urn:sourcing-kg:Probe")))
    for prop in (
        *shapes.objects(None, SH.targetSubjectsOf),
        *shapes.objects(None, SH.targetObjectsOf),
    ):
        if isinstance(prop, URIRef):
            probe.add((node, prop, node))
    probe.add((node, RDF.type, URIRef("urn:sourcing-kg:Probe")))
    return probe


def refuse_failure(results: object, path: Path | None) -> None:
    """pySHACL reports some invalid shapes (e.g. VALUES in a SPARQL constraint) by *returning*
    the failure instead of a report graph; read as "no results" that would be a silent pass."""
    if not isinstance(results, Graph):
        message = getattr(results, "message", None) or str(results)
        raise InputError(f"invalid shapes: {message}", path=path)


_REFERENCES = (SH.node, SH.property, SH.qualifiedValueShape, SH["not"])
_LIST_REFERENCES = (SH["and"], SH["or"], SH.xone)


def _referenced(shapes: Graph, shape: Node) -> Iterator[Node]:
    for prop in _REFERENCES:
        yield from shapes.objects(shape, prop)
    for prop in _LIST_REFERENCES:
        for head in shapes.objects(shape, prop):
            with contextlib.suppress(Exception):  # a malformed list: pySHACL reports it
                yield from Collection(shapes, head)


def refuse_recursive_shapes(shapes: Graph, *, path: Path | str | None = None) -> None:
    """SHACL leaves recursive shapes undefined; pySHACL stops at a depth and "conforms".

    Raises:
        InputError: a shape reaches itself through sh:node, sh:property, sh:not, sh:and,
            sh:or, sh:xone or sh:qualifiedValueShape (names the shape).
    """
    state: dict[Node, int] = {}  # 1: on the current path, 2: done
    for start in set(shapes.subjects()):
        if start in state:
            continue
        stack: list[tuple[Node, Iterator[Node]]] = [(start, _referenced(shapes, start))]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                state[node] = 2
                stack.pop()
            elif state.get(child) == 1:
                raise InputError(
                    f"recursive shapes are refused: {child.n3(shapes.namespace_manager)} "
                    "refers back to itself",
                    path=path,
                )
            elif child not in state:
                state[child] = 1
                stack.append((child, _referenced(shapes, child)))


def _check_shapes(shapes: Graph, path: Path) -> None:
    """Load the shapes of one file as pySHACL would, so that a defect names its file."""
    refuse_remote_queries(shapes, path=path)
    refuse_recursive_shapes(shapes, path=path)
    import pyshacl  # here, not at the top: a run of the fast engine alone never needs it
    from pyshacl.errors import ReportableRuntimeError

    try:
        with no_graph_loading():
            _, results, _ = pyshacl.validate(
                _probe_data(shapes), shacl_graph=shapes, advanced=True, do_owl_imports=False
            )
    except ReportableRuntimeError as error:
        raise InputError(f"invalid shapes: {error}", path=path) from error
    except Exception as error:
        raise InputError(f"invalid shapes: {type(error).__name__}: {error}", path=path) from error
    refuse_failure(results, path)


@dataclass(frozen=True)
class Shapes:
    """The shapes of one run: dossier scopes get ``dossier``, the register scope ``register``;
    a user's ``--shapes`` go to both, but in the register scope only for what is no dossier
    (the register sees a dossier only as the sourcing overzicht lists it)."""

    dossier: Graph
    register: Graph
    user: Graph

    def for_dossiers(self) -> Graph:
        return self.dossier + self.user if len(self.user) else self.dossier

    def for_register(self) -> Graph:
        return self.register + self.user if len(self.user) else self.register

    def all(self) -> Graph:
        return self.dossier + self.register + self.user


def project_shape_files(name: ShapeSet) -> list[Path]:
    """The project's shapes of one set (a folder below ``shapes/``, with the shared files)."""
    return shape_files(name)


def load_shapes(extra: Sequence[Path] = ()) -> Shapes:
    """The project's dossier and register shapes plus a user's explicit shapes files.

    Raises:
        InputError: a shapes file is unreadable, malformed, not a valid shapes graph, or
            uses SPARQL that could reach outside the process (SERVICE, FROM, LOAD).
    """
    user = Graph()
    for path in extra:
        own = Graph()
        for s, p, o, _ in read_quads(path):
            own.add((s, p, o))
        _check_shapes(own, path)
        user += own
    shapes = Shapes(
        dossier=parse_project_turtle(project_shape_files("dossier")),
        register=parse_project_turtle(project_shape_files("register")),
        user=user,
    )
    if len(user):  # a user's shapes may also close a cycle through the project's own
        refuse_recursive_shapes(shapes.all(), path=", ".join(str(p) for p in extra))
    return shapes


def rules_of(shapes: Graph) -> dict[str, tuple[URIRef, ...]]:
    """Every rule id the shapes enforce, with the rule IRIs named alongside it."""
    rules: dict[str, set[URIRef]] = {}
    for holder, rule_id in shapes.subject_objects(SK.regelId):
        rules.setdefault(str(rule_id), set()).update(
            r for r in shapes.objects(holder, SK.regel) if isinstance(r, URIRef)
        )
    return {rule_id: tuple(sorted(iris)) for rule_id, iris in sorted(rules.items())}


def shapes_subset(shapes: Graph, roots: Iterable[Node]) -> Graph:
    """The shapes ``roots`` with everything they are made of (their constraints, property
    shapes, nested shapes however reached: ``sh:node``, ``sh:not``, ``sh:or`` lists,
    qualified value shapes; the ``sh:prefixes`` declarations they use), to run a few of the
    project's shapes exactly as ``validate`` runs them. A reached shape that is not a root keeps
    no targets (nor the implicit class target of a shape that is also a class), so that it is
    judged only where a root uses it.

    Example:
        >>> dossier = load_shapes().dossier
        >>> part = shapes_subset(dossier, [SKD_H1])
        >>> (SKD_H1, RDF.type, SH.NodeShape) in part, len(part) < len(dossier)
        (True, True)
    """
    chosen = set(roots)
    subset = Graph()
    seen: set[Node] = set()
    queue: deque[Node] = deque(chosen)
    while queue:
        node = queue.popleft()
        if node in seen:
            continue
        seen.add(node)
        for predicate, obj in shapes.predicate_objects(node):
            if node not in chosen and predicate in _TARGETS:
                continue
            subset.add((node, predicate, obj))
            if not isinstance(obj, Literal):
                queue.append(obj)
    for node in seen - chosen:
        if (node, RDF.type, RDFS.Class) in subset and (node, RDF.type, SH.NodeShape) in subset:
            subset.remove((node, RDF.type, RDFS.Class))
    return subset


_TARGETS = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)

SKD_H1 = URIRef("https://w3id.org/sourcing-kg/shapes/dossier#H1-Resultaten")
