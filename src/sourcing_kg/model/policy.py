"""The policy file: values the Handreiking leaves open (periods, footnote-11 thresholds).

Defaults live in ``policy/default.toml``; a user's file overrides any subset of them. The
values reach the shapes as RDF (a ``sk:Controlecontext`` node added to the data graph), so
that the rules themselves stay in SHACL.
"""

from __future__ import annotations

import tomllib
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
    if path is not None:
        settings = _merge(settings, _read_toml(path), path)
    where = path or default_policy_file()
    try:
        regime = settings["regime"]
        months = int(settings["termijnen"]["exitplan_test_maanden"])
        if months < 0:
            raise ValueError("exitplan_test_maanden must not be negative")
        thresholds = RegimeThresholds(
            geschatte_waarde_euro=Decimal(str(regime["geschatte_waarde_euro"])),
            bia_uitkomsten=tuple(str(v) for v in regime["bia_uitkomsten"]),
            bbn_niveaus=tuple(str(v) for v in regime["bbn_niveaus"]),
            ibscan_uitkomsten=tuple(str(v) for v in regime["ibscan_uitkomsten"]),
            pia_uitkomsten=tuple(str(v) for v in regime["pia_uitkomsten"]),
        )
        document_verplicht = settings["bewijs"]["document_verplicht"]
        if not isinstance(document_verplicht, bool):
            raise ValueError("bewijs.document_verplicht must be true or false")
    except (KeyError, TypeError, ValueError, ArithmeticError) as error:
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
