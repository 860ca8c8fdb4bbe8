"""The register dashboard: answers worked out by hand, names not IRIs, one offline file, no XSS."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import lxml.html
import pytest
from lxml.etree import _Element

from sourcing_kg.cli import main
from sourcing_kg.core.namespaces import SKID
from sourcing_kg.model.labels import name
from sourcing_kg.model.ontology import ontology_graph
from sourcing_kg.register.analyses import load_files, memory_backend
from sourcing_kg.register.dashboard import PANELS, collect_dashboard
from sourcing_kg.render.dashboard import render_dashboard
from sourcing_kg.sparql.backends import OxigraphBackend

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "dashboard"
REGISTER = FIXTURES / "register.ttl"
XSS = FIXTURES / "xss.ttl"
AS_OF = date(2026, 1, 1)
SVG = "{http://www.w3.org/2000/svg}"


def page(paths: list[Path], lang: str = "nl") -> str:
    dashboard = collect_dashboard(memory_backend(paths), as_of=AS_OF, horizon_months=12)
    return render_dashboard(dashboard, lang=lang)


@pytest.fixture(scope="module")
def nl_page() -> str:
    """The fixture register's page in Dutch (built once: rdflib and matplotlib take seconds)."""
    return page([REGISTER])


def sections(text: str) -> dict[str, _Element]:
    tree = lxml.html.document_fromstring(text)
    return {s.get("data-analyse"): s for s in tree.iter("section")}


def rows(section: _Element) -> list[list[str]]:
    return [[td.text_content() for td in tr.iter("td")] for tr in section.iter("tr")][1:]


def subdomein(code: str) -> str:
    return name(ontology_graph(), SKID[f"subdomein/{code}"], "nl")


def expected() -> dict[str, list[list[str]]]:
    # Reference date 2026-01-01, agreements within 12 months, exit-plan tests valid 12 months.
    return {
        # Alfa supplies mail (critical) and werkplek to A; Beta mail to B; Cloudy hosting to A.
        "leverancier-concentratie": [
            ["Alfa B.V.", "2", "1", "1"],
            ["Beta GmbH", "1", "1", "1"],
            ["Cloudy Inc.", "1", "1", "1"],
        ],
        # Alfa and Beta share the parent Alfa Holding; Cloudy has none, so is its own.
        "moederbedrijf-concentratie": [
            ["Alfa Holding N.V.", "2", "2", "1", "2"],
            ["Cloudy Inc.", "1", "1", "1", "1"],
        ],
        # sub-domain 5: Alfa 2 relationships, Beta 1: 10000 * (4 + 1) / 9 = 5556; 9: Cloudy alone.
        "hhi-per-subdomein": [[subdomein("9"), "10.000", "1"], [subdomein("5"), "5.556", "2"]],
        "kritieke-diensten-enkele-leverancier": [
            ["Hosting", "Ministerie A", "Cloudy Inc."],
            ["E-mail", "Ministerie A", "Alfa B.V."],
            ["E-mail", "Ministerie B", "Beta GmbH"],
        ],
        # stored in the US and supplied by a party established there: one row
        "landen-buiten-eer": [["Hosting", "Ministerie A", "Verenigde Staten", "Cloudy Inc."]],
        # ep2 never tested, ep1 tested 2024-01-10 (more than 12 months ago), ep3 recent
        "exitplannen-niet-getest": [
            ["https://example.org/dash/ep2", "Hosting", "Ministerie A", ""],
            ["https://example.org/dash/ep1", "E-mail", "Ministerie A", "10 januari 2024"],
        ],
        # ov3 and ov1 end within 12 months; ov2 (2027-06-01) does not
        "contracten-aflopend": [
            [
                "https://example.org/dash/ov3",
                "15 februari 2026",
                "Hosting",
                "Ministerie A",
                "Cloudy Inc.",
            ],
            ["Contract e-mail A", "31 maart 2026", "E-mail", "Ministerie A", "Alfa B.V."],
        ],
    }


def test_every_panel_answers_as_worked_out_by_hand(nl_page: str) -> None:
    found = sections(nl_page)
    assert list(found) == list(PANELS)
    assert {key: rows(section) for key, section in found.items()} == expected()


def test_each_panel_has_a_chart_beside_its_table_and_names_its_analysis(nl_page: str) -> None:
    for analysis_id, section in sections(nl_page).items():
        assert section.find(".//code").text == analysis_id
        grid = section.find(".//div[@class='naast']")
        assert grid is not None and [child.tag for child in grid] == ["figure", "div"]
        assert grid[1].find("table") is not None
        svg = grid.find("figure").find("svg")
        assert svg is not None, analysis_id
        texts = {t.text_content() for t in svg.iter("text")}
        for row in rows(section):
            # the chart names what it shows: a bar per row or per supplier/country/service
            assert any(cell in texts for cell in row) or any(
                cell in " ".join(texts) for cell in row if cell
            ), (analysis_id, row)


