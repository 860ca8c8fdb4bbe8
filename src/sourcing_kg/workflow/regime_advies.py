"""The regime advice for a dossier: regulier or verscherpt, with the reasons.

The result model of :mod:`sourcing_kg.workflow.regime`, which renderers read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

REGULIER = "regulier"
VERSCHERPT = "verscherpt"


@dataclass(frozen=True)
class Reason:
    """One reason for the regime: a criterion code and the sentence in Dutch and English."""

    code: str
    verscherpt: bool
    nl: str
    en: str

    def text(self, lang: str) -> str:
        return self.nl if lang == "nl" else self.en


@dataclass
class RegimeAdvies:
    """The regime a dossier should have, with the reasons, and what the dossier states."""

    dossier: str
    regime: str
    reasons: list[Reason] = field(default_factory=list)
    stated: str | None = None
    phase: int | None = None

    @property
    def criteria(self) -> list[str]:
        """The codes of the criteria that make the dossier verscherpt."""
        return [r.code for r in self.reasons if r.verscherpt]

    @property
    def matches(self) -> bool | None:
        """Whether the stated regime is the one determined here (``None``: none stated)."""
        return None if self.stated is None else self.stated == self.regime

    def as_json(self, lang: str = "nl") -> dict[str, object]:
        return {
            "regime": self.regime,
            "reasons": [r.text(lang) for r in self.reasons],
            "criteria": self.criteria,
            "stated": self.stated,
            "matches": self.matches,
            "dossier": self.dossier,
        }
