"""Validation of dossiers and registers: each dossier judged on its own scope.

The inputs are divided by :mod:`sourcing_kg.validation.scope`: every dossier is validated on
its own triples plus the register facts it reaches, with the ontology and the control
context (as-of date and policy) that no input can change; the register's shapes run once on
the register facts and the dossiers as the sourcing overzicht lists them. Findings carry the
dossier and the file they belong to. pySHACL is the engine
(:mod:`sourcing_kg.validation.pyshacl_run`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy, context_graph
from sourcing_kg.validation.evidence import EvidenceRoot, evidence_facts
from sourcing_kg.validation.provenance import property_domains, rule_properties, value_origins
from sourcing_kg.validation.pyshacl_run import Inference, run_pyshacl
from sourcing_kg.validation.report import Finding, Report
from sourcing_kg.validation.run_record import build_run_record
from sourcing_kg.validation.scope import Corpus, Unit, corpus_of, read_corpus
from sourcing_kg.validation.shapes import Shapes, load_shapes, rules_of


def _with_background(data: Graph, *, as_of: date, policy: Policy) -> Graph:
    """A fresh graph: ``data``, the control context and the whole ontology."""
    work = Graph()
    for graph in (data, context_graph(as_of=as_of, policy=policy), ontology_graph()):
        for triple in graph:
            work.add(triple)
    return work


def _identity(finding: Finding) -> tuple[object, ...]:
    return (
        finding.focus_node,
        finding.source_shape,
        finding.source_constraint_component,
        finding.result_path,
        finding.value,
        finding.severity,
    )


def validate_corpus(
    corpus: Corpus,
    *,
    as_of: date,
    policy: Policy,
    shapes: Shapes,
    inference: Inference = "none",
    evidence_root: EvidenceRoot | None = None,
) -> Report:
    """Validate every dossier scope and the register scope; findings carry dossier and file.

    With ``evidence_root``, the documents each dossier's deliverables point to are looked up
    and what was found is added to the dossier's data as facts the shapes judge
    (:mod:`sourcing_kg.validation.evidence`).
    """
    report = Report(
        files=list(corpus.files),
        dossiers={scope.dossier: scope.file for scope in corpus.scopes},
        rules=rules_of(shapes.all()),
    )
    report.findings.extend(corpus.refused)
    seen: set[tuple[object, ...]] = set()
    dossier_shapes = shapes.for_dossiers()
    used = rule_properties(dossier_shapes)
    for scope in corpus.scopes:
        own = corpus.scope_graph(scope)
        data = _with_background(own, as_of=as_of, policy=policy)
        if evidence_root is not None:
            data += evidence_facts(own, evidence_root)
        for finding in run_pyshacl(data, dossier_shapes, inference=inference):
            attributed = _attributed(finding, dossier=scope.dossier, file=scope.file)
            seen.add(_identity(attributed))
            report.findings.append(attributed)
        report.provenance += value_origins(  # data now holds what inference added
            own,
            data,
            scope.dossier,
            file=scope.file,
            inference=inference,
            policy_source=policy.source,
            properties=used,
            domains=property_domains(),
            owned=[scope.dossier, *own.objects(scope.dossier, SK.betreft)],
        )
    register = corpus.register_graph()
    if len(register):
        data = _with_background(register, as_of=as_of, policy=policy)
        dossiers = {scope.dossier: scope for scope in corpus.scopes}
        for finding in run_pyshacl(data, shapes.for_register(), inference=inference):
            owner = dossiers.get(finding.focus_node)
            if (finding.source_shape, None, None) in shapes.user and (
                owner is not None or _identity(finding) in seen
            ):
                continue  # a user's shape: dossiers were judged on their own scopes
            report.findings.append(
                _attributed(
                    finding,
                    dossier=owner.dossier if owner else None,
                    file=owner.file if owner else corpus.origins.get(finding.focus_node),
                )
            )
    return report


def _attributed(finding: Finding, *, dossier: Node | None, file: str | None) -> Finding:
    return Finding(**{**finding.__dict__, "dossier": dossier, "file": file})


def validate_paths(
    paths: Sequence[Path],
    *,
    as_of: date,
    policy: Policy,
    extra_shapes: Sequence[Path] = (),
    inference: Inference = "none",
    evidence_root: Path | None = None,
) -> Report:
    """Validate files and directories of dossiers and registers; the report carries the record
    of the run (:mod:`sourcing_kg.validation.run_record`)."""
    started = datetime.now(UTC)
    corpus = read_corpus(paths)
    shapes = load_shapes(extra_shapes)
    report = validate_corpus(
        corpus,
        as_of=as_of,
        policy=policy,
        shapes=shapes,
        inference=inference,
        evidence_root=EvidenceRoot(evidence_root) if evidence_root is not None else None,
    )
    report.run = build_run_record(
        corpus.files,
        as_of=as_of,
        policy=policy,
        started=started,
        ended=datetime.now(UTC),
        extra_shapes=extra_shapes,
        inference=inference,
        evidence_root=evidence_root,
    )
    return report


def validate_graph(
    data: Graph,
    *,
    as_of: date,
    policy: Policy,
    shapes: Shapes | None = None,
    inference: Inference = "none",
) -> list[Finding]:
    """Validate one graph as if it were one input file; the graph is not modified."""
    corpus = corpus_of([Unit("<graph>", None, data)])
    report = validate_corpus(
        corpus,
        as_of=as_of,
        policy=policy,
        shapes=shapes if shapes is not None else load_shapes(),
        inference=inference,
    )
    return report.findings
