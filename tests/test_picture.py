"""The dependency picture: the edges (computed by hand) and a self-contained offline file."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from analysis_helpers import REGISTER, plain
from sourcing_kg.cli import main
from sourcing_kg.register.analyses import load_files, memory_backend
from sourcing_kg.register.dependency_graph import dependency_edges
from sourcing_kg.sparql.backends import OxigraphBackend

EX = "https://example.org/reg/"

# Cloudy fails: BZK/JenV -> mail, Fin -> hosting (critical); mail -> Alfa, mail -> Beta,
# hosting -> Alfa; Alfa -> Cloudy, Beta -> Gamma -> Cloudy; countries of the relationships
# mail: NLD, DEU, hosting: CHE (all critical services); establishment countries and parents
# of Alfa, Beta, Gamma, Cloudy (not on a service path, so not critical).
CLOUDY = {
    ("BZK", "afnemer", "mail", True),
    ("JenV", "afnemer", "mail", True),
    ("Fin", "afnemer", "hosting", True),
    ("mail", "leverancier", "Alfa", True),
    ("mail", "leverancier", "Beta", True),
    ("hosting", "leverancier", "Alfa", True),
    ("Alfa", "onderaannemer", "Cloudy", True),
    ("Beta", "onderaannemer", "Gamma", True),
    ("Gamma", "onderaannemer", "Cloudy", True),
    ("mail", "land", "NLD", True),
    ("mail", "land", "DEU", True),
    ("hosting", "land", "CHE", True),
    ("Alfa", "vestigingsland", "NLD", False),
    ("Beta", "vestigingsland", "DEU", False),
    ("Gamma", "vestigingsland", "NOR", False),
    ("Cloudy", "vestigingsland", "USA", False),
    ("Alfa", "moederbedrijf", "AlfaHolding", False),
    ("Beta", "moederbedrijf", "MegaCorp", False),
}
# Service werkplek (not critical): BZK and Fin use it, Delta supplies it in NLD.
WERKPLEK = {
    ("BZK", "afnemer", "werkplek", False),
    ("Fin", "afnemer", "werkplek", False),
    ("werkplek", "leverancier", "Delta", False),
    ("werkplek", "land", "NLD", False),
    ("Delta", "vestigingsland", "NLD", False),
}


def edge_set(edges) -> set:
    return {(plain(_u(e.source)), e.kind, plain(_u(e.target)), e.critical) for e in edges}


def _u(text: str):
    from rdflib import URIRef

    return URIRef(text)


@pytest.mark.parametrize("backend_kind", ["rdflib", "pyoxigraph"])
def test_edges(backend_kind: str) -> None:
    if backend_kind == "rdflib":
        backend = memory_backend(REGISTER)
    else:
        backend = OxigraphBackend(None)
        load_files(backend, REGISTER)
    assert edge_set(dependency_edges(backend, focus=EX + "Cloudy", of="leverancier")[0]) == CLOUDY
    assert edge_set(dependency_edges(backend, focus=EX + "werkplek", of="dienst")[0]) == WERKPLEK
    assert dependency_edges(backend, focus=EX + "Nobody", of="leverancier")[0] == []


def test_html_is_self_contained_with_critical_paths(tmp_path: Path, capsys) -> None:
    target = tmp_path / "cloudy.html"
    assert (
        main(
            [
                "graph",
                "--leverancier",
                EX + "Cloudy",
                "--data",
                *map(str, REGISTER),
                "-o",
                str(target),
            ]
        )
        == 0
    )
    text = target.read_text(encoding="utf-8")
    assert "<script" not in text and "<link" not in text and "@import" not in text
    # no reference outside the file: only the SVG namespace and in-document markers
    assert re.findall(r"(?:src|href)\s*=", text) == []
    assert set(re.findall(r"url\(([^)]*)\)", text)) == {"#pijl", "#pijl-kritiek"}
    svg = ET.fromstring(text[text.index("<svg") : text.index("</svg>") + 6])
    paths = svg.findall(".//{http://www.w3.org/2000/svg}path[@class]")
    assert sum(p.get("class") == "kritiek" for p in paths) == 12
    assert sum(p.get("class") == "rand" for p in paths) == 6
    assert "Cloudy" in text and "MegaCorp" in text


def test_graph_obeys_its_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import time

    from rdflib import Graph

    real = Graph.query

    def slow(self: Graph, *args: object, **kwargs: object) -> object:
        time.sleep(1.5)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Graph, "query", slow)
    target = tmp_path / "cloudy.html"
    argv = ["graph", "--leverancier", EX + "Cloudy", "--data", *map(str, REGISTER)]
    code = main([*argv, "-o", str(target), "--timeout", "0.2"])
    assert code == 4 and "not evaluated" in capsys.readouterr().err
    assert not target.exists()
