"""The command line's contract: version, usage errors are exit code 2."""

from __future__ import annotations

import pytest

from sourcing_kg import __version__
from sourcing_kg.cli import main
from sourcing_kg.core.errors import ExitCode


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_usage_error() -> None:
    with pytest.raises(SystemExit) as stop:
        main(["no-such-command"])
    assert stop.value.code == ExitCode.USAGE


def test_no_command_is_usage_error() -> None:
    assert main([]) == ExitCode.USAGE
