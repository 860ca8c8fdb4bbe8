"""Validation of dossiers and registers: each dossier judged on its own scope.

The inputs are divided by :mod:`sourcing_kg.validation.scope`: every dossier is validated on
its own triples plus the register facts it reaches, with the ontology and the control
context (as-of date and policy) that no input can change; the register's shapes run once on
the register facts and the dossiers as the sourcing overzicht lists them. Findings carry the
dossier and the file they belong to. Two engines judge the scopes with the same shapes and
give the same findings: ``fast`` (:mod:`sourcing_kg.validation.fast`, every scope in one
Oxigraph store, each constraint one query over all scopes) and ``pyshacl``, the reference
(:mod:`sourcing_kg.validation.pyshacl_run`, one pySHACL run per scope). What the fast engine
does not support (a user's shape with a feature it does not compile, inference) runs on the
reference engine, and the run says so on stderr.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypedDict, Unpack
from typing import Literal as TypingLiteral

from rdflib import Graph
from rdflib.term import Node

from sourcing_kg.core.collection import young_collections_only
from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.processes import fork_available, run_forked
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.model.policy import Policy, context_graph
from sourcing_kg.validation.evidence import EvidenceRoot, evidence_facts
from sourcing_kg.validation.provenance import (
    ValueOrigin,
    property_domains,
    rule_properties,
    value_origins,
)
from sourcing_kg.validation.pyshacl_run import Inference, run_pyshacl
from sourcing_kg.validation.report import Finding, Report, Triple
from sourcing_kg.validation.run_record import FileDigest, build_run_record, graph_digest
from sourcing_kg.validation.scope import (
    Corpus,
    Scope,
    Unit,
    checked,
    corpus_of,
    overzicht_query_text,
    read_corpus,
)
from sourcing_kg.validation.shapes import Shapes, load_shapes, rules_of, shapes_subset


def _with_background(data: Iterable[Triple], *, as_of: date, policy: Policy) -> Graph:
    """A fresh graph: ``data``, the control context and the whole ontology."""
    work = Graph()
    for graph in (data, context_graph(as_of=as_of, policy=policy), shared_ontology()):
        for triple in graph:
            work.add(triple)
    return work


Engine = TypingLiteral["fast", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("fast", "pyshacl")


class RunOptions(TypedDict, total=False):
    """How a run judges, besides the as-of date and the policy (each has a default)."""

    extra_shapes: Sequence[Path]
    inference: Inference
    evidence_root: Path | None
    engine: Engine
    jobs: int


def _background(*, as_of: date, policy: Policy) -> list[tuple[Node, Node, Node]]:
    return [*context_graph(as_of=as_of, policy=policy), *shared_ontology()]


def _say(message: str) -> None:
    sys.stderr.write(f"sourcing-kg: {message}\n")


class _Progress:
    """``12/55`` (rules, or scopes for pySHACL) on stderr, only when it is a terminal and the
    run has taken 2 s; never on stdout (reports go there)."""

    def __init__(self, what: str, *, on: bool = True) -> None:
        self.what = what
        self.start = time.monotonic()
        self.shown = False
        self.on = on and sys.stderr.isatty()

    def __call__(self, done: int, total: int) -> None:
        if self.on and time.monotonic() - self.start > 2.0:
            sys.stderr.write(f"\rsourcing-kg: {self.what}: {done + 1}/{total} ")
            sys.stderr.flush()
            self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()


def _judge(
    graphs: Sequence[Iterable[Triple]],
    shapes: Graph,
    *,
    as_of: date,
    policy: Policy,
    inference: Inference,
    engine: Engine,
    notes: list[str],
    seen_data: list[Graph] | None = None,
    overzichten: list[list[Triple]] | None = None,
    user: Graph | None = None,
    show_progress: bool = True,
) -> list[list[Finding]]:
    """The findings of each scope graph (the graphs are not modified); where the reference
    engine ran, ``seen_data`` receives the graph it judged (with what inference added); where
    the fast engine ran, ``overzichten`` receives each scope's overzicht triples (made in its
    store, with the input's literals, as :func:`sourcing_kg.validation.scope.overzicht_of`)."""
    if engine == "fast":
        from sourcing_kg.validation.fast import validate_scopes
        from sourcing_kg.validation.sparql_scoped import Unsupported

        if inference != "none":
            notes.append(f"--inference {inference}: the reference engine (pySHACL) runs instead")
        else:
            cache: dict[int, Graph] = {}

            def data_of(index: int) -> Graph:
                if index not in cache:
                    cache[index] = _with_background(graphs[index], as_of=as_of, policy=policy)
                return cache[index]

            progress = _Progress(f"{len(graphs):,} scope(s)", on=show_progress)
            try:
                judged = validate_scopes(
                    graphs,
                    _background(as_of=as_of, policy=policy),
                    shapes,
                    data_of,
                    progress,
                    each=None if overzichten is None else overzicht_query_text(),
                )
            except Unsupported as why:
                progress.close()
                notes.append(f"the fast engine does not support {why}; pySHACL runs instead")
            else:
                progress.close()
                per: list[list[Finding]] = [[] for _ in graphs]
                for index, finding in judged.found:
                    per[index].append(finding)
                if overzichten is not None:
                    overzichten += judged.constructed
                declined, focused = judged.declined, judged.focused
                if declined:
                    for shape, reason in sorted(declined.items(), key=str):
                        if user is None or (shape, None, None) in user:  # a project shape: ADR 0009
                            notes.append(
                                f"the fast engine does not support {reason} ({shape.n3()}); "
                                "pySHACL judges that shape"
                            )
                    rest = shapes_subset(shapes, declined)
                    for index, graph in enumerate(graphs):
                        if focused is not None and index not in focused:
                            continue  # no focus node of those shapes in this scope
                        data = _with_background(graph, as_of=as_of, policy=policy)
                        per[index] += run_pyshacl(data, rest, inference=inference)
                return per
    results = []
    progress = _Progress("pySHACL", on=show_progress)
    for number, graph in enumerate(graphs):
        progress(number, len(graphs))
        data = _with_background(graph, as_of=as_of, policy=policy)
        results.append(run_pyshacl(data, shapes, inference=inference))
        if seen_data is not None:
            seen_data.append(data)
    progress.close()
    return results


