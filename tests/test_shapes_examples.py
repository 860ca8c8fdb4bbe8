"""Every example dossier in ``data/dossiers`` gives the report written beside it.

Each example ``X.ttl`` / ``X.trig`` / ``X.jsonld`` has ``X.expected.json`` (as-of date, conforms,
and the results as focus node, result path, rule id, severity and value). Independently of
those files: a "conform" example has no Violation, an "afwijkend" example ``hN-...`` has a
Violation of rule HN, every hard rule has an afwijkend example, and the conform examples cover
phases 1-6 in both regimes.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from rdflib import URIRef

from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.io.rdf_files import parse_file
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Report, Severity

DOSSIERS = examples_dir() / "dossiers"
EXAMPLES = sorted(
    path
    for path in DOSSIERS.rglob("*")
    if path.suffix in {".ttl", ".trig", ".jsonld"} and not path.name.endswith(".expected.json")
)


def _expected_path(example: Path) -> Path:
    return example.with_name(example.name.rsplit(".", 1)[0] + ".expected.json")


@cache
def _report(example: Path, as_of: str) -> Report:
    return validate_paths([example], as_of=date.fromisoformat(as_of), policy=load_policy())


def _rows(report: Report) -> set[tuple[str, str | None, str | None, str, str | None]]:
    return {
        (f.focus_node, f.result_path, f.rule_id, f.severity.value, f.value) for f in report.findings
    }


def test_examples_exist_in_every_format() -> None:
    assert {path.suffix for path in EXAMPLES} == {".ttl", ".trig", ".jsonld"}
    assert all(_expected_path(path).is_file() for path in EXAMPLES)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_gives_its_expected_report(example: Path) -> None:
    expected = json.loads(_expected_path(example).read_text(encoding="utf-8"))
    report = _report(example, expected["asOf"])
    assert report.conforms is expected["conforms"]
    want = {
        (r["focusNode"], r["resultPath"], r["ruleId"], r["severity"], r["value"])
        for r in expected["results"]
    }
    assert _rows(report) == want


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_example_is_what_its_name_says(example: Path) -> None:
    expected = json.loads(_expected_path(example).read_text(encoding="utf-8"))
    report = _report(example, expected["asOf"])
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
