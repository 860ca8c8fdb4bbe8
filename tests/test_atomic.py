"""Atomic writes: the old file survives a failure half-way, the new one appears whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcing_kg.io.atomic import atomic_writer, write_text_atomically


def test_replaces_content(tmp_path: Path) -> None:
    target = tmp_path / "dossier.ttl"
    target.write_text("old", encoding="utf-8")
    write_text_atomically(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.ttl"]


def test_interrupted_write_keeps_original(tmp_path: Path) -> None:
    target = tmp_path / "dossier.ttl"
    target.write_text("original", encoding="utf-8")
    with pytest.raises(KeyboardInterrupt), atomic_writer(target) as handle:
        handle.write("half")
        raise KeyboardInterrupt
    assert target.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["dossier.ttl"]


def test_keeps_permissions(tmp_path: Path) -> None:
    target = tmp_path / "dossier.ttl"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o640)
    write_text_atomically(target, "y")
    assert target.stat().st_mode & 0o777 == 0o640
