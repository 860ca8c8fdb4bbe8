"""``validate --store``, again after ``load`` replaced a few graphs: judge those, reuse the rest.

The cache of a store's run (one JSON entry in the per-user cache directory, or ``--cache DIR``)
holds, per named graph, its content hash (as ``load`` recorded it in
:data:`~sourcing_kg.sparql.store_index.INDEX_GRAPH`) and what the graph gave the run: its
shared nodes (parties and countries) and register facts, its refused triples' findings, and
per dossier its findings, value origins and sourcing-overzicht triples; and the register
scope's findings. A later run lists the store's graphs and their hashes, reads only the graphs
whose hash changed (or that are new), and judges only their dossiers. Its report is the one a
full run gives: the same findings in the same order, the same exit code.

That holds because a dossier's scope is its own triples plus the register facts it reaches
(:mod:`sourcing_kg.validation.scope`), so it changes only when its graph changes, or when the
register facts or the set of shared nodes (computed over *all* graphs) change. Every graph is
therefore divided on its own, and the run checks that this division is the one a run over all
graphs makes: no node of the graph is shared elsewhere without being shared by the graph itself,
and no dossier is in two graphs. When that cannot be shown, or the shared nodes or register
facts changed, or an engine note (a fallback to pySHACL) appears, the run is a full one: the
cache only ever makes a run faster, never different. The register scope (the register facts
plus every dossier's overzicht) is judged again only when that graph changed.

The entry's key holds everything else a finding depends on: the store's directory, the as-of
date, the policy (values and files' SHA-256), the ontology's and shapes' digests and a user's
``--shapes`` (as in the run record), the engine, the inference, and the versions of
sourcing-kg, pyoxigraph, pySHACL and rdflib. A corrupt, foreign or other-key entry is ignored.
A graph changed by another tool than ``load`` keeps its old hash: ``--no-cache`` judges the
store as it is (see the README).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from sourcing_kg import __version__
from sourcing_kg.io.rdf_files import triples_graph
from sourcing_kg.io.user_cache import cache_dir, read_entry, write_entry
from sourcing_kg.model.policy import Policy
from sourcing_kg.sparql.backends import from_ox
from sourcing_kg.sparql.store_index import graph_hash, recorded_hashes
from sourcing_kg.validation.cached_results import (
    CacheFormatError,
    ShapeNames,
    Terms,
    decode_finding,
    decode_origin,
    decode_triple,
    encode_finding,
    encode_origin,
    term_key,
    triple_key,
)
from sourcing_kg.validation.engine import Engine, validate_corpus, validate_units
from sourcing_kg.validation.provenance import ValueOrigin
from sourcing_kg.validation.pyshacl_run import Inference
from sourcing_kg.validation.report import Finding, Report
from sourcing_kg.validation.run_record import FileDigest, build_run_record, graph_digest
from sourcing_kg.validation.scope import (
    GLOBAL_CLASSES,
    Corpus,
    Unit,
    _rewrites_the_ontology,  # the one definition of a refused triple: origins must agree
    corpus_of,
    own_nodes,
    parties_and_countries,
)
from sourcing_kg.validation.shapes import Shapes, load_shapes, rules_of
from sourcing_kg.validation.sources import (
    PROJECT_GRAPHS,
    open_store,
    unit_of_graph,
    units_from_store,
)

#: The folder of the cache directory that holds one entry per store and settings.
KIND = "validate-store"
_FORMAT = 1
#: A store's entry holds every dossier's value origins: far beyond the default entry size.
_LIMIT = 1 << 30


def _say(message: str) -> None:
    sys.stderr.write(f"sourcing-kg: {message}\n")


@dataclass(frozen=True)
class Settings:
    """What a run is judged against, besides the store's content."""

    as_of: date
    policy: Policy
    extra_shapes: Sequence[Path] = ()
    inference: Inference = "none"
    engine: Engine = "fast"
    #: processes that judge the dossier scopes (never part of the cache key: same findings)
    jobs: int = 1


@dataclass
class _Division:
    """One graph divided on its own, and whether that is how a run over all graphs divides it."""

    unit: Unit
    corpus: Corpus
    shared: set[str]
    register: set[str]
    nodes: set[str]

    @property
    def dossiers(self) -> list[str]:
        return [term_key(scope.dossier) for scope in self.corpus.scopes]


class _DossiersOnly(Corpus):
    """The dossier scopes of some graphs, judged without the register scope."""

    def register_graph(self) -> Graph:
        return triples_graph()


