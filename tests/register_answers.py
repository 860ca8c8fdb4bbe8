"""Hand-computed answers of every analysis on tests/fixtures/register/register.ttl.

How they were computed (the fixture in words):

- Services: mail (kritiek, subdomein 5 -> domein B), hosting (kritiek, 9 -> C),
  werkplek (not kritiek, 5 -> B), hr (not kritiek, 12 -> D).
- Relationships (organisation, service, direct supplier, country, end date, risk analysis, form):
  r1 BZK mail Alfa NLD 2026-06-30 2024-01-10 lv6
  r2 JenV mail Beta DEU 2027-12-31 2025-02-01 lv6
  r3 Fin hosting Alfa CHE 2026-01-15 2023-05-01 lv7
  r4 BZK werkplek Delta NLD 2030-01-01 2023-12-01 lv5
  r5 JenV hr SSC NLD (DVO, no end) 2025-01-01 lv2, organisation and service only via dossier d3
  r6 Fin werkplek Delta NLD 2026-03-31 2024-06-01 lv5
  r7 BZK mail Beta DEU 2028-01-01 2025-03-01 lv6
- Parents: Alfa -> AlfaHolding -> MegaCorp, Beta -> MegaCorp. Chains: Alfa -> Cloudy (USA),
  Beta -> Gamma (NOR, EEA) -> Cloudy. Delta taken over 2024-03-01.
- Exit plans: ep1 (BZK mail) tested 2025-09-01, ep2 (Fin hosting) 2024-05-15, ep3 (JenV hr) never.

Rows are tuples of local names (``ex:`` stripped; subdomein/domein/leveringsvorm codes as
``subdomein:5``), integers for counts, ``True``/``False`` for booleans, ISO strings for dates.
"""

from __future__ import annotations

# leverancier: diensten / kritieke diensten / organisaties
#   Alfa: {mail, hosting} 2 / {mail, hosting} 2 / {BZK, Fin} 2
#   Beta: {mail} 1 / 1 / {JenV, BZK} 2;  Delta: {werkplek} 1 / 0 / {BZK, Fin} 2
#   SSC: {hr} 1 / 0 / {JenV} 1 (via dossier d3)
LEVERANCIER_CONCENTRATIE = [
    ("Alfa", 2, 2, 2),
    ("Beta", 1, 1, 2),
    ("Delta", 1, 0, 2),
    ("SSC", 1, 0, 1),
]
# ultimate parents: Alfa and Beta -> MegaCorp; Delta, SSC have no parent (their own).
#   MegaCorp: leveranciers {Alfa, Beta} 2, diensten {mail, hosting} 2, kritiek 2,
#   organisaties {BZK, Fin, JenV} 3
MOEDERBEDRIJF_CONCENTRATIE = [
    ("MegaCorp", 2, 2, 2, 3),
    ("Delta", 1, 1, 0, 2),
    ("SSC", 1, 1, 0, 1),
]


def via(*steps: str) -> str:
    """The path as the analysis writes it: ``via("Alfa", "onderaannemer", "Cloudy")``."""
    return " ".join(f"<{EX}{s}>" if i % 2 == 0 else s for i, s in enumerate(steps))


