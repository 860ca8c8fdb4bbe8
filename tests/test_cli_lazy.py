"""``sourcing-kg --help`` lists every command without importing what the commands need.

The table of commands in :mod:`sourcing_kg.cli` is checked against ``commands/`` here, so that it
cannot drift: a new command module without a line in the table (or a changed ``HELP``) fails.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import subprocess
import sys

import pytest

import sourcing_kg.commands
from sourcing_kg.cli import COMMANDS, main

HEAVY = ("rdflib", "pyshacl", "pyoxigraph", "pyparsing", "jinja2", "matplotlib", "owlrl")


def _command_modules() -> list[str]:
    return sorted(
        info.name
        for info in pkgutil.iter_modules(sourcing_kg.commands.__path__)
        if not info.name.startswith("_")
    )


def test_the_table_names_exactly_the_command_modules_with_their_help() -> None:
    assert sorted(COMMANDS) == _command_modules()
    for name, help_line in COMMANDS.items():
        module = importlib.import_module(f"sourcing_kg.commands.{name}")
        assert help_line == module.HELP, name


def test_help_lists_every_command_with_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for name in _command_modules():
        module = importlib.import_module(f"sourcing_kg.commands.{name}")
        assert f"{name.replace('_', '-')} {' '.join(module.HELP.split())}" in out


def test_help_imports_no_rdf_library() -> None:
    """In a fresh interpreter: ``--help`` loads none of the heavy libraries."""
    program = (
        "import json, sys\n"
        "from sourcing_kg.cli import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"heavy = {HEAVY!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    loaded = json.loads(done.stdout.strip().splitlines()[-1])
    assert loaded == []
    assert "validate" in done.stdout


def test_the_chosen_command_gets_its_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["validate", "--help"])
    assert stop.value.code == 0
    assert "--engine" in capsys.readouterr().out
    with pytest.raises(SystemExit) as stop:
        main(["import-register", "--help"])
    assert stop.value.code == 0
    assert "usage: sourcing-kg import-register" in capsys.readouterr().out


def test_an_option_of_another_command_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["schemes", "--engine", "fast"])
    assert stop.value.code == 2
    assert "unrecognized arguments: --engine" in capsys.readouterr().err
