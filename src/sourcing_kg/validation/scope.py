"""What each dossier is judged on: its own triples, the shared register facts, nothing else.

The inputs are read into *units*: a file, or one named graph of a TriG / N-Quads / JSON-LD
file. A dossier (an ``sk:Dossier`` of a unit) owns the nodes of its unit that it reaches by
following links, without passing through a party; its **own triples** are the unit's
triples about those nodes. Facts about parties (suppliers, their parents, subcontractors,
takeovers, organisations) and about countries are **register facts**, shared by every
dossier wherever in the inputs they are described, as are the unit triples that describe a
register record no dossier owns (a sourcing relationship of the register file, its agreement
and service, an element of an ArchiMate model). A dossier's scope is its own triples plus the
register facts it reaches; the ontology and the control context are added by the engine and
cannot be changed by any input.

What is not used is said, never silently dropped:

- a triple whose subject is a term of the project's own namespaces (``sk:``, ``skid:``, the
  shapes), or that gives a resource the ontology describes (a country) a project class or
  property, would rewrite the rules, and one that describes a control context (the as-of date
  and policy values the checker gives the shapes) would forge them: it is not used, and
  reported as ``INT-TERM`` (Violation);
- triples a unit holds about nodes that no dossier owns and that are no register record are
  not used, and reported as ``INT-LOS`` (Info);
- a term of the ``sk:`` namespace that the ontology does not declare (a typo'd class or
  property) is reported as ``INT-ONBEKEND`` (Violation) with the closest declared term;
- a file with neither a dossier nor a register record is an input error (exit 3): there is
  nothing to judge, and "0 dossiers, conform" would be a pass.

Example:
    >>> from rdflib import Graph, URIRef
    >>> corpus = corpus_of([Unit("d.ttl", None, Graph().parse(data='''
    ...     @prefix sk: <https://w3id.org/sourcing-kg/def#> .
    ...     <urn:d> a sk:Dossier ; sk:sourcingRelatie [ sk:leverancier <urn:l> ] .
    ...     <urn:l> a sk:Leverancier ; sk:overgenomenOp "2024-01-01" .
    ...     sk:BIA sk:perOrganisatie true .''', format="turtle"))])
    >>> [s.dossier for s in corpus.scopes], len(corpus.register), len(corpus.refused)
    ([rdflib.term.URIRef('urn:d')], 2, 1)
    >>> len(corpus.scope_graph(corpus.scopes[0]))
    5
"""

from __future__ import annotations

import difflib
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import ORG, RDF, RDFS
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import ARCHIMATE, PREFIXES, SK, SKID
from sourcing_kg.core.processes import fork_available, run_forked
from sourcing_kg.io.rdf_files import FORMATS, iter_rdf_files, read_quads, triples_graph
from sourcing_kg.model.labels import curie, node_text
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.sparql.guard import prepare_own_query
from sourcing_kg.sparql.queries import internal_query
from sourcing_kg.validation.report import Finding, Severity

Triple = tuple[Node, Node, Node]

#: The dossier shapes' namespace: INT-TERM and INT-LOS are described in shapes/dossier/invoer.ttl
SKD = Namespace("https://w3id.org/sourcing-kg/shapes/dossier#")
#: Namespaces whose terms only the project defines: input triples about them are not used.
PROJECT_NAMESPACES = (str(SK), str(SKID), "https://w3id.org/sourcing-kg/shapes/")
#: ... except the register's own data: import-register mints parties, organisations,
#: relationships and row statements under this base (``skid:register/``) by default.
REGISTER_NAMESPACE = str(SKID) + "register/"
#: Links whose object is a party (shared register facts, not the dossier's own).
PARTY_LINKS = (
    SK.leverancier,
    SK.onderaannemer,
    SK.moederbedrijf,
    SK.organisatie,
    SK.afnemer,
)
#: Properties only a party has (its identifiers, its takeover): their subject is a party.
PARTY_PROPERTIES = (SK.kvkNummer, SK.lei, SK.oin, SK.overgenomenOp)
#: Links whose object is a country (shared, and described by the ontology).
COUNTRY_LINKS = (SK.land, SK.vestigingsland)
#: Classes of parties and of the register's records.
PARTY_CLASSES = (SK.Leverancier, ORG.Organization, ORG.FormalOrganization, ORG.OrganizationalUnit)
#: Register records every dossier sees, linked or not (e.g. a namespace that counts as a
#: reference architecture for ARCH-ELEMENT).
GLOBAL_CLASSES = (SK.Referentiearchitectuur,)
RECORD_CLASSES = (
    SK.SourcingRelatie,
    SK.Overeenkomst,
    SK.ITDienst,
    SK.ArchiMateModel,
    SK.Referentiearchitectuur,
    SK.Registervermelding,  # which row of the register sheet says what about a party
)


