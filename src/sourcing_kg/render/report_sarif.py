"""SARIF 2.1.0 for code-scanning tools: each result points to its file and names its rule.

Levels: Violation → ``error``, Warning → ``warning``, Info → ``note``. The run's rules are
the rule ids the shapes enforce; each carries the rule IRIs as ``helpUri`` and properties.
Results point to the input file by ``physicalLocation.artifactLocation.uri`` (the path as
given, relative when the user gave a relative path), where found to the line of the focus
node (``region.startLine``, best effort), and to the RDF node by a logical location. The
record of the run is ``runs[].invocations`` (start and end time, as-of date, engine, policy)
and ``runs[].properties["sourcing-kg"]`` (all of it); artifacts carry their ``sha-256``.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path, PurePath
from typing import Any

from rdflib import URIRef
from rdflib.term import Node

from sourcing_kg import __version__
from sourcing_kg.model.labels import node_text
from sourcing_kg.render.json_text import json_text
from sourcing_kg.validation.report import Report, Severity
from sourcing_kg.validation.run_record import RunRecord

SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {Severity.VIOLATION: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(file: str) -> str:
    path = PurePath(file)
    return Path(file).as_uri() if path.is_absolute() else path.as_posix()


class _Lines:
    """Best-effort line of an RDF node in its file, for CI annotations (``region.startLine``).

    RDF parsers keep no positions, so this looks for the node's full IRI, else its local name
    at the start of a line (a Turtle subject), else anywhere on a line as a whole word. A
    blank node or a node not found gets no region: the result then points to the file only.
    """

    def __init__(self) -> None:
        self._files: dict[str, list[str] | None] = {}

    def _read(self, file: str) -> list[str] | None:
        if file not in self._files:
            try:
                self._files[file] = Path(file).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[file] = None
        return self._files[file]

    def line(self, file: str, node: str) -> int | None:
        lines = self._read(file)
        if not lines or node.startswith("_:"):
            return None
        local = re.split(r"[/#]", node)[-1]
        patterns = [re.compile(re.escape(node))]
        if local:
            word = rf"(?<![\w-]){re.escape(local)}(?![\w-])"
            patterns += [re.compile(rf"^\S*:{re.escape(local)}(?![\w-])"), re.compile(word)]
        for pattern in patterns:
            for number, text in enumerate(lines, start=1):
                if pattern.search(text):
                    return number
        return None


def _descriptor(rule_id: str, iris: tuple[URIRef, ...]) -> dict[str, Any]:
    descriptor: dict[str, Any] = {"id": rule_id, "shortDescription": {"text": rule_id}}
    if iris:
        descriptor["helpUri"] = str(iris[0])
        descriptor["properties"] = {"rules": [str(iri) for iri in iris]}
    return descriptor


def _text(node: Node | None) -> str | None:
    return node_text(node) if node is not None else None


def _artifact(file: str, hashes: dict[str, str | None]) -> dict[str, Any]:
    artifact: dict[str, Any] = {"location": {"uri": _uri(file)}}
    if hashes.get(file):
        artifact["hashes"] = {"sha-256": hashes[file]}
    return artifact


def _time(moment: datetime) -> str:
    """SARIF's UTC date-time (``2026-06-01T12:00:00.000Z``)."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _invocation(run: RunRecord) -> dict[str, Any]:
    return {
        "executionSuccessful": True,
        "startTimeUtc": _time(run.started),
        "endTimeUtc": _time(run.ended),
        "properties": {
            "asOf": run.as_of.isoformat(),
            "engine": f"{run.engine} {run.engine_version}",
            "inference": run.inference,
            "policy": [{"path": p.path, "sha256": p.sha256} for p in run.policy],
        },
    }


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    rules = dict(report.rules)
    for finding in report.findings:
        rules.setdefault(finding.rule, finding.rules)
    index = {rule_id: n for n, rule_id in enumerate(sorted(rules))}
    files = sorted({*report.files, *(f.file for f in report.findings if f.file)})
    hashes = {i.path: i.sha256 for i in report.run.inputs} if report.run is not None else {}
    artifact = {file: n for n, file in enumerate(files)}
    results = []
    lines = _Lines()
    for finding in report.sorted():
        rule_id = finding.rule
        focus = node_text(finding.focus_node)
        result: dict[str, Any] = {
            "ruleId": rule_id,
            "ruleIndex": index[rule_id],
            "level": _LEVEL[finding.severity],
            "message": {"text": finding.message(lang)},
            "properties": {
                "severity": finding.severity.value,
                "focusNode": focus,
                "resultPath": _text(finding.result_path),
                "sourceShape": node_text(finding.source_shape),
                "rules": [str(rule) for rule in finding.rules],
                "dossier": _text(finding.dossier),
                "failsBuild": finding.severity.rank >= fail_on.rank,
            },
        }
        location: dict[str, Any] = {
            "logicalLocations": [{"fullyQualifiedName": focus, "kind": "object"}]
        }
        if finding.file:
            physical: dict[str, Any] = {
                "artifactLocation": {"uri": _uri(finding.file), "index": artifact[finding.file]}
            }
            line = lines.line(finding.file, focus)
            if line is not None:
                physical["region"] = {"startLine": line}
            location["physicalLocation"] = physical
        result["locations"] = [location]
        results.append(result)
    log: dict[str, Any] = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "sourcing-kg",
                        "version": __version__,
                        "informationUri": "https://w3id.org/sourcing-kg",
                        "language": lang,
                        "rules": [_descriptor(r, rules[r]) for r in sorted(rules)],
                    }
                },
                "artifacts": [_artifact(file, hashes) for file in files],
                "results": results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    if report.run is not None:
        run = log["runs"][0]
        run["invocations"] = [_invocation(report.run)]
        run["properties"] = {"sourcing-kg": report.run.as_json()}
    return json_text(log)
