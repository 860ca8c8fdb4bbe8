"""JSON for machines: exactly one object ``{"conforms": bool, "results": [...]}``.

``conforms`` is true when nothing is at or above ``--fail-on`` (the same as exit code 0).
Each result has the keys of the documented contract (severity, focusNode, resultPath,
message, sourceShape, rules, file) plus ruleId, dossier, value and messages (all languages).
"""

from __future__ import annotations

import json
from typing import Any

from sourcing_kg.validation.report import Finding, Report, Severity


def result(finding: Finding, lang: str) -> dict[str, Any]:
    return {
        "severity": finding.severity.value,
        "focusNode": finding.focus_node,
        "resultPath": finding.result_path,
        "message": finding.message(lang),
        "sourceShape": finding.source_shape,
        "rules": list(finding.rules),
        "file": finding.file or "",
        "ruleId": finding.rule_id,
        "dossier": finding.dossier,
        "value": finding.value,
        "messages": dict(finding.messages),
    }


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    document = {
        "conforms": report.conforms_at(fail_on),
        "results": [result(f, lang) for f in report.sorted()],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"
