"""Validation of dossiers and registers with pySHACL, into the common report model.

All input files are parsed (each safely, see :mod:`sourcing_kg.loading`), merged into one
data graph together with the policy's control context, and validated once against the
project's shapes (plus a user's explicit ``--shapes``) with the ontology mixed in. Each
finding is then attributed to the file and the dossier its focus node came from.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.errors import InputError
from sourcing_kg.loading import iter_rdf_files, parse_file, parse_project_turtle
from sourcing_kg.namespaces import SK
from sourcing_kg.ontology import ontology_graph
from sourcing_kg.policy import Policy, context_graph
from sourcing_kg.report import Finding, Report, Severity
from sourcing_kg.resources import dossier_shape_files

Inference = TypingLiteral["none", "rdfs", "owlrl", "both"]

_SEVERITIES = {SH.Violation: Severity.VIOLATION, SH.Warning: Severity.WARNING, SH.Info: Severity.INFO}


def node_text(node: Node) -> str:
    """How a node is named in reports: the IRI, or ``_:id`` for a blank node."""
    return f"_:{node}" if isinstance(node, BNode) else str(node)


def load_shapes(extra: Sequence[Path] = ()) -> Graph:
    """The project's dossier shapes plus a user's explicit shapes files.

    Raises:
        InputError: a shapes file is unreadable or malformed.
    """
    shapes = parse_project_turtle(dossier_shape_files())
    for path in extra:
        dataset = parse_file(path)
        for triple in dataset.triples((None, None, None)):
            shapes.add(triple)
    return shapes


@dataclass
class _Origin:
    """Where the triples of one input came from: file and (for TriG) named graph."""

    file: str
    graph: str | None


def _collect(paths: Iterable[Path]) -> tuple[Graph, dict[Node, _Origin], list[str]]:
    data = Graph()
    origins: dict[Node, _Origin] = {}
    files: list[str] = []
    for path in iter_rdf_files(paths):
        files.append(str(path))
        dataset = parse_file(path)
        for context in dataset.graphs():
            name = context.identifier
            graph_name = None if name == dataset.default_graph.identifier else str(name)
            for s, p, o in context:
                data.add((s, p, o))
                origins.setdefault(s, _Origin(str(path), graph_name))
    return data, origins, files


def _dossiers_of(data: Graph) -> dict[Node, str]:
    """Each node reachable from a dossier belongs to that dossier (first one wins)."""
    owner: dict[Node, str] = {}
    for dossier in sorted(set(data.subjects(RDF.type, SK.Dossier)), key=str):
        queue: deque[Node] = deque([dossier])
        while queue:
            node = queue.popleft()
            if node in owner:
                continue
            owner[node] = node_text(dossier)
            for _, obj in data.predicate_objects(node):
                if isinstance(obj, (URIRef, BNode)) and (obj, None, None) in data:
                    queue.append(obj)
    return owner


def _annotation(shapes: Graph, result_shape: Node, constraint: Node | None, prop: URIRef) -> list[Node]:
    """``sk:regel`` / ``sk:regelId`` from the constraint, the shape, or its parent node shape."""
    for holder in (constraint, result_shape):
        if holder is not None:
            values = list(shapes.objects(holder, prop))
            if values:
                return values
    for parent in shapes.subjects(SH.property, result_shape):
        values = list(shapes.objects(parent, prop))
        if values:
            return values
    return []


def _tagged_messages(shapes: Graph, holders: Iterable[Node | None]) -> dict[str, str]:
    """The language-tagged ``sh:message`` of the first holder (constraint, shape) that has any."""
    for holder in holders:
        if holder is None:
            continue
        tagged = {
            m.language: str(m)
            for m in shapes.objects(holder, SH.message)
            if isinstance(m, Literal) and m.language
        }
        if tagged:
            return tagged
    return {}


def findings_from_results(results: Graph, shapes: Graph) -> list[Finding]:
    """Turn a SHACL validation report graph into findings (no file attribution yet)."""
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, result) in results:  # nested cause of another result (sh:node)
            continue
        shape = results.value(result, SH.sourceShape)
        constraint = results.value(result, SH.sourceConstraint)
        severity = _SEVERITIES.get(results.value(result, SH.resultSeverity), Severity.VIOLATION)
        messages: dict[str, str] = {}
        for message in results.objects(result, SH.resultMessage):
            if isinstance(message, Literal):
                messages.setdefault(message.language or "", str(message))
        if "" in messages:
            # pySHACL drops the language tag of SPARQL-based messages (it substitutes {?var}
            # into a plain string); the shapes' own nl/en messages are then used as written.
            messages = _tagged_messages(shapes, (constraint, shape)) or messages
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        rule_ids = _annotation(shapes, shape, constraint, SK.regelId)
        findings.append(
            Finding(
                severity=severity,
                focus_node=node_text(results.value(result, SH.focusNode)),
                result_path=node_text(path) if path is not None else None,
                messages=messages,
                source_shape=node_text(shape),
                rules=tuple(sorted(str(r) for r in _annotation(shapes, shape, constraint, SK.regel))),
                rule_id=str(rule_ids[0]) if rule_ids else None,
                value=node_text(value) if value is not None else None,
            )
        )
    return findings


def validate_graph(
    data: Graph,
    *,
    as_of: date,
    policy: Policy,
    shapes: Graph | None = None,
    inference: Inference = "none",
) -> list[Finding]:
    """Validate one data graph (already merged) and return its findings.

    The graph is not modified: the control context and the ontology are added to a copy.
    """
    shapes_graph = shapes if shapes is not None else load_shapes()
    work = Graph()
    for triple in data:
        work.add(triple)
    for triple in context_graph(as_of=as_of, policy=policy):
        work.add(triple)
    # The whole ontology goes into the data graph, not only pySHACL's ``ont_graph`` mix-in:
    # that copies RDFS/OWL axioms only, and the shapes read SKOS data too (sk:volgnummer of
    # phases, sk:gevraagdInRegime of clauses, skos:broader of delivery forms, sk:wijstNaar).
    for triple in ontology_graph():
        work.add(triple)
    try:
        _, results, _ = pyshacl.validate(
            work,
            shacl_graph=shapes_graph,
            inference=inference,
            advanced=True,
            allow_warnings=True,
            allow_infos=True,
            do_owl_imports=False,
        )
    except pyshacl.errors.ShapeLoadError as error:  # an invalid shapes graph is bad input
        raise InputError(f"invalid shapes: {error}") from error
    except pyshacl.errors.ConstraintLoadError as error:
        raise InputError(f"invalid shapes: {error}") from error
    return findings_from_results(results, shapes_graph)


def validate_paths(
    paths: Sequence[Path],
    *,
    as_of: date,
    policy: Policy,
    extra_shapes: Sequence[Path] = (),
    inference: Inference = "none",
) -> Report:
    """Validate files and directories of dossiers; findings carry file and dossier."""
    data, origins, files = _collect(paths)
    shapes = load_shapes(extra_shapes)
    owners = _dossiers_of(data)
    by_text = {node_text(node): origin for node, origin in origins.items()}
    owner_text = {node_text(node): dossier for node, dossier in owners.items()}
    report = Report(files=files)
    for finding in validate_graph(data, as_of=as_of, policy=policy, shapes=shapes, inference=inference):
        origin = by_text.get(finding.focus_node)
        report.findings.append(
            Finding(
                **{
                    **finding.__dict__,
                    "file": origin.file if origin else None,
                    "dossier": owner_text.get(finding.focus_node),
                }
            )
        )
    return report
