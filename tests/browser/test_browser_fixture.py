"""The browser fixture itself: it must catch what it promises, or its passes mean nothing."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser.conftest import BrowserPage, attach, is_local

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext


def _page(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body>{body}</body></html>",
        encoding="utf-8",
    )
    return path


def test_a_clean_page_opens_and_shows_its_text(browser_page: BrowserPage, tmp_path: Path) -> None:
    page = browser_page.open(_page(tmp_path, "<h1 id='t'>Hallo</h1>"))
    assert page.locator("#t").inner_text() == "Hallo"
    assert page.locator("#t").is_visible()


def test_a_console_error_is_caught(browser_context: BrowserContext, tmp_path: Path) -> None:
    watched = attach(browser_context.new_page())
    try:
        with pytest.raises(pytest.fail.Exception, match="console error: boom"):
            watched.open(_page(tmp_path, "<script>console.error('boom')</script>"))
    finally:
        watched.page.close()


def test_an_uncaught_script_error_is_caught(
    browser_context: BrowserContext, tmp_path: Path
) -> None:
    watched = attach(browser_context.new_page())
    try:
        with pytest.raises(pytest.fail.Exception, match=r"script error: .*nope"):
            watched.open(_page(tmp_path, "<script>throw new Error('nope')</script>"))
    finally:
        watched.page.close()


def test_a_request_off_the_machine_is_blocked_and_caught(
    browser_context: BrowserContext, tmp_path: Path
) -> None:
    watched = attach(browser_context.new_page())
    try:
        with pytest.raises(pytest.fail.Exception, match=r"request off this machine: https://cdn"):
            watched.open(_page(tmp_path, '<img src="https://cdn.example.org/x.png" alt="x">'))
    finally:
        watched.page.close()


def test_only_local_urls_may_be_opened(browser_page: BrowserPage) -> None:
    with pytest.raises(ValueError, match="local files or loopback"):
        browser_page.open("https://example.org/")


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("file:///tmp/a.html", True),
        ("http://127.0.0.1:1/", True),
        ("http://localhost/", True),
        ("http://[::1]:8080/", True),
        ("data:text/plain,x", True),
        ("https://example.org/", False),
        ("http://127.0.0.1.example.org/", False),
        ("javascript:alert(1)", False),
    ],
)
def test_what_counts_as_local(url: str, local: bool) -> None:
    assert is_local(url) is local
