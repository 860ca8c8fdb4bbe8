"""The afwegingskader (§5.2-5.3): its questions read from the ontology, and the tally.

Nothing about the questions lives here: their text, goal, order, explanation, example answers,
whether "Deels" is allowed, and the category each answer points to are read with SPARQL
(``sourcing_kg/sparql/afweging_*.rq``) from ``ontology/schemes/{doel,vraag,antwoord}.ttl``.

The document deliberately sets no weights (§5.2). Without weights every answer counts 1; a
user may give weights per question. The advice is the category with the highest (weighted)
score; several categories sharing the highest score are a tie, reported as such and never
broken.

Example:
    >>> kader = load_kader()
    >>> len(kader.vragen), [a.code for a in kader.antwoorden]
    (14, ['ja', 'deels', 'nee'])
    >>> answers = [Antwoord(vraag=v.nummer, waarde="ja", motivering="m") for v in kader.vragen]
    >>> uitkomst = evaluate(kader, answers)
    >>> uitkomst.advice, uitkomst.tie
    (['zelf-doen'], False)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache

from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow

from sourcing_kg.core.errors import UsageError
from sourcing_kg.model.labels import local_name
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.sparql.internal import run
from sourcing_kg.validation.report import Finding

LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Doel:
    """One IT-sourcing goal (§2.2)."""

    iri: URIRef
    nummer: int
    label: str


@dataclass(frozen=True)
class Voorbeeld:
    """One of the document's example answers to a question."""

    waarde: str
    tekst: str


@dataclass(frozen=True)
class Vraag:
    """One question of the afwegingskader (§5.3), in one language."""

    iri: URIRef
    nummer: int
    notatie: str
    doel: int | None
    label: str
    toelichting: str
    deels_toegestaan: bool
    voorbeelden: tuple[Voorbeeld, ...]


@dataclass(frozen=True)
class Antwoordoptie:
    """One of the answers Ja / Deels / Nee and the category it points to (figuur 6)."""

    iri: URIRef
    code: str
    labels: Mapping[str, str]
    categorie: URIRef | None
    categorie_code: str | None
    categorie_labels: Mapping[str, str]

    def label(self, lang: str) -> str:
        return self.labels.get(lang) or self.code


@dataclass(frozen=True)
class Kader:
    """The whole afwegingskader as read from the ontology, in one language."""

    lang: str
    doelen: tuple[Doel, ...]
    vragen: tuple[Vraag, ...]
    antwoorden: tuple[Antwoordoptie, ...]

    def vraag(self, nummer: int) -> Vraag:
        for vraag in self.vragen:
            if vraag.nummer == nummer:
                return vraag
        raise KeyError(nummer)

    def antwoord(self, code: str) -> Antwoordoptie:
        for antwoord in self.antwoorden:
            if antwoord.code == code:
                return antwoord
        raise KeyError(code)

    def doel(self, nummer: int | None) -> Doel | None:
        return next((d for d in self.doelen if d.nummer == nummer), None)

    @property
    def categorieen(self) -> tuple[str, ...]:
        """The category codes in the order of figuur 6 (the order of the answers)."""
        codes: list[str] = []
        for antwoord in self.antwoorden:
            if antwoord.categorie_code and antwoord.categorie_code not in codes:
                codes.append(antwoord.categorie_code)
        return tuple(codes)

    def categorie_naam(self, code: str) -> str:
        """``label (code)``, or just the code when the ontology has no label for it."""
        label = self.categorie_label(code)
        return code if label == code else f"{label} ({code})"

    def categorie_label(self, code: str) -> str:
        for antwoord in self.antwoorden:
            if antwoord.categorie_code == code:
                return antwoord.categorie_labels.get(self.lang) or code
        return code

    def parse_answer(self, text: str) -> str | None:
        """The answer code for what a user typed: code, label (nl/en) or its first letter."""
        typed = text.strip().lower()
        if not typed:
            return None
        for antwoord in self.antwoorden:
            names = {antwoord.code.lower(), *(v.lower() for v in antwoord.labels.values())}
            if typed in names or typed in {name[0] for name in names}:
                return antwoord.code
        return None


def _rows(graph: Graph, name: str, **bindings: str) -> list[ResultRow]:
    return run(graph, name, **{key: Literal(value) for key, value in bindings.items()})


def _int(value: object) -> int | None:
    return int(value.toPython()) if isinstance(value, Literal) else None


