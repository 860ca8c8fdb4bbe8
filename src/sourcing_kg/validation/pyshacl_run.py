"""The reference engine: pySHACL on one data graph, its report turned into findings.

The whole ontology goes into the data graph, not only pySHACL's ``ont_graph`` mix-in: that copies
RDFS/OWL axioms only, and the shapes read SKOS data too (``sk:volgnummer`` of phases,
``sk:gevraagdInRegime`` of clauses, ``skos:broader`` of delivery forms, ...).
"""

from __future__ import annotations

import re
from typing import Literal as TypingLiteral

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.labels import node_text
from sourcing_kg.sparql.cache import prepared_queries
from sourcing_kg.sparql.guard import no_graph_loading
from sourcing_kg.validation.report import Finding, Severity
from sourcing_kg.validation.shapes import refuse_failure

Inference = TypingLiteral["none", "rdfs", "owlrl", "both"]


_SEVERITIES = {
    SH.Violation: Severity.VIOLATION,
    SH.Warning: Severity.WARNING,
    SH.Info: Severity.INFO,
}


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
        component = results.value(result, SH.sourceConstraintComponent)
        findings.append(
            make_finding(
                shapes,
                shape=shape,
                constraint=constraint,
                severity=severity,
                focus=focus,
                path=path,
                value=value,
                messages=[m for m in results.objects(result, SH.resultMessage)],
                component=component if isinstance(component, URIRef) else None,
                path_triples=_path_triples(results, path),
            )
        )
    return findings


def make_finding(
    shapes: Graph,
    *,
    shape: Node,
    constraint: Node | None,
    severity: Severity,
    focus: Node,
    path: Node | None,
    value: Node | None,
    messages: list[Node],
    component: URIRef | None,
    path_triples: tuple[tuple[Node, Node, Node], ...] = (),
) -> Finding:
    """One finding from the parts of a validation result (``messages``: its sh:resultMessage
    values as pySHACL writes them); both engines build their findings here."""
    texts: dict[str, str] = {}
    untagged: list[str] = []
    for message in messages:
        if isinstance(message, Literal):
            if message.language:
                texts.setdefault(message.language, str(message))
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
            texts.setdefault(str(template.language), text)
        if not texts:
            texts[""] = untagged[0]
    rule_ids = _annotation(shapes, shape, constraint, SK.regelId)
    rules = (r for r in _annotation(shapes, shape, constraint, SK.regel))
    return Finding(
        severity=severity,
        focus_node=focus,
        result_path=path,
        messages=dict(sorted(texts.items())),  # not in the shapes graph's order: a run's own
        source_shape=shape,
        source_constraint_component=component,
        rules=tuple(sorted(r for r in rules if isinstance(r, URIRef))),
        rule_id=str(rule_ids[0]) if rule_ids else None,
        value=value,
        path_triples=path_triples,
    )


def _path_triples(results: Graph, path: Node | None) -> tuple[tuple[Node, Node, Node], ...]:
    """The structure of a complex property path (a blank node), as the report graph holds it."""
    if not isinstance(path, BNode):
        return ()
    return tuple(sorted(results.cbd(path), key=str))


def run_pyshacl(data: Graph, shapes: Graph, *, inference: Inference = "none") -> list[Finding]:
    """Validate ``data`` (the caller's own graph: inference may add to it) against ``shapes``.

    Raises:
        InputError: the shapes are not a valid shapes graph.
    """
    import pyshacl  # here, not at the top: a run of the fast engine alone never needs it
    from pyshacl.errors import ReportableRuntimeError

    try:
        with no_graph_loading(), prepared_queries():
            _, results, _ = pyshacl.validate(
                data,
                shacl_graph=shapes,
                inference=inference,
                advanced=True,
                allow_warnings=True,
                allow_infos=True,
                do_owl_imports=False,
                inplace=True,
            )
    except ReportableRuntimeError as error:  # an invalid shapes graph is bad input
        raise InputError(f"invalid shapes: {error}") from error
    refuse_failure(results, None)
    return findings_from_results(results, shapes)
