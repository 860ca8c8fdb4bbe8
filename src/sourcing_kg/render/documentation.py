"""The ontology's human-readable documentation, generated with pyLODE (never written by hand).

pyLODE reads one file, so the ontology's Turtle files are merged into ``sourcing-kg.ttl`` first;
both that file and pyLODE's ``index.html`` land in the output directory. The directory is built
beside its target and renamed into place, so a reader never sees half a documentation set and a
failure leaves the target as it was.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rdflib import Graph

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.io.atomic import atomic_directory

MERGED_NAME = "sourcing-kg.ttl"
INDEX_NAME = "index.html"
#: The file that marks a directory as a previous docs build (only such a one is replaced).
MARKER_NAME = ".sourcing-kg-docs"


def _import_pylode() -> Any:
    """Import pyLODE without letting it configure the root logger.

    pyLODE calls ``logging.basicConfig(level=DEBUG)`` at import time (its supermodel profile);
    a temporary handler on the root logger makes that a no-op, so our output stays clean.
    """
    root = logging.getLogger()
    guard = logging.NullHandler()
    added = not root.handlers
    if added:
        root.addHandler(guard)
    try:
        import pylode
    finally:
        if added:
            root.removeHandler(guard)
    return pylode


def _check_target(output: Path, *, force: bool) -> None:
    if output.exists() and not output.is_dir():
        raise UsageError(f"{output} exists and is not a directory")
    if output.is_dir() and any(output.iterdir()) and not force:
        raise UsageError(f"{output} exists and is not empty; use --force to replace it")


def generate_documentation(ontology: Graph, output: Path, *, force: bool = False) -> Path:
    """Write ``index.html`` (pyLODE OntPub) and the merged ``ontology`` into ``output``.

    Returns the output directory. Refuses to replace a non-empty directory unless ``force``.

    Raises:
        UsageError: ``output`` is a file, or a non-empty directory without ``force``.
        InputError: pyLODE could not document the ontology (e.g. it lacks a title).
    """
    output = Path(output)
    _check_target(output, force=force)
    with atomic_directory(output, marker=MARKER_NAME) as staging:
        merged = staging / MERGED_NAME
        ontology.serialize(destination=merged, format="turtle", encoding="utf-8")
        pylode = _import_pylode()
        try:
            html = pylode.OntPub(str(merged), sort_subjects=True).make_html()
        except pylode.PylodeError as error:
            raise InputError(
                f"pyLODE cannot document the ontology: {error}", path=merged
            ) from error
        (staging / INDEX_NAME).write_text(html, encoding="utf-8")
    return output
