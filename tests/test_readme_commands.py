"""The README's two set-up commands: CI runs the second one verbatim, and both are runnable."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _quick_start() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start.*?```sh\n(.*?)```", readme, re.S)
    assert block, "README has no Quick start block"
    return [line for line in block.group(1).splitlines() if line and not line.startswith("#")]


def test_there_are_two_commands_and_ci_runs_the_test_command() -> None:
    run, test = _quick_start()
    assert run.startswith("python3 -m venv .venv && ") and "sourcing-kg validate" in run
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci
    for check in ("ruff check", "ruff format --check", "mypy", "lint-imports", "pytest"):
        assert check in test
