"""JSON for machines: exactly one object ``{"conforms": bool, "results": [...]}``.

``conforms`` is true when nothing is at or above ``--fail-on`` (the same as exit code 0).
Each result has the keys of the documented contract (severity, focusNode, resultPath,
message, sourceShape, rules, file) plus ruleId, dossier, value and messages (all languages).
Nodes stay IRIs; ``labels`` adds the label (in ``--lang``) of each labelled IRI of the result,
and ``citations`` the rules that apply to the finding as people cite them (``tabel 3, fase 2``).
``run`` is the record of the run (:meth:`~sourcing_kg.validation.run_record.RunRecord.as_json`):
as-of date, policy files with SHA-256 and values, ontology and shapes versions and checksums,
engine, inputs with SHA-256. ``provenance`` lists, per dossier, each value the rules used
and where it came from: ``stated`` (with the file), ``inferred`` (``--inference``), ``policy``
(the as-of date or the policy file) or ``missing``
(:mod:`sourcing_kg.validation.provenance`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from sourcing_kg.model.citations import Lexicon
from sourcing_kg.model.labels import node_text
from sourcing_kg.render.json_text import json_chunks_ending_in_list
from sourcing_kg.validation.report import Finding, Report, Severity


def _text(node: Node | None) -> str | None:
    return node_text(node) if node is not None else None


def result(finding: Finding, lang: str) -> dict[str, Any]:
    """One finding as JSON: nodes as IRIs (``_:id`` for blank nodes), values as their text."""
    lexicon = Lexicon.shared()
    nodes = (finding.focus_node, finding.result_path, finding.value, *finding.rules)
    labels = {
        str(node): found
        for node in nodes
        if isinstance(node, URIRef) and (found := lexicon.label(node, lang)) is not None
    }
    citations = [
        {"rule": str(c.iri), "text": c.text, "source": c.source}
        for c in lexicon.citations(finding.rules, finding.value, lang)
    ]
    return {
        "severity": finding.severity.value,
        "focusNode": node_text(finding.focus_node),
        "resultPath": _text(finding.result_path),
        "message": finding.message(lang),
        "sourceShape": node_text(finding.source_shape),
        "sourceConstraintComponent": _text(finding.source_constraint_component),
        "rules": [str(rule) for rule in finding.rules],
        "file": finding.file or "",
        "ruleId": finding.rule_id,
        "dossier": _text(finding.dossier),
        "value": _text(finding.value),
        "messages": dict(sorted(finding.messages.items())),  # the same order in every run
        "labels": labels,
        "citations": citations,
    }


def render(report: Report, *, lang: str, fail_on: Severity) -> str:
    return b"".join(chunks(report, lang=lang, fail_on=fail_on)).decode("utf-8")


def chunks(report: Report, *, lang: str, fail_on: Severity) -> Iterator[bytes]:
    """The UTF-8 of :func:`render`, a part at a time: the report of 10,000 dossiers is 0.7 GB."""
    document: dict[str, Any] = {
        "conforms": report.conforms_at(fail_on),
        "results": [result(f, lang) for f in report.sorted()],
    }
    if report.run is not None:
        document["run"] = report.run.as_json()
    # each origin as ValueOrigin.as_json writes it: its fields in order, nodes as node_text
    return json_chunks_ending_in_list(document, "provenance", report.provenance, default=_term)


#: The text of each kind of term, looked up by its exact type: the 2 million value origins of
#: 10,000 dossiers hand orjson 8 million terms, and ``isinstance`` on rdflib's abstract
#: ``Node`` was half of the time rendering them.
_TERM_TEXT: dict[type, Callable[[Any], str]] = {
    URIRef: str.__str__,
    Literal: str.__str__,
    BNode: lambda node: f"_:{node}",
}


def _term(node: object) -> str:
    """:func:`node_text` of an RDF term; anything else is not JSON.

    Example:
        >>> [_term(n) for n in (URIRef("urn:x"), BNode("b"), Literal(2))]
        ['urn:x', '_:b', '2']
    """
    text = _TERM_TEXT.get(type(node))
    if text is not None:
        return text(node)
    if isinstance(node, Node):
        return node_text(node)
    raise TypeError(f"not JSON: {node!r}")
