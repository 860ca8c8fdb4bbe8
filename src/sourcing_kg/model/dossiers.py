"""Dossier files for the workflow commands: load them, find the dossiers, name things.

A path may be a file (Turtle, TriG, JSON-LD, ...) or a directory of them; a TriG file may hold
many dossiers. All triples are merged into one graph (named graphs included), and each
dossier remembers the file it was typed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS
from rdflib.term import Node

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.io.rdf_files import iter_rdf_files, parse_file
from sourcing_kg.core.namespaces import SK

_LABELS = (SKOS.prefLabel, RDFS.label, FOAF.name, URIRef("http://purl.org/dc/terms/title"))


@dataclass
class DossierData:
    """The merged data of some files and the dossiers in them (in file order)."""

    graph: Graph
    dossiers: list[Node]
    files: dict[Node, str]


def load_dossiers(paths: Sequence[Path]) -> DossierData:
    """Parse every file (directories expanded) into one graph; list the ``sk:Dossier`` nodes.

    Raises:
        InputError: a file is unreadable or malformed, or there is no file at all.
    """
    graph = Graph()
    dossiers: list[Node] = []
    files: dict[Node, str] = {}
    found = False
    for path in iter_rdf_files(paths):
        found = True
        dataset = parse_file(path)
        for triple in dataset.triples((None, None, None)):
            graph.add(triple)
        for dossier in sorted(set(dataset.subjects(RDF.type, SK.Dossier)), key=str):
            if dossier not in files:
                files[dossier] = str(path)
                dossiers.append(dossier)
    if not found:
        raise InputError("no RDF files found", path=", ".join(map(str, paths)))
    return DossierData(graph=graph, dossiers=dossiers, files=files)


def pick_dossier(data: DossierData, iri: str | None, where: str) -> Node:
    """The one dossier meant: ``iri`` if given, else the only one in the data.

    Raises:
        InputError: no dossier at all.
        UsageError: ``iri`` is not a dossier there, or several dossiers and no ``iri``.
    """
    if iri is not None:
        wanted = URIRef(iri)
        if wanted not in data.files:
            raise UsageError(f"{where}: no sk:Dossier <{iri}>")
        return wanted
    if not data.dossiers:
        raise InputError("no sk:Dossier found", path=where)
    if len(data.dossiers) > 1:
        raise UsageError(f"{where}: {len(data.dossiers)} dossiers; choose one with --dossier IRI")
    return data.dossiers[0]


def label_of(graph: Graph, node: Node | None, lang: str = "nl") -> str:
    """A human name for a node: its label in ``lang``, any label, or the IRI's last part."""
    if node is None:
        return ""
    labels = [o for p in _LABELS for o in graph.objects(node, p) if isinstance(o, Literal)]
    for wanted in (lang, "en", "nl", None, ""):
        for label in labels:
            if (label.language or "") == (wanted or "") or wanted is None:
                return str(label)
    if isinstance(node, URIRef):
        text = str(node)
        return text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
    return str(node)
