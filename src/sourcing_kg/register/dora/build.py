"""Filling the templates of the DORA register of information from the register graph.

Each template's query (``mappings/dora-roi/b_xx.xx.rq``) returns one row per template row, with
variables named after the columns (``?c0010``) and helper variables (``?_relatie``) that name
the row's subject and the conditions of conditional columns. This module only turns the terms
into the template's text (through the code lists of the mapping), numbers functions and ranks,
adds the supplements a user gave (``sk:roiAanvulling``) and lists what stayed empty although the
template asks for it. No value is made up: an empty cell is reported, never filled in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.core.resources import dora_roi_dir
from sourcing_kg.register.analyses import memory_backend
from sourcing_kg.register.dora.layout import Column, Template, code_lists, templates
from sourcing_kg.sparql.backends import MemoryBackend
from sourcing_kg.sparql.queries import read_query


@dataclass(frozen=True)
class Gap:
    """A cell the template asks for and the register cannot fill."""

    template: str
    column: str
    row: str
    messages: Mapping[str, str]

    def message(self, lang: str = "nl") -> str:
        return self.messages.get(lang) or self.messages.get("en") or ""


@dataclass
class Table:
    """The rows of one template: column code -> text ("" when empty)."""

    template: Template
    rows: list[dict[str, str]] = field(default_factory=list)
    subjects: list[str] = field(default_factory=list)

    def key_of(self, row: Mapping[str, str]) -> str:
        return " | ".join(row.get(code, "") for code in self.template.key)


@dataclass
class Register:
    """The filled templates, the gaps, and the supplements that were used."""

    tables: dict[str, Table]
    gaps: list[Gap]
    supplemented: list[tuple[str, str, str]]
    entity_lei: str | None


def text_of(term: Identifier | None) -> str:
    """The template's text of an RDF term: dates as ISO 8601, booleans as true/false.

    Example:
        >>> from rdflib import Literal
        >>> text_of(Literal(True)), text_of(Literal(dt.date(2026, 1, 31)))
        ('true', '2026-01-31')
    """
    if term is None:
        return ""
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.date | Decimal | int):
            return str(value)
        return str(term)
    return str(term)


def _coded(column: Column, term: Identifier | None) -> str:
    if term is None or column.codelist is None:
        return text_of(term)
    prefix, codes = code_lists()[column.codelist]
    text = str(term)
    if text.startswith(prefix):
        return codes.get(text[len(prefix) :], "")
    return text if text.startswith("eba_") else ""


def _ranks(rows: list[dict[str, Identifier | None]]) -> list[int | None]:
    """Rank 1 for the relationship's supplier, +1 per subcontracting link (breadth first).

    Each link is reported once; a party is expanded once, so a cycle in ``sk:onderaannemer``
    ends. Example: supplier A, links A->B, B->C, C->A give ranks 1, 2, 3 and 4 (the link back).
    """
    by_relation: dict[object, list[int]] = defaultdict(list)
    for index, row in enumerate(rows):
        by_relation[row.get("_relatie")].append(index)
    ranks: list[int | None] = [None] * len(rows)
    for indices in by_relation.values():
        depth: dict[object, int] = {}
        links: dict[object, list[int]] = defaultdict(list)
        queue: deque[object] = deque()
        for index in indices:
            row = rows[index]
            if text_of(row.get("_onderaannemer")) == "true":
                links[row.get("_ontvanger")].append(index)
            else:
                ranks[index] = 1
                if row.get("_leverancier") not in depth:
                    depth[row.get("_leverancier")] = 1
                    queue.append(row.get("_leverancier"))
        while queue:
            party = queue.popleft()
            for index in links.get(party, []):
                child = rows[index].get("_leverancier")
                ranks[index] = depth[party] + 1
                if child not in depth:
                    depth[child] = depth[party] + 1
                    queue.append(child)
    return ranks


def _function_numbers(tables: Mapping[str, list[dict[str, Identifier | None]]]) -> dict[str, str]:
    services: set[str] = set()
    for template in templates():
        for column in template.columns:
            if column.derive == "function-identifier":
                for row in tables[template.code]:
                    if row.get(column.code) is not None:
                        services.add(str(row[column.code]))
    return {service: f"F{n}" for n, service in enumerate(sorted(services), start=1)}


def _supplements(backend: MemoryBackend) -> dict[tuple[str, str], str]:
    table = backend.select(read_query(dora_roi_dir() / "aanvullingen.rq").text, {})
    result: dict[tuple[str, str], str] = {}
    for row in table.dicts():
        result[(str(row["onderwerp"]), str(row["kolom"]).strip())] = text_of(row["waarde"])
    return result


def build_register(
    paths: Sequence[Path],
    *,
    entity: URIRef,
    ref_date: dt.date,
    competent_authority: str | None = None,
) -> Register:
    """Fill every template the mapping writes from the register files ``paths``.

    ``entity`` is the organisation that maintains the register (B_01.01), ``ref_date`` the
    reference date (B_01.01 date of reporting, ``refPeriod``, "terminated" in B_02.02).
    """
    backend = memory_backend(paths)
    bindings: dict[str, Identifier] = {
        "entiteit": entity,
        "rapportagedatum": Literal(ref_date),
    }
    if competent_authority:
        bindings["bevoegdeAutoriteit"] = Literal(competent_authority)
    raw: dict[str, list[dict[str, Identifier | None]]] = {}
    for template in templates():
        query = read_query(template.query)
        wanted = {p.name for p in query.parameters}
        answer = backend.select(query.text, {k: v for k, v in bindings.items() if k in wanted})
        raw[template.code] = [dict(zip(answer.variables, row, strict=True)) for row in answer.rows]
    functions = _function_numbers(raw)
    supplements = _supplements(backend)
    tables: dict[str, Table] = {}
    gaps: list[Gap] = []
    supplemented: list[tuple[str, str, str]] = []
    for template in templates():
        rows = raw[template.code]
        ranks = _ranks(rows) if any(c.derive == "rank" for c in template.columns) else []
        table = Table(template)
        for index, row in enumerate(rows):
            helpers = {k: text_of(v) for k, v in row.items() if k.startswith("_")}
            subject = helpers.get(template.subject, "")
            cells: dict[str, str] = {}
            for column in template.columns:
                if column.derive == "rank":
                    rank = ranks[index]
                    value = str(rank) if rank is not None else ""
                elif column.derive == "function-identifier":
                    term = row.get(column.code)
                    value = functions.get(str(term), "") if term is not None else ""
                else:
                    value = _coded(column, row.get(column.code))
                if not value and (subject, column.template_code) in supplements:
                    value = supplements[(subject, column.template_code)]
                    supplemented.append((template.code, column.code, subject))
                cells[column.code] = value
            table.rows.append(cells)
            table.subjects.append(subject)
            for column in template.columns:
                if not cells[column.code] and column.required_in(helpers, cells):
                    gaps.append(
                        Gap(template.code, column.code, table.key_of(cells) or subject, column.gap)
                    )
        tables[template.code] = table
    entity_rows = tables["B_01.01"].rows if "B_01.01" in tables else []
    lei = entity_rows[0].get("c0010") if entity_rows else None
    return Register(tables, gaps, supplemented, lei or None)
