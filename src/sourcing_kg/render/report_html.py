"""One self-contained HTML page for people: summary, then per dossier its findings by phase.

The page needs no network: styles and the small filter script are inline, and a Content
Security Policy forbids everything else (no remote scripts, styles, images, frames or
connections; only the page's own script, by its hash). Everything that comes from the data
(messages, IRIs, literals, rule ids, file names) goes through Jinja2's autoescaping and is
written as text, never as markup or as a link. Terms are named by their labels with the IRI
beside them; each rule is cited as people cite it and quoted from the ontology with its source.
"""

from __future__ import annotations

import base64
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS, XSD
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.citations import Citation, Lexicon, amount, dutch_date
from sourcing_kg.model.labels import curie, node_text, texts
from sourcing_kg.render.pages import environment
from sourcing_kg.validation.report import Finding, Report, Severity

TEMPLATES = Path(__file__).resolve().parent / "templates"

WORDS: dict[str, dict[str, str]] = {
    "nl": {
        "title": "Controlerapport sourcingdossiers",
        "summary": "Samenvatting",
        "files": "Bestanden",
        "dossiers": "Dossiers",
        "verdict": "Oordeel",
        "conforms": "Voldoet",
        "fails": "Voldoet niet",
        "fail_on": "niets op of boven {level}",
        "failing": "{n} bevinding(en) op of boven {level}",
        "Violation": "Overtreding",
        "Warning": "Waarschuwing",
        "Info": "Informatie",
        "severity": "Ernst",
        "rule": "Regel",
        "count": "Aantal",
        "per_rule": "Bevindingen per regel",
        "filters": "Filters",
        "all_rules": "alle regels",
        "shown": "{shown} van {total} bevindingen getoond",
        "general": "Algemeen (niet aan een fase gebonden)",
        "no_dossier": "(geen dossier)",
        "no_findings": "Geen bevindingen.",
        "node": "Knoop",
        "path": "Pad",
        "value": "Waarde",
        "sources": "Bron",
        "asked": "Wat wordt gevraagd",
        "file": "bestand",
        "run": "Over deze controle",
        "run_missing": "Deze rapportage bevat geen gegevens over de run.",
        "phase": "fase",
    },
    "en": {
        "title": "Sourcing dossier check report",
        "summary": "Summary",
        "files": "Files",
        "dossiers": "Dossiers",
        "verdict": "Verdict",
        "conforms": "Conforms",
        "fails": "Does not conform",
        "fail_on": "nothing at or above {level}",
        "failing": "{n} finding(s) at or above {level}",
        "Violation": "Violation",
        "Warning": "Warning",
        "Info": "Info",
        "severity": "Severity",
        "rule": "Rule",
        "count": "Count",
        "per_rule": "Findings per rule",
        "filters": "Filters",
        "all_rules": "all rules",
        "shown": "{shown} of {total} findings shown",
        "general": "General (not tied to a phase)",
        "no_dossier": "(no dossier)",
        "no_findings": "No findings.",
        "node": "Node",
        "path": "Path",
        "value": "Value",
        "sources": "Source",
        "asked": "What is asked",
        "file": "file",
        "run": "About this run",
        "run_missing": "This report carries no run record.",
        "phase": "phase",
    },
}


@dataclass
class Term:
    """A node for display: its label (if any) and its compact or full text."""

    text: str
    label: str | None = None
    full: str = ""


@dataclass
class FindingView:
    severity: str
    rule: str
    message: str
    node: Term
    path: Term | None
    value: Term | None
    asked: str | None
    citations: list[Citation]


@dataclass
class PhaseView:
    key: str
    title: str
    findings: list[FindingView] = field(default_factory=list)


@dataclass
class DossierView:
    anchor: str
    name: Term
    file: str
    counts: dict[str, int]
    phases: list[PhaseView]


def _term(lexicon: Lexicon, node: Node, lang: str) -> Term:
    if isinstance(node, URIRef):
        return Term(curie(node), lexicon.label(node, lang), str(node))
    if isinstance(node, Literal):
        value = node.toPython()
        if lang == "nl" and node.datatype == XSD.date and isinstance(value, date):
            return Term(dutch_date(value), None, node.n3())
        return Term(str(node), None, node.n3())
    return Term(node_text(node), None, node_text(node))


