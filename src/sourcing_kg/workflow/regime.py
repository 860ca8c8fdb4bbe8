"""Which regime a dossier should have, and why (§4.3 activities 1 and 5, tabel 2, footnote 11).

One implementation: the regime is what the H2 shapes of ``validate`` say
(``shapes/dossier/regime.ttl``, the shapes that carry an ``sk:regimecriterium``). The
dossier is validated as if it stated regulier; every criterion shape that then fires (critical,
strategic, a BIA / IB-scan / PIA outcome or BBN the policy lists, an estimated value at or above
the policy's threshold: footnote 11, the policy's values given to the shapes as data) is a
reason for verscherpt, in the shape's own words. Nothing about the criteria or the thresholds is
written here. When none fires the dossier is regulier, and the reasons say which of the data the
criteria read are absent from the dossier (``queries/intern/regime_dossier.rq``,
``regime_uitkomsten.rq``), since a missing BIA or value may hide a verscherpt regime.

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

from datetime import date
from functools import cache

from rdflib import Graph, Literal, URIRef
from rdflib.term import Node

from sourcing_kg.core.namespaces import SK, scheme
from sourcing_kg.model.labels import local_name
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.model.policy import Policy, load_policy
from sourcing_kg.sparql.internal import run
from sourcing_kg.validation.engine import validate_scope
from sourcing_kg.validation.report import Finding
from sourcing_kg.validation.shapes import load_shapes, shapes_subset
from sourcing_kg.workflow.regime_advies import REGULIER, VERSCHERPT, Reason, RegimeAdvies

_KINDS = {SK.BIA: "bia", SK.IBScan: "ibscan", SK.PIA: "pia"}
_KIND_NAMES = {"bia": "BIA", "ibscan": "IB-scan", "pia": "PIA"}
#: The order in which reasons are listed (§4.3 activity 1 first, then footnote 11's list).
_ORDER = ("kritiek", "strategisch", "bia", "ibscan", "pia", "bbn", "geschatte-waarde")


@cache
def _criterion_shapes() -> tuple[Graph, dict[Node, str]]:
    """The H2 shapes that name a regime criterion, and the criterion code of each."""
    dossier = load_shapes().dossier
    codes = {shape: str(code) for shape, code in dossier.subject_objects(SK.regimecriterium)}
    return shapes_subset(dossier, codes), codes


def regime_findings(
    data: Graph, dossier: Node, *, policy: Policy, as_of: date
) -> list[tuple[str, Finding]]:
    """The findings of the H2 criterion shapes on ``dossier`` as if it stated regulier, with the
    criterion code of each (the reasons it should be verscherpt)."""
    shapes, codes = _criterion_shapes()
    probe = Graph()
    for triple in data:
        probe.add(triple)
    probe.remove((dossier, SK.regime, None))
    probe.add((dossier, SK.regime, scheme("regime")[REGULIER]))
    found = [
        (codes[f.source_shape], f)
        for f in validate_scope(probe, as_of=as_of, policy=policy, shapes=shapes)
        if f.focus_node == dossier and f.source_shape in codes
    ]
    return sorted(found, key=lambda item: _ORDER.index(item[0]) if item[0] in _ORDER else 99)


def _with_ontology(data: Graph) -> Graph:
    graph = ontology_graph()
    for triple in data:
        graph.add(triple)
    return graph


def determine_regime(
    data: Graph,
    dossier: Node,
    policy: Policy | None = None,
    *,
    with_ontology: bool = True,
    as_of: date | None = None,
) -> RegimeAdvies:
    """The regime ``dossier`` should have under ``policy`` (default: the default policy) at
    ``as_of`` (default today), from the H2 shapes.

    ``data`` is the dossier's graph (its scope); the ontology is added for the queries that
    list absent data unless ``with_ontology`` is false because it is already in ``data``.
    """
    policy = policy or load_policy()
    graph = _with_ontology(data) if with_ontology else data
    rows = run(graph, "regime_dossier", dossier=dossier)
    stated = sorted(
        {c for r in rows if isinstance(r.regime, URIRef) and (c := local_name(r.regime))}
    )
    phases = sorted({int(r.faseNummer) for r in rows if isinstance(r.faseNummer, Literal)})
    reasons: list[Reason] = []
    seen: set[tuple[str, str]] = set()
    for code, finding in regime_findings(data, dossier, policy=policy, as_of=as_of or date.today()):
        nl, en = finding.message("nl"), finding.message("en")
        if (code, en) not in seen:
            seen.add((code, en))
            reasons.append(Reason(code, True, nl, en))
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
        absent = _absent(graph, dossier, rows)
        if absent:
            reasons.append(
                Reason(
                    "onvolledig",
                    False,
                    "niet in het dossier, dus niet beoordeeld: " + ", ".join(m[0] for m in absent),
                    "not in the dossier, so not assessed: " + ", ".join(m[1] for m in absent),
                )
            )
    return RegimeAdvies(
        dossier=str(dossier),
        regime=regime,
        reasons=reasons,
        stated=stated[0] if stated else None,
        phase=phases[0] if phases else None,
    )


def _absent(graph: Graph, dossier: Node, rows: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """Which of the data the criteria read the dossier does not hold (nl, en)."""
    outcomes: dict[str, bool] = {}
    for row in run(graph, "regime_uitkomsten", dossier=dossier):
        kind = _KINDS[URIRef(row.soort)]
        outcomes[kind] = outcomes.get(kind, False) or row.uitkomst is not None
    missing: list[tuple[str, str]] = []
    for kind in ("bia", "ibscan", "pia"):
        name = _KIND_NAMES[kind]
        if not outcomes.get(kind):
            missing.append(
                (f"{name}-uitkomst", f"{name} outcome") if kind in outcomes else (name, name)
            )
    if not any(r.bbn is not None for r in rows):
        missing.append(("BBN", "BBN"))
    if not any(r.waarde is not None for r in rows):
        missing.append(("geschatte waarde", "estimated value"))
    if not any(r.kritiek is not None or r.strategisch is not None for r in rows):
        missing.append(("kritiek/strategisch", "critical/strategic"))
    return missing
