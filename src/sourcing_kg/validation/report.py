"""One result model for every check: findings from SHACL and from check queries alike.

A :class:`Finding` keeps the RDF terms of its SHACL validation result (focus node, path,
value with its datatype or language, source shape and constraint component), so that the
Turtle report is a real ``sh:ValidationReport``; renderers (text, JSON, Turtle, JUnit, SARIF)
turn one :class:`Report` into output, and the severity of each finding is never lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING

from rdflib import URIRef
from rdflib.term import Node

from sourcing_kg.model.labels import node_text

if TYPE_CHECKING:
    from sourcing_kg.validation.provenance import ValueOrigin
    from sourcing_kg.validation.run_record import RunRecord

Triple = tuple[Node, Node, Node]


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
        """Accept ``violation``, ``Violation`` or the SHACL IRI's local name.

        Example:
            >>> Severity.parse("warning").rank
            1
        """
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
    A complex property path (a blank node) keeps its triples in ``path_triples``.
    """

    severity: Severity
    focus_node: Node
    result_path: Node | None
    messages: Mapping[str, str]
    source_shape: Node
    source_constraint_component: URIRef | None = None
    rules: tuple[URIRef, ...] = ()
    rule_id: str | None = None
    value: Node | None = None
    file: str | None = None
    dossier: Node | None = None
    path_triples: tuple[Triple, ...] = ()

    def message(self, lang: str = "nl") -> str:
        """The message in ``lang``, falling back to the other language, then to any."""
        for candidate in (lang, "en", "nl", ""):
            if candidate in self.messages:
                return self.messages[candidate]
        return next(iter(self.messages.values()), "")

    @property
    def rule(self) -> str:
        """The rule id, or the source shape where a user's shape names none."""
        return self.rule_id or node_text(self.source_shape)

    def identity(self) -> tuple[object, ...]:
        """What makes two results the same one (focus node, shape, component, path, value,
        severity): a user's shape judged on the register and on a dossier is reported once."""
        return (
            self.focus_node,
            self.source_shape,
            self.source_constraint_component,
            self.result_path,
            self.value,
            self.severity,
        )

    def sort_key(self) -> tuple[object, ...]:
        """Most severe first, then by file, dossier, focus node and rule, for stable output."""
        return (
            -self.severity.rank,
            self.file or "",
            node_text(self.dossier) if self.dossier is not None else "",
            node_text(self.focus_node),
            self.rule_id or "",
            node_text(self.result_path) if self.result_path is not None else "",
            node_text(self.source_shape),
            node_text(self.value) if self.value is not None else "",
        )


@dataclass
class Report:
    """The findings of one run, with the files, dossiers and rules that were checked.

    ``dossiers`` maps each dossier node to the file it came from; ``rules`` maps each rule id
    the shapes enforce to the rule IRIs (so that JUnit can list the rules that passed too);
    ``run`` is the record of the run (:mod:`sourcing_kg.validation.run_record`), when known;
    ``provenance`` says where each value the rules used came from
    (:mod:`sourcing_kg.validation.provenance`).
    """

    findings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    dossiers: dict[Node, str] = field(default_factory=dict)
    rules: dict[str, tuple[URIRef, ...]] = field(default_factory=dict)
    run: RunRecord | None = None
    provenance: list[ValueOrigin] = field(default_factory=list)
    engine: str = "pyshacl"  # the package that judged the scopes (after any fallback)

    @property
    def conforms(self) -> bool:
        """True when nothing is a Violation (SHACL's own notion of conformance)."""
        return not any(f.severity is Severity.VIOLATION for f in self.findings)

    def conforms_at(self, level: Severity) -> bool:
        """True when nothing is at or above ``level`` (what exit code 0 means)."""
        return not self.at_or_above(level)

    def at_or_above(self, level: Severity) -> list[Finding]:
        return [f for f in self.findings if f.severity.rank >= level.rank]

    def sorted(self) -> list[Finding]:
        """The findings in a stable order (:meth:`Finding.sort_key`)."""
        return sorted(self.findings, key=Finding.sort_key)
