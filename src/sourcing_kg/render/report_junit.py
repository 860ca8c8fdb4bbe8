"""JUnit XML for CI systems (Jenkins, GitLab, ...): one test case per dossier and rule.

One ``<testsuite>`` per input file; in it, for every dossier of that file, one
``<testcase classname="<dossier>" name="<rule id>">`` per rule the shapes enforce. A case
fails (``<failure>``) when the dossier has findings of that rule at or above ``--fail-on``;
findings below that level are listed in the case's ``<system-out>``. Findings on nodes that
belong to no dossier get cases with the file as class name. Only the elements and attributes
of the common JUnit schema (Jenkins xunit ``junit-10.xsd``, GitLab, junitparser) are used.
Each suite carries the record of the run as ``<properties>`` (as-of date, engine, ontology and
shapes checksums, policy file checksums and values, the file's own SHA-256) and a ``timestamp``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import defaultdict

from sourcing_kg.model.labels import node_text
from sourcing_kg.validation.report import Finding, Report, Severity
from sourcing_kg.validation.run_record import RunRecord


def _line(finding: Finding, lang: str) -> str:
    where = node_text(finding.focus_node)
    if finding.result_path is not None:
        where += f" {node_text(finding.result_path)}"
    return f"{finding.severity.value}: {finding.message(lang)} ({where})"


def _properties(suite: ET.Element, run: RunRecord, file: str) -> None:
    """The run record as JUnit ``<properties>`` (before the test cases, as the schema asks)."""
    suite.set("timestamp", run.started.replace(tzinfo=None).isoformat(timespec="seconds"))
    values: list[tuple[str, str]] = [
        ("sourcing-kg.asOf", run.as_of.isoformat()),
        ("sourcing-kg.version", run.tool_version),
        ("sourcing-kg.engine", f"{run.engine} {run.engine_version}"),
        ("sourcing-kg.inference", run.inference),
        ("sourcing-kg.ontology.version", run.ontology.version or ""),
        ("sourcing-kg.ontology.sha256", run.ontology.sha256),
        ("sourcing-kg.shapes.sha256", run.shapes.sha256),
    ]
    values += [(f"sourcing-kg.policy.sha256:{p.path}", p.sha256 or "") for p in run.policy]
    values += [(f"sourcing-kg.policy.{k}", json.dumps(v)) for k, v in run.policy_values.items()]
    values += [
        (f"sourcing-kg.shapes.user.sha256:{s.path}", s.sha256 or "") for s in run.user_shapes
    ]
    values += [("sourcing-kg.input.sha256", i.sha256 or "") for i in run.inputs if i.path == file]
    if run.evidence_root is not None:
        values.append(("sourcing-kg.evidenceRoot", run.evidence_root))
    properties = ET.SubElement(suite, "properties")
    for name, value in values:
        ET.SubElement(properties, "property", name=name, value=value)


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    # file -> classname (dossier or file) -> rule -> findings
    cases: dict[str, dict[str, dict[str, list[Finding]]]] = defaultdict(
        lambda: defaultdict(lambda: defaultdict(list))
    )
    for file in report.files:
        cases[file]  # every file gets a suite, even without dossiers
    for dossier, file in report.dossiers.items():
        for rule in report.rules:
            cases[file][node_text(dossier)][rule]  # a passing case unless findings follow
    for finding in report.findings:
        file = finding.file or ""
        classname = node_text(finding.dossier) if finding.dossier is not None else file
        cases[file][classname][finding.rule].append(finding)

    root = ET.Element("testsuites", name="sourcing-kg validate")
    total = failed = 0
    for file in sorted(cases):
        suite = ET.SubElement(root, "testsuite", name=file or "sourcing-kg")
        if file:
            suite.set("file", file)
        if report.run is not None:
            _properties(suite, report.run, file)
        suite_tests = suite_failures = 0
        for classname in sorted(cases[file]):
            for rule in sorted(cases[file][classname]):
                findings = cases[file][classname][rule]
                case = ET.SubElement(suite, "testcase", classname=classname, name=rule, time="0")
                suite_tests += 1
                failing = [f for f in findings if f.severity.rank >= fail_on.rank]
                if failing:
                    suite_failures += 1
                    failure = ET.SubElement(
                        case,
                        "failure",
                        message=failing[0].message(lang),
                        type=failing[0].severity.value,
                    )
                    failure.text = "\n".join(_line(f, lang) for f in failing)
                rest = [f for f in findings if f.severity.rank < fail_on.rank]
                if rest:
                    out = ET.SubElement(case, "system-out")
                    out.text = "\n".join(_line(f, lang) for f in rest)
        suite.set("tests", str(suite_tests))
        suite.set("failures", str(suite_failures))
        suite.set("errors", "0")
        suite.set("skipped", "0")
        suite.set("time", "0")
        total += suite_tests
        failed += suite_failures
    root.set("tests", str(total))
    root.set("failures", str(failed))
    root.set("errors", "0")
    root.set("time", "0")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
