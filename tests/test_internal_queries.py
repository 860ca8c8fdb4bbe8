"""The library's own SPARQL queries: each parses and carries its header (id, title, serves)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.plugins.sparql import prepareQuery

from sourcing_kg.core.resources import internal_query_file

QUERIES = sorted(internal_query_file("x").parent.glob("*.rq"))


def test_there_are_internal_queries() -> None:
    names = {path.stem for path in QUERIES}
    assert {"afweging_vragen", "afweging_antwoorden", "ontbrekende_resultaten"} <= names


@pytest.mark.parametrize("path", QUERIES, ids=lambda p: p.stem)
def test_query_parses_and_has_a_header(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    prepareQuery(text)
    header = [line for line in text.splitlines() if line.startswith("#")]
    for field in ("# id:", "# title:", "# answers:", "# parameters:", "# serves:"):
        assert any(line.startswith(field) for line in header), (path.name, field)
    assert f"# id: internal/{path.stem}" in header
