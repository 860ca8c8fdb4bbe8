"""``import-archimate``: an ArchiMate file to RDF.

The format is told by the root element, not the extension: ``{…/xsd/archimate/3.0/}model`` is
the Open Group exchange format (validated against the XSD), ``{…archimatetool…}model`` is Archi's
own format. Either way the XML is untrusted (:mod:`sourcing_kg.io.safe_xml`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, URIRef

from sourcing_kg.architecture.archi import read_archi
from sourcing_kg.architecture.exchange import read_exchange
from sourcing_kg.architecture.mapping import ARCHI_NS, EXCHANGE_NS
from sourcing_kg.architecture.model import Model
from sourcing_kg.architecture.rdf import check_base, model_to_graph
from sourcing_kg.core.errors import InputError
from sourcing_kg.io.safe_xml import read_untrusted_xml


@dataclass
class ImportResult:
    graph: Graph
    model: Model
    format: str  # "exchange" or "archi"

    def counts(self) -> Counter[URIRef]:
        """Elements and relationships per class or property (the figures of the report)."""
        return Counter(c.term for c in (*self.model.elements, *self.model.relationships))


def read_model(path: Path) -> tuple[Model, str]:
    """The model in an ArchiMate file, and which format it was (``exchange`` or ``archi``)."""
    tree = read_untrusted_xml(path)
    namespace = str(tree.getroot().tag).partition("}")[0].lstrip("{")
    if namespace == EXCHANGE_NS:
        return read_exchange(tree, path), "exchange"
    if namespace == ARCHI_NS:
        return read_archi(tree, path), "archi"
    raise InputError(
        f"not an ArchiMate file: root element {tree.getroot().tag!r} (expected the exchange "
        f"format {{{EXCHANGE_NS}}}model or Archi's {{{ARCHI_NS}}}model)",
        path=path,
        line=tree.getroot().sourceline,
    )


def import_file(path: Path, *, base: str) -> ImportResult:
    """Read, check and map one ArchiMate file.

    Raises:
        UsageError: the base is no absolute IRI ending in ``/``, ``#`` or ``:``.
        InputError: the file is unreadable, unsafe, malformed, invalid or refers to nothing.
    """
    check_base(base)
    model, kind = read_model(path)
    return ImportResult(model_to_graph(model, base, path=path), model, kind)
