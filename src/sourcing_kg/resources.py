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


def dossier_shape_files() -> list[Path]:
    """The shapes that check dossiers and registers: all but the ontology's self-checks."""
    return [path for path in shape_files() if not path.name.startswith("ontologie")]


def ontology_shape_files() -> list[Path]:
    """The shapes that check the ontology itself (labels, definitions, sources)."""
    return [path for path in shape_files() if path.name.startswith("ontologie")]


def query_files() -> list[Path]:
    """Every SPARQL analysis (``queries/*.rq``), in a stable order."""
    return sorted(queries_dir().glob("*.rq"))


def internal_query_file(name: str) -> Path:
    """A SPARQL query the library itself runs (``sourcing_kg/sparql/<name>.rq``).

    These are data like the analyses in ``queries/``, but internal to commands such as
    ``afweging`` and ``status``; they ship inside the package.
    """
    return Path(str(files("sourcing_kg"))) / "sparql" / f"{name}.rq"
