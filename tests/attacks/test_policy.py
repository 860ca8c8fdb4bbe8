"""Policy values are typed (issue 15, part 4): a typo is an error naming the key, never a
value read letter by letter or a check that fails open. One row per bad value."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from sourcing_kg.core.errors import InputError
from sourcing_kg.model.policy import SETTING_TYPES, default_policy_file, load_policy
from tests.attacks.conftest import REPO, cli

BAD_VALUES = [
    ("regime", "bia_uitkomsten", '"hoog"'),  # a string, read as ["h", "o", "o", "g"] on main
    ("regime", "bbn_niveaus", "[3]"),
    ("regime", "pia_uitkomsten", '[""]'),
    ("regime", "geschatte_waarde_euro", '"1000000"'),
    ("regime", "geschatte_waarde_euro", "-1"),
    ("regime", "geschatte_waarde_euro", "inf"),
    ("regime", "geschatte_waarde_euro", "nan"),
    ("regime", "geschatte_waarde_euro", "true"),
    ("termijnen", "exitplan_test_maanden", "12.5"),
    ("termijnen", "exitplan_test_maanden", "-3"),
    ("termijnen", "exitplan_test_maanden", '"12"'),
    ("termijnen", "exitplan_test_maanden", "true"),
    ("bewijs", "document_verplicht", '"ja"'),
]


@pytest.mark.parametrize(("section", "key", "value"), BAD_VALUES)
def test_a_mistyped_policy_value_is_refused_naming_the_key(
    section: str, key: str, value: str, tmp_path: Path
) -> None:
    policy = tmp_path / "beleid.toml"
    policy.write_text(f"# mine\n[{section}]\n{key} = {value}\n")
    with pytest.raises(InputError) as refused:
        load_policy(policy)
    message = str(refused.value)
    assert message.startswith(f"{policy}:3: invalid policy value for {section}.{key}:"), message


def test_the_command_line_exits_3(tmp_path: Path) -> None:
    policy = tmp_path / "beleid.toml"
    policy.write_text('[regime]\nbia_uitkomsten = "hoog"\n')
    dossier = REPO / "tests" / "fixtures" / "validate" / "good.ttl"
    for command in ("regime", "validate"):
        result = cli(command, dossier, "--policy", policy)
        assert result.code == 3, result.err
        assert f"{policy}:2: invalid policy value for regime.bia_uitkomsten" in result.err


def test_every_default_setting_has_a_type() -> None:
    with default_policy_file().open("rb") as handle:
        defaults = tomllib.load(handle)
    names = {f"{s}.{k}" for s, values in defaults.items() for k in values}
    assert names <= set(SETTING_TYPES), sorted(names - set(SETTING_TYPES))
    load_policy()  # the defaults pass their own types
