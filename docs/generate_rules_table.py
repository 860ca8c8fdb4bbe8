"""Write ``docs/rules.md``: every check of the dossier shapes, generated from the shapes.

One row per reporting part (a SPARQL-based constraint or a property shape): rule id,
severity, what it checks (the shape's English message), the rule it enforces (``sk:regel``,
with its label from the ontology) and the shape (file and IRI). Run it after changing a shape:

    PYTHONPATH=src python docs/generate_rules_table.py

``tests/test_rules_table.py`` fails when the committed file is out of date.
"""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH, SKOS
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import dossier_shape_files, shapes_dir
from sourcing_kg.io.rdf_files import parse_project_turtle
from sourcing_kg.model.ontology import ontology_graph

OUTPUT = Path(__file__).resolve().parent / "rules.md"
SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


def _rule_key(rule_id: str) -> tuple[int, tuple[int, ...], str]:
    numbers = tuple(int(n) for n in re.findall(r"\d+", rule_id))
    kind = {"H": 0, "P": 1}.get(rule_id[:1], 2)
    return kind, numbers, rule_id


def _text(graph: Graph, node: Node, prop: URIRef, lang: str = "en") -> str:
    values = [v for v in graph.objects(node, prop) if isinstance(v, Literal)]
    for value in values:
        if value.language == lang:
            return str(value)
    return str(values[0]) if values else ""


def _qname(node: Node) -> str:
    """``skd:Name`` for the project's dossier shapes, the full IRI otherwise."""
    text = str(node)
    prefix = "https://w3id.org/sourcing-kg/shapes/dossier#"
    return "skd:" + text[len(prefix) :] if text.startswith(prefix) else text


def _source(ontology: Graph, rule: Node) -> str:
    label = _text(ontology, rule, SKOS.prefLabel) or _text(ontology, rule, RDFS.label)
    notation = ontology.value(rule, SKOS.notation)
    scheme = str(rule).rsplit("/", 2)[-2] if "/id/" in str(rule) else ""
    head = f"{scheme} {notation}" if notation is not None else label
    detail = f" ({label})" if notation is not None and label else ""
    return f"[{head}]({rule}){detail}"


def _pick(shapes: Graph, part: Node, shape: Node, prop: URIRef) -> list[Node]:
    """A metadata value on the constraint itself, else on its node shape."""
    return list(shapes.objects(part, prop)) or list(shapes.objects(shape, prop))


def rows() -> list[tuple[str, str, str, str, str]]:
    """(rule id, severity, what, source, shape) for every reporting part of every shape file."""
    ontology = ontology_graph()
    result = []
    for path in dossier_shape_files():
        shapes = parse_project_turtle([path])
        for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
            parts = [*shapes.objects(shape, SH.sparql), *shapes.objects(shape, SH.property)]
            for part in parts:
                rule_id = str(_pick(shapes, part, shape, SK.regelId)[0])
                severity = str(_pick(shapes, part, shape, SH.severity)[0]).rsplit("#", 1)[1]
                what = _text(shapes, part, SH.message).replace("|", "\\|")
                rules = _pick(shapes, part, shape, SK.regel)
                sources = ", ".join(sorted(_source(ontology, r) for r in rules))
                where = f"`shapes/{path.relative_to(shapes_dir()).as_posix()}` `{_qname(shape)}`"
                result.append((rule_id, severity, what, sources, where))
    return sorted(result, key=lambda r: (_rule_key(r[0]), SEVERITY_ORDER[r[1]], r[4], r[2]))


def render() -> str:
    lines = [
        "# Rules checked by `sourcing-kg validate`",
        "",
        "Generated from the shapes in `shapes/` by `docs/generate_rules_table.py`; do not edit.",
        "Hard rules (H1-H10) are violations, principes and advice warnings, the current phase's",
        "own deliverables information (open work).",
        "",
        "| rule | severity | what | source | shape |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} | {e} |" for a, b, c, d, e in rows()]
    return "\n".join(lines) + "\n"


def main() -> None:
    OUTPUT.write_text(render(), encoding="utf-8")


if __name__ == "__main__":
    main()
