"""The one place that knows where the project's data files live.

Installed from a wheel, the ontology, shapes, queries, examples, mappings and policy sit inside
the package (``sourcing_kg/_data``); in a checkout or an editable install they sit at the top of
the repository. Everything else asks this module.

Shapes are chosen by folder: ``shapes/dossier/`` judge dossiers, ``shapes/register/`` the
register (parties and identifiers), ``shapes/ontology/`` the ontology itself; the files directly
in ``shapes/`` (SPARQL prefix declarations) are shared by all three.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Literal

_PACKAGED = Path(str(files("sourcing_kg"))) / "_data"
_CHECKOUT = Path(__file__).resolve().parents[3]

ShapeSet = Literal["dossier", "register", "ontology"]


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


def dora_roi_dir() -> Path:
    """The mapping onto the DORA register of information (``mappings/dora-roi/``).

    One layout (``b_xx.xx.json``) and one query (``b_xx.xx.rq``) per template, code lists and
    the package settings.
    """
    return mappings_dir() / "dora-roi"


def crosswalk_files() -> list[Path]:
    """The crosswalks to DORA, the EBA outsourcing guidelines and the BIO
    (``ontology/crosswalks/*.ttl``; part of the ontology, listed here for the filter)."""
    return sorted((ontology_dir() / "crosswalks").glob("*.ttl"))


def ontology_files() -> list[Path]:
    """Every Turtle file of the ontology, in a stable order."""
    return sorted(ontology_dir().rglob("*.ttl"))


def shape_files(*sets: ShapeSet) -> list[Path]:
    """The shapes of the given sets (folders below ``shapes/``) plus the shared files.

    Example:
        >>> [p.parent.name for p in shape_files("ontology")][-1]
        'ontology'
    """
    shared = sorted(shapes_dir().glob("*.ttl"))
    chosen = [path for name in sets for path in sorted((shapes_dir() / name).rglob("*.ttl"))]
    return shared + chosen


def dossier_shape_files() -> list[Path]:
    """The shapes that check dossiers and registers."""
    return shape_files("dossier", "register")


def query_files() -> list[Path]:
    """Every SPARQL analysis (``queries/*.rq``), in a stable order."""
    return sorted(queries_dir().glob("*.rq"))


def internal_query_file(name: str) -> Path:
    """A SPARQL query the library itself runs (``queries/intern/<name>.rq``).

    These are data like the analyses in ``queries/``, but internal to commands such as
    ``afweging`` and ``status``, so not listed by ``sourcing-kg queries``.
    """
    return queries_dir() / "intern" / f"{name}.rq"


def archimate_dir() -> Path:
    """ArchiMate mapping data (``mappings/archimate/``): the xsi:type mapping, the register view
    query and the Open Group exchange-format XSD (``xsd/``)."""
    return mappings_dir() / "archimate"
