"""Shared fixtures. Tests never depend on the working directory: paths come from here."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def repo() -> Path:
    return REPO


FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def dossiers() -> Path:
    """The checker's own small fixture dossiers (one concern each)."""
    return FIXTURES / "validate"


@pytest.fixture
def test_shapes() -> Path:
    """A small shapes file, one shape per severity, passed with ``--shapes``."""
    return FIXTURES / "validate-shapes" / "shapes.ttl"


@pytest.fixture
def only_test_shapes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validate with the test shapes only, so that checker tests do not depend on shapes/."""
    monkeypatch.setattr("sourcing_kg.validate.dossier_shape_files", lambda: [])
