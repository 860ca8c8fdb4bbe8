"""Generate a government-wide sourcing register for benchmarks (seeded, reproducible).

    python bench/generate_register.py --relaties 10000 -o bench/out/register.nt

Defaults: 60 organisations, 10,000 relationships, 1,000 parties (700 direct suppliers, 300
subcontractors on levels 1-4, so chains reach depth 4 and never cycle), 40 parent groups,
a quarter of the services critical, dossiers with exit plans for critical services, and the
EU/EEA typing of the countries used (as ontology/landen.ttl will give).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

SK = "https://w3id.org/sourcing-kg/def#"
BASE = "https://example.org/bench/"
COUNTRY = "http://publications.europa.eu/resource/authority/country/"
SUBDOMEIN = "https://w3id.org/sourcing-kg/id/subdomein/"
DOMEIN = "https://w3id.org/sourcing-kg/id/domein/"
LEVERINGSVORM = "https://w3id.org/sourcing-kg/id/leveringsvorm/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
BROADER = "http://www.w3.org/2004/02/skos/core#broader"
XSD = "http://www.w3.org/2001/XMLSchema#"
EU = ["NLD", "DEU", "BEL", "FRA", "IRL", "LUX", "DNK", "SWE", "FIN", "ESP", "ITA", "POL"]
EEA_ONLY = ["NOR", "ISL", "LIE"]
OUTSIDE = ["USA", "GBR", "CHE", "IND", "CHN"]
# sub-domains 1-17 over domains A-F (an even spread; the real table 1 split is in the schemes)
DOMAIN_OF = {n: "ABCDEF"[(n - 1) * 6 // 17] for n in range(1, 18)}


def iri(text: str) -> str:
    return f"<{text}>"


def lit(value: object, datatype: str) -> str:
    return f'"{value}"^^<{XSD}{datatype}>'


def generate(relaties: int, organisaties: int, partijen: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    lines: list[str] = []

    def t(s: str, p: str, o: str) -> None:
        lines.append(f"{s} {p} {o} .")

    a, sk = iri(RDF_TYPE), lambda name: iri(SK + name)
    t(sk("EULand"), iri(SUBCLASS), sk("EERLand"))
    for code in EU:
        t(iri(COUNTRY + code), a, sk("EULand"))
    for code in EEA_ONLY:
        t(iri(COUNTRY + code), a, sk("EERLand"))
    for n, domain in DOMAIN_OF.items():
        t(iri(f"{SUBDOMEIN}{n}"), iri(BROADER), iri(DOMEIN + domain))

    direct = int(partijen * 0.7)
    levels = [0] * direct
    rest = partijen - direct
    for level, share in ((1, 0.34), (2, 0.33), (3, 0.17), (4, 0.16)):
        levels += [level] * round(rest * share)
    levels = levels[:partijen] + [4] * (partijen - len(levels))
    by_level: dict[int, list[int]] = {}
    for index, level in enumerate(levels):
        by_level.setdefault(level, []).append(index)
    party = [iri(f"{BASE}partij/{i}") for i in range(partijen)]
    groups = [iri(f"{BASE}concern/{g}") for g in range(40)]
    for g, group in enumerate(groups):
        t(group, sk("vestigingsland"), iri(COUNTRY + rnd.choice(EU + OUTSIDE)))
        if g % 4 == 0 and g:
            t(group, sk("moederbedrijf"), groups[0])  # parent chains of depth 2
    for i, node in enumerate(party):
        t(node, a, sk("Leverancier"))
        land = rnd.choices([EU, EEA_ONLY, OUTSIDE], weights=[80, 5, 15])[0]
        t(node, sk("vestigingsland"), iri(COUNTRY + rnd.choice(land)))
        if rnd.random() < 0.3:
            t(node, sk("moederbedrijf"), rnd.choice(groups))
        if rnd.random() < 0.05:
            t(
                node,
                sk("overgenomenOp"),
                lit(f"20{rnd.randint(20, 25)}-{rnd.randint(1, 12):02d}-01", "date"),
            )
        level = levels[i]
        if level < 4 and rnd.random() < 0.6:
            for sub in rnd.sample(by_level[level + 1], k=rnd.randint(1, 3)):
                t(node, sk("onderaannemer"), party[sub])

    weights = [1 / (rank + 1) ** 0.8 for rank in range(direct)]  # a few large suppliers
    services: list[list[str]] = []
    for o in range(organisaties):
        org = iri(f"{BASE}organisatie/{o}")
        t(org, a, iri("http://www.w3.org/ns/org#Organization"))
        mine = []
        for s in range(max(1, relaties // organisaties // 4)):
            service = iri(f"{BASE}organisatie/{o}/dienst/{s}")
            t(service, a, sk("ITDienst"))
            t(service, sk("kritiek"), lit("true" if rnd.random() < 0.25 else "false", "boolean"))
            t(service, sk("subdomein"), iri(f"{SUBDOMEIN}{rnd.randint(1, 17)}"))
            mine.append(service)
        services.append(mine)
    for r in range(relaties):
        o = rnd.randrange(organisaties)
        rel = iri(f"{BASE}relatie/{r}")
        t(rel, a, sk("SourcingRelatie"))
        t(rel, sk("afnemer"), iri(f"{BASE}organisatie/{o}"))
        t(rel, sk("dienst"), rnd.choice(services[o]))
        t(rel, sk("leverancier"), party[rnd.choices(range(direct), weights=weights)[0]])
        t(rel, sk("relatieLeveringsvorm"), iri(f"{LEVERINGSVORM}{rnd.randint(1, 8)}"))
        for land in {rnd.choices(["NLD", rnd.choice(EU), rnd.choice(OUTSIDE)], [85, 10, 5])[0]}:
            t(rel, sk("land"), iri(COUNTRY + land))
        contract = iri(f"{BASE}relatie/{r}/overeenkomst")
        t(rel, sk("overeenkomst"), contract)
        t(contract, a, sk("Contract"))
        t(
            contract,
            sk("einddatum"),
            lit(
                f"20{rnd.randint(25, 32)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}", "date"
            ),
        )
        t(contract, sk("contractwaarde"), lit(f"{rnd.randint(10, 5000) * 1000}.00", "decimal"))
        if rnd.random() < 0.9:
            t(
                rel,
                sk("laatsteRisicoanalyse"),
                lit(f"20{rnd.randint(20, 25)}-{rnd.randint(1, 12):02d}-15", "date"),
            )
        if r % 5 == 0:  # a dossier with an exit plan for every fifth relationship
            dossier, plan = iri(f"{BASE}dossier/{r}"), iri(f"{BASE}dossier/{r}/exitplan")
            t(dossier, a, sk("Dossier"))
            t(dossier, sk("sourcingRelatie"), rel)
            t(dossier, sk("organisatie"), iri(f"{BASE}organisatie/{o}"))
            t(dossier, sk("resultaat"), plan)
            t(plan, a, sk("Exitplan"))
            if rnd.random() < 0.7:
                t(
                    plan,
                    sk("laatstGetest"),
                    lit(f"20{rnd.randint(22, 25)}-{rnd.randint(1, 12):02d}-01", "date"),
                )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--relaties", type=int, default=10_000)
    parser.add_argument("--organisaties", type=int, default=60)
    parser.add_argument("--partijen", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=20250101)
    parser.add_argument(
        "-o", "--output", type=Path, default=Path(__file__).parent / "out" / "register.nt"
    )
    args = parser.parse_args()
    lines = generate(args.relaties, args.organisaties, args.partijen, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} triples written to {args.output}")


if __name__ == "__main__":
    main()
