"""The dependency picture as one self-contained HTML file with inline SVG.

The layout is grandalf's Sugiyama (layered) layout, as Graphviz's dot does it: nodes in
columns by their distance along the edges (organisations, services, suppliers, subcontractors,
parents and countries), ordered within a column to reduce crossings; an edge that spans
several columns gets a place of its own in every column between (a dummy node) and passes it
horizontally, so it never runs through a box; between columns it is a curve. No script, no
CDN, no network, so it opens offline. Edges that serve a critical service are drawn red and
thick.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from grandalf.graphs import Edge as LayoutEdge
from grandalf.graphs import Graph as LayoutGraph
from grandalf.graphs import Vertex
from grandalf.layouts import SugiyamaLayout

from sourcing_kg.model.labels import local_name
from sourcing_kg.register.edges import KINDS, Edge

NODE_W, NODE_H, COL_GAP, ROW_GAP, MARGIN = 190, 34, 90, 18, 30
LEGEND_H = 40  # the legend's band above the picture
COMPONENT_GAP = 40  # between unconnected parts of the graph


KIND_LABELS = {
    "organisatie": ("Organisaties", "Organisations"),
    "dienst": ("Diensten", "Services"),
    "leverancier": ("Leveranciers", "Suppliers"),
    "onderaannemer": ("Onderaannemers", "Subcontractors"),
    "moederbedrijf": ("Moederbedrijven", "Parent companies"),
    "land": ("Landen", "Countries"),
}


COLOURS = {
    "organisatie": "#dbe9f6",
    "dienst": "#fff2cc",
    "leverancier": "#e2f0d9",
    "onderaannemer": "#eadcf2",
    "moederbedrijf": "#f2f2f2",
    "land": "#fde4d0",
}


def classify(edges: list[Edge], focus: str, of: str) -> dict[str, str]:
    """The kind of every node (the colour of its box): the first kind of :data:`KINDS` that
    one of its edges gives it."""
    role = {
        "afnemer": ("organisatie", "dienst"),
        "leverancier": ("dienst", "leverancier"),
        "onderaannemer": (None, "onderaannemer"),
        "moederbedrijf": (None, "moederbedrijf"),
        "vestigingsland": (None, "land"),
        "land": ("dienst", "land"),
    }
    kind_of: dict[str, str] = {}
    for edge in edges:
        for node, kind in zip((edge.source, edge.target), role[edge.kind], strict=True):
            if kind and (node not in kind_of or KINDS.index(kind) < KINDS.index(kind_of[node])):
                kind_of[node] = kind
    kind_of.setdefault(focus, "dienst" if of == "dienst" else "leverancier")
    for edge in edges:  # a party known only by what it subcontracts, owns or is based in
        kind_of.setdefault(edge.source, "onderaannemer")
    return kind_of


# ------------------------------------------------------------------------------ layout


class _View:
    """The size grandalf lays out (its layers run top to bottom, ours left to right, so the
    width it sees is our height) and the centre it gives back."""

    def __init__(self, w: float, h: float):
        self.w, self.h = w, h
        self.xy = (0.0, 0.0)


class _EdgeView:
    def setpath(self, points: list[tuple[float, float]]) -> None:
        self.points = points


Point = tuple[float, float]


@dataclass
class Layout:
    """Where each box is (its top-left corner) and the path of each edge, in SVG units."""

    boxes: dict[str, Point] = field(default_factory=dict)
    paths: dict[tuple[str, str], str] = field(default_factory=dict)
    width: float = 0.0
    height: float = 0.0


def _column_left(rank: int) -> float:
    return MARGIN + rank * (NODE_W + COL_GAP)


def _curve(start: Point, end: Point) -> str:
    """A curve across the gap between two columns, leaving and arriving horizontally (its
    control points lie in the gap, so the curve does too)."""
    middle = (start[0] + end[0]) / 2
    return f"C{middle:.1f},{start[1]:.1f} {middle:.1f},{end[1]:.1f} {end[0]:.1f},{end[1]:.1f}"


def _route(ranks: list[int], ys: list[float]) -> str:
    """The path through the given columns: out of the first box on the side that faces the
    next column, straight through each column between (at its dummy's height), into the last
    box on the side that faces the one before."""
    if ranks[0] == ranks[-1]:  # a loop in one column: out right, through the gap, back in
        x = _column_left(ranks[0]) + NODE_W
        bend = x + COL_GAP / 2
        y0, y1 = ys[0], ys[-1]
        return f"M{x:.1f},{y0:.1f} C{bend:.1f},{y0:.1f} {bend:.1f},{y1:.1f} {x:.1f},{y1:.1f}"
    forward = ranks[-1] > ranks[0]

    def entry(rank: int) -> float:
        return _column_left(rank) + (0 if forward else NODE_W)

    def leave(rank: int) -> float:
        return _column_left(rank) + (NODE_W if forward else 0)

    here = (leave(ranks[0]), ys[0])
    parts = [f"M{here[0]:.1f},{here[1]:.1f}"]
    for rank, y in zip(ranks[1:-1], ys[1:-1], strict=True):
        parts.append(_curve(here, (entry(rank), y)))
        here = (leave(rank), y)
        parts.append(f"L{here[0]:.1f},{here[1]:.1f}")
    parts.append(_curve(here, (entry(ranks[-1]), ys[-1])))
    return " ".join(parts)


def layout(nodes: list[str], pairs: list[tuple[str, str]]) -> Layout:
    """Lay out ``nodes`` (this order is the start of the ordering) joined by ``pairs``
    (source, target), one connected part under the other."""
    vertices = {node: Vertex(node) for node in nodes}
    for vertex in vertices.values():
        vertex.view = _View(NODE_H, NODE_W)
    edges: dict[tuple[str, str], Any] = {}
    for source, target in pairs:
        if source != target and (source, target) not in edges:
            edge = LayoutEdge(vertices[source], vertices[target])
            edge.view = _EdgeView()
            edges[(source, target)] = edge
    graph = LayoutGraph(list(vertices.values()), list(edges.values()))
    result = Layout()
    top = MARGIN + LEGEND_H
    rank_of: dict[str, int] = {}
    for component in graph.C:
        sugiyama = SugiyamaLayout(component)
        sugiyama.xspace, sugiyama.yspace = ROW_GAP, COL_GAP
        sugiyama.init_all()
        sugiyama.draw()
        placed = [v for layer in sugiyama.layers for v in layer]
        low = min(v.view.xy[0] - v.view.w / 2 for v in placed)
        high = max(v.view.xy[0] + v.view.w / 2 for v in placed)
        offset = top - low

        for vertex in component.sV:
            rank_of[vertex.data] = sugiyama.grx[vertex].rank
            centre = offset + vertex.view.xy[0]
            result.boxes[vertex.data] = (_column_left(rank_of[vertex.data]), centre - NODE_H / 2)
        members = set(component.sE)
        for (source, target), edge in edges.items():
            if edge not in members:
                continue
            r0, r1 = rank_of[source], rank_of[target]
            controls = sugiyama.ctrls.get(edge, {})
            step = 1 if r1 >= r0 else -1
            ranks = list(range(r0, r1 + step, step)) if r0 != r1 else [r0, r1]
            ys = [offset + vertices[source].view.xy[0]]
            ys += [offset + controls[r].view.xy[0] for r in ranks[1:-1]]
            ys.append(offset + vertices[target].view.xy[0])
            result.paths[(source, target)] = _route(ranks, ys)
        top += high - low + COMPONENT_GAP
    for node, (_, y) in result.boxes.items():
        if (node, node) in pairs:  # a party that subcontracts to itself
            centre = y + NODE_H / 2
            result.paths[(node, node)] = _route([rank_of[node]] * 2, [centre - 8, centre + 8])
    columns = max(rank_of.values(), default=0) + 1
    result.width = 2 * MARGIN + columns * NODE_W + (columns - 1) * COL_GAP
    result.height = top - COMPONENT_GAP + MARGIN if result.boxes else top + MARGIN
    return result


# ------------------------------------------------------------------------------ drawing


def render_html(
    edges: list[Edge], labels: dict[str, str], *, focus: str, of: str, lang: str = "nl"
) -> str:
    """One self-contained HTML document with the picture as inline SVG."""
    kind_of = classify(edges, focus, of)

    def order(node: str) -> tuple[int, str, str]:
        return (KINDS.index(kind_of[node]), (labels.get(node) or node).casefold(), node)

    placed = layout(sorted(kind_of, key=order), [(e.source, e.target) for e in edges])
    index = 0 if lang == "nl" else 1
    kinds = [kind for kind in KINDS if kind in kind_of.values()]
    legend_width = MARGIN + sum(40 + 8 * len(KIND_LABELS[k][index]) for k in kinds)
    width, height = round(max(placed.width, legend_width)), round(placed.height)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12" '
        'style="max-width:100%;height:auto">',
        '<defs><marker id="pijl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#666"/></marker><marker id="pijl-kritiek" viewBox="0 0 10 10" refX="10" '
        'refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#c00000"/></marker></defs>',
    ]
    x = MARGIN
    for kind in kinds:
        name = KIND_LABELS[kind][index]
        parts.append(
            f'<g class="legenda"><rect x="{x}" y="{MARGIN}" width="14" height="14" rx="3" '
            f'fill="{COLOURS[kind]}" stroke="#999"/><text x="{x + 20}" y="{MARGIN + 11}">'
            f"{html.escape(name)}</text></g>"
        )
        x += 40 + 8 * len(name)
    for edge in sorted(edges, key=lambda e: e.critical):  # critical edges drawn on top
        colour, stroke, marker = (
            ("#c00000", 3, "pijl-kritiek") if edge.critical else ("#888", 1.2, "pijl")
        )
        cls = "kritiek" if edge.critical else "rand"
        parts.append(
            f'<path class="{cls}" d="{placed.paths[(edge.source, edge.target)]}" fill="none" '
            f'stroke="{colour}" stroke-width="{stroke}" marker-end="url(#{marker})">'
            f"<title>{html.escape(edge.kind)}</title></path>"
        )
    for node, (bx, by) in sorted(placed.boxes.items()):
        kind = kind_of[node]
        border = ' stroke="#000" stroke-width="3"' if node == focus else ' stroke="#999"'
        label = labels.get(node, local_name(node))
        shown = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<g class="knoop {kind}"><rect x="{bx:.1f}" y="{by:.1f}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="6" fill="{COLOURS[kind]}"{border}/>'
            f'<text x="{bx + 8:.1f}" y="{by + 21:.1f}">{html.escape(shown)}</text>'
            f"<title>{html.escape(label)} &lt;{html.escape(node)}&gt;</title></g>"
        )
    parts.append("</svg>")
    title = (
        f"Afhankelijkheden rond {labels.get(focus, focus)}"
        if lang == "nl"
        else f"Dependencies around {labels.get(focus, focus)}"
    )
    legend = (
        "Rood en dik: pad naar een kritieke dienst."
        if lang == "nl"
        else "Red and thick: path to a critical service."
    )
    return (
        '<!DOCTYPE html>\n<html lang="' + lang + '"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>body{{font-family:sans-serif;margin:1em}}"
        "</style></head><body>"
        f"<h1>{html.escape(title)}</h1><p>{html.escape(legend)} "
        f"({sum(e.critical for e in edges)} / {len(edges)})</p>\n"
        + "\n".join(parts)
        + "\n</body></html>\n"
    )
