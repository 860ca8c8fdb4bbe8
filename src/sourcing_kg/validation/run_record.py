"""The record of one validation run: what was judged, against what, when and by what.

Auditors ask not only *what* the checker found but *against what*: the as-of date, the policy
(file and SHA-256, and the values it set), the versions of the ontology (``owl:versionInfo``)
and of the shapes (a SHA-256 per file and over all files), the engine and its inference, the
input files with their SHA-256, and the evidence root. :func:`build_run_record` makes one
:class:`RunRecord`; the engine attaches it to the :class:`~sourcing_kg.validation.report.Report`
and every renderer writes it: JSON ``run``, SARIF ``runs[].invocations`` and
``runs[].properties`` (artifacts with ``hashes``), JUnit ``<properties>``, and in Turtle a
PROV-O ``prov:Activity`` (``prov:used`` every input, ``prov:startedAtTime``, ...) that the
``sh:ValidationReport`` was ``prov:wasGeneratedBy``.

Example:
    >>> from sourcing_kg.model.policy import load_policy
    >>> record = build_run_record(
    ...     [], as_of=date(2026, 6, 1), policy=load_policy(), started=NOW, ended=NOW
    ... )
    >>> record.as_of.isoformat(), record.ontology.version, record.engine
    ('2026-06-01', '0.1.0', 'pyshacl')
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, RDF
from rdflib.term import Node

from sourcing_kg import __version__
from sourcing_kg.core.resources import data_root, ontology_files, shape_files
from sourcing_kg.model.ontology import shared_ontology
from sourcing_kg.model.policy import Policy, default_policy_file

NOW = datetime(2026, 6, 1, tzinfo=UTC)  # for examples only
_CHUNK = 1 << 20


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file, or None if it cannot be read (the record says so, not the run)."""
    digest = hashlib.sha256()
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
    except OSError:
        return None
    return digest.hexdigest()


@dataclass(frozen=True)
class FileDigest:
    """One file the run used: its path (as given, or relative to the project) and SHA-256."""

    path: str
    sha256: str | None
    uri: str = ""


@dataclass(frozen=True)
class Artefact:
    """A set of project files (the ontology, the shapes): a version, the files and one digest
    over all of them (the SHA-256 of the sorted ``sha256  path`` lines, as ``sha256sum``)."""

    name: str
    version: str | None
    iri: str | None
    files: tuple[FileDigest, ...]
    sha256: str


@dataclass(frozen=True)
class RunRecord:
    """Everything a run was judged against (see the module)."""

    started: datetime
    ended: datetime
    as_of: date
    tool: str
    tool_version: str
    engine: str
    engine_version: str
    inference: str
    policy: tuple[FileDigest, ...]
    policy_values: dict[str, object]
    ontology: Artefact
    shapes: Artefact
    user_shapes: tuple[FileDigest, ...]
    inputs: tuple[FileDigest, ...]
    evidence_root: str | None = None
    python: str = field(default_factory=lambda: sys.version.split()[0])

    def as_json(self) -> dict[str, object]:
        """The record as JSON (the ``run`` object of the JSON report, SARIF's properties)."""

        def files(items: Iterable[FileDigest]) -> list[dict[str, object]]:
            return [{"path": f.path, "sha256": f.sha256} for f in items]

        def artefact(a: Artefact) -> dict[str, object]:
            return {"version": a.version, "iri": a.iri, "sha256": a.sha256, "files": files(a.files)}

        return {
            "startedAtTime": self.started.isoformat(),
            "endedAtTime": self.ended.isoformat(),
            "asOf": self.as_of.isoformat(),
            "tool": {"name": self.tool, "version": self.tool_version, "python": self.python},
            "engine": {
                "name": self.engine,
                "version": self.engine_version,
                "inference": self.inference,
            },
            "policy": {"files": files(self.policy), "values": self.policy_values},
            "ontology": artefact(self.ontology),
            "shapes": {**artefact(self.shapes), "user": files(self.user_shapes)},
            "inputs": files(self.inputs),
            "evidenceRoot": self.evidence_root,
        }


