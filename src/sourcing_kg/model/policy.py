"""The policy file: values the Handreiking leaves open (periods, footnote-11 thresholds).

Defaults live in ``policy/default.toml``; a user's file overrides any subset of them. The
values reach the shapes as RDF (a ``sk:Controlecontext`` node added to the data graph), so
that the rules themselves stay in SHACL.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal
from rdflib.namespace import RDF, XSD

from sourcing_kg.core.errors import InputError
from sourcing_kg.core.namespaces import SK
from sourcing_kg.core.resources import policy_dir


@dataclass(frozen=True)
class RegimeThresholds:
    """Footnote 11: what makes a service verscherpt besides being critical or strategic."""

    geschatte_waarde_euro: Decimal
    bia_uitkomsten: tuple[str, ...]
    bbn_niveaus: tuple[str, ...]
    ibscan_uitkomsten: tuple[str, ...]
    pia_uitkomsten: tuple[str, ...]


@dataclass(frozen=True)
class Policy:
    exitplan_test_maanden: int
    regime: RegimeThresholds
    source: str = field(default="default")
    #: ``bewijs.document_verplicht``: a deliverable without ``sk:document`` is a violation.
    document_verplicht: bool = False


def _strings(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f'expected a list of texts such as ["hoog"], got {value!r}')
    return tuple(value)


def _count(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"expected a whole number of 0 or more, got {value!r}")
    return value


def _amount(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected an amount (a number), got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"expected a finite amount of 0 or more, got {value!r}")
    return Decimal(str(value))


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


#: The type of every policy setting, ``section.key`` -> checker (adding a key is one line).
#: Every setting of ``policy/default.toml`` has one (tests/attacks/test_policy.py checks it).
SETTING_TYPES: dict[str, Callable[[Any], Any]] = {
    "termijnen.exitplan_test_maanden": _count,
    "regime.geschatte_waarde_euro": _amount,
    "regime.bia_uitkomsten": _strings,
    "regime.bbn_niveaus": _strings,
    "regime.ibscan_uitkomsten": _strings,
    "regime.pia_uitkomsten": _strings,
    "bewijs.document_verplicht": _flag,
}


def _line_of_setting(path: Path, section: str, key: str) -> int | None:
    """The line of ``key = ...`` in ``[section]`` of a TOML file (for messages only)."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    current = ""
    for number, line in enumerate(lines, start=1):
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            current = header.group(1).strip()
        elif current == section and re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return None


def _typed(settings: dict[str, Any], origin: dict[str, Path]) -> dict[str, dict[str, Any]]:
    """Every known setting checked against :data:`SETTING_TYPES`; the error names the key,
    the file it came from and its line."""
    typed: dict[str, dict[str, Any]] = {}
    for section, values in settings.items():
        typed[section] = {}
        for key, value in values.items():
            name = f"{section}.{key}"
            check = SETTING_TYPES.get(name)
            try:
                typed[section][key] = check(value) if check else value
            except ValueError as error:
                where = origin.get(name, default_policy_file())
                raise InputError(
                    f"invalid policy value for {name}: {error}",
                    path=where,
                    line=_line_of_setting(where, section, key),
                ) from None
    return typed


def default_policy_file() -> Path:
    return policy_dir() / "default.toml"


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as error:
        raise InputError(f"cannot read policy file: {error}", path=path) from error
    except tomllib.TOMLDecodeError as error:
        line = getattr(error, "lineno", None)
        raise InputError(f"malformed policy file: {error}", path=path, line=line) from error


def _merge(base: dict[str, Any], override: dict[str, Any], path: Path) -> dict[str, Any]:
    merged = {key: dict(value) if isinstance(value, dict) else value for key, value in base.items()}
    for section, values in override.items():
        if section not in base or not isinstance(values, dict):
            raise InputError(f"unknown policy section [{section}]", path=path)
        for key, value in values.items():
            if key not in base[section]:
                raise InputError(f"unknown policy setting {section}.{key}", path=path)
            merged[section][key] = value
    return merged


def load_policy(path: Path | None = None) -> Policy:
    """The default policy, overridden by the settings in ``path`` if given.

    Example:
        >>> load_policy().exitplan_test_maanden
        12
    """
    settings = _read_toml(default_policy_file())
    origin: dict[str, Path] = {}
    if path is not None:
        override = _read_toml(path)
        settings = _merge(settings, override, path)
        origin = {
            f"{section}.{key}": path
            for section, values in override.items()
            if isinstance(values, dict)
            for key in values
        }
    where = path or default_policy_file()
    settings = _typed(settings, origin)
    try:
        regime = settings["regime"]
        months = settings["termijnen"]["exitplan_test_maanden"]
        thresholds = RegimeThresholds(
            geschatte_waarde_euro=regime["geschatte_waarde_euro"],
            bia_uitkomsten=regime["bia_uitkomsten"],
            bbn_niveaus=regime["bbn_niveaus"],
            ibscan_uitkomsten=regime["ibscan_uitkomsten"],
            pia_uitkomsten=regime["pia_uitkomsten"],
        )
        document_verplicht = settings["bewijs"]["document_verplicht"]
    except KeyError as error:
        raise InputError(f"invalid policy value: {error}", path=where) from error
    return Policy(
        exitplan_test_maanden=months,
        regime=thresholds,
        source=str(where),
        document_verplicht=document_verplicht,
    )


def context_graph(*, as_of: date, policy: Policy) -> Graph:
    """The ``sk:Controlecontext`` node that time- and policy-dependent shapes read."""
    graph = Graph()
    node = BNode()
    graph.add((node, RDF.type, SK.Controlecontext))
    graph.add((node, SK.peildatum, Literal(as_of.isoformat(), datatype=XSD.date)))
    graph.add((node, SK.exitTestPeriodeMaanden, Literal(policy.exitplan_test_maanden)))
    graph.add((node, SK.drempelGeschatteWaarde, Literal(policy.regime.geschatte_waarde_euro)))
    graph.add((node, SK.documentVerplicht, Literal(policy.document_verplicht)))
    criteria = (
        (SK.biaUitkomstVerscherpt, policy.regime.bia_uitkomsten),
        (SK.ibscanUitkomstVerscherpt, policy.regime.ibscan_uitkomsten),
        (SK.piaUitkomstVerscherpt, policy.regime.pia_uitkomsten),
        (SK.bbnNiveauVerscherpt, policy.regime.bbn_niveaus),
    )
    for prop, values in criteria:  # footnote 11: read by the H2 shapes, never by Python
        for value in values:
            graph.add((node, prop, Literal(value)))
    return graph