@dataclass(frozen=True)
class Unit:
    """The triples of one input file, or of one named graph of it (``graph``)."""

    file: str
    graph: Node | None
    #: read more than once (a list or a graph), each triple once
    triples: Iterable[Triple]


@dataclass
class Scope:
    """One dossier and the triples it owns in its unit."""

    dossier: Node
    file: str
    graph: Node | None
    own: list[Triple]
    nodes: frozenset[Node]


@dataclass
class Corpus:
    """The inputs of one run, divided into dossier scopes and shared register facts."""

    files: list[str]
    scopes: list[Scope] = field(default_factory=list)
    register: Graph = field(default_factory=triples_graph)
    origins: dict[Node, str] = field(default_factory=dict)
    refused: list[Finding] = field(default_factory=list)
    #: input files (in order) that hold neither a dossier nor a register record
    empty: list[str] = field(default_factory=list)
    #: per file, the undeclared ``sk:`` terms it uses (for the input error's hint)
    unknown_terms: dict[str, set[URIRef]] = field(default_factory=dict)
    #: each scope's graph once built (by ``id`` of the scope): the engine and the register
    #: overzicht both need it; callers copy before they change a graph
    _scope_graphs: dict[int, Graph] = field(default_factory=dict, repr=False, compare=False)
    #: each scope's overzicht triples once made (by ``id`` of the scope), see :meth:`overzicht`
    _overzichten: dict[int, list[Triple]] = field(default_factory=dict, repr=False, compare=False)
    #: the register facts by subject, and those every dossier sees: made at the first scope
    _register_about: BySubject | None = field(default=None, repr=False, compare=False)
    _seen_by_all: set[Node] = field(default_factory=set, repr=False, compare=False)

    def scope_triples(self, scope: Scope) -> list[Triple]:
        """The dossier's own triples, every register fact it reaches, and the declarations every
        dossier sees (the reference architectures); not the ontology. Each triple once."""
        if self._register_about is None:  # the register is complete once scopes are asked for
            self._register_about = _by_subject(self.register)
            self._seen_by_all = {
                s for s, pos in self._register_about.items() if (_TYPE, GLOBAL_CLASSES[0]) in pos
            }
        triples = dict.fromkeys(scope.own)
        about = self._register_about
        for node in _reached(about, own_nodes(scope.own) | self._seen_by_all):
            for p, o in about[node]:
                triples[(node, p, o)] = None
        return list(triples)

    def scope_graph(self, scope: Scope) -> Graph:
        """The scope's triples (:meth:`scope_triples`) as a graph, built once per scope: do not
        change the graph returned."""
        built = self._scope_graphs.get(id(scope))
        if built is None:
            built = self._scope_graphs[id(scope)] = triples_graph()
            for triple in self.scope_triples(scope):
                built.add(triple)
        return built

    def overzicht(self, scope: Scope) -> list[Triple]:
        """The dossier as the sourcing overzicht lists it (:func:`overzicht_of` its scope
        graph), made once: by the register scope, the incremental cache, or a forked part of
        the run, which hands it back with :meth:`keep_overzicht`."""
        made = self._overzichten.get(id(scope))
        if made is None:
            made = self._overzichten[id(scope)] = list(overzicht_of(self.scope_graph(scope)))
        return made

    def keep_overzicht(self, scope: Scope, triples: list[Triple]) -> None:
        self._overzichten[id(scope)] = triples

    def register_graph(self) -> Graph:
        """The register facts plus each dossier as the sourcing overzicht lists it (§4.8)."""
        graph = triples_graph()
        for triple in self.register:
            graph.add(triple)
        for scope in self.scopes:
            for triple in self.overzicht(scope):
                graph.add(triple)
        return graph


