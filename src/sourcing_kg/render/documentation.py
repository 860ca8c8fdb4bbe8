"""The ontology's human-readable documentation, generated with pyLODE (never written by hand).

pyLODE reads one file, so the ontology's Turtle files are merged into ``sourcing-kg.ttl`` first;
both that file and pyLODE's ``index.html`` land in the output directory. The directory is built
beside its target and renamed into place, so a reader never sees half a documentation set and a
failure leaves the target as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from sourcing_kg.core.errors import InputError, UsageError
from sourcing_kg.model.ontology import ontology_graph

MERGED_NAME = "sourcing-kg.ttl"
INDEX_NAME = "index.html"


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


def generate_documentation(output: Path, *, force: bool = False) -> Path:
    """Write ``index.html`` (pyLODE OntPub) and the merged ontology into ``output``.

    Returns the output directory. Refuses to replace a non-empty directory unless ``force``.

    Raises:
        UsageError: ``output`` is a file, or a non-empty directory without ``force``.
        InputError: pyLODE could not document the ontology (e.g. it lacks a title).
    """
    output = Path(output)
    _check_target(output, force=force)
    parent = output.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".tmp", dir=parent))
    try:
        merged = staging / MERGED_NAME
        ontology_graph().serialize(destination=merged, format="turtle", encoding="utf-8")
        pylode = _import_pylode()
        try:
            html = pylode.OntPub(str(merged), sort_subjects=True).make_html()
        except pylode.PylodeError as error:
            raise InputError(
                f"pyLODE cannot document the ontology: {error}", path=merged
            ) from error
        (staging / INDEX_NAME).write_text(html, encoding="utf-8")
        os.chmod(staging, 0o755)
        _replace_directory(staging, output.resolve())
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return output


def _replace_directory(new: Path, target: Path) -> None:
    """Put ``new`` at ``target``; an existing ``target`` is moved aside first, then removed."""
    if not target.exists():
        os.rename(new, target)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent))
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(new, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)