@dataclass
class _RegisterOnly(Corpus):
    """The register scope alone (its graph given, built from the cache)."""

    graph: Graph = field(default_factory=Graph)

    def register_graph(self) -> Graph:
        return self.graph


class _NotLocal(Exception):
    """What the cache cannot prove the same as a full run: the run is a full one. ``lasting``:
    so will every run with these settings be (an engine note), which the cache remembers."""

    def __init__(self, why: str, *, lasting: bool = False, quiet: bool = False) -> None:
        super().__init__(why)
        self.lasting = lasting
        self.quiet = quiet


def _divide(unit: Unit) -> _Division:
    kept = [triple for triple in unit.triples if not _rewrites_the_ontology(*triple)]
    nodes = {term_key(n) for n in own_nodes(kept)}
    corpus = corpus_of([unit])
    parties, countries = parties_and_countries(kept)
    return _Division(
        unit,
        corpus,
        {term_key(n) for n in parties | countries},
        {triple_key(t) for t in corpus.register},
        nodes,
    )


def _check_local(divisions: Iterable[_Division], shared: set[str], others: Counter[str]) -> None:
    """Each graph divides on its own as in the whole store (see the module), holds something
    to judge, and has no dossier another graph has (``others``: dossier counts elsewhere)."""
    for division in divisions:
        if division.corpus.empty:
            raise _NotLocal(f"{division.unit.file} holds nothing to judge")
        if (division.nodes & shared) - division.shared:
            raise _NotLocal(f"{division.unit.file} names a node shared by another graph")
        if any(others[d] for d in division.dossiers):
            raise _NotLocal(f"{division.unit.file} has a dossier that another graph has too")


def _ox(node: Node) -> ox.NamedNode | ox.BlankNode | None:
    if isinstance(node, URIRef):
        return ox.NamedNode(str(node))
    if isinstance(node, BNode):
        return ox.BlankNode(str(node))
    return None


def _data_quads(store: ox.Store, subject: Node) -> Iterator[ox.Quad]:
    term = _ox(subject)
    if term is None:
        return
    for quad in store.quads_for_pattern(term, None, None, None):
        name = quad.graph_name
        if isinstance(name, ox.NamedNode) and name.value not in PROJECT_GRAPHS:
            yield quad


def _triple(quad: ox.Quad) -> tuple[Node, Node, Node]:
    return from_ox(quad.subject), from_ox(quad.predicate), from_ox(quad.object)  # type: ignore[return-value]


def _register_facts(store: ox.Store, starts: Iterable[Node], register: set[str]) -> Graph:
    """The register facts reachable from ``starts``, read from the store: enough of the
    register for :meth:`Corpus.scope_graph` of the dossiers that start there."""
    graph = triples_graph()
    seen: set[Node] = set()
    queue: deque[Node] = deque(starts)
    for quad in store.quads_for_pattern(None, ox.NamedNode(str(RDF.type)), None, None):
        triple = _triple(quad)
        if triple[2] in GLOBAL_CLASSES and triple_key(triple) in register:
            queue.append(triple[0])
    while queue:
        node = queue.popleft()
        if node in seen or isinstance(node, Literal):
            continue
        seen.add(node)
        for quad in _data_quads(store, node):
            triple = _triple(quad)
            if triple_key(triple) in register:
                graph.add(triple)
                queue.append(triple[2])
    return graph


def _origin(store: ox.Store, node: Node) -> str | None:
    """The first graph (in the run's order) that describes ``node`` with a triple it keeps:
    the file a register finding about a non-dossier names, as ``corpus.origins`` has it."""
    names = {
        quad.graph_name.value  # type: ignore[union-attr]
        for quad in _data_quads(store, node)
        if not _rewrites_the_ontology(*_triple(quad))
    }
    return min(names) if names else None


def _attributed(finding: Finding, *, dossier: Node | None, file: str | None) -> Finding:
    return Finding(**{**finding.__dict__, "dossier": dossier, "file": file})


# --- what is cached --------------------------------------------------------------------------


def _version(package: str) -> str:
    try:
        return version(package)
    except PackageNotFoundError:
        return "unknown"