def test_english_page_uses_english_names_and_dates() -> None:
    text = page([REGISTER], lang="en")
    found = sections(text)
    assert '<html lang="en">' in text and "<h1>Register dashboard</h1>" in text
    assert rows(found["leverancier-concentratie"])[0][0] == "Alfa B.V."
    assert rows(found["kritieke-diensten-enkele-leverancier"])[1][:2] == ["Email", "Ministry A"]
    assert rows(found["landen-buiten-eer"])[0][2] == "United States"
    assert rows(found["contracten-aflopend"])[0][1] == "2026-02-15"


def test_no_project_iri_is_shown_where_a_name_exists(nl_page: str) -> None:
    tree = lxml.html.document_fromstring(nl_page)
    visible = tree.body.text_content()
    assert "https://w3id.org/sourcing-kg/" not in visible
    assert "principe:" not in visible and "bron:" not in visible  # rules by their names
    # the compact IRI stays available as a tooltip on the cell
    assert tree.xpath("//td[@title='subdomein:5']")


def test_page_is_self_contained(nl_page: str) -> None:
    text = nl_page
    tree = lxml.html.document_fromstring(text)
    assert not tree.xpath("//script | //link | //iframe | //object | //embed | //img")
    assert "@import" not in text
    references = tree.xpath("//@src | //@href | //@*[local-name()='href']")
    assert references and all(str(r).startswith("#") for r in references)
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique across the charts"
    for reference in references:
        assert str(reference)[1:] in ids


def test_names_and_iris_from_the_data_render_as_text() -> None:
    text = page([XSS])
    tree = lxml.html.document_fromstring(text)
    assert not tree.xpath("//script | //img | //b")
    assert not [a for a in tree.xpath("//@*") if a.attrname.lower().startswith("on")]
    assert all(str(r).startswith("#") for r in tree.xpath("//@href | //@src"))
    cells = {td.text_content() for td in tree.iter("td")}
    assert "<script>alert('leverancier')</script>" in cells
    assert "</td></tr></table><script>alert('org')</script>" in cells
    assert '" onmouseover="alert(1)" x="' in cells
    assert "<img src=x onerror=alert(3)> $\\alpha$" in cells
    assert "javascript:alert(2)" in cells  # a country without a name: its IRI, as text
    assert "<b>vet</b>" in cells
    svg_texts = " ".join(t.text_content() for t in tree.iter("{*}text", "text"))
    assert "<script>alert('leverancier')</script>" in svg_texts
    assert "$\\alpha$" in svg_texts  # not typeset as mathematics


def test_store_gives_the_same_page_as_files(nl_page: str) -> None:
    store = OxigraphBackend(None)
    load_files(store, [REGISTER])
    from_store = render_dashboard(collect_dashboard(store, as_of=AS_OF), lang="nl")
    assert from_store == nl_page


def test_empty_register_says_so() -> None:
    found = sections(page([]))
    assert list(found) == list(PANELS)
    for section in found.values():
        assert section.find(".//svg") is None and section.find(".//table") is None
        assert section.find(".//p[@class='leeg']").text == "Geen resultaten."


def test_command_writes_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "register.html"
    argv = ["dashboard", "--data", str(REGISTER), "--as-of", "2026-01-01", "-o", str(target)]
    assert main(argv) == 0
    assert "leverancier-concentratie 3" in capsys.readouterr().out
    assert rows(sections(target.read_text(encoding="utf-8"))["hhi-per-subdomein"])[1][1] == "5.556"
    # the exit-plan period is policy: a 30-month period makes ep1 (24 months ago) current
    policy = tmp_path / "policy.toml"
    policy.write_text("[termijnen]\nexitplan_test_maanden = 30\n", encoding="utf-8")
    assert main([*argv, "--policy", str(policy)]) == 0
    exit_rows = rows(sections(target.read_text(encoding="utf-8"))["exitplannen-niet-getest"])
    assert [r[1] for r in exit_rows] == ["Hosting"]
    assert main([*argv[:-2], "--horizon", "-1", "-o", str(target)]) == 2
    with pytest.raises(SystemExit) as stopped:
        main([*argv[:-4], "--as-of", "gisteren", "-o", str(target)])
    assert stopped.value.code == 2


def test_command_defaults_to_the_bundled_register(tmp_path: Path) -> None:
    target = tmp_path / "register.html"
    assert main(["dashboard", "-o", str(target)]) == 0
    assert "Alfa" in target.read_text(encoding="utf-8")