#: Fewer scopes than this per process are judged in one process: a forked part pays the
#: fast engine's fixed cost (the shared store, compiling the checks) again.
MIN_SCOPES_PER_JOB = 100


@dataclass
class _Dossiers:
    """What judging some dossier scopes gave: their findings (attributed), the origins of the
    values the rules read, each scope's overzicht triples for the register, and the notes."""

    findings: list[Finding]
    provenance: list[ValueOrigin]
    overzicht: list[list[Triple]]
    notes: list[str]


def _judge_dossiers(
    corpus: Corpus,
    scopes: Sequence[Scope],
    dossier_shapes: Graph,
    *,
    evidence_root: EvidenceRoot | None,
    context: Graph,
    show_progress: bool,
    options: dict[str, Any],
) -> _Dossiers:
    used = rule_properties(dossier_shapes)
    notes: list[str] = []
    stated = [corpus.scope_triples(scope) for scope in scopes]
    graphs: Sequence[list[Triple]] = stated
    if evidence_root is not None:  # what was found is data for the shapes, not stated input
        graphs = [
            [*own, *evidence_facts(corpus.scope_graph(scope), evidence_root)]
            for scope, own in zip(scopes, stated, strict=True)
        ]
    seen_data: list[Graph] = []  # what the reference engine saw, inferred triples included
    overzichten: list[list[Triple]] = []  # made by the fast engine, if it ran
    judged = _judge(
        graphs,
        dossier_shapes,
        notes=notes,
        seen_data=seen_data,
        overzichten=None if evidence_root is not None else overzichten,
        show_progress=show_progress,
        **options,
    )
    part = _Dossiers([], [], [], notes)
    betreft = SK.betreft
    for index, (scope, findings) in enumerate(zip(scopes, judged, strict=True)):
        part.findings += [_attributed(f, dossier=scope.dossier, file=scope.file) for f in findings]
        own = stated[index]
        # the dossier's service as its scope names it (the register's facts included)
        services = [o for s, p, o in own if p == betreft and s == scope.dossier]
        part.provenance += value_origins(
            own,
            seen_data[index] if seen_data else (None if graphs is stated else graphs[index]),
            scope.dossier,
            context=None if seen_data else context,
            file=scope.file,
            inference=options["inference"],
            policy_source=options["policy"].source,
            properties=used,
            domains=property_domains(),
            owned=[scope.dossier, *services],
        )
        if overzichten:
            corpus.keep_overzicht(scope, overzichten[index])
        part.overzicht.append(corpus.overzicht(scope))
    return part