def read_kader(graph: Graph, lang: str = "nl") -> Kader:
    """Read the afwegingskader from ``graph`` (normally the whole ontology)."""
    if lang not in LANGUAGES:
        raise UsageError(f"unknown language {lang!r} (expected one of {', '.join(LANGUAGES)})")
    doelen = tuple(
        Doel(iri=URIRef(row.doel), nummer=_int(row.nummer) or 0, label=str(row.label or ""))
        for row in _rows(graph, "afweging_doelen", lang=lang)
    )
    voorbeelden: dict[URIRef, list[Voorbeeld]] = {}
    for row in _rows(graph, "afweging_voorbeelden", lang=lang):
        voorbeelden.setdefault(URIRef(row.vraag), []).append(
            Voorbeeld(waarde=local_name(URIRef(row.waarde)), tekst=str(row.tekst or ""))
        )
    antwoorden: dict[URIRef, dict[str, object]] = {}
    for row in _rows(graph, "afweging_antwoorden"):
        entry = antwoorden.setdefault(
            URIRef(row.antwoord),
            {
                "code": str(row.notatie),
                "labels": {},
                "categorie": URIRef(row.categorie) if row.categorie else None,
                "categorie_labels": {},
            },
        )
        if isinstance(row.label, Literal) and row.label.language:
            entry["labels"][row.label.language] = str(row.label)  # type: ignore[index]
        if isinstance(row.categorieLabel, Literal) and row.categorieLabel.language:
            entry["categorie_labels"][row.categorieLabel.language] = str(row.categorieLabel)  # type: ignore[index]
    opties = tuple(
        Antwoordoptie(
            iri=iri,
            code=str(entry["code"]),
            labels=dict(entry["labels"]),  # type: ignore[call-overload]
            categorie=entry["categorie"],  # type: ignore[arg-type]
            categorie_code=local_name(entry["categorie"]) if entry["categorie"] else None,  # type: ignore[arg-type]
            categorie_labels=dict(entry["categorie_labels"]),  # type: ignore[call-overload]
        )
        for iri, entry in antwoorden.items()
    )
    order = {code: index for index, code in enumerate(a.code for a in opties)}
    doel_nummers = {doel.iri: doel.nummer for doel in doelen}
    vragen = tuple(
        Vraag(
            iri=URIRef(row.vraag),
            nummer=_int(row.nummer) or 0,
            notatie=str(row.notatie),
            doel=doel_nummers.get(URIRef(row.doel)) if row.doel else None,
            label=str(row.label or row.notatie),
            toelichting=str(row.toelichting or ""),
            deels_toegestaan=row.deels.toPython() is not False
            if isinstance(row.deels, Literal)
            else True,
            voorbeelden=tuple(
                sorted(
                    voorbeelden.get(URIRef(row.vraag), []), key=lambda v: order.get(v.waarde, 99)
                )
            ),
        )
        for row in _rows(graph, "afweging_vragen", lang=lang)
    )
    return Kader(lang=lang, doelen=doelen, vragen=vragen, antwoorden=opties)


@lru_cache(maxsize=2)
def load_kader(lang: str = "nl") -> Kader:
    """The afwegingskader of the project's ontology, in ``lang`` (``nl`` or ``en``)."""
    return read_kader(ontology_graph(), lang)


@dataclass(frozen=True)
class Antwoord:
    """One answer given by the team: question number, answer code, motivation, mitigation."""

    vraag: int
    waarde: str
    motivering: str
    mitigatie: str = ""


def deels_category(kader: Kader) -> str | None:
    """The category of the answer "deels" (samenwerken): the answer a question may rule out."""
    try:
        return kader.antwoord("deels").categorie_code
    except KeyError:
        return None


@dataclass(frozen=True)
class AnswerFinding:
    """A finding of the afweging's rules (:mod:`sourcing_kg.workflow.afweging_check`), with
    the question it is about: the answer's, or the unanswered one's (``None``: the afweging as
    a whole)."""

    finding: Finding
    vraag: int | None


@dataclass
class Uitkomst:
    """The outcome of one afweging: tally, scores, advice and the answers needing mitigation."""

    counts: dict[str, int]
    scores: dict[str, Decimal]
    advice: list[str]
    tie: bool
    needs_mitigation: list[int]
    category: str | None
    answers: list[Antwoord] = field(default_factory=list)
    weights: dict[int, Decimal] = field(default_factory=dict)

    def as_json(self) -> dict[str, object]:
        """Exactly the JSON of ``sourcing-kg afweging --format json``."""
        return {
            "counts": dict(self.counts),
            "scores": {code: as_number(score) for code, score in self.scores.items()},
            "advice": list(self.advice),
            "tie": self.tie,
            "needs_mitigation": list(self.needs_mitigation),
        }


def as_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def evaluate(
    kader: Kader,
    answers: Sequence[Antwoord],
    weights: Mapping[int, Decimal] | None = None,
    *,
    category: str | None = None,
) -> Uitkomst:
    """Tally the answers, weigh them, give the advice and the answers needing mitigation.

    ``weights`` maps question numbers to weights; a question without a weight weighs 1.
    ``needs_mitigation`` lists the questions whose answer points to another category than
    ``category`` (the chosen one) or, when none is chosen, than the advice (in a tie: than
    any of the tied categories).

    Raises:
        UsageError: ``category`` is not a category code of the ontology.
    """
    categories = kader.categorieen
    if category is not None and category not in categories:
        raise UsageError(f"unknown category {category!r} (expected one of {', '.join(categories)})")
    weights = dict(weights or {})
    counts = {a.code: 0 for a in kader.antwoorden}
    scores = {code: Decimal(0) for code in categories}
    for antwoord in answers:
        optie = kader.antwoord(antwoord.waarde)
        counts[optie.code] += 1
        if optie.categorie_code is not None:
            scores[optie.categorie_code] += weights.get(antwoord.vraag, Decimal(1))
    best = max(scores.values(), default=Decimal(0))
    advice = [code for code in categories if scores[code] == best] if answers else []
    fitting = {category} if category is not None else set(advice)
    needs = sorted(
        a.vraag for a in answers if kader.antwoord(a.waarde).categorie_code not in fitting
    )
    return Uitkomst(
        counts=counts,
        scores=scores,
        advice=advice,
        tie=len(advice) > 1,
        needs_mitigation=needs,
        category=category,
        answers=list(answers),
        weights=weights,
    )
