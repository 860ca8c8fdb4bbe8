"""The one place that knows where the project's data files live.

Installed from a wheel, the ontology, shapes, queries, examples and policy sit inside the
package (``sourcing_kg/_data``); in a checkout or an editable install they sit at the top of
the repository. Everything else asks this module.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_PACKAGED = Path(str(files("sourcing_kg"))) / "_data"
_CHECKOUT = Path(__file__).resolve().parents[2]


def data_root() -> Path:
    """The folder holding ``ontology/``, ``shapes/``, ``queries/``, ``data/`` and ``policy/``."""
    if (_PACKAGED / "ontology").is_dir():
        return _PACKAGED
    return _CHECKOUT


def ontology_dir() -> Path:
    return data_root() / "ontology"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"


def examples_dir() -> Path:
    return data_root() / "data"


def mappings_dir() -> Path:
    return data_root() / "mappings"


def policy_dir() -> Path:
    return data_root() / "policy"


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology, in a stable order."""
    return sorted(ontology_dir().rglob("*.ttl"))


def shape_files() -> list[Path]:
    """Every Turtle file of the project's shapes, in a stable order."""
    return sorted(shapes_dir().rglob("*.ttl"))


def query_files() -> list[Path]:
    """Every SPARQL analysis (``queries/*.rq``), in a stable order."""
    return sorted(queries_dir().glob("*.rq"))