def _phase_of(lexicon: Lexicon, finding: Finding) -> Node | None:
    """The phase a finding belongs to: its deliverable's phase, else its rule's phase."""
    graph = lexicon.graph
    if finding.value is not None:
        phase = graph.value(finding.value, SK.gevraagdInFase)
        if phase is not None:
            return phase
    for rule in finding.rules:
        phase = graph.value(rule, SK.behoortTotFase)
        if phase is not None:
            return phase
    return None


def _phase_order(lexicon: Lexicon, phase: Node | None) -> tuple[int, str]:
    if phase is None:
        return (10_000, "")
    number = lexicon.graph.value(phase, SK.volgnummer)
    return (int(number) if isinstance(number, Literal) else 9_999, str(phase))


def _asked(lexicon: Lexicon, value: Node | None, lang: str) -> str | None:
    if not isinstance(value, URIRef) or lexicon.graph.value(value, SK.gevraagdInFase) is None:
        return None
    found = texts(lexicon.graph, value, (SKOS.definition,), lang)
    return found[0] if found else None


def _view(lexicon: Lexicon, finding: Finding, lang: str) -> FindingView:
    return FindingView(
        severity=finding.severity.value,
        rule=finding.rule,
        message=lexicon.humanise(finding.message(lang), lang),
        node=_term(lexicon, finding.focus_node, lang),
        path=_term(lexicon, finding.result_path, lang) if finding.result_path is not None else None,
        value=_term(lexicon, finding.value, lang) if finding.value is not None else None,
        asked=_asked(lexicon, finding.value, lang),
        citations=lexicon.citations(finding.rules, finding.value, lang),
    )


