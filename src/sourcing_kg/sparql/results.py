"""One result model for SELECT/ASK answers from any store, and its renderers.

``json`` is the W3C SPARQL 1.1 Query Results JSON format, ``csv`` the W3C SPARQL results CSV;
``table`` and ``md`` are for people (IRIs shortened with the project's prefixes).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.core.namespaces import PREFIXES

FORMATS = ("table", "csv", "json", "md")
Row = tuple[Identifier | None, ...]


@dataclass
class ResultTable:
    """The answer of one query: variables and rows of rdflib terms (``None`` = unbound)."""

    variables: list[str]
    rows: list[Row] = field(default_factory=list)
    boolean: bool | None = None

    def dicts(self) -> list[dict[str, Identifier]]:
        return [
            {v: t for v, t in zip(self.variables, row, strict=True) if t is not None}
            for row in self.rows
        ]

    def column(self, name: str) -> list[Identifier | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]


def term_from_json(node: Mapping[str, Any]) -> Identifier:
    """An rdflib term from one binding of the SPARQL results JSON format."""
    kind = node["type"]
    if kind == "uri":
        return URIRef(node["value"])
    if kind == "bnode":
        return BNode(node["value"])
    if kind in {"literal", "typed-literal"}:
        return Literal(
            node["value"],
            lang=node.get("xml:lang"),
            datatype=URIRef(node["datatype"]) if "datatype" in node else None,
        )
    raise ValueError(f"unknown term type {kind!r}")


def from_sparql_json(document: Mapping[str, Any]) -> ResultTable:
    if "boolean" in document:
        return ResultTable([], [], bool(document["boolean"]))
    variables = list(document["head"].get("vars", []))
    rows: list[Row] = []
    for binding in document["results"]["bindings"]:
        rows.append(tuple(term_from_json(binding[v]) if v in binding else None for v in variables))
    return ResultTable(variables, rows)


def term_to_json(term: Identifier) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    if isinstance(term, Literal):
        node = {"type": "literal", "value": str(term)}
        if term.language:
            node["xml:lang"] = term.language
        elif term.datatype:
            node["datatype"] = str(term.datatype)
        return node
    raise TypeError(f"not an RDF term: {term!r}")


def to_json(table: ResultTable) -> str:
    if table.boolean is not None:
        return json.dumps({"head": {}, "boolean": table.boolean}, indent=2)
    bindings = [
        {v: term_to_json(t) for v, t in zip(table.variables, row, strict=True) if t is not None}
        for row in table.rows
    ]
    return json.dumps(
        {"head": {"vars": table.variables}, "results": {"bindings": bindings}},
        indent=2,
        ensure_ascii=False,
    )


def to_csv(table: ResultTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if table.boolean is not None:
        writer.writerow(["boolean"])
        writer.writerow(["true" if table.boolean else "false"])
        return out.getvalue()
    writer.writerow(table.variables)
    for row in table.rows:
        writer.writerow(
            ["" if t is None else (f"_:{t}" if isinstance(t, BNode) else str(t)) for t in row]
        )
    return out.getvalue()


def short(term: Identifier | None, prefixes: Mapping[str, str] | None = None) -> str:
    """A readable form of a term: ``prefix:local`` for known namespaces, else ``<iri>``."""
    if term is None:
        return ""
    if isinstance(term, URIRef):
        known = prefixes or {k: str(v) for k, v in PREFIXES.items()}
        matches = [
            (len(ns), p, ns)
            for p, ns in known.items()
            if str(term).startswith(ns) and len(str(term)) > len(ns)
        ]
        if matches:
            _, prefix, namespace = max(matches)
            return f"{prefix}:{str(term)[len(namespace) :]}"
        return f"<{term}>"
    return str(term)


def _cells(table: ResultTable) -> tuple[list[str], list[list[str]]]:
    if table.boolean is not None:
        return ["boolean"], [["true" if table.boolean else "false"]]
    return table.variables, [[short(t) for t in row] for row in table.rows]


def to_text_table(table: ResultTable) -> str:
    header, body = _cells(table)
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} rows)" if table.boolean is None else "")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(table: ResultTable) -> str:
    header, body = _cells(table)

    def esc(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        "| " + " | ".join(esc(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in body]
    return "\n".join(lines) + "\n"


def render(table: ResultTable, fmt: str) -> str:
    renderers = {"table": to_text_table, "csv": to_csv, "json": to_json, "md": to_markdown}
    return renderers[fmt](table)


def rows_of(
    variables: Sequence[str], solutions: Iterable[Sequence[Identifier | None]]
) -> ResultTable:
    return ResultTable(list(variables), [tuple(s) for s in solutions])
