"""``docs/rules.md`` is generated from the shapes and must match them; the README's Rules
table names the same rule ids with the same severities."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]


def _generator() -> ModuleType:
    path = REPO / "docs" / "generate_rules_table.py"
    spec = importlib.util.spec_from_file_location("generate_rules_table", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_rules_table_is_up_to_date() -> None:
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == _generator().render(), "run: python docs/generate_rules_table.py"


def test_readme_rules_section_matches_the_shapes() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Rules", 1)[1].split("\n## ", 1)[0]
    in_readme = set()
    for line in section.splitlines():
        match = re.match(
            r"\| (H\d+|P[\d.]+|INFO-OPEN|(?:REG|ARCH|INT|BEWIJS)-[A-Z-]+) "
            r"\| ([A-Za-z, ]+) \|",
            line,
        )
        if match:
            for severity in match.group(2).split(", "):
                in_readme.add((match.group(1), severity))
    in_shapes = {(rule_id, severity) for rule_id, severity, *_ in _generator().rows()}
    assert in_readme == in_shapes
