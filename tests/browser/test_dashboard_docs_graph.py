"""The dashboard, the documentation site and the dependency picture in headless Chromium:
they load with no console error and no request off the machine, and what matters is visible."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sourcing_kg.cli import main
from sourcing_kg.register.dashboard import PANELS

TESTS = Path(__file__).resolve().parents[1]
DASHBOARD = TESTS / "fixtures" / "dashboard"
REGISTER = [
    TESTS / "fixtures" / "register" / "register.ttl",
    TESTS / "fixtures" / "register" / "landen.ttl",
]
SHOTS = os.environ.get("SOURCING_KG_SCREENSHOTS")  # a folder to keep screenshots in, to look at


def _shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def _dashboard(tmp_path: Path, data: Path, lang: str = "nl") -> Path:
    target = tmp_path / f"dashboard-{data.stem}-{lang}.html"
    argv = ["dashboard", "--data", str(data), "--as-of", "2026-01-01", "--lang", lang]
    assert main([*argv, "-o", str(target)]) == 0
    return target


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docs") / "site"
    assert main(["docs", "-o", str(target)]) == 0
    return target


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_dashboard_shows_every_chart_beside_its_table(
    browser_page, tmp_path: Path, lang: str
) -> None:
    page = browser_page.open(_dashboard(tmp_path, DASHBOARD / "register.ttl", lang))
    assert page.locator("h1").is_visible()
    for analysis_id in PANELS:
        section = page.locator(f'section[data-analyse="{analysis_id}"]')
        chart, table = section.locator("figure svg"), section.locator("table")
        assert chart.is_visible() and table.is_visible(), analysis_id
        box_chart, box_table = chart.bounding_box(), table.bounding_box()
        assert box_chart and box_table and box_chart["width"] > 200 and box_chart["height"] > 50
        assert box_table["x"] >= box_chart["x"] + box_chart["width"], "table beside the chart"
        assert section.locator("code").first.inner_text() == analysis_id
    # the page fits the window: nothing to scroll sideways
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, f"dashboard-{lang}")


def test_dashboard_of_hostile_names_runs_no_script(browser_page, tmp_path: Path) -> None:
    dialogs: list[str] = []
    browser_page.page.on(
        "dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss())
    )
    page = browser_page.open(_dashboard(tmp_path, DASHBOARD / "xss.ttl"))
    page.mouse.move(400, 400)
    for cell in page.locator("td").all()[:40]:
        cell.hover()
    assert dialogs == []
    assert page.evaluate("document.scripts.length") == 0
    assert page.get_by_text("<script>alert('leverancier')</script>").first.is_visible()
    _shot(page, "dashboard-xss")


def test_empty_register_dashboard_says_so(browser_page, tmp_path: Path) -> None:
    page = browser_page.open(_dashboard(tmp_path, TESTS / "fixtures" / "register" / "landen.ttl"))
    assert page.locator("p.leeg").count() == len(PANELS)
    assert page.locator("p.leeg").first.is_visible()


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_docs_pages_show_their_title_and_entries(browser_page, site: Path, lang: str) -> None:
    page = browser_page.open(site / lang / "index.html")
    assert page.locator("h1").is_visible()
    rows = page.locator("table.kaders tbody tr")
    assert rows.count() >= 18
    page.locator("table.kaders a[href='vraag.html']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(f"/{lang}/vraag.html")
    assert page.locator("section.term").count() == 14
    assert page.locator("section.term ul.voorbeelden").first.is_visible()
    _shot(page, f"docs-{lang}-vraag")
    for name in ("resultaten", "randvoorwaarde", "principe", "fase", "klassen", "eigenschappen"):
        page = browser_page.open(site / lang / f"{name}.html")
        heading = page.locator("h1")
        assert heading.is_visible() and heading.inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), name
        _shot(page, f"docs-{lang}-{name}")


def test_docs_language_switch_keeps_the_page(browser_page, site: Path) -> None:
    page = browser_page.open(site / "nl" / "fase.html")
    page.locator("a[hreflang='en']").click()
    page.wait_for_load_state("load")
    assert page.url.endswith("/en/fase.html")
    assert page.locator("html").get_attribute("lang") == "en"


def test_picture_is_whole_and_visible(browser_page, tmp_path: Path) -> None:
    target = tmp_path / "cloudy.html"
    argv = [
        "graph",
        "--leverancier",
        "https://example.org/reg/Cloudy",
        "--data",
        *map(str, REGISTER),
    ]
    assert main([*argv, "-o", str(target)]) == 0
    page = browser_page.open(target)
    svg = page.locator("svg").first.bounding_box()
    assert svg is not None
    boxes = page.locator("g.knoop rect")
    assert boxes.count() == 16  # the nodes of tests/test_picture.py CLOUDY
    for index in range(boxes.count()):
        box = boxes.nth(index).bounding_box()
        assert box is not None
        assert svg["x"] <= box["x"] and box["x"] + box["width"] <= svg["x"] + svg["width"] + 0.5
        assert svg["y"] <= box["y"] and box["y"] + box["height"] <= svg["y"] + svg["height"] + 0.5
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    _shot(page, "graph-cloudy")