def _key(directory: Path, settings: Settings) -> str:
    record = build_run_record(
        [],
        as_of=settings.as_of,
        policy=settings.policy,
        started=datetime.now(UTC),
        ended=datetime.now(UTC),
        extra_shapes=settings.extra_shapes,
        inference=settings.inference,
        engine=settings.engine,
    )
    key = {
        "format": _FORMAT,
        "store": str(directory.resolve()),
        "asOf": settings.as_of.isoformat(),
        "policy": [(f.path, f.sha256) for f in record.policy],
        "policyValues": record.policy_values,
        "ontology": record.ontology.sha256,
        "shapes": record.shapes.sha256,
        "userShapes": [(f.path, f.sha256) for f in record.user_shapes],
        "engine": settings.engine,
        "inference": settings.inference,
        "versions": [__version__, *(_version(p) for p in ("pyoxigraph", "pyshacl", "rdflib"))],
    }
    return json.dumps(key, sort_keys=True, default=str)


@dataclass
class _ScopeRecord:
    """One dossier of a graph: its findings, value origins and overzicht triples."""

    dossier: int
    findings: list[object]
    origins: list[object]
    overzicht: list[str]

    def as_json(self) -> dict[str, object]:
        return {
            "dossier": self.dossier,
            "findings": self.findings,
            "origins": self.origins,
            "overzicht": self.overzicht,
        }

    @classmethod
    def from_json(cls, data: object) -> _ScopeRecord:
        if not isinstance(data, dict):
            raise CacheFormatError("not a dossier's record")
        dossier, findings = data.get("dossier"), data.get("findings")
        origins, overzicht = data.get("origins"), data.get("overzicht")
        if not isinstance(dossier, int) or not isinstance(findings, list):
            raise CacheFormatError("not a dossier's record")
        if not isinstance(origins, list) or not isinstance(overzicht, list):
            raise CacheFormatError("not a dossier's record")
        if not all(isinstance(t, str) for t in overzicht):
            raise CacheFormatError("not an overzicht")
        return cls(dossier, findings, origins, overzicht)


@dataclass
class _Part:
    """What one graph gave a run (the cache's record of it)."""

    hash: str
    digest: str | None
    shared: list[str]
    register: list[str]
    terms: Terms
    term_refused: list[object]
    refused: list[object]
    scopes: list[_ScopeRecord]

    @property
    def dossiers(self) -> list[str]:
        return [term_key(self.terms.node(s.dossier)) for s in self.scopes]

    def overzicht(self) -> Iterator[str]:
        for scope in self.scopes:
            yield from scope.overzicht

    def as_json(self) -> dict[str, object]:
        return {
            "hash": self.hash,
            "digest": self.digest,
            "shared": self.shared,
            "register": self.register,
            "terms": self.terms.keys,
            "termRefused": self.term_refused,
            "refused": self.refused,
            "scopes": [scope.as_json() for scope in self.scopes],
        }

    @classmethod
    def from_json(cls, data: object, names: ShapeNames) -> _Part:
        if not isinstance(data, dict):
            raise CacheFormatError("not a graph's record")
        try:
            part = cls(
                data["hash"],
                data["digest"],
                list(data["shared"]),
                list(data["register"]),
                Terms(data["terms"], shapes=names),
                list(data["termRefused"]),
                list(data["refused"]),
                [_ScopeRecord.from_json(s) for s in data["scopes"]],
            )
        except (KeyError, TypeError) as error:
            raise CacheFormatError(f"not a graph's record: {error}") from error
        texts = [part.hash, *part.shared, *part.register, *part.terms.keys]
        if not all(isinstance(t, str) for t in texts) or not isinstance(part.digest, str | None):
            raise CacheFormatError("a graph's record holds something that is not text")
        return part


def _part_of(
    division: _Division,
    content: str,
    digest: str | None,
    judged: Mapping[tuple[Node, str], tuple[list[Finding], list[ValueOrigin], list[str]]],
    labels: ShapeNames,
) -> _Part:
    terms = Terms(shapes=labels)
    refused = division.corpus.refused
    scopes: list[_ScopeRecord] = []
    for scope in division.corpus.scopes:
        findings, origins, overzicht = judged[(scope.dossier, scope.file)]
        scopes.append(
            _ScopeRecord(
                terms.put(scope.dossier),
                [encode_finding(f, terms) for f in findings],
                [encode_origin(o, terms) for o in origins],
                overzicht,
            )
        )
    return _Part(
        content,
        digest,
        sorted(division.shared),
        sorted(division.register),
        terms,
        [encode_finding(f, terms) for f in refused if f.rule_id == "INT-TERM"],
        [encode_finding(f, terms) for f in refused if f.rule_id != "INT-TERM"],
        scopes,
    )