def _parts(scopes: Sequence[Scope], jobs: int) -> list[Sequence[Scope]]:
    """``scopes`` in at most ``jobs`` consecutive parts of at least MIN_SCOPES_PER_JOB each
    (one part where forking is not available).

    Example:
        >>> [len(part) for part in _parts(list(range(250)), 4)]
        [125, 125]
    """
    count = max(1, min(jobs, len(scopes) // MIN_SCOPES_PER_JOB)) if fork_available() else 1
    size, extra = divmod(len(scopes), count)
    parts, start = [], 0
    for number in range(count):
        end = start + size + (number < extra)
        parts.append(scopes[start:end])
        start = end
    return parts


def validate_corpus(
    corpus: Corpus,
    *,
    as_of: date,
    policy: Policy,
    shapes: Shapes,
    inference: Inference = "none",
    evidence_root: EvidenceRoot | None = None,
    engine: Engine = "fast",
    jobs: int = 1,
    say: Callable[[str], None] = _say,
) -> Report:
    """Validate every dossier scope and the register scope; findings carry dossier and file.

    With ``evidence_root``, the documents each dossier's deliverables point to are looked up
    and what was found is added to the dossier's data as facts the shapes judge
    (:mod:`sourcing_kg.validation.evidence`). With ``jobs`` above 1 the dossier scopes are
    judged in that many processes at most (forked: :mod:`sourcing_kg.core.processes`), in
    consecutive parts whose results are put together in order: the report is the same.
    """
    report = Report(
        files=list(corpus.files),
        dossiers={scope.dossier: scope.file for scope in corpus.scopes},
        rules=rules_of(shapes.all()),
    )
    report.findings.extend(corpus.refused)
    options: dict[str, Any] = {
        "as_of": as_of,
        "policy": policy,
        "inference": inference,
        "engine": engine,
        "user": shapes.user,
    }
    dossier_shapes = shapes.for_dossiers()
    context = context_graph(as_of=as_of, policy=policy)  # one control context node per run
    scope_parts = _parts(corpus.scopes, jobs)
    works = [
        partial(
            _judge_dossiers,
            corpus,
            part,
            dossier_shapes,
            evidence_root=evidence_root,
            context=context,
            show_progress=number == 0,
            options=options,
        )
        for number, part in enumerate(scope_parts)
    ]
    parts = run_forked(works) if len(works) > 1 else [works[0]()]
    notes = [note for part in parts for note in part.notes]
    seen: set[tuple[object, ...]] = set()
    for scopes, part in zip(scope_parts, parts, strict=True):
        seen.update(finding.identity() for finding in part.findings)
        report.findings += part.findings
        report.provenance += part.provenance
        for scope, triples in zip(scopes, part.overzicht, strict=True):
            corpus.keep_overzicht(scope, triples)  # made in the part's process
    register = corpus.register_graph()
    if len(register):
        dossiers = {scope.dossier: scope for scope in corpus.scopes}
        (register_findings,) = _judge([register], shapes.for_register(), notes=notes, **options)
        for finding in register_findings:
            owner = dossiers.get(finding.focus_node)
            if (finding.source_shape, None, None) in shapes.user and (
                owner is not None or finding.identity() in seen
            ):
                continue  # a user's shape: dossiers were judged on their own scopes
            report.findings.append(
                _attributed(
                    finding,
                    dossier=owner.dossier if owner else None,
                    file=owner.file if owner else corpus.origins.get(finding.focus_node),
                )
            )
    for note in dict.fromkeys(notes):
        say(note)
    report.engine = "pyoxigraph" if engine == "fast" and not notes else "pyshacl"
    return report


def _attributed(finding: Finding, *, dossier: Node | None, file: str | None) -> Finding:
    return Finding(**{**finding.__dict__, "dossier": dossier, "file": file})


def validate_paths(
    paths: Sequence[Path],
    *,
    as_of: date,
    policy: Policy,
    **options: Unpack[RunOptions],
) -> Report:
    """Validate files and directories of dossiers and registers; the report carries the record
    of the run (:mod:`sourcing_kg.validation.run_record`)."""

    def read() -> tuple[Corpus, Sequence[str | FileDigest]]:
        corpus = read_corpus(paths, jobs=options.get("jobs", 1))
        return corpus, list(corpus.files)

    return _validated(read, as_of=as_of, policy=policy, **options)


def validate_units(
    units: Sequence[Unit],
    *,
    as_of: date,
    policy: Policy,
    **options: Unpack[RunOptions],
) -> Report:
    """Validate named graphs read from a store or an endpoint
    (:mod:`sourcing_kg.validation.sources`) exactly as the files they were loaded from; the run
    record names each graph with the digest of its triples."""
    if not units:
        raise InputError("no named graph to validate (fill the store with sourcing-kg load)")

    def read() -> tuple[Corpus, Sequence[str | FileDigest]]:
        corpus = checked(corpus_of(units))
        return corpus, [graph_digest(unit.file, unit.triples) for unit in units]

    return _validated(read, as_of=as_of, policy=policy, **options)


def _validated(
    read: Callable[[], tuple[Corpus, Sequence[str | FileDigest]]],
    *,
    as_of: date,
    policy: Policy,
    extra_shapes: Sequence[Path] = (),
    inference: Inference = "none",
    evidence_root: Path | None = None,
    engine: Engine = "fast",
    jobs: int = 1,
) -> Report:
    """Read the inputs (``read``: the corpus and what the run record names) and judge them,
    with no full garbage collections meanwhile (:mod:`sourcing_kg.core.collection`)."""
    started = datetime.now(UTC)
    with young_collections_only():
        corpus, inputs = read()
        report = validate_corpus(
            corpus,
            as_of=as_of,
            policy=policy,
            shapes=load_shapes(extra_shapes),
            inference=inference,
            evidence_root=EvidenceRoot(evidence_root) if evidence_root is not None else None,
            engine=engine,
            jobs=jobs,
        )
        # freed here by reference counting (the run's graphs hold no cycles): the first full
        # collection after the block walks only what is left, not every graph of the run
        del corpus
    report.run = build_run_record(
        inputs,
        as_of=as_of,
        policy=policy,
        started=started,
        ended=datetime.now(UTC),
        extra_shapes=extra_shapes,
        inference=inference,
        engine=report.engine,
        evidence_root=evidence_root,
    )
    return report


def validate_scope(
    data: Graph, *, as_of: date, policy: Policy, shapes: Graph, inference: Inference = "none"
) -> list[Finding]:
    """Validate one dossier's scope graph (already divided, see :mod:`.scope`) against
    ``shapes`` exactly as :func:`validate_corpus` validates a scope: with the control context
    and the ontology. ``data`` is not modified. The workflow commands use it to run a few of
    the project's shapes (e.g. the H2 criteria) on a dossier, or on a changed copy of one."""
    work = _with_background(data, as_of=as_of, policy=policy)
    return run_pyshacl(work, shapes, inference=inference)


def validate_graph(
    data: Graph,
    *,
    as_of: date,
    policy: Policy,
    shapes: Shapes | None = None,
    inference: Inference = "none",
    engine: Engine = "fast",
) -> list[Finding]:
    """Validate one graph as if it were one input file; the graph is not modified."""
    corpus = corpus_of([Unit("<graph>", None, data)])
    report = validate_corpus(
        corpus,
        as_of=as_of,
        policy=policy,
        shapes=shapes if shapes is not None else load_shapes(),
        inference=inference,
        engine=engine,
    )
    return report.findings
