"""Generate N realistic sourcing dossiers (Turtle, one file each) for the benchmark.

Each dossier is in phase 4 or 5 of the verscherpt or regulier regime, carries the
deliverables of the phases before it, a complete afweging (14 answers), a business case, an
exit plan, a sourcing relationship with a supplier and an agreement with the §4.4 clauses:
about 130 triples, roughly what a real dossier holds. Some dossiers deliberately miss a
deliverable, so that the checker has findings to report.

Usage:
    python bench/generate_dossiers.py OUT_DIR [--count 1000] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

from sourcing_kg.core.namespaces import COUNTRY, SK, scheme
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


CLAUSES = [
    "dienstbeschrijving",
    "prestatie-indicatoren",
    "rapportage",
    "due-diligence",
    "beheer-en-doorontwikkeling",
    "overdraagbaarheid",
    "escalatie-en-interventie",
    "beeindiging",
    "aansprakelijkheid",
    "intellectueel-eigendom",
]


DELIVERABLES = _deliverables()


def dossier(number: int, rng: random.Random) -> Graph:
    graph = Graph()
    graph.bind("sk", SK)
    graph.bind("ex", EX)
    d = EX[f"dossier-{number}"]
    phase = rng.choice([4, 5])
    verscherpt = rng.random() < 0.4
    graph.add((d, RDF.type, SK.Dossier))
    graph.add((d, SK.fase, concept("fase", str(phase))))
    graph.add((d, SK.regime, concept("regime", "verscherpt" if verscherpt else "regulier")))
    graph.add((d, SK.aanbestedingsplichtig, Literal(True)))
    graph.add((d, SK.leveringsvorm, concept("leveringsvorm", "7")))
    graph.add((d, SK.organisatie, EX["ministerie"]))
    service = EX[f"dienst-{number}"]
    graph.add((d, SK.betreft, service))
    graph.add((service, RDF.type, SK.ITDienst))
    graph.add((service, SK.subdomein, concept("subdomein", str(rng.randint(1, 17)))))
    graph.add((service, SK.kritiek, Literal(verscherpt)))
    graph.add((service, SK.strategisch, Literal(False)))
    for fase in range(1, phase):
        names = DELIVERABLES[(fase, verscherpt)]
        for name in names:
            if rng.random() < 0.05:  # a missing deliverable: a finding for the checker
                continue
            result = EX[f"dossier-{number}-{name.lower()}"]
            graph.add((d, SK.resultaat, result))
            graph.add((result, RDF.type, SK[name]))
            graph.add((result, SK.datum, Literal(f"2024-0{fase}-15", datatype=XSD.date)))
            graph.add(
                (
                    result,
                    SK.document,
                    Literal(f"https://dms.example.org/{number}/{name}", datatype=XSD.anyURI),
                )
            )
            if name == "Exitplan":
                graph.add((result, SK.laatstGetest, Literal("2025-09-01", datatype=XSD.date)))
    for name, extra in (
        ("Businesscase", (SK.uitkomst, concept("uitkomst", "positief"))),
        ("Risicoanalyse", None),
        ("Terugvaloptie", None),
    ):
        result = EX[f"dossier-{number}-{name.lower()}"]
        graph.add((d, SK.resultaat, result))
        graph.add((result, RDF.type, SK[name]))
        graph.add((result, SK.datum, Literal("2024-03-01", datatype=XSD.date)))
        if extra:
            graph.add((result, *extra))
    afweging = EX[f"dossier-{number}-afweging"]
    graph.add((d, SK.afweging, afweging))
    graph.add((afweging, RDF.type, SK.Afweging))
    graph.add((afweging, SK.gekozenCategorie, concept("categorie", "uitbesteden")))
    graph.add((afweging, SK.goedgekeurdDoor, EX["sg"]))
    graph.add((afweging, SK.goedkeuringsdatum, Literal("2024-02-20", datatype=XSD.date)))
    for question in range(1, 15):
        answer = BNode()
        value = "nee" if question in (1, 3) or rng.random() < 0.7 else "deels"
        graph.add((afweging, SK.antwoord, answer))
        graph.add((answer, RDF.type, SK.Antwoord))
        graph.add((answer, SK.vraag, concept("vraag", str(question))))
        graph.add((answer, SK.waarde, concept("antwoord", value)))
        graph.add((answer, SK.motivering, Literal(f"Motivering bij vraag {question}.", lang="nl")))
        if value != "nee":
            graph.add((answer, SK.mitigatie, Literal("Mitigerende maatregel.", lang="nl")))
    relation = EX[f"dossier-{number}-relatie"]
    supplier = EX[f"leverancier-{number % 50}"]
    agreement = EX[f"dossier-{number}-contract"]
    graph.add((d, SK.sourcingRelatie, relation))
    graph.add((relation, RDF.type, SK.SourcingRelatie))
    graph.add((relation, SK.leverancier, supplier))
    graph.add((relation, SK.overeenkomst, agreement))
    graph.add((relation, SK.land, COUNTRY["NLD"]))
    graph.add((relation, SK.laatsteRisicoanalyse, Literal("2025-03-01", datatype=XSD.date)))
    graph.add((supplier, RDF.type, SK.Leverancier))
    graph.add((supplier, SK.vestigingsland, COUNTRY["NLD"]))
    graph.add((agreement, RDF.type, SK.Contract))
    graph.add((agreement, SK.einddatum, Literal("2029-12-31", datatype=XSD.date)))
    for clause in CLAUSES:
        graph.add((agreement, SK.bevatBepaling, concept("bepaling", clause)))
    return graph


def generate(out: Path, *, count: int, seed: int = 1) -> list[Path]:
    """Write ``count`` dossiers into ``out`` (created if needed); returns the files."""
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    files = []
    for number in range(1, count + 1):
        path = out / f"dossier-{number:05d}.ttl"
        path.write_text(dossier(number, rng).serialize(format="turtle"), encoding="utf-8")
        files.append(path)
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    files = generate(args.out, count=args.count, seed=args.seed)
    print(f"wrote {len(files)} dossiers to {args.out}")


if __name__ == "__main__":
    main()
