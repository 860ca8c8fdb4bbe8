"""Plain text for people: findings grouped per file and dossier, most severe first.

Terms are named by their labels (the message's IRIs too), with the compact IRI beside them on
the detail lines; a rule is cited as the document is ("tabel 3, fase 2", "randvoorwaarde 3.4"),
only the sources that apply to the finding.
"""

from __future__ import annotations

from itertools import groupby

from rdflib import URIRef
from rdflib.term import Node

from sourcing_kg.model.citations import Lexicon
from sourcing_kg.model.labels import curie, node_text
from sourcing_kg.validation.report import Finding, Report, Severity

_WORDS = {
    "nl": {
        "Violation": "OVERTREDING",
        "Warning": "WAARSCHUWING",
        "Info": "INFO",
        "file": "bestand",
        "dossier": "dossier",
        "none": "(geen dossier)",
        "path": "pad",
        "value": "waarde",
        "rule": "regel",
        "summary": "{files} bestand(en), {dossiers} dossier(s): {v} overtreding(en), "
        "{w} waarschuwing(en), {i} info",
        "ok": "Voldoet (niets op of boven {level}).",
        "fail": "Voldoet niet ({n} bevinding(en) op of boven {level}).",
    },
    "en": {
        "Violation": "VIOLATION",
        "Warning": "WARNING",
        "Info": "INFO",
        "file": "file",
        "dossier": "dossier",
        "none": "(no dossier)",
        "path": "path",
        "value": "value",
        "rule": "rule",
        "summary": "{files} file(s), {dossiers} dossier(s): {v} violation(s), "
        "{w} warning(s), {i} info",
        "ok": "Conforms (nothing at or above {level}).",
        "fail": "Does not conform ({n} finding(s) at or above {level}).",
    },
}


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.file or "", node_text(finding.dossier) if finding.dossier is not None else "")


def _term(lexicon: Lexicon, node: Node, lang: str) -> str:
    """``label (prefix:name)`` for a labelled IRI, else the compact IRI or the text."""
    found = lexicon.label(node, lang)
    if found is not None and isinstance(node, URIRef):
        return f"{found} ({curie(node)})"
    return curie(node) if isinstance(node, URIRef) else node_text(node)


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    lexicon = Lexicon.shared()
    lines: list[str] = []
    findings = sorted(report.sorted(), key=_key)
    for (file, dossier), group in groupby(findings, key=_key):
        lines.append(f"{words['file']}: {file or '-'}")
        lines.append(f"  {words['dossier']}: {dossier or words['none']}")
        for finding in sorted(group, key=lambda f: -f.severity.rank):
            severity = words[finding.severity.value]
            message = lexicon.humanise(finding.message(lang), lang)
            lines.append(f"    {severity} [{finding.rule}] {message}")
            detail = f"      {_term(lexicon, finding.focus_node, lang)}"
            if finding.result_path is not None:
                detail += f"  {words['path']}: {_term(lexicon, finding.result_path, lang)}"
            lines.append(detail)
            if isinstance(finding.value, URIRef) and lexicon.label(finding.value, lang):
                lines.append(f"      {words['value']}: {_term(lexicon, finding.value, lang)}")
            if finding.rules:
                cited = lexicon.citations(finding.rules, finding.value, lang)
                lines.append(f"      {words['rule']}: {'; '.join(c.text for c in cited)}")
        lines.append("")
    counts = {s: sum(1 for f in report.findings if f.severity is s) for s in Severity}
    lines.append(
        words["summary"].format(
            files=len(report.files),
            dossiers=len(report.dossiers),
            v=counts[Severity.VIOLATION],
            w=counts[Severity.WARNING],
            i=counts[Severity.INFO],
        )
    )
    failing = report.at_or_above(fail_on)
    level = words[fail_on.value].lower()
    lines.append(
        words["fail"].format(n=len(failing), level=level)
        if failing
        else words["ok"].format(level=level)
    )
    return "\n".join(lines) + "\n"
