"""The policy file: documented defaults, partial overrides, clear errors."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.policy import context_graph, load_policy


def test_defaults_are_read_from_the_file() -> None:
    policy = load_policy()
    assert policy.exitplan_test_maanden == 12
    assert policy.regime.geschatte_waarde_euro == Decimal(1_000_000)


def test_override_changes_only_what_it_names(tmp_path: Path) -> None:
    override = tmp_path / "p.toml"
    override.write_text("[termijnen]\nexitplan_test_maanden = 6\n", encoding="utf-8")
    policy = load_policy(override)
    assert policy.exitplan_test_maanden == 6
    assert policy.regime.bbn_niveaus == load_policy().regime.bbn_niveaus


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("[termijnen]\nexitplan_test_maandenn = 6\n", "unknown policy setting"),
        ("[nope]\nx = 1\n", "unknown policy section"),
        ("[termijnen]\nexitplan_test_maanden = \n", "malformed"),
        ("[termijnen]\nexitplan_test_maanden = -1\n", "invalid policy value"),
    ],
)
def test_bad_policy_names_the_file(tmp_path: Path, text: str, needle: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as error:
        load_policy(bad)
    assert str(bad) in str(error.value)
    assert needle in str(error.value)


def test_context_node_carries_as_of_date_and_period() -> None:
    graph = context_graph(as_of=date(2026, 1, 31), policy=load_policy())
    node = next(graph.subjects(predicate=SK.peildatum))
    assert str(graph.value(node, SK.peildatum)) == "2026-01-31"
    assert int(graph.value(node, SK.exitTestPeriodeMaanden)) == 12
