"""Dossier files for the workflow commands: load them, find the dossiers, name things.

A path may be a file (Turtle, TriG, JSON-LD, ...) or a directory of them; a TriG file may hold
many dossiers. All triples are merged into one graph (named graphs included), and each
dossier remembers the file it was typed in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.io.rdf_files import iter_rdf_files, parse_file


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


def pick_dossier(dossiers: Sequence[Node], iri: str | None, where: Path | str) -> Node:
    """The one dossier meant: ``iri`` if given, else the only one of ``dossiers``.

    Raises:
        InputError: no dossier at all.
        UsageError: ``iri`` is not one of them, or several dossiers and no ``iri``.
    """
    if iri is not None:
        wanted = URIRef(iri)
        if wanted not in dossiers:
            raise UsageError(f"{where}: no sk:Dossier <{iri}>")
        return wanted
    if not dossiers:
        raise InputError("no sk:Dossier found", path=where)
    if len(dossiers) > 1:
        raise UsageError(f"{where}: {len(dossiers)} dossiers; choose one with --dossier IRI")
    return dossiers[0]