def overzicht_query_text() -> str:
    """The query that lists a dossier as the sourcing overzicht does (a CONSTRUCT)."""
    return internal_query("register_overzicht").text


@cache
def _overzicht_query() -> Query:
    return prepare_own_query(overzicht_query_text())


def overzicht_of(graph: Graph) -> Graph:
    """A dossier as the sourcing overzicht lists it (``queries/intern/register_overzicht.rq``)."""
    result = triples_graph()
    # parsed once (rdflib's parser is slow); the prefixes are the prepared query's, and naming
    # them keeps rdflib from giving the scope graph a namespace manager, which refers back to
    # the graph: a cycle per dossier that only a full garbage collection frees
    for triple in graph.query(_overzicht_query(), initNs=dict(PREFIXES)):
        result.add(triple)  # type: ignore[arg-type]
    return result


def own_nodes(triples: Iterable[Triple]) -> set[Node]:
    """The nodes some triples name (subjects, and objects that are no literal)."""
    return {n for s, _, o in triples for n in (s, o) if not isinstance(n, Literal)}


@cache
def _ontology_subjects() -> frozenset[Node]:
    return frozenset(s for s in shared_ontology().subjects() if isinstance(s, URIRef))


def _project_term(node: Node) -> bool:
    return (
        isinstance(node, URIRef)
        and str.startswith(node, PROJECT_NAMESPACES)  # the str's own method: no copy
        and not str.startswith(node, REGISTER_NAMESPACE)
    )


@cache
def _context_properties() -> frozenset[Node]:
    """The properties of the control context (as-of date, policy values): only the checker
    states them."""
    return frozenset(shared_ontology().subjects(RDFS.domain, SK.Controlecontext))


def _rewrites_the_ontology(subject: Node, predicate: Node, obj: Node) -> bool:
    """An input triple that would change what the ontology says, or forge the control context
    (as-of date, policy values) that the shapes read (see the module)."""
    if _project_term(subject):
        return True
    if predicate in _context_properties() or (predicate == _TYPE and obj == _CONTEXT):
        return True
    if subject in _ontology_subjects():  # e.g. a country: labels are fine, project facts not
        return _project_term(predicate) or (predicate == _TYPE and _project_term(obj))
    return False


# looked up once: a namespace's attribute costs a call per triple
_TYPE, _CONTEXT, _DOSSIER = RDF.type, SK.Controlecontext, SK.Dossier


def _refusal(subject: Node, unit: Unit, triples: list[Triple]) -> Finding:
    predicates = ", ".join(sorted({node_text(p) for _, p, _ in triples}))
    count, about = len(triples), node_text(subject)
    return Finding(
        severity=Severity.VIOLATION,
        focus_node=subject,
        result_path=triples[0][1],
        messages={
            "nl": f"{count} triple(s) over {about} in de invoer worden niet gebruikt: de invoer "
            f"kan de termen van de Handreiking niet veranderen ({predicates}).",
            "en": f"{count} triple(s) about {about} in the input are not used: the input cannot "
            f"change the Handreiking's terms ({predicates}).",
        },
        source_shape=SKD["INT-TERM"],
        source_constraint_component=SKD.InvoerControle,
        rule_id="INT-TERM",
        rules=(SKID["bron/handreiking"],),
        file=unit.file,
    )