@dataclass
class _Manifest:
    parts: dict[str, _Part]
    register_terms: Terms
    register_findings: list[list[object]]  # [from a user's shape, encoded raw finding]

    def as_json(self) -> dict[str, object]:
        return {
            "graphs": {name: part.as_json() for name, part in self.parts.items()},
            "registerTerms": self.register_terms.keys,
            "registerFindings": self.register_findings,
        }

    @classmethod
    def from_json(cls, data: object, names: ShapeNames) -> _Manifest:
        if not isinstance(data, dict) or not isinstance(data.get("graphs"), dict):
            raise CacheFormatError("not a store's record")
        terms = data.get("registerTerms")
        findings = data.get("registerFindings")
        if not isinstance(terms, list) or not all(isinstance(t, str) for t in terms):
            raise CacheFormatError("not a term table")
        if not isinstance(findings, list):
            raise CacheFormatError("not the register's findings")
        graphs = data["graphs"].items()
        parts = {str(name): _Part.from_json(part, names) for name, part in graphs}
        return cls(parts, Terms(terms, shapes=names), findings)

    def raw_register(self) -> list[tuple[bool, Finding]]:
        found = []
        for item in self.register_findings:
            if not isinstance(item, list) or len(item) != 2 or not isinstance(item[0], bool):
                raise CacheFormatError("not a register finding")
            found.append((item[0], decode_finding(item[1], self.register_terms)))
        return found


# --- the run ---------------------------------------------------------------------------------


@dataclass
class _Judged:
    """Per dossier scope (dossier, graph): findings, value origins, overzicht triples."""

    scopes: dict[tuple[Node, str], tuple[list[Finding], list[ValueOrigin], list[str]]]


def _judge_scopes(
    divisions: Sequence[_Division], register: Graph, shapes: Shapes, settings: Settings
) -> _Judged:
    corpus = _DossiersOnly(
        files=[d.unit.file for d in divisions],
        scopes=[scope for d in divisions for scope in d.corpus.scopes],
        register=register,
    )
    notes: list[str] = []
    report = _validate(corpus, shapes, settings, notes)
    if notes:
        raise _NotLocal(notes[0], lasting=True)
    found: dict[tuple[Node, str], list[Finding]] = {}
    for finding in report.findings:
        found.setdefault((finding.dossier, finding.file or ""), []).append(finding)  # type: ignore[arg-type]
    origins: dict[Node, list[ValueOrigin]] = {}
    for origin in report.provenance:
        origins.setdefault(origin.dossier, []).append(origin)
    judged = {}
    for scope in corpus.scopes:
        overzicht = sorted(triple_key(t) for t in corpus.overzicht(scope))
        judged[(scope.dossier, scope.file)] = (
            found.get((scope.dossier, scope.file), []),
            origins.get(scope.dossier, []),
            overzicht,
        )
    return _Judged(judged)


def _validate(corpus: Corpus, shapes: Shapes, settings: Settings, notes: list[str]) -> Report:
    return validate_corpus(
        corpus,
        as_of=settings.as_of,
        policy=settings.policy,
        shapes=shapes,
        inference=settings.inference,
        engine=settings.engine,
        jobs=settings.jobs,
        say=notes.append,
    )


def _judge_register(
    keys: Iterable[str], shapes: Shapes, settings: Settings
) -> list[tuple[bool, Finding]]:
    graph = triples_graph()
    for key in keys:
        graph.add(decode_triple(key))
    if not len(graph):
        return []
    notes: list[str] = []
    corpus = _RegisterOnly(files=[], graph=graph)
    report = _validate(corpus, shapes, settings, notes)
    if notes:
        raise _NotLocal(notes[0], lasting=True)
    return [((f.source_shape, None, None) in shapes.user, f) for f in report.findings]


def _register_keys(parts: Iterable[_Part]) -> set[str]:
    keys: set[str] = set()
    for part in parts:
        keys.update(part.register)
        keys.update(part.overzicht())
    return keys


