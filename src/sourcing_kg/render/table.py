"""Rendering of SPARQL answers: the W3C results JSON and CSV formats, and tables for people.

``json`` is the W3C SPARQL 1.1 Query Results JSON format, ``csv`` the W3C SPARQL results CSV;
``table`` and ``md`` are for people (IRIs shortened with the project's prefixes).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.model.labels import curie
from sourcing_kg.render.json_text import json_text
from sourcing_kg.render.neutral import csv_cell, markdown_cell
from sourcing_kg.sparql.results import ResultTable, term_to_json

FORMATS = ("table", "csv", "json", "md")


def to_json(table: ResultTable) -> str:
    # json_text: a value's DEL or C1 control escaped as JSON, not by the terminal's "\x7f"
    if table.boolean is not None:
        return json_text({"head": {}, "boolean": table.boolean})
    bindings = [
        {v: term_to_json(t) for v, t in zip(table.variables, row, strict=True) if t is not None}
        for row in table.rows
    ]
    return json_text({"head": {"vars": table.variables}, "results": {"bindings": bindings}})


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
            [
                "" if t is None else csv_cell(f"_:{t}" if isinstance(t, BNode) else str(t))
                for t in row
            ]
        )
    return out.getvalue()


_IRI_IN_TEXT = re.compile(r"<([^<>\s]+)>")


def cell(term: Identifier | None, labels: Mapping[str, str]) -> str:
    """One cell for people: a CURIE (or ``<iri>``), with its label next to it where known;
    IRIs written inside a text (a path) are shortened and labelled the same way.

    Example:
        >>> from rdflib import URIRef
        >>> cell(URIRef("https://w3id.org/sourcing-kg/id/subdomein/5"), {
        ...     "https://w3id.org/sourcing-kg/id/subdomein/5": "Werkplek"})
        'subdomein:5 (Werkplek)'
    """
    if isinstance(term, URIRef):
        label = labels.get(str(term))
        text = curie(term, brackets=True)
        return f"{text} ({label})" if label else text
    if isinstance(term, Literal) and labels and _IRI_IN_TEXT.search(str(term)):

        def named(match: re.Match[str]) -> str:
            return cell(URIRef(match.group(1)), labels)

        return _IRI_IN_TEXT.sub(named, str(term))
    return curie(term, brackets=True)


def _cells(
    table: ResultTable, labels: Mapping[str, str] | None = None
) -> tuple[list[str], list[list[str]]]:
    if table.boolean is not None:
        return ["boolean"], [["true" if table.boolean else "false"]]
    return table.variables, [[cell(t, labels or {}) for t in row] for row in table.rows]


def to_text_table(table: ResultTable, labels: Mapping[str, str] | None = None) -> str:
    header, body = _cells(table, labels)
    widths = [max([len(h), *(len(r[i]) for r in body)]) for i, h in enumerate(header)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in body]
    lines.append(f"({len(body)} rows)" if table.boolean is None else "")
    return "\n".join(lines).rstrip() + "\n"


def to_markdown(table: ResultTable, labels: Mapping[str, str] | None = None) -> str:
    header, body = _cells(table, labels)

    esc = markdown_cell

    lines = [
        "| " + " | ".join(esc(h) for h in header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(esc(c) for c in r) + " |" for r in body]
    return "\n".join(lines) + "\n"


def render(table: ResultTable, fmt: str, *, labels: Mapping[str, str] | None = None) -> str:
    """The answer in ``fmt``; ``labels`` (IRI to label) are shown in ``table`` and ``md``."""
    if fmt == "table":
        return to_text_table(table, labels)
    if fmt == "md":
        return to_markdown(table, labels)
    renderers = {"csv": to_csv, "json": to_json}
    return renderers[fmt](table)
