"""The dependency picture as one self-contained HTML file with inline SVG.

Nodes are laid out in columns (organisations, services, suppliers, subcontractors by depth,
parents, countries); no script, no CDN, no network, so it opens offline. Edges that serve a
critical service are drawn red and thick.
"""

from __future__ import annotations

import html
from collections import defaultdict, deque

from sourcing_kg.model.labels import local_name
from sourcing_kg.register.edges import KINDS, Edge

NODE_W, NODE_H, COL_GAP, ROW_GAP, MARGIN = 190, 34, 80, 18, 40


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


def classify(edges: list[Edge], focus: str, of: str) -> tuple[dict[str, str], dict[str, int]]:
    """The kind and column of every node: kinds left to right, subcontractors by depth."""
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
    depth = {n: 0 for n, k in kind_of.items() if k == "leverancier"}
    children = defaultdict(list)
    for edge in edges:
        if edge.kind == "onderaannemer":
            children[edge.source].append(edge.target)
    queue = deque(depth)
    while queue:
        node = queue.popleft()
        for child in children[node]:
            if child not in depth:
                depth[child] = depth[node] + 1
                queue.append(child)
    deepest = max(depth.values(), default=0)
    column = {}
    for node, kind in kind_of.items():
        if kind in {"organisatie", "dienst"}:
            column[node] = KINDS.index(kind)
        elif kind in {"leverancier", "onderaannemer"}:
            column[node] = 2 + depth.get(node, 1)
        else:
            column[node] = 3 + deepest + (kind == "land")
    return kind_of, column


def render_html(
    edges: list[Edge], labels: dict[str, str], *, focus: str, of: str, lang: str = "nl"
) -> str:
    """One self-contained HTML document with the picture as inline SVG."""
    kind_of, column = classify(edges, focus, of)
    by_column: dict[int, list[str]] = defaultdict(list)
    for node, col in column.items():
        by_column[col].append(node)
    position: dict[str, tuple[int, int]] = {}
    for col, nodes in by_column.items():
        for row, node in enumerate(sorted(nodes, key=lambda n: (labels.get(n) or n).casefold())):
            position[node] = (
                MARGIN + col * (NODE_W + COL_GAP),
                MARGIN + 30 + row * (NODE_H + ROW_GAP),
            )
    width = MARGIN * 2 + (max(column.values(), default=0) + 1) * (NODE_W + COL_GAP)
    height = (
        MARGIN * 2 + 60 + max((len(v) for v in by_column.values()), default=1) * (NODE_H + ROW_GAP)
    )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        '<defs><marker id="pijl" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        'fill="#666"/></marker><marker id="pijl-kritiek" viewBox="0 0 10 10" refX="10" '
        'refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
        '<path d="M0,0 L10,5 L0,10 z" fill="#c00000"/></marker></defs>',
    ]
    for edge in sorted(edges, key=lambda e: e.critical):  # critical edges drawn on top
        (x1, y1), (x2, y2) = position[edge.source], position[edge.target]
        sx, sy = x1 + NODE_W, y1 + NODE_H / 2
        tx, ty = (x2, y2 + NODE_H / 2) if x2 > x1 else (x2 + NODE_W / 2, y2)
        bend = max(40, abs(tx - sx) / 2)
        colour, stroke, marker = (
            ("#c00000", 3, "pijl-kritiek") if edge.critical else ("#888", 1.2, "pijl")
        )
        cls = "kritiek" if edge.critical else "rand"
        parts.append(
            f'<path class="{cls}" d="M{sx},{sy} C{sx + bend},{sy} {tx - bend},{ty} '
            f'{tx},{ty}" fill="none" stroke="{colour}" stroke-width="{stroke}" '
            f'marker-end="url(#{marker})"><title>{html.escape(edge.kind)}</title></path>'
        )
    for node, (x, y) in sorted(position.items()):
        kind = kind_of[node]
        border = ' stroke="#000" stroke-width="3"' if node == focus else ' stroke="#999"'
        label = labels.get(node, local_name(node))
        shown = label if len(label) <= 26 else label[:25] + "…"
        parts.append(
            f'<g class="knoop {kind}"><rect x="{x}" y="{y}" width="{NODE_W}" '
            f'height="{NODE_H}" rx="6" fill="{COLOURS[kind]}"{border}/>'
            f'<text x="{x + 8}" y="{y + 21}">{html.escape(shown)}</text>'
            f"<title>{html.escape(label)} &lt;{html.escape(node)}&gt;</title></g>"
        )
    index = 0 if lang == "nl" else 1
    for col, nodes in sorted(by_column.items()):
        kind = kind_of[nodes[0]]
        parts.append(
            f'<text x="{MARGIN + col * (NODE_W + COL_GAP)}" y="{MARGIN + 12}" '
            f'font-weight="bold">{html.escape(KIND_LABELS[kind][index])}</text>'
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