def _report(
    store: ox.Store,
    names: Sequence[str],
    parts: Mapping[str, _Part],
    register: Sequence[tuple[bool, Finding]],
    shapes: Shapes,
    settings: Settings,
    started: datetime,
) -> Report:
    """The report a full run gives, from every graph's record (see :func:`validate_corpus`)."""
    report = Report(files=list(names), rules=rules_of(shapes.all()))
    dossier_findings: list[Finding] = []
    refused: list[Finding] = []
    context = BNode()  # one control context per run, as validate_corpus has it
    for name in names:
        part = parts[name]
        report.findings += [decode_finding(f, part.terms) for f in part.term_refused]
        refused += [decode_finding(f, part.terms) for f in part.refused]
        for scope in part.scopes:
            report.dossiers[part.terms.node(scope.dossier)] = name
            dossier_findings += [decode_finding(f, part.terms) for f in scope.findings]
            report.provenance += [
                decode_origin(o, part.terms, context=context) for o in scope.origins
            ]
    report.findings += refused
    report.findings += dossier_findings
    seen = {f.identity() for f in dossier_findings} if any(u for u, _ in register) else set()
    for from_user, finding in register:
        owner = report.dossiers.get(finding.focus_node)
        if from_user and (owner is not None or finding.identity() in seen):
            continue  # as validate_corpus: a user's shape judged the dossiers on their own scopes
        file = owner if owner is not None else _origin(store, finding.focus_node)
        report.findings.append(
            _attributed(
                finding, dossier=finding.focus_node if owner is not None else None, file=file
            )
        )
    report.engine = "pyoxigraph" if settings.engine == "fast" else "pyshacl"
    report.run = build_run_record(
        [FileDigest(name, parts[name].digest, name) for name in names],
        as_of=settings.as_of,
        policy=settings.policy,
        started=started,
        ended=datetime.now(UTC),
        extra_shapes=settings.extra_shapes,
        inference=settings.inference,
        engine=report.engine,
    )
    return report


def _graphs(store: ox.Store) -> list[str]:
    """The store's named graphs that hold triples, but the project's own (as the units)."""
    names = []
    for graph in store.named_graphs():
        if (
            isinstance(graph, ox.NamedNode)
            and graph.value not in PROJECT_GRAPHS
            and next(iter(store.quads_for_pattern(None, None, None, graph)), None) is not None
        ):
            names.append(graph.value)
    return sorted(names)


def _full(directory: Path, settings: Settings) -> Report:
    return validate_units(
        units_from_store(directory),
        as_of=settings.as_of,
        policy=settings.policy,
        extra_shapes=settings.extra_shapes,
        inference=settings.inference,
        engine=settings.engine,
        jobs=settings.jobs,
    )


def validate_store(
    directory: Path,
    *,
    settings: Settings,
    cache: Path | None = None,
    use_cache: bool = True,
    say: Callable[[str], None] = _say,
) -> Report:
    """Validate the dossiers of the store in ``directory``, judging only the graphs whose
    content changed since the cached run (see the module); the report is a full run's.

    ``cache`` is the cache directory (default: the user's, :mod:`sourcing_kg.io.user_cache`);
    with ``use_cache=False``, or when the user's cache is switched off, this is a full run that
    neither reads nor writes a cache.
    """
    root = cache if cache is not None else cache_dir()
    if (
        not use_cache
        or root is None
        or (settings.inference != "none" and settings.engine == "fast")
    ):
        return _full(directory, settings)  # the fast engine leaves inference to pySHACL: a note
    started = datetime.now(UTC)
    store = open_store(directory)
    key = _key(directory, settings)
    shapes = load_shapes(settings.extra_shapes)
    labels = ShapeNames(shapes.all())
    manifest: _Manifest | None = None
    cached = read_entry(KIND, key, root=root, limit=_LIMIT)
    if isinstance(cached, dict) and isinstance(cached.get("fullRun"), str):
        return _full(directory, settings)  # see below: the engine's note says why
    if cached is not None:
        try:
            manifest = _Manifest.from_json(cached, labels)
        except CacheFormatError:
            say("the cached run of this store is not usable: every graph is judged")
    try:
        again = None
        if manifest is not None:
            try:
                again = _again(store, manifest, shapes, labels, settings, started, say)
            except CacheFormatError:
                say("the cached run of this store is not usable: every graph is judged")
        read = manifest
        report, manifest = again or _afresh(store, shapes, labels, settings, started, say)
        if manifest is not read:  # the same record when nothing changed: not written again
            write_entry(KIND, key, manifest.as_json(), root=root)
    except _NotLocal as why:
        if why.lasting:
            write_entry(KIND, key, {"fullRun": str(why)}, root=root)
        if not why.quiet:
            say(f"the cache is not used ({why}): every graph is judged")
        return _full(directory, settings)
    return report


