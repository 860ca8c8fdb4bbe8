"""No human-facing output of the bundled examples shows a raw project IRI where a label exists.

Every report, status, regime and afweging text of ``data/`` is scanned: each
``https://w3id.org/sourcing-kg/...`` IRI in it must have its label on the same line or the line
before it (an IRI *beside* its label is fine, e.g. ``concept``'s ``IRI:`` line). Machine formats
(JSON, SARIF, Turtle) keep IRIs and are not scanned. The finding texts also cite rules the way
people do and only the sources that apply.
"""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout
from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.model.citations import PROJECT_NAMESPACE, Lexicon
from sourcing_kg.render import render
from sourcing_kg.validation.report import Report

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
AS_OF = date(2026, 1, 31)
DOSSIER_FILES = sorted(
    p for p in (DATA / "dossiers").rglob("*") if p.suffix in {".ttl", ".trig", ".jsonld"}
)
STATUS_FILES = (
    "conform/fase-1.ttl",
    "conform/fase-2-verscherpt.ttl",
    "conform/fase-4-regulier.jsonld",
    "conform/fase-6-na-faillissement.ttl",
    "afwijkend/h10-overgeslagen-zonder-reden.ttl",
)
_IRI = re.compile(re.escape(PROJECT_NAMESPACE) + r"[^\s<>\"'()`,;]+")


def unlabelled_iris(text: str, lang: str) -> list[str]:
    """Project IRIs in ``text`` whose label is neither on their line nor on the one before."""
    lexicon = Lexicon.shared()
    lines = text.splitlines()
    found = []
    for number, line in enumerate(lines):
        for match in _IRI.finditer(line):
            iri = match.group(0).rstrip(".:!?]")
            label = lexicon.label_of(iri, lang)
            if label is None:
                continue
            nearby = (lines[number - 1] if number else "") + "\n" + line
            nearby = re.sub(r"\S*" + re.escape(PROJECT_NAMESPACE) + r"\S*", " ", nearby)
            if label.lower() not in nearby.lower():
                found.append(f"{iri} (label {label!r}) in: {line.strip()}")
    return found


def _cli(*argv: str) -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        main(list(argv))
    return out.getvalue()


def test_the_scanner_catches_a_raw_iri_and_accepts_one_beside_its_label() -> None:
    iri = f"{PROJECT_NAMESPACE}def#Exitplan"
    assert unlabelled_iris(f"mist een resultaat {iri}.", "nl")
    assert not unlabelled_iris(f"Exitplan <{iri}>", "nl")
    assert not unlabelled_iris(f"sk:Exitplan  Exitplan\n  IRI: {iri}", "nl")
    assert not unlabelled_iris(f"{PROJECT_NAMESPACE}id/zonder-label", "nl")


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_the_text_report_names_terms_by_their_labels(examples_report: Report, lang: str) -> None:
    text = render(examples_report, "text", lang=lang)
    assert examples_report.findings
    assert unlabelled_iris(text, lang) == []


def test_a_missing_phase_2_deliverable_cites_table_3_phase_2_and_not_section_4_7(
    examples_report: Report,
) -> None:
    text = render(examples_report, "text", lang="nl")
    block = text.split("h1-ontbrekend-resultaat.ttl", 1)[1].split("\n\n", 1)[0]
    assert "mist een resultaat Verwervingsstrategie dat tabel 3 vraagt" in block
    rule_lines = [line.strip() for line in block.splitlines() if "regel:" in line]
    assert rule_lines[0] == "regel: tabel 3, fase 2"
    assert not any("4.7" in line for line in rule_lines)
    english = render(examples_report, "text", lang="en")
    assert "rule: table 3, phase 2" in english


def test_a_rule_from_a_scheme_is_cited_by_its_noun_and_code(examples_report: Report) -> None:
    text = render(examples_report, "text", lang="nl")
    assert "regel: randvoorwaarde 3.4" in text
    assert "rule: precondition 3.4" in render(examples_report, "text", lang="en")


def test_json_keeps_iris_and_adds_labels_and_citations(examples_report: Report) -> None:
    import json

    results = json.loads(render(examples_report, "json", lang="nl"))["results"]
    h1 = next(r for r in results if r["ruleId"] == "H1")
    assert h1["value"] == f"{PROJECT_NAMESPACE}def#Verwervingsstrategie"
    assert h1["labels"][h1["value"]] == "Verwervingsstrategie"
    assert [c["text"] for c in h1["citations"]] == ["tabel 3, fase 2"]
    assert f"{PROJECT_NAMESPACE}id/bron/par-4.7" in h1["rules"]  # the shape's own rules stay


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_status_regime_and_afweging_texts_name_terms_by_their_labels(lang: str) -> None:
    outputs = [_cli("status", str(DATA / "dossiers"), "--no-validate", "--lang", lang)]
    for path in DOSSIER_FILES:
        if path.suffix != ".trig":
            outputs.append(_cli("regime", str(path), "--lang", lang))
    for name in STATUS_FILES:  # one per phase and regime, and one that breaks a rule
        outputs.append(
            _cli("status", str(DATA / "dossiers" / name), "--no-validate", "--lang", lang)
        )
    outputs.append(_cli("afweging", "--questions", "--lang", lang))
    for concept in ("fase/3", "randvoorwaarde/6.3", "sk:Exitplan", "vraag/1"):
        outputs.append(_cli("concept", concept, "--lang", lang))
    problems = [p for text in outputs for p in unlabelled_iris(text, lang)]
    assert problems == []


def test_labels_and_citations_asked_again_are_the_same_and_the_callers_own(
    examples_report: Report,
) -> None:
    """The lexicon remembers what it found (a report asks the same terms once per finding):
    asked again, in either language, it answers the same, and a caller's change to a list
    it was given does not reach the next caller."""
    from rdflib import Graph

    from sourcing_kg.model.ontology import shared_ontology

    remembering, fresh = Lexicon.shared(), Lexicon(shared_ontology())
    for finding in examples_report.findings:
        for lang in ("nl", "en", "nl"):
            args = (finding.rules, finding.value, lang)
            assert remembering.citations(*args) == Lexicon(shared_ontology()).citations(*args)
            assert remembering.label(finding.value, lang) == fresh.label(finding.value, lang)
    rules, value = examples_report.findings[0].rules, examples_report.findings[0].value
    given = remembering.citations(rules, value, "nl")
    given.clear()
    assert remembering.citations(rules, value, "nl") == fresh.citations(rules, value, "nl")
    assert remembering.citations(rules, value, "nl")
    assert Lexicon(Graph()).label(examples_report.findings[0].rules[0], "nl") is None
