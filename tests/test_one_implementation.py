"""One implementation per rule (issue 8): ``status`` reports the missing deliverables that
``validate`` reports (H1 and INFO-OPEN), on every fixture and example, because both run the
same shapes on the same scope. (``regime`` against H2: tests/test_regime.py and
tests/test_verdict.py.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from sourcing_kg.model.labels import node_text
from sourcing_kg.model.policy import load_policy
from sourcing_kg.validation.engine import validate_paths
from sourcing_kg.workflow.status import MISSING_RULES, status_of_paths

REPO = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 6, 1)
INPUTS = sorted(
    [
        *(REPO / "tests" / "fixtures" / "shapes").glob("*.ttl"),
        *(REPO / "tests" / "fixtures" / "validate").glob("*.t*"),
        *(p for p in (REPO / "data" / "dossiers").rglob("*") if p.is_file()),
    ]
)


def test_there_is_something_to_compare() -> None:
    assert len(INPUTS) > 40


@pytest.mark.parametrize("path", INPUTS, ids=lambda p: str(p.relative_to(REPO)))
def test_status_and_validate_report_the_same_missing_deliverables(path: Path) -> None:
    policy = load_policy()
    report = validate_paths([path], as_of=AS_OF, policy=policy)
    by_validate: dict[str, set[str]] = {node_text(d): set() for d in report.dossiers}
    for finding in report.findings:
        if finding.rule_id in MISSING_RULES and finding.dossier is not None:
            by_validate[node_text(finding.dossier)].add(node_text(finding.value))  # type: ignore[arg-type]
    statuses = status_of_paths([path], policy=policy, as_of=AS_OF, count_violations=False)
    by_status = {
        s.dossier: {
            m.klasse
            for m in s.missing
            if not m.voorwaardelijk and s.phase is not None and m.fase <= s.phase
        }
        for s in statuses
    }
    assert by_status == by_validate
