"""Validation of dossiers and registers with pySHACL, into the common report model.

All input files are parsed (each safely, see :mod:`sourcing_kg.io.rdf_files`), merged into one
data graph together with the policy's control context, and validated once against the
project's shapes (plus a user's explicit ``--shapes``) with the ontology mixed in. Each
finding is then attributed to the file and the dossier its focus node came from.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal as TypingLiteral

import pyshacl
from pyshacl.errors import ReportableRuntimeError
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import dossier_shape_files
from sourcing_kg.io.rdf_files import FORMATS, iter_rdf_files, parse_project_turtle, read_quads
from sourcing_kg.model.labels import node_text
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy, context_graph
from sourcing_kg.sparql.cache import prepared_queries
from sourcing_kg.sparql.guard import no_graph_loading, refuse_remote_queries
from sourcing_kg.validation.report import Finding, Report, Severity

Inference = TypingLiteral["none", "rdfs", "owlrl", "both"]

_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}


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


def _refuse_failure(results: object, path: Path | None) -> None:
    """pySHACL reports some invalid shapes (e.g. VALUES in a SPARQL constraint) by *returning*
    the failure instead of a report graph; read as "no results" that would be a silent pass."""
    if not isinstance(results, Graph):
        message = getattr(results, "message", None) or str(results)
        raise InputError(f"invalid shapes: {message}", path=path)


def _check_shapes(shapes: Graph, path: Path) -> None:
    """Load the shapes of one file as pySHACL would, so that a defect names its file."""
    refuse_remote_queries(shapes, path=path)
    try:
        with no_graph_loading():
            _, results, _ = pyshacl.validate(
                _probe_data(shapes), shacl_graph=shapes, advanced=True, do_owl_imports=False
            )
    except ReportableRuntimeError as error:
        raise InputError(f"invalid shapes: {error}", path=path) from error
    except Exception as error:
        raise InputError(f"invalid shapes: {type(error).__name__}: {error}", path=path) from error
    _refuse_failure(results, path)


def load_shapes(extra: Sequence[Path] = ()) -> Graph:
    """The project's dossier shapes plus a user's explicit shapes files.

    Shapes come only from here: shapes embedded in a dossier are never used.

    Raises:
        InputError: a shapes file is unreadable, malformed, not a valid shapes graph, or
            uses SPARQL that could reach outside the process (SERVICE, FROM, LOAD).
    """
    shapes = parse_project_turtle(dossier_shape_files())
    for path in extra:
        own = Graph()
        for s, p, o, _ in read_quads(path):
            own.add((s, p, o))
        _check_shapes(own, path)
        shapes += own
    return shapes


@dataclass
class _Origin:
    """Where the triples of one input came from: file and (for TriG) named graph."""

    file: str
    graph: str | None


def _collect(paths: Sequence[Path]) -> tuple[Graph, dict[Node, _Origin], list[str]]:
    data = Graph()
    origins: dict[Node, _Origin] = {}
    files: list[str] = []
    for path in iter_rdf_files(paths):
        files.append(str(path))
        file = str(path)
        for s, p, o, name in read_quads(path):
            data.add((s, p, o))
            if s not in origins:
                origins[s] = _Origin(file, None if name is None else str(name))
    if not files:
        names = ", ".join(str(p) for p in paths)
        raise InputError(
            f"no RDF files found (known extensions: {', '.join(sorted(FORMATS))})", path=names
        )
    return data, origins, files


def _dossiers_of(data: Graph) -> dict[Node, Node]:
    """Each node reachable from a dossier belongs to that dossier (first one wins)."""
    links: dict[Node, list[Node]] = {}
    for subject, _, obj in data:
        links.setdefault(subject, [])
        if isinstance(obj, (URIRef, BNode)):
            links[subject].append(obj)
    owner: dict[Node, Node] = {}
    for dossier in sorted(set(data.subjects(RDF.type, SK.Dossier)), key=str):
        queue: deque[Node] = deque([dossier])
        while queue:
            node = queue.popleft()
            if node in owner:
                continue
            owner[node] = dossier
            queue.extend(n for n in links[node] if n in links)  # only nodes the data describes
    return owner


def _annotation(
    shapes: Graph, result_shape: Node, constraint: Node | None, prop: URIRef
) -> list[Node]:
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


def rules_of(shapes: Graph) -> dict[str, tuple[URIRef, ...]]:
    """Every rule id the shapes enforce, with the rule IRIs named alongside it."""
    rules: dict[str, set[URIRef]] = {}
    for holder, rule_id in shapes.subject_objects(SK.regelId):
        rules.setdefault(str(rule_id), set()).update(
            r for r in shapes.objects(holder, SK.regel) if isinstance(r, URIRef)
        )
    return {rule_id: tuple(sorted(iris)) for rule_id, iris in sorted(rules.items())}


_TEMPLATE_VARIABLE = re.compile(r"\{[?$](\w+)\}")


def _matching(template: str, candidates: list[str]) -> str | None:
    """The candidate that is ``template`` with its ``{?var}`` placeholders filled in."""
    parts = _TEMPLATE_VARIABLE.split(template)
    pattern = "".join(re.escape(p) if i % 2 == 0 else ".*?" for i, p in enumerate(parts))
    for candidate in candidates:
        if re.fullmatch(pattern, candidate, flags=re.S):
            return candidate
    return None


def _substitute(template: str, *, focus: Node, path: Node | None, value: Node | None) -> str:
    """Fill ``{$this}``, ``{?path}`` and ``{?value}`` as SHACL does; leave others as they are."""
    known = {"this": focus, "path": path, "value": value}

    def fill(match: re.Match[str]) -> str:
        node = known.get(match.group(1))
        return node_text(node) if node is not None else match.group(0)

    return _TEMPLATE_VARIABLE.sub(fill, template)


def findings_from_results(results: Graph, shapes: Graph) -> list[Finding]:
    """Turn a SHACL validation report graph into findings (no file attribution yet)."""
    findings = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        if (None, SH.detail, result) in results:  # nested cause of another result (sh:node)
            continue
        shape = results.value(result, SH.sourceShape)
        focus = results.value(result, SH.focusNode)
        if shape is None or focus is None:  # not a well-formed result: nothing to report on
            continue
        constraint = results.value(result, SH.sourceConstraint)
        level = results.value(result, SH.resultSeverity)
        severity = (
            _SEVERITIES.get(level, Severity.VIOLATION)
            if isinstance(level, URIRef)
            else (Severity.VIOLATION)
        )
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        messages: dict[str, str] = {}
        untagged: list[str] = []
        for message in results.objects(result, SH.resultMessage):
            if isinstance(message, Literal):
                if message.language:
                    messages.setdefault(message.language, str(message))
                else:
                    untagged.append(str(message))
        if untagged:  # pySHACL drops the language of SPARQL-based (substituted) messages
            templates = [
                m
                for m in _annotation(shapes, shape, constraint, SH.message)
                if isinstance(m, Literal) and m.language
            ]
            for template in templates:
                text = _matching(str(template), untagged) or _substitute(
                    str(template), focus=focus, path=path, value=value
                )
                messages.setdefault(str(template.language), text)
            if not messages:
                messages[""] = untagged[0]
        rule_ids = _annotation(shapes, shape, constraint, SK.regelId)
        component = results.value(result, SH.sourceConstraintComponent)
        rules = (r for r in _annotation(shapes, shape, constraint, SK.regel))
        findings.append(
            Finding(
                severity=severity,
                focus_node=focus,
                result_path=path,
                messages=messages,
                source_shape=shape,
                source_constraint_component=component if isinstance(component, URIRef) else None,
                rules=tuple(sorted(r for r in rules if isinstance(r, URIRef))),
                rule_id=str(rule_ids[0]) if rule_ids else None,
                value=value,
                path_triples=_path_triples(results, path),
            )
        )
    return findings


def _path_triples(results: Graph, path: Node | None) -> tuple[tuple[Node, Node, Node], ...]:
    """The structure of a complex property path (a blank node), as the report graph holds it."""
    if not isinstance(path, BNode):
        return ()
    return tuple(sorted(results.cbd(path), key=str))


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
    work = Graph()
    for triple in data:
        work.add(triple)
    return _validate_owned(work, as_of=as_of, policy=policy, shapes=shapes, inference=inference)


def _validate_owned(
    work: Graph,
    *,
    as_of: date,
    policy: Policy,
    shapes: Graph | None,
    inference: Inference,
) -> list[Finding]:
    """Validate a graph the caller gives away: context and ontology are added to it in place."""
    shapes_graph = shapes if shapes is not None else load_shapes()
    for triple in context_graph(as_of=as_of, policy=policy):
        work.add(triple)
    # The whole ontology goes into the data graph, not only pySHACL's ``ont_graph`` mix-in:
    # that copies RDFS/OWL axioms only, and the shapes read SKOS data too (sk:volgnummer of
    # phases, sk:gevraagdInRegime of clauses, skos:broader of delivery forms, ...).
    for triple in ontology_graph():
        work.add(triple)
    try:
        with no_graph_loading(), prepared_queries():
            _, results, _ = pyshacl.validate(
                work,
                shacl_graph=shapes_graph,
                inference=inference,
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                do_owl_imports=False,
                inplace=True,
            )
    except ReportableRuntimeError as error:  # an invalid shapes graph is bad input
        raise InputError(f"invalid shapes: {error}") from error
    _refuse_failure(results, None)
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
    report = Report(
        files=files,
        dossiers={
            d: origins[d].file
            for d in sorted(set(data.subjects(RDF.type, SK.Dossier)), key=str)
            if d in origins
        },
        rules=rules_of(shapes),
    )
    findings = _validate_owned(data, as_of=as_of, policy=policy, shapes=shapes, inference=inference)
    for finding in findings:
        origin = origins.get(finding.focus_node)
        dossier = owners.get(finding.focus_node)
        if origin is None and dossier is not None:
            origin = origins.get(dossier)
        report.findings.append(
            Finding(
                **{
                    **finding.__dict__,
                    "file": origin.file if origin else None,
                    "dossier": dossier,
                }
            )
        )
    return report
