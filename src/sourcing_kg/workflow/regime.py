"""Which regime a dossier should have, and why (§4.3 activities 1 and 5, tabel 2, footnote 11).

The dossier's data are read with SPARQL (``sparql/regime_dossier.rq``,
``sparql/regime_uitkomsten.rq``); the thresholds come from the policy file (section
``[regime]``), never from code:

- a critical or strategic IT service (``sk:kritiek`` / ``sk:strategisch`` true on the
  ``sk:ITDienst`` the dossier ``sk:betreft``) is verscherpt (§4.3 activity 1, tabel 2);
- so is a dossier whose BIA, IB-scan or PIA outcome (``sk:uitkomstClassificatie``) or BBN
  (``sk:bbn``) is one of the policy's values, or whose estimated value
  (``sk:geschatteWaarde``) is at or above the policy's threshold (footnote 11);
- otherwise it is regulier; the reasons then say which of the data were missing, since a
  missing BIA or value may hide a verscherpt regime.

Example:
    >>> from rdflib import Graph
    >>> g = Graph().parse(data='''
    ...     @prefix sk: <https://w3id.org/sourcing-kg/def#> .
    ...     <urn:d> a sk:Dossier ; sk:betreft [ sk:kritiek true ] .''', format="turtle")
    >>> advies = determine_regime(g, URIRef("urn:d"))
    >>> advies.regime, advies.criteria
    ('verscherpt', ['kritiek'])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import Graph, Literal, URIRef
from rdflib.term import Identifier, Node

from sourcing_kg.core.namespaces import SK
from sourcing_kg.model.citations import amount
from sourcing_kg.model.labels import local_name
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy, load_policy
from sourcing_kg.sparql.internal import run

REGULIER = "regulier"
VERSCHERPT = "verscherpt"

_KINDS = {SK.BIA: "bia", SK.IBScan: "ibscan", SK.PIA: "pia"}
_KIND_NAMES = {"bia": "BIA", "ibscan": "IB-scan", "pia": "PIA"}


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


def _true(values: set[Identifier]) -> bool:
    return any(isinstance(v, Literal) and v.toPython() is True for v in values)


def _matches(value: str, allowed: tuple[str, ...]) -> bool:
    return value.strip().casefold() in {a.strip().casefold() for a in allowed}


def _with_ontology(data: Graph) -> Graph:
    graph = ontology_graph()
    for triple in data:
        graph.add(triple)
    return graph


def determine_regime(
    data: Graph, dossier: Node, policy: Policy | None = None, *, with_ontology: bool = True
) -> RegimeAdvies:
    """The regime ``dossier`` should have under ``policy`` (default: the default policy).

    ``data`` is the dossier's graph; the ontology is added (for the subclasses of BIA, PIA
    and IB-scan) unless ``with_ontology`` is false because it is already in ``data``.
    """
    policy = policy or load_policy()
    thresholds = policy.regime
    graph = _with_ontology(data) if with_ontology else data
    rows = run(graph, "regime_dossier", dossier=dossier)
    kritiek = {r.kritiek for r in rows if r.kritiek is not None}
    strategisch = {r.strategisch for r in rows if r.strategisch is not None}
    bbn = sorted({str(r.bbn) for r in rows if r.bbn is not None})
    waarden = {r.waarde for r in rows if r.waarde is not None}
    stated = sorted(
        {c for r in rows if isinstance(r.regime, URIRef) and (c := local_name(r.regime))}
    )
    phases = sorted({int(r.faseNummer) for r in rows if isinstance(r.faseNummer, Literal)})
    outcomes: dict[str, list[str]] = {kind: [] for kind in _KINDS.values()}
    present: set[str] = set()
    for row in run(graph, "regime_uitkomsten", dossier=dossier):
        kind = _KINDS[URIRef(row.soort)]
        present.add(kind)
        if row.uitkomst is not None:
            outcomes[kind].append(str(row.uitkomst))

    reasons: list[Reason] = []
    if _true(kritiek):
        reasons.append(
            Reason(
                "kritiek",
                True,
                "de IT-dienst is als kritiek gekenmerkt (§4.3 activiteit 1, tabel 2)",
                "the IT service is classified as critical (§4.3 activity 1, table 2)",
            )
        )
    if _true(strategisch):
        reasons.append(
            Reason(
                "strategisch",
                True,
                "de IT-dienst is als strategisch gekenmerkt (§4.3 activiteit 1, tabel 2)",
                "the IT service is classified as strategic (§4.3 activity 1, table 2)",
            )
        )
    lists = {
        "bia": thresholds.bia_uitkomsten,
        "ibscan": thresholds.ibscan_uitkomsten,
        "pia": thresholds.pia_uitkomsten,
    }
    for kind, allowed in lists.items():
        name = _KIND_NAMES[kind]
        for outcome in sorted(set(outcomes[kind])):
            if _matches(outcome, allowed):
                reasons.append(
                    Reason(
                        kind,
                        True,
                        f"uitkomst {name} “{outcome}” leidt volgens het beleid tot verscherpt "
                        f"({kind}_uitkomsten = {', '.join(allowed)}; voetnoot 11)",
                        f"{name} outcome “{outcome}” leads to verscherpt under the policy "
                        f"({kind}_uitkomsten = {', '.join(allowed)}; footnote 11)",
                    )
                )
    for level in bbn:
        if _matches(level, thresholds.bbn_niveaus):
            reasons.append(
                Reason(
                    "bbn",
                    True,
                    f"basisbeveiligingsniveau “{level}” leidt volgens het beleid tot verscherpt "
                    f"(bbn_niveaus = {', '.join(thresholds.bbn_niveaus)}; voetnoot 11)",
                    f"basic security level “{level}” leads to verscherpt under the policy "
                    f"(bbn_niveaus = {', '.join(thresholds.bbn_niveaus)}; footnote 11)",
                )
            )
    amounts = []
    for value in waarden:
        try:
            amounts.append(Decimal(str(value)))
        except InvalidOperation:
            continue
    limit = thresholds.geschatte_waarde_euro
    if amounts and max(amounts) >= limit:
        reasons.append(
            Reason(
                "geschatte-waarde",
                True,
                f"geschatte waarde {amount(max(amounts), 'nl')} is gelijk aan of hoger dan de "
                f"grenswaarde {amount(limit, 'nl')} (geschatte_waarde_euro; voetnoot 11)",
                f"estimated value {amount(max(amounts), 'en')} is at or above the threshold "
                f"{amount(limit, 'en')} "
                f"(geschatte_waarde_euro; footnote 11)",
            )
        )

    regime = VERSCHERPT if reasons else REGULIER
    if not reasons:
        reasons.append(
            Reason(
                "geen-criterium",
                False,
                "geen van de criteria voor verscherpt is vervuld: de IT-dienst is niet als "
                "kritiek of strategisch gekenmerkt en geen uitkomst of waarde haalt de grenzen "
                "van het beleid",
                "none of the criteria for verscherpt holds: the IT service is not classified as "
                "critical or strategic and no outcome or value reaches the policy's limits",
            )
        )
        missing: list[tuple[str, str]] = []
        for kind in ("bia", "ibscan", "pia"):
            if not outcomes[kind]:
                name = _KIND_NAMES[kind]
                missing.append(
                    (f"{name}-uitkomst", f"{name} outcome") if kind in present else (name, name)
                )
        if not bbn:
            missing.append(("BBN", "BBN"))
        if not amounts:
            missing.append(("geschatte waarde", "estimated value"))
        if not kritiek and not strategisch:
            missing.append(("kritiek/strategisch", "critical/strategic"))
        if missing:
            reasons.append(
                Reason(
                    "onvolledig",
                    False,
                    "niet in het dossier, dus niet beoordeeld: " + ", ".join(m[0] for m in missing),
                    "not in the dossier, so not assessed: " + ", ".join(m[1] for m in missing),
                )
            )
    return RegimeAdvies(
        dossier=str(dossier),
        regime=regime,
        reasons=reasons,
        stated=stated[0] if stated else None,
        phase=phases[0] if phases else None,
    )