def _orphans(unit: Unit, loose: dict[Node, int]) -> Finding:
    """One finding for all the triples of a unit that belong to nothing (see the module)."""
    subjects = sorted(loose, key=lambda node: (isinstance(node, BNode), node_text(node)))
    count, first = sum(loose.values()), subjects[0]
    example = node_text(first) + (f" and {len(subjects) - 1} more" if len(subjects) > 1 else "")
    voorbeeld = node_text(first) + (f" en {len(subjects) - 1} meer" if len(subjects) > 1 else "")
    return Finding(
        severity=Severity.INFO,
        focus_node=first,
        result_path=None,
        messages={
            "nl": f"{count} triple(s) over {voorbeeld} horen bij geen dossier en geen "
            "registerregel en worden niet gebruikt.",
            "en": f"{count} triple(s) about {example} belong to no dossier and no register "
            "record and are not used.",
        },
        source_shape=SKD["INT-LOS"],
        source_constraint_component=SKD.InvoerControle,
        rule_id="INT-LOS",
        rules=(SKID["bron/handreiking"],),
        file=unit.file,
    )


@cache
def _declared_terms() -> frozenset[URIRef]:
    """The ``sk:`` terms the ontology declares (typed there)."""
    ontology = shared_ontology()
    return frozenset(
        s
        for s in ontology.subjects(RDF.type, None)
        if isinstance(s, URIRef) and str(s).startswith(str(SK))
    )


def _undeclared(node: Node) -> bool:
    return (
        isinstance(node, URIRef) and str(node).startswith(str(SK)) and node not in _declared_terms()
    )


def closest_term(term: URIRef) -> URIRef | None:
    """The declared ``sk:`` term closest to ``term`` (same kind: class or property).

    Example:
        >>> closest_term(SK.reultaat) == SK.resultaat, closest_term(SK.Dosier) == SK.Dossier
        (True, True)
    """
    local = str(term)[len(str(SK)) :]
    if not local:
        return None
    candidates = {
        str(t)[len(str(SK)) :]: t
        for t in _declared_terms()
        if str(t)[len(str(SK)) :][:1].isupper() == local[:1].isupper()
    }
    folded = {name.casefold(): name for name in candidates}
    match = difflib.get_close_matches(local.casefold(), list(folded), n=1, cutoff=0.6)
    return candidates[folded[match[0]]] if match else None


def _unknown_term(
    subject: Node, predicate: Node, term: URIRef, unit: Unit, dossier: Node | None
) -> Finding:
    suggestion = closest_term(term)
    nl_hint = f" Bedoeld: {curie(suggestion)}?" if suggestion is not None else ""
    en_hint = f" Did you mean {curie(suggestion)}?" if suggestion is not None else ""
    return Finding(
        severity=Severity.VIOLATION,
        focus_node=subject,
        result_path=predicate,
        messages={
            "nl": f"{curie(term)} is geen term van de ontologie en wordt niet gebruikt.{nl_hint}",
            "en": f"{curie(term)} is not a term of the ontology and is not used.{en_hint}",
        },
        source_shape=SKD["INT-ONBEKEND"],
        source_constraint_component=SKD.InvoerControle,
        rule_id="INT-ONBEKEND",
        rules=(SKID["bron/handreiking"],),
        value=term,
        file=unit.file,
        dossier=dossier,
    )


def _unknown_terms(
    about: BySubject, unit: Unit, owners: dict[Node, Node]
) -> Iterator[tuple[URIRef, Finding]]:
    """One finding per triple that uses an undeclared ``sk:`` term (predicate or object), in
    the order of the triples' text."""
    found = [
        (s, p, o)
        for s, pos in about.items()
        for p, o in pos
        if _undeclared(p) or (isinstance(o, URIRef) and _undeclared(o))
    ]
    for s, p, o in sorted(found, key=lambda t: tuple(map(str, t))):
        for term in (p, o):
            if isinstance(term, URIRef) and _undeclared(term):
                yield term, _unknown_term(s, p, term, unit, owners.get(s))


