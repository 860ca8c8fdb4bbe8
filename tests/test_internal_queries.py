"""The library's own SPARQL queries: each parses and carries the same header as the analyses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from sourcing_kg.core.resources import internal_query_file
from sourcing_kg.sparql.queries import read_query

QUERIES = sorted(internal_query_file("x").parent.glob("*.rq"))


def test_there_are_internal_queries() -> None:
    names = {path.stem for path in QUERIES}
    assert {"afweging_vragen", "afweging_antwoorden", "regime_dossier"} <= names


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_parses_and_has_a_header(path: Path) -> None:
    query = read_query(path)
    parsed = prepareQuery(query.text)
    assert query.id == f"intern/{path.stem}"
    assert set(query.titles) == {"nl", "en"} and all(query.titles.values())
    assert query.question and query.rules and query.used_by and query.result
    body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
    for parameter in query.parameters:
        assert re.search(rf"[?$]{parameter.name}\b", body), (path.name, parameter.name)
    if parsed.algebra.name == "SelectQuery":
        assert list(query.result) == [str(v) for v in parsed.algebra.PV]
