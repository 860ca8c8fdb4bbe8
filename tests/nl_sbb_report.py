"""List what the NL-SBB profile (Geonovum's SKOS-AP-NL) says about the ontology, per message.

Run from anywhere, after merging the concept schemes too:

    PYTHONPATH=src python tests/nl_sbb_report.py            # the ontology as installed/checked out
    PYTHONPATH=src python tests/nl_sbb_report.py extra.ttl  # plus more Turtle files

Prints one line per (severity, message) with its count, most frequent first, then the totals;
exits 1 if there is any sh:Violation. The test tests/test_ontology_nl_sbb.py uses the same function.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

PROFILE = Path(__file__).resolve().parent / "profiles" / "nl-sbb" / "skos-ap-nl.ttl"


def nl_sbb_results(data: Graph) -> Counter[tuple[str, str]]:
    """Count the profile's results over ``data`` by (severity local name, first message)."""
    profile = Graph().parse(PROFILE, format="turtle")
    _conforms, report, _text = validate(data, shacl_graph=profile)
    counts: Counter[tuple[str, str]] = Counter()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]
        messages = sorted(str(m) for m in report.objects(result, SH.resultMessage))
        if not messages:
            messages = [
                f"{report.value(result, SH.sourceConstraintComponent)} "
                f"on {report.value(result, SH.resultPath)}"
            ]
        counts[(severity, messages[0])] += 1
    return counts


def main(argv: list[str]) -> int:
    from sourcing_kg.model.ontology import ontology_graph

    data = ontology_graph()
    for extra in argv:
        data.parse(extra, format="turtle")
    counts = nl_sbb_results(data)
    for (severity, message), number in counts.most_common():
        print(f"{number:5d}  {severity:9s}  {message}")
    per_severity = Counter()
    for (severity, _message), number in counts.items():
        per_severity[severity] += number
    summary = ", ".join(f"{s}: {n}" for s, n in sorted(per_severity.items())) or "no results"
    print(f"NL-SBB over {len(data)} triples: {summary}")
    return 1 if per_severity.get("Violation") else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
