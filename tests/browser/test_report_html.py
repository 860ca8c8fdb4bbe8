"""The HTML report in headless Chromium: what a person sees, the filters, hostile data as text."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcing_kg.render import render
from sourcing_kg.validation.report import Report, Severity
from tests.browser.conftest import BrowserPage
from tests.html_report import xss_report


def _write(tmp_path: Path, report: Report, lang: str) -> Path:
    path = tmp_path / f"rapport-{lang}.html"
    path.write_text(render(report, "html", lang=lang), encoding="utf-8")
    return path


def _visible_findings(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.locator("li.finding:visible").count())


@pytest.mark.parametrize(("lang", "heading"), [("nl", "Samenvatting"), ("en", "Summary")])
def test_key_elements_are_visible(
    browser_page: BrowserPage, examples_report: Report, tmp_path: Path, lang: str, heading: str
) -> None:
    page = browser_page.open(_write(tmp_path, examples_report, lang))
    assert page.locator("html").get_attribute("lang") == lang
    assert page.get_by_role("heading", name=heading).is_visible()
    verdict = page.locator("#verdict")
    assert verdict.is_visible()
    assert ("Voldoet niet" if lang == "nl" else "Does not conform") in verdict.inner_text()
    violations = sum(f.severity is Severity.VIOLATION for f in examples_report.findings)
    assert page.locator("#count-violation").inner_text() == str(violations)
    assert page.locator("#rules tbody tr").count() == len(
        {f.rule for f in examples_report.findings}
    )
    assert page.locator("#rule-filter").is_visible()
    loose = any(f.dossier is None for f in examples_report.findings)  # register, architecture
    assert page.locator("article.dossier").count() == len(examples_report.dossiers) + loose
    assert _visible_findings(page) == len(examples_report.findings)
    first = page.locator("li.finding").first
    first.scroll_into_view_if_needed()
    assert first.is_visible()
    assert first.locator(".message").inner_text().strip()


def test_filters_by_severity_and_rule(
    browser_page: BrowserPage, examples_report: Report, tmp_path: Path
) -> None:
    page = browser_page.open(_write(tmp_path, examples_report, "en"))
    total = len(examples_report.findings)
    info = sum(f.severity is Severity.INFO for f in examples_report.findings)
    assert info and page.locator("#shown").inner_text() == f"{total} of {total} findings shown"

    page.locator("input[name=severity][value=Info]").uncheck()
    assert _visible_findings(page) == total - info
    assert page.locator("li.finding[data-severity=Info]:visible").count() == 0
    assert page.locator("#shown").inner_text() == f"{total - info} of {total} findings shown"

    page.locator("input[name=severity][value=Info]").check()
    page.select_option("#rule-filter", "H5")
    h5 = sum(f.rule == "H5" for f in examples_report.findings)
    assert h5 and _visible_findings(page) == h5
    visible = page.locator("li.finding:visible")
    assert {visible.nth(i).get_attribute("data-rule") for i in range(h5)} == {"H5"}
    assert page.locator("article.dossier:visible").count() == 1  # dossiers without H5 are hidden

    page.select_option("#rule-filter", "")
    assert _visible_findings(page) == total


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_hostile_data_renders_as_text(browser_page: BrowserPage, tmp_path: Path, lang: str) -> None:
    page = browser_page.open(_write(tmp_path, xss_report(), lang))
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.locator("li.finding").first.hover()
    assert page.evaluate("typeof window.xss") == "undefined"
    assert dialogs == []
    assert page.locator("script").count() == 1
    assert page.locator("main img, main a, main b").count() == 0
    body = page.locator("body").inner_text()
    for text in ("<script>window.xss=2</script>", "javascript:window.xss=1", "\"quoted\" 'single'"):
        assert text in body
    option = page.locator("#rule-filter option").nth(1)
    assert option.get_attribute("value") == 'X"><script>window.xss=5</script>'
    page.select_option("#rule-filter", 'X"><script>window.xss=5</script>')
    assert _visible_findings(page) == 2  # the hostile id still filters, as plain data
