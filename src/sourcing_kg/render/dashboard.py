"""The register dashboard as one self-contained HTML file: a chart and its table per analysis.

Charts are drawn by matplotlib (its SVG backend, no pyplot state) and inlined; the page comes
from the Jinja2 template ``templates/dashboard.html.j2`` with autoescaping, so every name,
IRI and value from the data is text, never markup. No script, no stylesheet or font from
elsewhere: the file opens offline.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from markupsafe import Markup
from matplotlib import rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from rdflib import Literal, URIRef
from rdflib.term import Identifier

from sourcing_kg.model.labels import KNOWN_PREFIXES, curie, node_text
from sourcing_kg.register.panels import Dashboard, Panel
from sourcing_kg.render.pages import environment

MAX_BARS = 20
_MONTHS_NL = (
    *("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus"),
    *("september", "oktober", "november", "december"),
)

#: Column headings of the analyses' result variables.
HEADINGS: dict[str, tuple[str, str]] = {
    "leverancier": ("Leverancier", "Supplier"),
    "moederbedrijf": ("Moederbedrijf", "Parent company"),
    "leveranciers": ("Leveranciers", "Suppliers"),
    "diensten": ("Diensten", "Services"),
    "kritiekeDiensten": ("Kritieke diensten", "Critical services"),
    "organisaties": ("Organisaties", "Organisations"),
    "organisatie": ("Organisatie", "Organisation"),
    "subdomein": ("Subdomein", "Sub-domain"),
    "hhi": ("HHI", "HHI"),
    "dienst": ("Dienst", "Service"),
    "land": ("Land", "Country"),
    "partij": ("Partij", "Party"),
    "exitplan": ("Exitplan", "Exit plan"),
    "laatstGetest": ("Laatst getest", "Last tested"),
    "overeenkomst": ("Overeenkomst", "Agreement"),
    "einddatum": ("Einddatum", "End date"),
    "afgelopen": ("Afgelopen", "Ended"),
}

TEXT: dict[str, tuple[str, str]] = {
    "title": ("Registerdashboard", "Register dashboard"),
    "as_of": ("Peildatum", "Reference date"),
    "analysis": ("Analyse", "Analysis"),
    "rows": ("rijen", "rows"),
    "row": ("rij", "row"),
    "none": ("Geen resultaten.", "No results."),
    "shown": (
        "De grafiek toont de eerste {n} van {total}.",
        "The chart shows the first {n} of {total}.",
    ),
    "question": ("Vraag", "Question"),
    "parameters": ("Parameters", "Parameters"),
    "rule": ("Grondslag", "Basis"),
    "never": ("nooit getest", "never tested"),
    "yes": ("ja", "yes"),
    "no": ("nee", "no"),
    "ended": ("afgelopen", "ended"),
    "months_since": ("maanden sinds de laatste test", "months since the last test"),
    "days_until": ("dagen tot de einddatum", "days until the end date"),
    "services": ("diensten", "services"),
    "critical": ("waarvan kritiek", "of which critical"),
    "hhi_axis": ("HHI (0-10.000)", "HHI (0-10,000)"),
    "single": (
        "kritieke diensten met alleen deze leverancier",
        "critical services with only this supplier",
    ),
    "outside": ("diensten", "services"),
    "contents": ("Inhoud", "Contents"),
    "generated": (
        "Gemaakt door sourcing-kg dashboard; elke grafiek is het antwoord van de genoemde analyse"
        " (sourcing-kg query ID).",
        "Made by sourcing-kg dashboard; each chart is the answer of the analysis named"
        " (sourcing-kg query ID).",
    ),
}


def _t(key: str, lang: str) -> str:
    nl, en = TEXT[key]
    return nl if lang == "nl" else en


def format_date(value: date, lang: str) -> str:
    """A date as people write it: ``30 juni 2026`` in Dutch, ISO 8601 in English.

    Example:
        >>> format_date(date(2026, 6, 30), "nl"), format_date(date(2026, 6, 30), "en")
        ('30 juni 2026', '2026-06-30')
    """
    if lang == "nl":
        return f"{value.day} {_MONTHS_NL[value.month - 1]} {value.year}"
    return value.isoformat()


def format_number(value: int | float | Decimal, lang: str) -> str:
    """A number with thousands grouped: ``10.000`` and ``1,5`` in Dutch, ``10,000`` in English.

    Example:
        >>> format_number(10000, "nl"), format_number(Decimal("1234.5"), "nl")
        ('10.000', '1.234,5')
    """
    text = f"{value:,}"
    if lang == "nl":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


@dataclass(frozen=True)
class Cell:
    text: str
    title: str = ""
    numeric: bool = False


class _Namer:
    def __init__(self, dashboard: Dashboard, lang: str):
        self.dashboard, self.lang = dashboard, lang

    def __call__(self, term: Identifier | None) -> str:
        return self.cell(term).text

    def cell(self, term: Identifier | None) -> Cell:
        if term is None:
            return Cell("")
        if isinstance(term, URIRef):
            found = self.dashboard.name(term, self.lang)
            short = curie(term)
            return Cell(found, short) if found else Cell(short)
        if isinstance(term, Literal):
            value = term.toPython()
            if isinstance(value, date):
                return Cell(format_date(value, self.lang), str(term))
            if isinstance(value, bool):
                return Cell(_t("yes" if value else "no", self.lang))
            if isinstance(value, (int, float, Decimal)):
                return Cell(format_number(value, self.lang), numeric=True)
        return Cell(node_text(term))


# ------------------------------------------------------------------------------ charts


@dataclass(frozen=True)
class Bars:
    """What one chart shows: a bar per category, one or two series."""

    categories: list[str]
    series: list[tuple[str, list[float]]]
    axis: str
    notes: list[str | None] | None = None
    xmax: float | None = None


def _int(term: Identifier | None) -> int:
    if isinstance(term, Literal):
        value = term.toPython()
        if isinstance(value, (int, float, Decimal)):
            return int(value)
    return 0


def _date(term: Identifier | None) -> date | None:
    value = term.toPython() if isinstance(term, Literal) else None
    return value if isinstance(value, date) else None


def _concentration(panel: Panel, name: _Namer, lang: str) -> Bars:
    key = panel.analysis.result[0] if panel.analysis.result else panel.table.variables[0]
    rows = panel.table.dicts()
    return Bars(
        [name(r.get(key)) for r in rows],
        [
            (_t("services", lang), [_int(r.get("diensten")) for r in rows]),
            (_t("critical", lang), [_int(r.get("kritiekeDiensten")) for r in rows]),
        ],
        _t("services", lang),
    )


def _hhi(panel: Panel, name: _Namer, lang: str) -> Bars:
    rows = panel.table.dicts()
    return Bars(
        [name(r.get("subdomein")) for r in rows],
        [("HHI", [_int(r.get("hhi")) for r in rows])],
        _t("hhi_axis", lang),
        xmax=10000,
    )


def _counted(column: str, axis: str) -> Callable[[Panel, _Namer, str], Bars]:
    """Distinct services per term of ``column`` (per IRI: two parties may share a name)."""

    def chart(panel: Panel, name: _Namer, lang: str) -> Bars:
        pairs = {(r.get(column), r.get("dienst")) for r in panel.table.dicts()}
        seen: Counter[Identifier | None] = Counter(term for term, _ in pairs)
        ordered = sorted(seen.items(), key=lambda kv: (-kv[1], name(kv[0]).casefold()))
        return Bars(
            [name(term) for term, _ in ordered],
            [(_t(axis, lang), [float(n) for _, n in ordered])],
            _t(axis, lang),
        )

    return chart


def _service_line(row: dict[str, Identifier], name: _Namer, fallback: str) -> str:
    """``service — organisation``, or the name of ``fallback`` when neither is known."""
    parts = [name(row.get(key)) for key in ("dienst", "organisatie") if row.get(key) is not None]
    return " — ".join(p for p in parts if p) or name(row.get(fallback))


def _exit_plans(panel: Panel, name: _Namer, lang: str) -> Bars:
    reference = date.fromisoformat(panel.parameters["peildatum"])
    rows = panel.table.dicts()
    values: list[float] = []
    notes: list[str | None] = []
    for row in rows:
        tested = _date(row.get("laatstGetest"))
        if tested is None:
            values.append(0.0)
            notes.append(_t("never", lang))
        else:
            months = (reference.year - tested.year) * 12 + reference.month - tested.month
            values.append(float(months - (reference.day < tested.day)))
            notes.append(None)
    return Bars(
        [_service_line(r, name, "exitplan") for r in rows],
        [(_t("months_since", lang), values)],
        _t("months_since", lang),
        notes,
    )


def _agreements(panel: Panel, name: _Namer, lang: str) -> Bars:
    reference = date.fromisoformat(panel.parameters["peildatum"])
    rows = panel.table.dicts()
    values, notes = [], []
    for row in rows:
        end = _date(row.get("einddatum"))
        values.append(float((end - reference).days) if end else 0.0)
        ended = end is not None and end < reference
        shown = format_date(end, lang) if end else None
        notes.append(f"{shown} ({_t('ended', lang)})" if ended else shown)
    labels = [
        " — ".join(x for x in (name(r.get("dienst")), name(r.get("leverancier"))) if x)
        or name(r.get("overeenkomst"))
        for r in rows
    ]
    return Bars(labels, [(_t("days_until", lang), values)], _t("days_until", lang), notes)


CHARTS: dict[str, Callable[[Panel, _Namer, str], Bars]] = {
    "leverancier-concentratie": _concentration,
    "moederbedrijf-concentratie": _concentration,
    "hhi-per-subdomein": _hhi,
    "kritieke-diensten-enkele-leverancier": _counted("leverancier", "single"),
    "landen-buiten-eer": _counted("land", "outside"),
    "exitplannen-niet-getest": _exit_plans,
    "contracten-aflopend": _agreements,
}

_COLOURS = ("#9dc3e6", "#c00000")


def _plain(text: str, limit: int = 48) -> str:
    """Text for a chart: shortened, and ``$`` escaped (matplotlib would read it as maths)."""
    shown = text if len(text) <= limit else text[: limit - 1] + "…"
    return shown.replace("$", r"\$")


def chart_svg(bars: Bars, *, salt: str) -> str:
    """A horizontal bar chart as an SVG element (text kept as text, escaped by matplotlib)."""
    categories = bars.categories[:MAX_BARS]
    height = 0.9 + 0.32 * max(len(categories), 1) + 0.3 * (len(bars.series) > 1)
    figure = Figure(figsize=(6.4, height), layout="constrained")
    axes = figure.add_subplot()
    positions = list(range(len(categories)))
    for index, (label, values) in enumerate(bars.series):
        axes.barh(
            positions,
            values[:MAX_BARS],
            height=0.7 if index == 0 else 0.4,
            color=_COLOURS[index % len(_COLOURS)],
            label=_plain(label),
        )
    if bars.notes:
        for position, note in zip(positions, bars.notes[:MAX_BARS], strict=False):
            if note:
                value = bars.series[0][1][position]
                axes.annotate(
                    _plain(note),
                    (value, position),
                    xytext=(4, 0),
                    textcoords="offset points",
                    va="center",
                    fontsize=8,
                )
    axes.set_yticks(positions, [_plain(c) for c in categories])
    axes.invert_yaxis()
    axes.set_xlabel(_plain(bars.axis))
    values = [v for _, series in bars.series for v in series]
    low = min([0.0, *values]) * 1.25
    axes.set_xlim(low, bars.xmax or max([1.0, *values]) * 1.25)
    if low < 0:
        axes.axvline(0, color="#555", linewidth=0.8)  # the reference date
    axes.spines[["top", "right"]].set_visible(False)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(bars.series) > 1:
        figure.legend(loc="outside lower center", ncols=len(bars.series), fontsize=8, frameon=False)
    out = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": salt, "font.size": 9}):
        figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    text = text[text.index("<svg") :]
    # Each chart's ids get the panel's prefix, so that several charts share one page.
    prefix = re.sub(r"[^A-Za-z0-9]", "-", salt) + "-"
    text = re.sub(r'id="([^"]+)"', lambda m: f'id="{prefix}{m.group(1)}"', text)
    text = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}{m.group(1)})", text)
    text = re.sub(r'xlink:href="#([^"]+)"', lambda m: f'xlink:href="#{prefix}{m.group(1)}"', text)
    return text


# ------------------------------------------------------------------------------ page


def _table(panel: Panel, namer: _Namer, lang: str) -> tuple[list[str], list[list[Cell]]]:
    variables: Sequence[str] = panel.table.variables
    heads = [HEADINGS.get(v, (v, v))[0 if lang == "nl" else 1] for v in variables]
    body = [[namer.cell(term) for term in row] for row in panel.table.rows]
    return heads, body


def _rule_name(dashboard: Dashboard, rule: str, lang: str) -> str:
    """The name of a rule the header cites as ``principe:2.7`` or ``bron:par-4.8``."""
    prefix, _, local = rule.partition(":")
    namespace = KNOWN_PREFIXES.get(prefix)
    term = URIRef(namespace + local) if namespace and local else URIRef(rule)
    return dashboard.name(term, lang) or rule


def render_dashboard(dashboard: Dashboard, *, lang: str = "nl") -> str:
    """The whole page: per analysis its title, question, chart and table."""
    namer = _Namer(dashboard, lang)
    panels = []
    for panel in dashboard.panels:
        analysis = panel.analysis
        heads, body = _table(panel, namer, lang)
        bars = CHARTS[analysis.id](panel, namer, lang)
        question = analysis.question
        if " / " in question:
            nl_text, en_text = question.split(" / ", 1)
            question = nl_text if lang == "nl" else en_text
        panels.append(
            {
                "id": analysis.id,
                "title": analysis.title(lang),
                "question": question,
                "rules": [_rule_name(dashboard, rule, lang) for rule in analysis.rules],
                "parameters": panel.parameters,
                "svg": Markup(chart_svg(bars, salt=analysis.id)) if body else None,
                "heads": heads,
                "rows": body,
                "truncated": len(bars.categories) > MAX_BARS,
                "total": len(bars.categories),
            }
        )
    return (
        environment()
        .get_template("dashboard.html.j2")
        .render(
            lang=lang,
            text={key: _t(key, lang) for key in TEXT},
            as_of=format_date(dashboard.as_of, lang),
            panels=panels,
            max_bars=MAX_BARS,
        )
    )
