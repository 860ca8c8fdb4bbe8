"""``export-archimate``: the register (and dossiers) as an ArchiMate exchange file.

The register becomes an ArchiMate graph by a SPARQL CONSTRUCT that is data
(``mappings/archimate/register-naar-archimate.rq``); that graph is turned into a model by the
inverse of the import (:func:`~sourcing_kg.architecture.rdf.graph_to_model`) and written as an
exchange file, which is validated against the XSD before it is written: importing it gives back
the same graph (tests/test_archimate_export.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal

from sourcing_kg.architecture.exchange import write_exchange
from sourcing_kg.architecture.model import Model
from sourcing_kg.architecture.rdf import check_base, graph_to_model
from sourcing_kg.architecture.xsd import validate_exchange
from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import PREFIXES
from sourcing_kg.core.resources import archimate_dir
from sourcing_kg.io.rdf_files import iter_rdf_files, parse_file
from sourcing_kg.io.safe_xml import parse_untrusted_xml
from sourcing_kg.model.ontology import ontology_graph

DEFAULT_BASE = "https://w3id.org/sourcing-kg/id/archimate/"


@dataclass
class Export:
    graph: Graph  # the ArchiMate graph the file was written from
    model: Model
    xml: bytes


def register_graph(paths: Iterable[Path]) -> Graph:
    """The inputs (files or folders of RDF) with the ontology, as one graph."""
    graph = ontology_graph()
    for path in iter_rdf_files(paths):
        for triple in parse_file(path).triples((None, None, None)):
            graph.add(triple)
    return graph


def register_as_archimate(register: Graph, *, base: str) -> Graph:
    """The ArchiMate graph of the register (the CONSTRUCT of the mapping folder)."""
    check_base(base)
    path = archimate_dir() / "register-naar-archimate.rq"
    try:
        query = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read the mapping: {error}", path=path) from error
    result = Graph()
    for prefix in ("sk",):
        result.bind(prefix, PREFIXES[prefix])
    for triple in register.query(query, initBindings={"basis": Literal(base)}):
        result.add(triple)  # type: ignore[arg-type]
    return result


def export_register(paths: Iterable[Path], *, base: str = DEFAULT_BASE) -> Export:
    """The register in ``paths`` as a validated exchange file.

    Raises:
        InputError: an input cannot be read; or (a bug) the file would not be valid.
    """
    graph = register_as_archimate(register_graph(paths), base=base)
    model = graph_to_model(graph, base)
    xml = write_exchange(model)
    validate_exchange(parse_untrusted_xml(xml, path="<export>"), "<export>")
    return Export(graph, model, xml)