def parties_and_countries(triples: Iterable[Triple]) -> tuple[set[Node], set[Node]]:
    """The parties some triples name (objects of a party link, subjects typed with a party
    class or holding a party's property) and the countries (objects of a country link)."""
    parties: set[Node] = set()
    countries: set[Node] = set()
    for s, p, o in triples:
        if p in _PARTY_LINKS:
            if not isinstance(o, Literal):
                parties.add(o)
        elif p in _COUNTRY_LINKS:
            if not isinstance(o, Literal):
                countries.add(o)
        elif p in _PARTY_PROPERTIES or (p == _TYPE and o in _PARTY_CLASSES):
            parties.add(s)
    return parties, countries


_PARTY_LINKS = frozenset(PARTY_LINKS)
_COUNTRY_LINKS = frozenset(COUNTRY_LINKS)
_PARTY_PROPERTIES = frozenset(PARTY_PROPERTIES)
_PARTY_CLASSES = frozenset(PARTY_CLASSES)
_KINDS = frozenset((*PARTY_CLASSES, *RECORD_CLASSES))

#: A unit's triples by subject: every lookup of the division is one of these
BySubject = dict[Node, list[tuple[Node, Node]]]


def _by_subject(triples: Iterable[Triple]) -> BySubject:
    index: BySubject = {}
    for s, p, o in triples:
        about = index.get(s)
        if about is None:
            about = index[s] = []
        about.append((p, o))
    return index


def _of_a_kind(about: list[tuple[Node, Node]]) -> bool:
    """Typed with a party or record class, or with a class of an ArchiMate model."""
    return any(p == _TYPE and (o in _KINDS or str(o).startswith(_ARCHIMATE)) for p, o in about)


_ARCHIMATE = str(ARCHIMATE)


def corpus_of(units: Sequence[Unit]) -> Corpus:
    """Divide units into dossier scopes and register facts (see the module)."""
    corpus = Corpus(files=list(dict.fromkeys(u.file for u in units)))
    kept: list[tuple[Unit, BySubject]] = []
    parties: set[Node] = set()
    countries: set[Node] = set()
    for unit in units:
        refused: dict[Node, list[Triple]] = {}
        used: list[Triple] = []
        for triple in unit.triples:
            if _rewrites_the_ontology(*triple):
                refused.setdefault(triple[0], []).append(triple)
            else:
                used.append(triple)
                corpus.origins.setdefault(triple[0], unit.file)
        corpus.refused += [_refusal(s, unit, ts) for s, ts in sorted(refused.items(), key=str)]
        named = parties_and_countries(used)
        parties |= named[0]
        countries |= named[1]
        kept.append((unit, _by_subject(used)))
    shared = parties | countries
    with_content: set[str] = set()
    for unit, about in kept:
        owned: set[Node] = set()
        owners: dict[Node, Node] = {}
        dossiers = {s for s, pos in about.items() if (_TYPE, _DOSSIER) in pos}
        for dossier in sorted(dossiers, key=str):
            nodes = _owned_by(about, dossier, shared)
            owned |= nodes
            for node in nodes:
                owners.setdefault(node, dossier)
            own = [(node, p, o) for node in nodes for p, o in about.get(node, ())]
            corpus.scopes.append(Scope(dossier, unit.file, unit.graph, own, frozenset(nodes)))
        kinds = {s for s, pos in about.items() if _of_a_kind(pos)}
        if owned or not parties.isdisjoint(about) or kinds:
            with_content.add(unit.file)
        for term, finding in _unknown_terms(about, unit, owners):
            corpus.unknown_terms.setdefault(unit.file, set()).add(term)
            corpus.refused.append(finding)
        records = {s for s in about if s not in owned and (s in shared or s in kinds)}
        register_nodes = {s for s in _reached(about, records) if s not in owned}
        loose: dict[Node, int] = {}
        for s, pos in about.items():
            if s in register_nodes or s in shared:
                for p, o in pos:
                    corpus.register.add((s, p, o))
            elif s not in owned:
                loose[s] = len(pos)
        if loose:
            corpus.refused.append(_orphans(unit, loose))
    corpus.empty = [file for file in corpus.files if file not in with_content]
    return corpus


