"""Names and citations for people: a term by its label, a rule as the document is cited.

A finding's rule reads "randvoorwaarde 3.4", "tabel 3, fase 2" or "§4.3", never an IRI, and
lists only the sources that apply to that finding: a shape that enforces ``tabel 3`` and
``§4.7`` (the deliverables of every phase, and §4.7 for phase 6) cites, for a missing phase-2
deliverable, only "tabel 3, fase 2". All of it is read from the ontology: ``rdfs:label`` and
``dct:bibliographicCitation`` of the ``bron:`` nodes, ``skos:notation`` and the scheme's
``sk:citeervorm`` for concepts, ``dct:source`` and ``sk:gevraagdInFase`` of the value.

Example:
    >>> from sourcing_kg.core.namespaces import SK, SKID
    >>> lexicon = Lexicon.shared()
    >>> lexicon.cite(SKID["randvoorwaarde/3.4"], "nl"), lexicon.cite(SKID["bron/par-4.3"], "en")
    ('randvoorwaarde 3.4', 'section 4.3')
    >>> [c.text for c in lexicon.citations(
    ...     (SKID["bron/tabel-3"], SKID["bron/par-4.7"]), SK.Verwervingsstrategie, "nl")]
    ['tabel 3, fase 2']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.labels import label, texts
from sourcing_kg.model.ontology import shared_ontology

#: The project's namespace: an IRI below it should always be shown by its label.
PROJECT_NAMESPACE = "https://w3id.org/sourcing-kg/"

_IRI = re.compile(r"https?://[^\s<>\"'`{}|\\^]+")
_IRI_OR_DATE = re.compile(_IRI.pattern + r"|\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]
_TRAILING = ".,;:!?)]"
_BRON = f"{PROJECT_NAMESPACE}id/bron/"


@dataclass(frozen=True)
class Citation:
    """One source of a rule as people cite it (``text``), with its IRI and the quoted text."""

    iri: URIRef
    text: str
    quote: str | None = None
    source: str | None = None


class Lexicon:
    """Labels, citations and rule texts from one graph (the ontology, by default)."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        # the graph is read only: a report asks the same sources, labels and citations once
        # per finding (26,000 findings of 10,000 dossiers name a few hundred terms)
        self._known_sources: dict[Node, frozenset[URIRef]] = {}
        self._labels: dict[tuple[URIRef, str], str | None] = {}
        self._citations: dict[tuple[tuple[URIRef, ...], Node | None, str], list[Citation]] = {}

    @staticmethod
    def shared() -> Lexicon:
        return _shared_lexicon()

    def label(self, term: Node | None, lang: str) -> str | None:
        """The term's label in ``lang`` (else another), or ``None`` if it has none."""
        if not isinstance(term, URIRef):
            return None
        key = (term, lang)
        if key not in self._labels:
            self._labels[key] = label(self.graph, term, lang)
        return self._labels[key]

    def label_of(self, iri: str, lang: str) -> str | None:
        """:meth:`label` for an IRI given as text."""
        return self.label(URIRef(iri), lang)

    def name(self, term: Node | None, lang: str) -> str:
        """The label, else the term's text (an IRI without a label stays an IRI)."""
        if term is None:
            return ""
        found = self.label(term, lang)
        return found if found is not None else str(term)

    def with_iri(self, term: Node | None, lang: str) -> str:
        """``label <IRI>`` where a label exists, else the plain text: for detail lines."""
        if term is None:
            return ""
        found = self.label(term, lang)
        return f"{found} <{term}>" if found is not None else str(term)

    def humanise(self, text: str, lang: str) -> str:
        """Replace every IRI in ``text`` that has a label by that label.

        Example:
            >>> Lexicon.shared().humanise(
            ...     "mist https://w3id.org/sourcing-kg/def#Exitplan.", "nl")
            'mist Exitplan.'
            >>> Lexicon.shared().humanise("getest op 2025-06-01", "nl")
            'getest op 1 juni 2025'
        """

        def replace(match: re.Match[str]) -> str:
            if match.group(1) is not None:  # an ISO date outside an IRI
                try:
                    day = date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
                except ValueError:
                    return match.group(0)
                return dutch_date(day) if lang == "nl" else match.group(0)
            iri = match.group(0)
            tail = ""
            while iri and iri[-1] in _TRAILING:
                iri, tail = iri[:-1], iri[-1] + tail
            found = self.label(URIRef(iri), lang)
            return (found if found is not None else iri) + tail

        return _IRI_OR_DATE.sub(replace, text)

    def cite(self, rule: URIRef, lang: str, phase: Node | None = None) -> str:
        """How people cite ``rule``: ``§4.3``, ``tabel 3`` (``tabel 3, fase 2`` with a phase),
        ``randvoorwaarde 3.4``; else its label, else the IRI."""
        notation = self._notation(rule)
        scheme = self.graph.value(rule, SKOS.inScheme)
        if notation is not None and scheme is not None:
            nouns = texts(self.graph, scheme, (SK.citeervorm,), lang)
            if nouns:
                return f"{nouns[0]} {notation}"
        text = self.name(rule, lang)
        if phase is not None and str(rule).startswith(_BRON + "tabel-"):
            text += ", " + self.cite(URIRef(str(phase)), lang)
        return text

    def _notation(self, term: Node) -> str | None:
        found = [str(o) for o in self.graph.objects(term, SKOS.notation) if isinstance(o, Literal)]
        return sorted(found)[0] if found else None

    def _sources(self, term: Node | None) -> frozenset[URIRef]:
        if term is None:
            return frozenset()
        found = self._known_sources.get(term)
        if found is None:
            found = frozenset(
                o for o in self.graph.objects(term, DCTERMS.source) if isinstance(o, URIRef)
            )
            self._known_sources[term] = found
        return found

    @cached_property
    def _phase_sources(self) -> frozenset[URIRef]:
        """The sections that describe some phase (each phase concept's sources)."""
        return frozenset().union(
            *(self._sources(p) for p in self.graph.subjects(SKOS.inScheme, _FASE_SCHEME))
        )

    def applicable(self, rules: tuple[URIRef, ...], value: Node | None) -> tuple[URIRef, ...]:
        """The rules that apply to a finding about ``value``.

        Where ``value`` is a deliverable (it has ``sk:gevraagdInFase``), only the rules among
        its own sources, less a section that describes another phase than the deliverable's.
        Otherwise, or if nothing would be left, every rule applies.
        """
        phases = set(self.graph.objects(value, SK.gevraagdInFase)) if value is not None else set()
        if not phases:
            return rules
        sources = self._sources(value)
        own = frozenset().union(*(self._sources(p) for p in phases))
        other = self._phase_sources
        kept = [rule for rule in rules if rule in sources and (rule in own or rule not in other)]
        return tuple(kept) or rules

    def citations(self, rules: tuple[URIRef, ...], value: Node | None, lang: str) -> list[Citation]:
        """The applicable rules of a finding, cited, with the text each rule quotes."""
        key = (rules, value, lang)
        made = self._citations.get(key)
        if made is None:
            phase = self.graph.value(value, SK.gevraagdInFase) if value is not None else None
            made = self._citations[key] = [
                Citation(
                    rule,
                    self.cite(rule, lang, phase),
                    self.quote(rule, lang),
                    self.bibliographic(rule, lang),
                )
                for rule in self.applicable(rules, value)
            ]
        return list(made)

    def quote(self, rule: URIRef, lang: str) -> str | None:
        """The rule's own words: a concept's definition, a source's title and comment."""
        definition = texts(self.graph, rule, (SKOS.definition,), lang)
        if definition:
            return definition[0]
        title = texts(self.graph, rule, (DCTERMS.title,), lang)
        comment = texts(self.graph, rule, (RDFS.comment,), lang)
        parts = [*title[:1], *comment[:1]]
        return ": ".join(parts) if parts else None

    def bibliographic(self, rule: URIRef, lang: str) -> str | None:
        """Where the rule is in the document: its own citation, else its first source's."""
        for node in (rule, *sorted(self._sources(rule))):
            found = texts(self.graph, node, (DCTERMS.bibliographicCitation,), lang)
            if found:
                return found[0]
        return None


_FASE_SCHEME = URIRef(f"{PROJECT_NAMESPACE}id/fase")


@lru_cache(maxsize=1)
def _shared_lexicon() -> Lexicon:
    return Lexicon(shared_ontology())


def dutch_number(value: Decimal | int | float, decimals: int | None = None) -> str:
    """A number as Dutch writes it: ``1.000.000``, ``12,5``.

    Example:
        >>> dutch_number(1000000), dutch_number(Decimal("1234.5"))
        ('1.000.000', '1.234,5')
    """
    text = f"{value:,.{decimals}f}" if decimals is not None else f"{value:,}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def amount(value: Decimal | int | float, lang: str) -> str:
    """A euro amount for people: ``€ 1.000.000`` in Dutch, ``€1,000,000`` in English.

    Example:
        >>> amount(1500000, "nl"), amount(1500000, "en")
        ('€ 1.500.000', '€1,500,000')
    """
    return f"€ {dutch_number(value)}" if lang == "nl" else f"€{value:,}"


def dutch_date(day: date) -> str:
    """A date as Dutch writes it in prose.

    Example:
        >>> dutch_date(date(2026, 1, 31))
        '31 januari 2026'
    """
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
