"""Generate N realistic sourcing dossiers (Turtle, one file each) for the benchmark.

Each dossier is in phase 1 to 6, of the verscherpt or regulier regime, and **conforms** to
the project's shapes: it carries the deliverables of every phase up to its own (so no open
work either), a complete afweging (14 answers, motivated, approved), a business case, an exit
plan, a sourcing relationship with a supplier and agreements with every clause its regime
asks: about 150 triples, roughly what a real dossier holds. A fraction (``--faults``, default
0.15) carries one seeded fault, of each rule in turn (:data:`SEEDED_RULES`), so that the
checker has findings of every rule to report and the benchmark is not dominated by one.

Usage:
    python bench/generate_dossiers.py OUT_DIR [--count 1000] [--seed 1] [--faults 0.15]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, SKOS, XSD

from sourcing_kg.core.namespaces import COUNTRY, SK, SKID, scheme
from sourcing_kg.model.ontology import ontology_graph

EX = Namespace("https://example.org/bench/")
REGIME = scheme("regime")


def concept(scheme_name: str, code: str) -> URIRef:
    return scheme(scheme_name)[code]


def _deliverables() -> dict[tuple[int, bool], list[str]]:
    """Local names of the deliverables each phase asks, per regime (verscherpt or not)."""
    asked: dict[tuple[int, bool], set[str]] = {}
    query = (Path(__file__).with_name("deliverables.rq")).read_text(encoding="utf-8")
    for number, regime, klasse in ontology_graph().query(query):
        name = str(klasse).removeprefix(str(SK))
        for verscherpt in (False, True):
            wanted = REGIME["verscherpt" if verscherpt else "regulier"]
            if regime is None or regime == wanted:
                asked.setdefault((int(number), verscherpt), set()).add(name)
    return {key: sorted(names) for key, names in asked.items()}


def _clauses() -> dict[bool, list[URIRef]]:
    """The bepaling concepts an agreement contains, per regime (verscherpt or not)."""
    ontology = ontology_graph()
    asked: dict[bool, list[URIRef]] = {False: [], True: []}
    for clause in sorted(ontology.subjects(SKOS.inScheme, SKID.bepaling), key=str):
        regimes = set(ontology.objects(clause, SK.gevraagdInRegime))
        for verscherpt in (False, True):
            wanted = REGIME["verscherpt" if verscherpt else "regulier"]
            if not regimes or wanted in regimes:
                asked[verscherpt].append(clause)  # type: ignore[arg-type]
    return asked


DELIVERABLES = _deliverables()
CLAUSES = _clauses()
AGREEMENTS = {"Overeenkomst", "Contract", "DVO", "UitvoerigeOvereenkomst"}
NOT_ALLOWED_PARTLY = (1, 3)  # vraag 1 and 3 do not allow "deels" (sk:staatDeelsToe false)
#: Every rule the generator seeds a fault of (one per faulty dossier, in turn).
SEEDED_RULES = (
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "H7",
    "H8",
    "H9",
    "H10",
    "P1.1",
    "P2.13",
    "P3.6",
    "INFO-OPEN",
    "ARCH-ELEMENT",
    "REG-KVK",
    "REG-OIN",
    "REG-LEI",
    "REG-LEI-CONTROLE",
)


def _lei(prefix: str) -> str:
    """A LEI with correct check digits (ISO 7064 MOD 97-10)."""
    body = (prefix.upper() + "0" * 18)[:18]
    number = int("".join(str(int(c, 36)) for c in body + "00"))
    return body + f"{98 - number % 97:02d}"


def dossier(number: int, rng: random.Random, fault: str | None = None) -> Graph:
    """One conforming dossier, with the seeded fault of rule ``fault`` if given."""
    graph = Graph()
    graph.bind("sk", SK)
    graph.bind("ex", EX)
    d = EX[f"dossier-{number}"]
    phase = rng.choice([1, 2, 3, 4, 4, 5, 5, 5, 6])
    if fault in ("H2", "H3", "H4", "H5", "H6", "H10", "P1.1", "P3.6", "H1"):
        phase = max(phase, 4)
    if fault == "H8":
        phase = 5
    verscherpt = fault == "P3.6" or (fault != "H2" and rng.random() < 0.4)
    graph.add((d, RDF.type, SK.Dossier))
    graph.add((d, SK.fase, concept("fase", str(phase))))
    graph.add((d, SK.aanbestedingsplichtig, Literal(True)))
    organisation = EX[f"ministerie-{number % 12}"] if fault != "P2.13" else EX["p213-ministerie"]
    graph.add((d, SK.organisatie, organisation))
    service = EX[f"dienst-{number}"]
    graph.add((d, SK.betreft, service))
    graph.add((service, RDF.type, SK.ITDienst))
    subdomain = "17" if fault == "P2.13" else str(rng.randint(1, 17))
    graph.add((service, SK.subdomein, concept("subdomein", subdomain)))
    graph.add((service, SK.kritiek, Literal(verscherpt or fault == "H2")))
    graph.add((service, SK.strategisch, Literal(False)))
    if fault == "ARCH-ELEMENT":
        graph.add((service, SK.architectuurElement, EX[f"geen-element-{number}"]))
    if phase >= 3:
        graph.add((d, SK.regime, concept("regime", "verscherpt" if verscherpt else "regulier")))
        graph.add((d, SK.leveringsvorm, concept("leveringsvorm", "7")))
    skipped = None
    if fault == "H10" and phase >= 3:
        skipped = 2
        graph.add((d, SK.overgeslagenFase, concept("fase", "2")))  # and no sk:reden
    missing = {
        "H1": DELIVERABLES[(min(phase - 1, 3), verscherpt)][0] if phase > 1 else None,
        "INFO-OPEN": DELIVERABLES.get((phase, verscherpt), [None])[0],
        "P1.1": "Businesscase",
        "H5": "Exitplan",
        "P3.6": "Marktconsultatie",
    }.get(fault or "")
    made: set[str] = set()
    for fase in range(1, phase + 1):
        if fase == skipped:
            continue
        for name in DELIVERABLES.get((fase, verscherpt), []):
            if name == missing:
                continue
            _deliverable(graph, d, number, name, fase, verscherpt, fault)
            made.add(name)
    extras = ["Businesscase", "Risicoanalyse", "Terugvaloptie", "Exitplan"] if phase >= 2 else []
    if verscherpt and phase >= 4:
        extras.append("Marktconsultatie")
    for name in extras:
        if name not in made and name != missing:
            _deliverable(graph, d, number, name, 2, verscherpt, fault)
    if phase >= 3:
        _afweging(graph, d, number, rng, fault)
    _relation(graph, d, number, verscherpt, fault, phase)
    return graph


def _deliverable(
    graph: Graph, d: URIRef, number: int, name: str, fase: int, verscherpt: bool, fault: str | None
) -> None:
    result = EX[f"dossier-{number}-{name.lower()}"]
    graph.add((d, SK.resultaat, result))
    graph.add((result, RDF.type, SK[name]))
    if fault == "H9" and name == "Businesscase":
        graph.add((result, SK.datum, Literal("15 maart 2024")))  # a text, not an xsd:date
    else:
        graph.add((result, SK.datum, Literal(f"2024-0{fase}-15", datatype=XSD.date)))
    graph.add(
        (
            result,
            SK.document,
            Literal(f"https://dms.example.org/{number}/{name}", datatype=XSD.anyURI),
        )
    )
    if name == "Businesscase":
        graph.add((result, SK.uitkomst, concept("uitkomst", "positief")))
    if name == "Exitplan":
        tested = "2023-01-10" if fault == "H8" else "2025-09-01"
        graph.add((result, SK.laatstGetest, Literal(tested, datatype=XSD.date)))
    if name in AGREEMENTS:
        for clause in CLAUSES[verscherpt]:
            graph.add((result, SK.bevatBepaling, clause))


def _afweging(graph: Graph, d: URIRef, number: int, rng: random.Random, fault: str | None) -> None:
    afweging = EX[f"dossier-{number}-afweging"]
    graph.add((d, SK.afweging, afweging))
    graph.add((afweging, RDF.type, SK.Afweging))
    chosen = "insourcen" if fault == "H4" else "uitbesteden"
    graph.add((afweging, SK.gekozenCategorie, concept("categorie", chosen)))
    graph.add((afweging, SK.goedgekeurdDoor, EX["sg"]))
    graph.add((afweging, SK.goedkeuringsdatum, Literal("2024-02-20", datatype=XSD.date)))
    for question in range(1, 15):
        answer = BNode()
        partly = fault == "H3" and question == 1
        if question in NOT_ALLOWED_PARTLY and not partly:
            value = "nee"
        else:
            value = "deels" if partly or rng.random() < 0.3 else "nee"
        graph.add((afweging, SK.antwoord, answer))
        graph.add((answer, RDF.type, SK.Antwoord))
        graph.add((answer, SK.vraag, concept("vraag", str(question))))
        graph.add((answer, SK.waarde, concept("antwoord", value)))
        graph.add((answer, SK.motivering, Literal(f"Motivering bij vraag {question}.", lang="nl")))
        graph.add((answer, SK.mitigatie, Literal("Mitigerende maatregel.", lang="nl")))


def _relation(
    graph: Graph, d: URIRef, number: int, verscherpt: bool, fault: str | None, phase: int
) -> None:
    relation = EX[f"dossier-{number}-relatie"]
    shared = fault not in ("H7", "REG-KVK", "REG-OIN", "REG-LEI", "REG-LEI-CONTROLE", "P2.13")
    supplier = EX[f"leverancier-{number % 50}"] if shared else EX[f"leverancier-{fault}-{number}"]
    if fault == "P2.13":
        supplier = EX["p213-leverancier"]
    agreement = EX[f"dossier-{number}-contract"]
    graph.add((d, SK.sourcingRelatie, relation))
    graph.add((relation, RDF.type, SK.SourcingRelatie))
    graph.add((relation, SK.leverancier, supplier))
    graph.add((relation, SK.overeenkomst, agreement))
    graph.add((relation, SK.land, COUNTRY["NLD"]))
    graph.add((relation, SK.laatsteRisicoanalyse, Literal("2025-03-01", datatype=XSD.date)))
    graph.add((supplier, RDF.type, SK.Leverancier))
    graph.add((supplier, SK.vestigingsland, COUNTRY["NLD"]))
    kvk = {"REG-KVK": "1234"}.get(fault or "", f"{10000000 + number % 50:08d}")
    graph.add((supplier, SK.kvkNummer, Literal(kvk)))
    lei = _lei(f"LEV{number % 50:04d}")
    if fault == "REG-LEI":
        lei = "lei-in-kleine-letters"
    elif fault == "REG-LEI-CONTROLE":
        lei = lei[:18] + ("00" if lei[18:] != "00" else "01")
    graph.add((supplier, SK.lei, Literal(lei)))
    if fault == "REG-OIN":
        graph.add((supplier, SK.oin, Literal("0000000012345")))
    if fault == "H7":
        graph.add((supplier, SK.overgenomenOp, Literal("2025-06-01", datatype=XSD.date)))
    graph.add((agreement, RDF.type, SK.Contract))
    graph.add((agreement, SK.einddatum, Literal("2029-12-31", datatype=XSD.date)))
    clauses = CLAUSES[verscherpt]
    if fault == "H6":
        clauses = clauses[1:]
    for clause in clauses:
        graph.add((agreement, SK.bevatBepaling, clause))


def generate(out: Path, *, count: int, seed: int = 1, faults: float = 0.15) -> list[Path]:
    """Write ``count`` dossiers into ``out`` (created if needed); returns the files.

    Faults are seeded in turn: the first faulty dossier breaks H1, the next H2, and so on.
    P2.13 needs two dossiers, so its fault is seeded twice in a row.
    """
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    turn = 0
    pending: list[str] = []
    for number in range(1, count + 1):
        fault = None
        if pending:
            fault = pending.pop()
        elif rng.random() < faults or (number <= 2 * len(SEEDED_RULES) and number % 2 == 0):
            fault = SEEDED_RULES[turn % len(SEEDED_RULES)]
            turn += 1
            if fault == "P2.13":
                pending.append("P2.13")
        path = out / f"dossier-{number:05d}.ttl"
        path.write_text(dossier(number, rng, fault).serialize(format="turtle"), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--faults", type=float, default=0.15, help="share of faulty dossiers")
    args = parser.parse_args()
    files = generate(args.out, count=args.count, seed=args.seed, faults=args.faults)
    print(f"wrote {len(files)} dossiers to {args.out}")


if __name__ == "__main__":
    main()