EX = "https://example.org/reg/"
# Impact rows: (dienst, organisatie, kritiek, via, rang, directe leverancier); rank 1 is the
# direct supplier, each step along a subcontractor or a parent adds one.
# Cloudy fails: Alfa's subcontractor (r1, r3: rank 2) and Gamma's, Beta's subcontractor
# (r2, r7: rank 3).
IMPACT_CLOUDY = {
    ("hosting", "Fin", True, via("Alfa", "onderaannemer", "Cloudy"), 2, "Alfa"),
    ("mail", "BZK", True, via("Alfa", "onderaannemer", "Cloudy"), 2, "Alfa"),
    (
        "mail",
        "BZK",
        True,
        via("Beta", "onderaannemer", "Gamma", "onderaannemer", "Cloudy"),
        3,
        "Beta",
    ),
    (
        "mail",
        "JenV",
        True,
        via("Beta", "onderaannemer", "Gamma", "onderaannemer", "Cloudy"),
        3,
        "Beta",
    ),
}
# Gamma fails: only behind Beta (r2, r7).
IMPACT_GAMMA = {
    ("mail", "BZK", True, via("Beta", "onderaannemer", "Gamma"), 2, "Beta"),
    ("mail", "JenV", True, via("Beta", "onderaannemer", "Gamma"), 2, "Beta"),
}
# Delta fails: directly (r4, r6); werkplek is not critical.
IMPACT_DELTA = {
    ("werkplek", "BZK", False, via("Delta"), 1, "Delta"),
    ("werkplek", "Fin", False, via("Delta"), 1, "Delta"),
}
# MegaCorp fails (it supplies nothing itself): the parent of Beta (r2, r7: rank 2) and, through
# AlfaHolding, of Alfa (r1, r3: rank 3): the three critical services of the register.
IMPACT_MEGACORP = {
    (
        "hosting",
        "Fin",
        True,
        via("Alfa", "moederbedrijf", "AlfaHolding", "moederbedrijf", "MegaCorp"),
        3,
        "Alfa",
    ),
    (
        "mail",
        "BZK",
        True,
        via("Alfa", "moederbedrijf", "AlfaHolding", "moederbedrijf", "MegaCorp"),
        3,
        "Alfa",
    ),
    ("mail", "BZK", True, via("Beta", "moederbedrijf", "MegaCorp"), 2, "Beta"),
    ("mail", "JenV", True, via("Beta", "moederbedrijf", "MegaCorp"), 2, "Beta"),
}
# Cloudy sits behind Alfa and Beta; their relationships serve {mail, hosting}.
# Gamma sits behind Beta only: not shared.
GEDEELDE_ONDERAANNEMERS = [("Cloudy", 2, 2)]
# r3 is provided in CHE (no EU/EEA typing) by Alfa; Cloudy (USA) is in the chains of r1, r2,
# r3, r7. NOR (Gamma) is EEA; the parent MegaCorp (USA) supplies nothing and is not counted.
LANDEN_BUITEN_EER = {
    ("hosting", "Fin", "CHE", "Alfa"),
    ("hosting", "Fin", "USA", "Cloudy"),
    ("mail", "BZK", "USA", "Cloudy"),
    ("mail", "JenV", "USA", "Cloudy"),
}
# subdomein 5: r1 Alfa, r2 Beta, r7 Beta, r4 Delta, r6 Delta -> N = 5, n = 1, 2, 2
#   HHI = 10000 * (1 + 4 + 4) / 25 = 3600, 3 suppliers
# subdomein 9: r3 Alfa only -> 10000, 1;  subdomein 12: r5 SSC only -> 10000, 1
HHI = [("subdomein:12", 10000, 1), ("subdomein:9", 10000, 1), ("subdomein:5", 3600, 3)]
# critical (service, organisation) pairs: (mail, BZK) has Alfa and Beta -> not single;
# (mail, JenV) Beta only; (hosting, Fin) Alfa only.
KRITIEK_ENKEL = {("mail", "JenV", "Beta"), ("hosting", "Fin", "Alfa")}
# peildatum 2026-01-31, 12 months: ep1 2025-09-01 is 4 months back (fine);
# ep2 2024-05-15 is 20 months back; ep3 never tested.
EXITPLANNEN_2026_01_31 = {("ep2", "hosting", "Fin", "2024-05-15"), ("ep3", "hr", "JenV", None)}
# Delta taken over 2024-03-01: r4's last risk analysis 2023-12-01 is older; r6's 2024-06-01 newer.
OVERNAMES = [("r4", "Delta", "2024-03-01", "2023-12-01", "werkplek", "BZK")]
# peildatum 2026-01-01, 6 months: ends 2026-01-15 (ov3), 2026-03-31 (ov6), 2026-06-30 (ov1);
# 2027-12-31, 2028-01-01 and 2030-01-01 are later; ov5 has no end date.
# Nothing has ended before 2026-01-01 (?afgelopen false everywhere).
AFLOPEND_2026_01_01_6 = [
    ("ov3", "2026-01-15", "hosting", "Fin", "Alfa", False),
    ("ov6", "2026-03-31", "werkplek", "Fin", "Delta", False),
    ("ov1", "2026-06-30", "mail", "BZK", "Alfa", False),
]
# peildatum 2026-01-01, 5 months: 2026-06-30 is 5 months and 29 days after: out.
AFLOPEND_2026_01_01_5 = AFLOPEND_2026_01_01_6[:2]
# peildatum 2026-04-01, 3 months: ov3 (2026-01-15) and ov6 (2026-03-31) have ended, still shown;
# ov1 (2026-06-30) is 2 months on; 2027-12-31 and later are not.
AFLOPEND_2026_04_01_3 = [
    ("ov3", "2026-01-15", "hosting", "Fin", "Alfa", True),
    ("ov6", "2026-03-31", "werkplek", "Fin", "Delta", True),
    ("ov1", "2026-06-30", "mail", "BZK", "Alfa", False),
]
# subdomein 5: organisations {BZK, JenV, Fin} 3, suppliers {Alfa, Beta, Delta} 3, relationships 5.
# subdomeinen 9 and 12 have one organisation each.
BUNDELKANSEN = [("subdomein:5", 3, 3, 5)]
# domein B (subdomein 5): lv6 r1 r2 r7 = 3, lv5 r4 r6 = 2; C: lv7 r3 = 1; D: lv2 r5 = 1.
LEVERINGSVORMEN = {
    ("domein:B", "leveringsvorm:5", 2),
    ("domein:B", "leveringsvorm:6", 3),
    ("domein:D", "leveringsvorm:7", 1),  # sub-domain 9 (Producten) is in domain D (figure 2)
    ("domein:D", "leveringsvorm:2", 1),
}