def _reached(about: BySubject, start: Iterable[Node]) -> set[Node]:
    """The subjects of ``about`` reachable from ``start`` by following links (each once)."""
    seen: set[Node] = set()
    queue: deque[Node] = deque(start)
    while queue:
        node = queue.popleft()
        if node in seen or isinstance(node, Literal):
            continue
        seen.add(node)
        queue.extend(o for _, o in about.get(node, ()))
    return {node for node in seen if node in about}


def _owned_by(about: BySubject, dossier: Node, shared: set[Node]) -> set[Node]:
    """The nodes a dossier reaches in its unit without passing through a party or a country."""
    owned: set[Node] = set()
    queue: deque[Node] = deque([dossier])
    while queue:
        node = queue.popleft()
        if node in owned or isinstance(node, Literal) or (node in shared and node != dossier):
            continue
        owned.add(node)
        queue.extend(o for _, o in about.get(node, ()) if not isinstance(o, Literal))
    return owned


#: Fewer files than this per process are read in one process: a forked part pays for
#: pickling its triples to this one (a third of the time reading them took)
MIN_FILES_PER_JOB = 200


def read_units(paths: Sequence[Path], *, jobs: int = 1) -> list[Unit]:
    """Every input file as units: one per file, one per named graph of a quad format; with
    ``jobs`` above 1, the files in that many consecutive parts at most, read at once in
    forked processes (:func:`sourcing_kg.core.processes.run_forked`): the same units in the
    same order, and the same first error.

    Raises:
        InputError: a file is unreadable or malformed, or there is no RDF file at all.
    """
    files = list(iter_rdf_files(paths))
    if not files:
        names = ", ".join(str(p) for p in paths)
        raise InputError(
            f"no RDF files found (known extensions: {', '.join(sorted(FORMATS))})", path=names
        )
    count = max(1, min(jobs, len(files) // MIN_FILES_PER_JOB)) if fork_available() else 1
    if count == 1:
        return _units_of(files)
    size = -(-len(files) // count)
    parts = [files[start : start + size] for start in range(0, len(files), size)]
    read = run_forked([partial(_units_of, part) for part in parts])
    return [unit for units in read for unit in units]


def _units_of(files: Sequence[Path]) -> list[Unit]:
    units: list[Unit] = []
    for path in files:
        # each graph's triples once, in the file's order: a dict is a set that keeps it, and
        # costs a tenth of an rdflib graph (the division indexes them itself)
        graphs: dict[Node | None, dict[Triple, None]] = {}
        for s, p, o, name in read_quads(path):
            triples = graphs.get(name)
            if triples is None:  # not setdefault: that would build a dict per statement
                triples = graphs[name] = {}
            triples[(s, p, o)] = None
        if not graphs:
            graphs[None] = {}
        for name, triples in graphs.items():
            units.append(Unit(str(path), name, list(triples)))
    return units


def read_corpus(paths: Sequence[Path], *, jobs: int = 1) -> Corpus:
    """Read the inputs and divide them (see :func:`corpus_of`).

    Raises:
        InputError: a file is unreadable or malformed, or holds neither a dossier nor a
            register record (nothing to judge is no pass).
    """
    return checked(corpus_of(read_units(paths, jobs=jobs)))


def checked(corpus: Corpus) -> Corpus:
    """The corpus, if every input holds something to judge.

    Raises:
        InputError: an input (file or graph) holds neither a dossier nor a register record
            (nothing to judge is no pass).
    """
    if corpus.empty:
        file = corpus.empty[0]
        unknown = sorted(corpus.unknown_terms.get(file, ()), key=str)
        hints = [
            f"{curie(t)}" + (f" (did you mean {curie(c)}?)" if (c := closest_term(t)) else "")
            for t in unknown
        ]
        raise InputError(
            "neither a dossier (a sk:Dossier) nor a register record (a sk:Leverancier, "
            "sk:SourcingRelatie, sk:ITDienst, sk:Overeenkomst, an organisation or an ArchiMate "
            "model) found: nothing to judge"
            + (f"; terms the ontology does not declare: {', '.join(hints)}" if hints else ""),
            path=file,
        )
    return corpus
