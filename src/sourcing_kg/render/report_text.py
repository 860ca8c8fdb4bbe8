"""Plain text for people: findings grouped per file and dossier, most severe first."""

from __future__ import annotations

from itertools import groupby

from sourcing_kg.model.labels import node_text
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
        "rule": "rule",
        "summary": "{files} file(s), {dossiers} dossier(s): {v} violation(s), "
        "{w} warning(s), {i} info",
        "ok": "Conforms (nothing at or above {level}).",
        "fail": "Does not conform ({n} finding(s) at or above {level}).",
    },
}


def _key(finding: Finding) -> tuple[str, str]:
    return (finding.file or "", node_text(finding.dossier) if finding.dossier is not None else "")


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    words = _WORDS.get(lang, _WORDS["en"])
    lines: list[str] = []
    findings = sorted(report.sorted(), key=_key)
    for (file, dossier), group in groupby(findings, key=_key):
        lines.append(f"{words['file']}: {file or '-'}")
        lines.append(f"  {words['dossier']}: {dossier or words['none']}")
        for finding in sorted(group, key=lambda f: -f.severity.rank):
            severity = words[finding.severity.value]
            lines.append(f"    {severity} [{finding.rule}] {finding.message(lang)}")
            detail = f"      {node_text(finding.focus_node)}"
            if finding.result_path is not None:
                detail += f"  {words['path']}: {node_text(finding.result_path)}"
            lines.append(detail)
            if finding.rules:
                lines.append(f"      {words['rule']}: {', '.join(map(str, finding.rules))}")
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
    level = fail_on.value.lower()
    lines.append(
        words["fail"].format(n=len(failing), level=level)
        if failing
        else words["ok"].format(level=level)
    )
    return "\n".join(lines) + "\n"