def _phases(lexicon: Lexicon, findings: Iterable[Finding], lang: str) -> list[PhaseView]:
    words = WORDS[lang]
    groups: dict[Node | None, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(_phase_of(lexicon, finding), []).append(finding)
    views = []
    for phase in sorted(groups, key=lambda p: _phase_order(lexicon, p)):
        if phase is None:
            title = words["general"]
        else:
            cited = lexicon.cite(URIRef(str(phase)), lang)
            name = lexicon.label(phase, lang)
            title = f"{cited[:1].upper()}{cited[1:]}" + (f": {name}" if name else "")
        ordered = sorted(groups[phase], key=Finding.sort_key)
        views.append(
            PhaseView(str(phase or "general"), title, [_view(lexicon, f, lang) for f in ordered])
        )
    return views


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counted = Counter(f.severity.value for f in findings)
    return {s.value: counted.get(s.value, 0) for s in sorted(Severity, key=lambda s: -s.rank)}


def _dossiers(lexicon: Lexicon, report: Report, lang: str) -> list[DossierView]:
    words = WORDS[lang]
    by_dossier: dict[tuple[str, Node | None], list[Finding]] = {}
    for known, file in report.dossiers.items():
        by_dossier.setdefault((file, known), [])
    for finding in report.findings:
        by_dossier.setdefault((finding.file or "", finding.dossier), []).append(finding)
    views = []
    ordered = sorted(by_dossier, key=lambda k: (k[0], node_text(k[1]) if k[1] is not None else ""))
    for number, (file, node) in enumerate(ordered, start=1):
        findings = by_dossier[(file, node)]
        name = _term(lexicon, node, lang) if node is not None else Term(words["no_dossier"])
        views.append(
            DossierView(
                f"dossier-{number}", name, file, _counts(findings), _phases(lexicon, findings, lang)
            )
        )
    return views


def _rules(lexicon: Lexicon, report: Report, lang: str) -> list[dict[str, Any]]:
    counted = Counter(f.rule for f in report.findings)
    worst: dict[str, Severity] = {}
    rules_of: dict[str, tuple[URIRef, ...]] = {}
    for finding in report.findings:
        if finding.rule not in worst or finding.severity.rank > worst[finding.rule].rank:
            worst[finding.rule] = finding.severity
        rules_of.setdefault(finding.rule, finding.rules)
    rows = []
    for rule in sorted(counted, key=lambda r: (-worst[r].rank, -counted[r], r)):
        cited = "; ".join(lexicon.cite(iri, lang) for iri in rules_of[rule])
        rows.append(
            {"id": rule, "severity": worst[rule].value, "count": counted[rule], "cites": cited}
        )
    return rows


_RUN_WORDS = {
    "nl": {
        "as_of": "Peildatum",
        "engine": "Engine",
        "policy": "Beleid",
        "ontology": "Ontologie",
        "shapes": "Regels (shapes)",
        "user_shapes": "Eigen shapes",
        "inputs": "Invoer",
        "time": "Uitgevoerd",
        "tool": "Programma",
        "evidence": "Map met bewijs",
        "files": "{n} bestand(en)",
        "inference": "inferentie",
        "version": "versie",
    },
    "en": {
        "as_of": "As-of date",
        "engine": "Engine",
        "policy": "Policy",
        "ontology": "Ontology",
        "shapes": "Rules (shapes)",
        "user_shapes": "User shapes",
        "inputs": "Inputs",
        "time": "Run",
        "tool": "Tool",
        "evidence": "Evidence root",
        "files": "{n} file(s)",
        "inference": "inference",
        "version": "version",
    },
}


@dataclass
class RunRow:
    """One line of the run record: a name, a value, and the files behind it (with SHA-256)."""

    name: str
    value: str
    files: list[tuple[str, str]] = field(default_factory=list)


def _digests(items: Iterable[Any]) -> list[tuple[str, str]]:
    return [(str(item.path), str(item.sha256 or "-")) for item in items]


def _setting(key: str, value: object, lang: str) -> str:
    """A policy value for people: lists joined, yes/no, euro amounts in the language's style."""
    if isinstance(value, bool):
        return ("ja" if value else "nee") if lang == "nl" else ("yes" if value else "no")
    if isinstance(value, list | tuple):
        return ", ".join(str(item) for item in value)
    if key.endswith("_euro"):
        try:
            return amount(Decimal(str(value)), lang)
        except InvalidOperation:
            return str(value)
    return str(value)


def _run_record(report: Report, lang: str) -> list[RunRow]:
    """The run record (as-of, policy, versions, engine, inputs) that the engine attached."""
    record = report.run
    if record is None:
        return []
    w = _RUN_WORDS[lang]
    as_of = dutch_date(record.as_of) if lang == "nl" else record.as_of.isoformat()
    started = record.started.strftime("%Y-%m-%d %H:%M:%S %Z").strip()
    values = "; ".join(
        f"{key} = {_setting(key, value, lang)}" for key, value in record.policy_values.items()
    )
    rows = [
        RunRow(w["as_of"], as_of),
        RunRow(
            w["engine"],
            f"{record.engine} {record.engine_version}, {w['inference']}: {record.inference}",
        ),
        RunRow(w["policy"], values, _digests(record.policy)),
        RunRow(
            w["ontology"],
            f"{w['version']} {record.ontology.version or '-'} (sha256 {record.ontology.sha256})",
        ),
        RunRow(
            w["shapes"],
            f"{w['version']} {record.shapes.version or '-'} (sha256 {record.shapes.sha256})",
            _digests(record.shapes.files),
        ),
    ]
    if record.user_shapes:
        user = w["files"].format(n=len(record.user_shapes))
        rows.append(RunRow(w["user_shapes"], user, _digests(record.user_shapes)))
    rows.append(
        RunRow(w["inputs"], w["files"].format(n=len(record.inputs)), _digests(record.inputs))
    )
    if record.evidence_root:
        rows.append(RunRow(w["evidence"], record.evidence_root))
    rows.append(RunRow(w["time"], started))
    rows.append(RunRow(w["tool"], f"{record.tool} {record.tool_version} (Python {record.python})"))
    return rows


def script_hash(script: str) -> str:
    """The CSP source for an inline script: ``'sha256-...'`` of its exact text."""
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    lang = lang if lang in WORDS else "en"
    words = WORDS[lang]
    lexicon = Lexicon.shared()
    pages = environment(strict=True)
    script = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    style = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    failing = report.at_or_above(fail_on)
    level = words[fail_on.value].lower()
    template = pages.get_template("report.html.j2")
    return template.render(
        lang=lang,
        w=words,
        script=script,
        style=style,
        csp=(
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src {script_hash(script)}; base-uri 'none'; form-action 'none'"
        ),
        conforms=not failing,
        verdict_detail=(
            words["failing"].format(n=len(failing), level=level)
            if failing
            else words["fail_on"].format(level=level)
        ),
        files=len(report.files),
        dossier_count=len(report.dossiers),
        counts=_counts(report.findings),
        total=len(report.findings),
        rules=_rules(lexicon, report, lang),
        dossiers=_dossiers(lexicon, report, lang),
        run=_run_record(report, lang),
        severities=[s.value for s in sorted(Severity, key=lambda s: -s.rank)],
    )
