"""The expected report of each example dossier: a SHACL validation report in Turtle.

``data/rapporten/<folder>/X.ttl`` holds the ``sh:ValidationReport`` of
``data/dossiers/<folder>/X.*`` at the as-of date
below (``sk:peildatum`` on the report), without the message texts and file names: the results'
focus node, severity, source shape, constraint component, path, value and rule. The test
compares it with a fresh report as graphs (isomorphism). After changing a shape or an example,
regenerate them from the repository root and review the diff:

    PYTHONPATH=src python tests/example_reports.py
"""

from __future__ import annotations

import dataclasses
from datetime import date
from pathlib import Path

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SH, XSD

from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import examples_dir
from sourcing_kg.model.policy import load_policy
from sourcing_kg.render.report_turtle import report_graph
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.validation.report import Report, Severity

AS_OF = date(2026, 6, 1)
DOSSIERS = examples_dir() / "dossiers"
REPORTS = examples_dir() / "rapporten"
EXAMPLES = sorted(
    path for path in DOSSIERS.rglob("*") if path.suffix in {".ttl", ".trig", ".jsonld"}
)
_VOLATILE = (SH.resultMessage, SK.bestand)


def expected_path(example: Path) -> Path:
    """Kept apart from the dossiers, so that ``validate data/dossiers`` never reads a report."""
    return REPORTS / example.relative_to(DOSSIERS).with_suffix(".ttl")


def example_report(example: Path) -> Report:
    """The validation report of ``example`` at :data:`AS_OF`."""
    return validate_paths([example], as_of=AS_OF, policy=load_policy())


def comparable_report(example: Path, report: Report | None = None) -> Graph:
    """The report of ``example`` at :data:`AS_OF` (``report``, when it is already known),
    without messages and file names."""
    if report is None:
        report = example_report(example)
    # the record of the run (times, checksums) is not part of the expectation
    report = dataclasses.replace(report, run=None)
    graph = report_graph(report, fail_on=Severity.VIOLATION)
    for predicate in _VOLATILE:
        graph.remove((None, predicate, None))
    for root in graph.subjects(RDF.type, SH.ValidationReport):
        graph.add((root, SK.peildatum, Literal(AS_OF.isoformat(), datatype=XSD.date)))
    return graph


def regenerate() -> None:
    for example in EXAMPLES:
        target = expected_path(example)
        target.write_text(comparable_report(example).serialize(format="turtle"), encoding="utf-8")
        print(target.relative_to(REPORTS))


if __name__ == "__main__":
    regenerate()