def _afresh(
    store: ox.Store,
    shapes: Shapes,
    labels: ShapeNames,
    settings: Settings,
    started: datetime,
    say: Callable[[str], None],
) -> tuple[Report, _Manifest]:
    """A run over every graph that also makes the cache's record of it."""
    names = _graphs(store)
    if not names:
        raise _NotLocal("no named graph", quiet=True)  # the full run says so: input error
    recorded = recorded_hashes(store)
    divisions = [_divide(unit_of_graph(store, name)) for name in names]
    shared = set().union(*(d.shared for d in divisions))
    dossiers = Counter(d for division in divisions for d in division.dossiers)
    for division in divisions:
        _check_local([division], shared, dossiers - Counter(division.dossiers))
    register = triples_graph()
    for division in divisions:
        for triple in division.corpus.register:
            register.add(triple)
    judged = _judge_scopes(divisions, register, shapes, settings)
    parts = {}
    for name, division in zip(names, divisions, strict=True):
        content = graph_hash(store, name)  # as it is: a stale recorded hash never matches
        if recorded.get(name, content) != content:
            say(f"<{name}> changed since load recorded its hash: load it again")
        digest = graph_digest(name, division.unit.triples).sha256
        parts[name] = _part_of(division, content, digest, judged.scopes, labels)
    raw = _judge_register(sorted(_register_keys(parts.values())), shapes, settings)
    terms = Terms(shapes=labels)
    manifest = _Manifest(parts, terms, [[u, encode_finding(f, terms)] for u, f in raw])
    return _report(store, names, parts, raw, shapes, settings, started), manifest


def _again(
    store: ox.Store,
    manifest: _Manifest,
    shapes: Shapes,
    labels: ShapeNames,
    settings: Settings,
    started: datetime,
    say: Callable[[str], None],
) -> tuple[Report, _Manifest] | None:
    """The run from the cache, judging the graphs that changed; None: a fresh run is needed."""
    names = _graphs(store)
    if not names:
        raise _NotLocal("no named graph", quiet=True)
    recorded = recorded_hashes(store)
    hashes = {name: recorded.get(name) or graph_hash(store, name) for name in names}
    old = manifest.parts
    changed = [n for n in names if n not in old or old[n].hash != hashes[n]]
    gone = [n for n in old if n not in hashes]
    try:
        raw_register = manifest.raw_register()
    except CacheFormatError:
        return None
    if not changed and not gone:
        say(f"0 of {len(names)} graph(s) re-judged (the store did not change since the cached run)")
        return _report(store, names, old, raw_register, shapes, settings, started), manifest
    divisions = [_divide(unit_of_graph(store, name)) for name in changed]
    kept = [old[n] for n in names if n not in changed]
    shared_before = Counter(k for part in old.values() for k in part.shared)
    shared_now = Counter(k for part in kept for k in part.shared)
    shared_now.update(k for d in divisions for k in d.shared)
    if set(shared_before) != set(shared_now):
        say("the shared parties or countries changed: every graph is judged")
        return None
    register_before = {k for part in old.values() for k in part.register}
    register_now = {k for part in kept for k in part.register} | {
        k for d in divisions for k in d.register
    }
    if register_before != register_now:
        say("the register facts changed: every graph is judged")
        return None
    every = Counter(d for part in kept for d in part.dossiers)
    every.update(d for division in divisions for d in division.dossiers)
    for division in divisions:
        _check_local([division], set(shared_now), every - Counter(division.dossiers))
    starts: set[Node] = set()
    for division in divisions:
        for scope in division.corpus.scopes:
            starts |= own_nodes(scope.own)
    facts = _register_facts(store, starts, register_now)
    judged = _judge_scopes(divisions, facts, shapes, settings)
    parts = dict(old)
    for name in gone:
        del parts[name]
    for name, division in zip(changed, divisions, strict=True):
        digest = graph_digest(name, division.unit.triples).sha256
        parts[name] = _part_of(division, graph_hash(store, name), digest, judged.scopes, labels)
    parts = {name: parts[name] for name in names}
    if _register_keys(old.values()) == _register_keys(parts.values()):
        register = raw_register
        again = ""
    else:
        register = _judge_register(sorted(_register_keys(parts.values())), shapes, settings)
        again = "; the register scope judged again"
    if any(from_user for from_user, _ in register) and not labels.covers(shapes.user):
        # a user's register shape is dropped where a dossier finding is the same: a blank-node
        # shape without a stable name cannot be compared with an earlier run's
        raise _NotLocal("a user's shape judged the register")
    say(f"{len(changed)} of {len(names)} graph(s) re-judged{again}, the rest from the cache")
    report = _report(store, names, parts, register, shapes, settings, started)
    terms = Terms(shapes=labels)
    return report, _Manifest(parts, terms, [[u, encode_finding(f, terms)] for u, f in register])
