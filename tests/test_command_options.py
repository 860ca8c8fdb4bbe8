"""The options several commands share (``commands/_options.py``) behave the same in each."""

from __future__ import annotations

import pytest

from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode

DOSSIER = "data/dossiers/conform/fase-1.ttl"

DATED = {
    "validate": ["validate", DOSSIER, "--as-of"],
    "status": ["status", DOSSIER, "--as-of"],
    "regime": ["regime", DOSSIER, "--as-of"],
    "dashboard": ["dashboard", "-o", "unused.html", "--as-of"],
    "export": ["export", "dora-roi", "-o", "unused", "--ref-date"],
}


@pytest.mark.parametrize("command", DATED)
def test_a_bad_date_is_the_same_usage_error_everywhere(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([*DATED[command], "2026-13-01"])
    assert stopped.value.code == ExitCode.USAGE
    assert "not a date YYYY-MM-DD: '2026-13-01'" in capsys.readouterr().err


@pytest.mark.parametrize("command", ["validate", "status"])
def test_inference_offers_the_reference_engines_choices(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main([command, DOSSIER, "--inference", "owl"])
    assert stopped.value.code == ExitCode.USAGE
    assert "(choose from none, rdfs, owlrl, both)" in capsys.readouterr().err.replace("'", "")
