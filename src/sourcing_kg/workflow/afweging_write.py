"""Adding an afweging to a dossier file: parse, add, re-serialise, replace atomically.

Every other triple of the file is kept: the file is parsed, the afweging is added in the
public vocabulary (``sk:Afweging``, ``sk:Antwoord`` with ``sk:vraag``, ``sk:waarde``,
``sk:motivering``, ``sk:mitigatie``; ``sk:gekozenCategorie`` when a category was chosen), and
the result is serialised in the file's own format. Before the file is replaced, the new text
is parsed again and compared (as graphs) with what was intended; only then does a rename
put it in place (:func:`sourcing_kg.io.atomic.atomic_writer`). A failure at any point leaves the
original file as it was.

Formats: Turtle, N-Triples, RDF/XML, TriG and N-Quads (for TriG/N-Quads the afweging goes
into the named graph that types the dossier). JSON-LD is refused: its context and framing
would not survive a re-serialisation. Comments and the layout of the file are not kept.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF
from rdflib.term import Node

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.core.namespaces import PREFIXES, SK, scheme
from sourcing_kg.io.atomic import atomic_writer, exclusive
from sourcing_kg.io.rdf_files import QUAD_FORMATS, guess_format, parse_file
from sourcing_kg.model.dossiers import pick_dossier
from sourcing_kg.workflow.afweging import Kader, Uitkomst

WRITABLE_FORMATS = frozenset({"turtle", "nt", "xml", "trig", "nquads"})


def _target_graph(dataset: Dataset, dossier: Node, fmt: str) -> Graph:
    if fmt in QUAD_FORMATS:
        for context in dataset.graphs():
            if (dossier, RDF.type, SK.Dossier) in context:
                return context
    graph: Graph = dataset.default_graph
    return graph


def _subtree(graph: Graph, start: Node) -> set[Node]:
    """The afweging node and its answer nodes (what ``--replace`` removes)."""
    nodes = {start}
    nodes.update(graph.objects(start, SK.antwoord))
    return nodes


def _mint(dossier: Node, suffix: str) -> Node:
    if isinstance(dossier, URIRef):
        return URIRef(f"{dossier}-{suffix}")
    return BNode()


def add_afweging_triples(
    graph: Graph, dossier: Node, kader: Kader, uitkomst: Uitkomst, *, replace: bool = False
) -> Node:
    """Add the afweging to ``graph`` (in place); returns the new ``sk:Afweging`` node.

    Raises:
        UsageError: the dossier already has an afweging and ``replace`` is false.
    """
    existing = list(graph.objects(dossier, SK.afweging))
    if existing and not replace:
        raise UsageError("the dossier already has an afweging; use --replace to replace it")
    for old in existing:
        for node in _subtree(graph, old):
            graph.remove((node, None, None))
        graph.remove((dossier, SK.afweging, old))
    vraag, antwoord, categorie = scheme("vraag"), scheme("antwoord"), scheme("categorie")
    node = _mint(dossier, "afweging")
    graph.add((dossier, SK.afweging, node))
    graph.add((node, RDF.type, SK.Afweging))
    if uitkomst.category:
        graph.add((node, SK.gekozenCategorie, categorie[uitkomst.category]))
    for answer in uitkomst.answers:
        item = _mint(dossier, f"afweging-vraag-{answer.vraag}")
        graph.add((node, SK.antwoord, item))
        graph.add((item, RDF.type, SK.Antwoord))
        graph.add((item, SK.vraag, vraag[kader.vraag(answer.vraag).notatie]))
        graph.add((item, SK.waarde, antwoord[answer.waarde]))
        graph.add((item, SK.motivering, Literal(answer.motivering)))
        if answer.mitigatie:
            graph.add((item, SK.mitigatie, Literal(answer.mitigatie)))
    return node


def _serialise(dataset: Dataset, fmt: str) -> str:
    source: Graph = dataset if fmt in QUAD_FORMATS else dataset.default_graph
    return str(source.serialize(format=fmt))


def _same(expected: Dataset, text: str, path: Path, fmt: str) -> bool:
    reparsed = Dataset(default_union=True)
    reparsed.parse(data=text, format=fmt, publicID=path.resolve().as_uri())
    if fmt not in QUAD_FORMATS:
        return isomorphic(expected.default_graph, reparsed.default_graph)
    mine = {g.identifier: g for g in expected.graphs() if len(g)}
    theirs = {g.identifier: g for g in reparsed.graphs() if len(g)}
    return mine.keys() == theirs.keys() and all(isomorphic(mine[k], theirs[k]) for k in mine)


def write_afweging(
    path: Path,
    kader: Kader,
    uitkomst: Uitkomst,
    *,
    dossier_iri: str | None = None,
    replace: bool = False,
) -> Node:
    """Add the afweging to the dossier file ``path`` atomically; returns the afweging node.

    Raises:
        InputError: unreadable or malformed file, a format that cannot be round-tripped, no
            dossier in the file, or a re-serialisation that would not give back the graph.
        UsageError: several dossiers and no ``dossier_iri``, or an existing afweging without
            ``replace``.
    """
    fmt = guess_format(path)
    if fmt not in WRITABLE_FORMATS:
        raise InputError(
            f"cannot write an afweging into a {fmt} file without losing its form; "
            "use Turtle, TriG, N-Triples, N-Quads or RDF/XML",
            path=path,
        )
    with exclusive(path):  # two runs on one file: the second refuses, no update is lost
        return _write_locked(path, fmt, kader, uitkomst, dossier_iri=dossier_iri, replace=replace)


def _write_locked(
    path: Path,
    fmt: str,
    kader: Kader,
    uitkomst: Uitkomst,
    *,
    dossier_iri: str | None,
    replace: bool,
) -> Node:
    dataset = parse_file(path)
    for prefix, namespace in PREFIXES.items():
        if prefix in {"sk", "vraag", "antwoord", "categorie"}:
            dataset.bind(prefix, namespace, override=False)
    dossier = pick_dossier(
        sorted(set(dataset.subjects(RDF.type, SK.Dossier)), key=str), dossier_iri, path
    )
    node = add_afweging_triples(
        _target_graph(dataset, dossier, fmt), dossier, kader, uitkomst, replace=replace
    )
    text = _serialise(dataset, fmt)
    if not _same(dataset, text, path, fmt):
        raise InputError("re-serialising the file would change its triples; not written", path=path)
    with atomic_writer(path) as handle:
        handle.write(text)
    return node
