"""Headless Chromium for tests that look at the HTML we write, as a person's browser shows it.

Debian's ``/usr/bin/chromium`` (package ``chromium``) driven by the Python ``playwright``
package; Playwright's own browser downloads are never used (``npx playwright install`` cannot
reach its hosts, and tests must not depend on them). Each worker starts one browser with a new,
empty profile; each test gets a fresh page from :func:`browser_page`, which

- fails the test on any console error or uncaught script error, and
- blocks and fails on any request that is not ``file:``, ``data:``, ``blob:``, ``about:`` or
  loopback (a report must open with no network at all).

Without chromium the tests skip with the reason, unless ``SOURCING_KG_REQUIRE_BROWSER`` is set
(``.ci/run`` installs chromium and sets it, so CI never skips them).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page, Request, Route

#: The flags the machine needs: no GPU, no sandbox (root), and no background connections
#: (the network is closed; without these Chromium keeps trying Google's hosts).
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)

LOCAL_SCHEMES = frozenset({"file", "data", "blob", "about"})
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})


def chromium_path() -> str | None:
    """``$SOURCING_KG_CHROMIUM``, else ``chromium`` on PATH, else Debian's ``/usr/bin/chromium``."""
    configured = os.environ.get("SOURCING_KG_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def is_local(url: str) -> bool:
    """True for ``file:``/``data:``/``blob:``/``about:`` URLs and http(s) on loopback.

    Example:
        >>> is_local("file:///tmp/r.html"), is_local("http://127.0.0.1:8000/")
        (True, True)
        >>> is_local("https://cdn.example.org/x.js"), is_local("javascript:alert(1)")
        (False, False)
    """
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    if parts.scheme in {"http", "https", "ws", "wss"}:
        return (parts.hostname or "") in LOOPBACK_HOSTS or parts.hostname == "::1"
    return False


def _unavailable(reason: str) -> None:
    if os.environ.get("SOURCING_KG_REQUIRE_BROWSER"):
        pytest.fail(f"browser tests required (SOURCING_KG_REQUIRE_BROWSER) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser_context() -> Iterator[BrowserContext]:
    """One Chromium per test worker, with a new empty profile that is removed afterwards."""
    executable = chromium_path()
    if executable is None:
        _unavailable("chromium is not installed (apt-get install -y chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the Python package playwright is not installed (pip install -e '.[test]')")
    profile = tempfile.mkdtemp(prefix="sourcing-kg-chromium-")
    manager = sync_playwright().start()
    try:
        context = manager.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=list(CHROMIUM_FLAGS),
            viewport={"width": 1280, "height": 900},
            offline=False,
        )
        try:
            yield context
        finally:
            context.close()
    finally:
        manager.stop()
        shutil.rmtree(profile, ignore_errors=True)


@dataclass
class BrowserPage:
    """A page that records what must not happen: console errors, script errors, remote requests."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    remote_requests: list[str] = field(default_factory=list)

    def open(self, target: Path | str) -> Page:
        """Load a file (as ``file:``) or a loopback URL, wait until it is idle, then check."""
        url = target.resolve().as_uri() if isinstance(target, Path) else target
        if not is_local(url):
            raise ValueError(f"browser tests open local files or loopback only, not {url}")
        self.page.goto(url, wait_until="load")
        self.page.wait_for_load_state("networkidle")
        self.check()
        return self.page

    def problems(self) -> list[str]:
        return [
            *(f"console error: {text}" for text in self.console_errors),
            *(f"script error: {text}" for text in self.page_errors),
            *(f"request off this machine: {url}" for url in self.remote_requests),
        ]

    def check(self) -> None:
        """Fail the test if anything was logged as an error or anything left the machine."""
        found = self.problems()
        if found:
            pytest.fail("the page is not clean:\n  " + "\n  ".join(found))


def attach(page: Page) -> BrowserPage:
    """Start recording on ``page`` and block every request that would leave the machine."""
    watched = BrowserPage(page)

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            watched.console_errors.append(f"{message.text} ({message.location.get('url', '')})")

    def on_page_error(error: Any) -> None:
        watched.page_errors.append(str(error))

    def on_request(request: Request) -> None:
        if not is_local(request.url):
            watched.remote_requests.append(request.url)

    def on_route(route: Route) -> None:
        if is_local(route.request.url):
            route.continue_()
        else:
            route.abort("blockedbyclient")

    page.on("console", on_console)
    page.on("pageerror", on_page_error)
    page.on("request", on_request)
    page.route("**/*", on_route)
    return watched


@pytest.fixture
def browser_page(browser_context: BrowserContext) -> Iterator[BrowserPage]:
    """A fresh page; the test fails if it logged an error or asked the network for anything."""
    page = browser_context.new_page()
    watched = attach(page)
    try:
        yield watched
        watched.check()
    finally:
        page.close()