def _project_digest(path: Path) -> FileDigest:
    try:
        shown = path.relative_to(data_root()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return FileDigest(shown, sha256_of(path), path.resolve().as_uri())


def graph_digest(name: str, graph: Iterable[tuple[Node, Node, Node]]) -> FileDigest:
    """A named graph the run read (from a store or an endpoint): its name and the SHA-256 of
    its canonical N-Quads: blank nodes labelled by RDF Dataset Canonicalization (RDFC-1.0, the
    W3C Recommendation, as pyoxigraph implements it), lines sorted. The same graph loaded again,
    with other blank-node labels, has the same digest."""
    from sourcing_kg.validation.fast import (
        to_ox,  # the engine's module: only runs on a store need it
    )

    # a triple's subject and predicate are never literals: rdflib's parsers see to that
    quads = (ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph)  # type: ignore[arg-type]
    dataset = ox.Dataset(quads)
    dataset.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    text = ox.serialize(dataset, format=ox.RdfFormat.N_QUADS) or b""
    lines = sorted(text.splitlines(keepends=True))
    return FileDigest(name, hashlib.sha256(b"".join(lines)).hexdigest(), name)


def _given_digest(path: Path) -> FileDigest:
    return FileDigest(str(path), sha256_of(path), path.resolve().as_uri())


def _artefact(name: str, paths: Sequence[Path], version: str | None, iri: str | None) -> Artefact:
    digests = tuple(_project_digest(p) for p in paths)
    lines = "".join(f"{d.sha256 or '-'}  {d.path}\n" for d in sorted(digests, key=lambda d: d.path))
    return Artefact(name, version, iri, digests, hashlib.sha256(lines.encode()).hexdigest())


@lru_cache(maxsize=1)
def _ontology_artefact() -> Artefact:
    graph = shared_ontology()
    header: Node = URIRef("https://w3id.org/sourcing-kg/def")
    version = graph.value(header, OWL.versionInfo)
    if version is None:
        header = next(iter(graph.subjects(RDF.type, OWL.Ontology)), header)
        version = graph.value(header, OWL.versionInfo)
    iri = graph.value(header, OWL.versionIRI) or header
    return _artefact(
        "ontology", ontology_files(), str(version) if version is not None else None, str(iri)
    )


@lru_cache(maxsize=1)
def _shapes_artefact() -> Artefact:
    return _artefact("shapes", shape_files("dossier", "register"), __version__, None)


def _engine_version(engine: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(engine)
    except PackageNotFoundError:
        return "unknown"


def policy_values(policy: Policy) -> dict[str, object]:
    """The policy values the rules used, by their setting names in the TOML file."""
    regime = policy.regime
    return {
        "termijnen.exitplan_test_maanden": policy.exitplan_test_maanden,
        "regime.geschatte_waarde_euro": str(regime.geschatte_waarde_euro),
        "regime.bia_uitkomsten": list(regime.bia_uitkomsten),
        "regime.bbn_niveaus": list(regime.bbn_niveaus),
        "regime.ibscan_uitkomsten": list(regime.ibscan_uitkomsten),
        "regime.pia_uitkomsten": list(regime.pia_uitkomsten),
        "bewijs.document_verplicht": policy.document_verplicht,
    }


def build_run_record(
    inputs: Sequence[str | Path | FileDigest],
    *,
    as_of: date,
    policy: Policy,
    started: datetime,
    ended: datetime,
    extra_shapes: Sequence[Path] = (),
    inference: str = "none",
    engine: str = "pyshacl",
    evidence_root: Path | None = None,
) -> RunRecord:
    """The record of one run over the input files ``inputs`` (see the module)."""
    policy_files = [_project_digest(default_policy_file())]
    user_policy = Path(policy.source)
    if user_policy.resolve() != default_policy_file().resolve() and user_policy.is_file():
        policy_files.append(_given_digest(user_policy))
    return RunRecord(
        started=started,
        ended=ended,
        as_of=as_of,
        tool="sourcing-kg",
        tool_version=__version__,
        engine=engine,
        engine_version=_engine_version(engine),
        inference=inference,
        policy=tuple(policy_files),
        policy_values=policy_values(policy),
        ontology=_ontology_artefact(),
        shapes=_shapes_artefact(),
        user_shapes=tuple(_given_digest(p) for p in extra_shapes),
        inputs=tuple(p if isinstance(p, FileDigest) else _given_digest(Path(p)) for p in inputs),
        evidence_root=str(evidence_root) if evidence_root is not None else None,
    )
