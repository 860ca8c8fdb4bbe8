"""One result model for every check: findings from SHACL and from check queries alike.

Renderers (text, JSON, Turtle, JUnit, SARIF, ...) turn a :class:`Report` into output; the
severity of each finding is never lost on the way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum


class Severity(Enum):
    """SHACL severities, ordered: Info < Warning < Violation."""

    INFO = "Info"
    WARNING = "Warning"
    VIOLATION = "Violation"

    @property
    def rank(self) -> int:
        return {"Info": 0, "Warning": 1, "Violation": 2}[self.value]

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Accept ``violation``, ``Violation`` or the SHACL IRI's local name."""
        for member in cls:
            if member.value.lower() == text.strip().lower():
                return member
        raise ValueError(f"unknown severity {text!r} (expected violation, warning or info)")


@dataclass(frozen=True)
class Finding:
    """One result of one rule on one node.

    ``messages`` maps a language tag (``nl``, ``en``) to the message in that language;
    ``rules`` are the IRIs of what the finding enforces (a randvoorwaarde or principe concept,
    otherwise a table or section of the document); ``rule_id`` is the short id (``H1``...).
    """

    severity: Severity
    focus_node: str
    result_path: str | None
    messages: Mapping[str, str]
    source_shape: str
    rules: tuple[str, ...] = ()
    rule_id: str | None = None
    value: str | None = None
    file: str | None = None
    dossier: str | None = None

    def message(self, lang: str = "nl") -> str:
        """The message in ``lang``, falling back to the other language, then to any."""
        for candidate in (lang, "en", "nl", ""):
            if candidate in self.messages:
                return self.messages[candidate]
        return next(iter(self.messages.values()), "")


@dataclass
class Report:
    """The findings of one run, with the files, dossiers and rules that were checked.

    ``dossiers`` maps each dossier (IRI) to the file it came from; ``rules`` maps each rule id
    the shapes enforce to the rule IRIs (so that JUnit can list the rules that passed too).
    """

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    dossiers: dict[str, str] = field(default_factory=dict)
    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (SHACL's own notion of conformance)."""
        return not any(f.severity is Severity.VIOLATION for f in self.findings)

    def conforms_at(self, level: Severity) -> bool:
        """True when nothing is at or above ``level`` (what exit code 0 means)."""
        return not self.at_or_above(level)

    def at_or_above(self, level: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= level.rank]

    def extend(self, findings: Iterable[Finding]) -> None:
        self.findings.extend(findings)

    def sorted(self) -> list[Finding]:
        """Most severe first, then by file, focus node and rule, for stable output."""
        return sorted(
            self.findings,
            key=lambda f: (
                -f.severity.rank,
                f.file or "",
                f.dossier or "",
                f.focus_node,
                f.rule_id or "",
                f.result_path or "",
                f.source_shape,
            ),
        )
