"""The dependency graph around one party or one service, as edges (the picture's model)."""

from __future__ import annotations

from dataclasses import dataclass

KINDS = ("organisatie", "dienst", "leverancier", "onderaannemer", "moederbedrijf", "land")


@dataclass(frozen=True)
class Edge:
    source: str
    kind: str
    target: str
    critical: bool
