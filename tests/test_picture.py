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
    assert code == 6 and "not evaluated" in capsys.readouterr().err
    assert not target.exists()


# --- geometry: nothing cut off, no edge through a box -----------------------------------

_SVG = "{http://www.w3.org/2000/svg}"


def _numbers(text: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", text)]


def _samples(d: str) -> tuple[list[tuple[float, float]], tuple[float, float], tuple[float, float]]:
    """Points along a path of M, L and C commands (20 per curve), its start and its end."""
    points: list[tuple[float, float]] = []
    here = (0.0, 0.0)
    start = None
    for command, args in re.findall(r"([MLC])([^MLC]*)", d):
        values = _numbers(args)
        if command == "M":
            here = (values[0], values[1])
            start = here
            points.append(here)
        elif command == "L":
            end = (values[0], values[1])
            points += [
                (here[0] + (end[0] - here[0]) * t / 20, here[1] + (end[1] - here[1]) * t / 20)
                for t in range(21)
            ]
            here = end
        else:
            c1, c2, end = (values[0], values[1]), (values[2], values[3]), (values[4], values[5])
            for step in range(21):
                t = step / 20
                a, b, c, e = (1 - t) ** 3, 3 * (1 - t) ** 2 * t, 3 * (1 - t) * t**2, t**3
                points.append(
                    (
                        a * here[0] + b * c1[0] + c * c2[0] + e * end[0],
                        a * here[1] + b * c1[1] + c * c2[1] + e * end[1],
                    )
                )
            here = end
    assert start is not None
    return points, start, here


def check_geometry(text: str) -> int:
    """Every box inside the picture, every edge starts and ends on a box's side and never
    enters a box; returns the number of edges checked."""
    svg = ET.fromstring(text[text.index("<svg") : text.index("</svg>") + 6])
    _, _, width, height = _numbers(svg.get("viewBox", ""))
    boxes = [
        tuple(float(r.get(k, "0")) for k in ("x", "y", "width", "height"))
        for g in svg.iter(f"{_SVG}g")
        if "knoop" in (g.get("class") or "")
        for r in g.iter(f"{_SVG}rect")
    ]
    for x, y, w, h in boxes:
        assert x >= 0 and x + w <= width and y >= 0 and y + h <= height, "box cut off"
    for a in boxes:  # no two boxes overlap
        for b in boxes:
            if a is not b:
                assert (
                    a[0] + a[2] <= b[0]
                    or b[0] + b[2] <= a[0]
                    or a[1] + a[3] <= b[1]
                    or b[1] + b[3] <= a[1]
                ), (a, b)

    def on_side(point: tuple[float, float]) -> bool:
        return any(
            (abs(point[0] - x) < 0.2 or abs(point[0] - x - w) < 0.2) and y <= point[1] <= y + h
            for x, y, w, h in boxes
        )

    paths = [p for p in svg.iter(f"{_SVG}path") if p.get("class") in {"kritiek", "rand"}]
    for path in paths:
        points, start, end = _samples(path.get("d", ""))
        assert on_side(start) and on_side(end), path.get("d")
        for px, py in points:
            assert 0 <= px <= width and 0 <= py <= height, "edge cut off"
            for x, y, w, h in boxes:
                inside = x + 0.5 < px < x + w - 0.5 and y + 0.5 < py < y + h - 0.5
                assert not inside, (path.get("d"), (px, py), (x, y))
    return len(paths)


def test_cloudy_picture_geometry(tmp_path: Path) -> None:
    from sourcing_kg.render.picture import render_html

    backend = memory_backend(REGISTER)
    edges, labels = dependency_edges(backend, focus=EX + "Cloudy", of="leverancier")
    assert check_geometry(render_html(edges, labels, focus=EX + "Cloudy", of="leverancier")) == 18


@pytest.mark.parametrize("seed", range(12))
def test_random_graphs_keep_edges_out_of_boxes(seed: int) -> None:
    """Chains of subcontractors of any depth, cycles, self-loops, countries at every depth:
    long edges must pass through the columns between without touching a box."""
    import random

    from sourcing_kg.register.edges import Edge
    from sourcing_kg.render.picture import render_html

    rng = random.Random(seed)
    orgs = [f"o{i}" for i in range(rng.randint(1, 4))]
    services = [f"d{i}" for i in range(rng.randint(1, 5))]
    parties = [f"p{i}" for i in range(rng.randint(2, 9))]
    countries = [f"c{i}" for i in range(rng.randint(1, 4))]
    edges = {Edge(rng.choice(orgs), "afnemer", s, rng.random() < 0.5) for s in services}
    edges |= {Edge(s, "leverancier", rng.choice(parties[:3]), False) for s in services}
    for _ in range(rng.randint(0, 10)):
        edges.add(Edge(rng.choice(parties), "onderaannemer", rng.choice(parties), False))
    for party in parties:
        if rng.random() < 0.6:
            edges.add(Edge(party, "vestigingsland", rng.choice(countries), False))
        if rng.random() < 0.3:
            edges.add(Edge(party, "moederbedrijf", f"m{party}", False))
    edges |= {Edge(s, "land", rng.choice(countries), False) for s in services}
    edges = {e for e in edges if e.source != e.target}  # the query never yields self-loops
    text = render_html(sorted(edges, key=str), {}, focus="p0", of="leverancier")
    assert check_geometry(text) == len(edges)
