"""Every example dossier in ``data/dossiers`` gives the report written for it.

Each example ``X.ttl`` / ``X.trig`` / ``X.jsonld`` has ``data/rapporten/.../X.ttl``, its SHACL
validation report (see ``tests/example_reports.py``, which also regenerates them), compared as
graphs.
Independently of those files: a "conform" example has no Violation, an "afwijkend" example
``hN-...`` has a Violation of rule HN, every hard rule has an afwijkend example, and the conform
examples cover phases 1-6 in both regimes.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from example_reports import EXAMPLES, comparable_report, example_report, expected_path
from sourcing_kg.core.namespaces import SK
from sourcing_kg.io.rdf_files import parse_file
from sourcing_kg.validation.report import Report, Severity


@cache
def _report(example: Path) -> Report:
    """One validation per example, shared by both tests of it (one worker runs a whole module:
    ``--dist loadfile``)."""
    return example_report(example)


def _name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_examples_exist_in_every_format() -> None:
    assert {path.suffix for path in EXAMPLES} == {".ttl", ".trig", ".jsonld"}
    assert all(expected_path(path).is_file() for path in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=_name)
def test_example_gives_its_expected_report(example: Path) -> None:
    expected = Graph().parse(expected_path(example), format="turtle")
    actual = comparable_report(example, _report(example))
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        pytest.fail(
            f"report differs from {expected_path(example).name}:\n"
            f"only now:\n{only_actual.serialize(format='nt')}\n"
            f"only expected:\n{only_expected.serialize(format='nt')}"
        )


@pytest.mark.parametrize("example", EXAMPLES, ids=_name)
def test_example_is_what_its_name_says(example: Path) -> None:
    report = _report(example)
    violations = {f.rule_id for f in report.findings if f.severity is Severity.VIOLATION}
    if example.parent.name == "conform":
        assert violations == set()
    else:
        rule = example.name.split("-", 1)[0].upper()
        assert violations == {rule}


def test_every_hard_rule_has_a_non_conforming_example() -> None:
    rules = {p.name.split("-", 1)[0].upper() for p in EXAMPLES if p.parent.name == "afwijkend"}
    assert rules == {f"H{n}" for n in range(1, 11)}


def test_conform_examples_cover_every_phase_and_regime() -> None:
    covered = set()
    for path in EXAMPLES:
        if path.parent.name != "conform":
            continue
        data = parse_file(path)
        for dossier in data.subjects(URIRef(str(SK) + "fase"), None):
            phase = str(data.value(dossier, SK.fase)).rsplit("/", 1)[1]
            regime = data.value(dossier, SK.regime)
            covered.add((phase, str(regime).rsplit("/", 1)[1] if regime else None))
    assert ("1", None) in covered
    for phase in "23456":
        assert {(phase, "regulier"), (phase, "verscherpt")} <= covered
