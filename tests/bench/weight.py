"""Page weight on first load, as headless Chromium fetches it: every request, its encoded size and cache headers.

Each page is loaded in a fresh browser context (empty cache) with ``Accept-Encoding: gzip, br``. A request to
any other origin is counted as third party (and refused, so the bench never reaches the internet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from tests.bench.common import log
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

YEAR = 31_536_000
HASH_IN_URL = re.compile(r"[0-9a-f]{8,}", re.I)


@dataclass(frozen=True)
class Fetch:
    url: str
    kind: str  # Chromium's resource type: document, stylesheet, script, font, image …
    status: int
    body_bytes: int
    header_bytes: int
    encoding: str
    cache_control: str

    @property
    def transfer(self) -> int:
        return self.body_bytes + self.header_bytes

    @property
    def path(self) -> str:
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")

    @property
    def is_asset(self) -> bool:
        return self.kind not in ("document",) and not (300 <= self.status < 400)

    @property
    def long_cache(self) -> bool:
        match = re.search(r"max-age=(\d+)", self.cache_control)
        return bool(match and int(match.group(1)) >= YEAR)

    @property
    def fingerprinted(self) -> bool:
        """A content hash in the file name or the query string (8 or more hex digits)."""
        parts = urlsplit(self.url)
        return bool(HASH_IN_URL.search(Path(parts.path).name) or HASH_IN_URL.search(parts.query))


@dataclass
class PageWeight:
    name: str
    path: str
    fetches: list[Fetch] = field(default_factory=list)
    third_party: list[str] = field(default_factory=list)
    final_url: str = ""

    @property
    def total(self) -> int:
        return sum(f.transfer for f in self.fetches)

    @property
    def assets(self) -> list[Fetch]:
        return [f for f in self.fetches if f.is_asset]

    @property
    def uncached(self) -> list[Fetch]:
        return [f for f in self.assets if not f.long_cache]

    @property
    def unfingerprinted(self) -> list[Fetch]:
        return [f for f in self.assets if not f.fingerprinted]


def _load(browser: Any, origin: str, name: str, path: str) -> PageWeight:
    result = PageWeight(name, path)
    context = browser.new_context(ignore_https_errors=True, extra_http_headers={"Accept-Encoding": "gzip, br"})
    page = context.new_page()
    host = urlsplit(origin).netloc

    def route(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            result.third_party.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    finished: list[Any] = []
    page.on("requestfinished", lambda request: finished.append(request))
    page.goto(origin + path, wait_until="load")
    page.wait_for_load_state("networkidle")
    result.final_url = page.url
    for request in finished:
        if urlsplit(request.url).netloc != host:
            continue
        response = request.response()
        if response is None:
            continue
        sizes = request.sizes()
        headers = response.headers
        result.fetches.append(
            Fetch(
                url=request.url,
                kind=request.resource_type,
                status=response.status,
                body_bytes=int(sizes["responseBodySize"]),
                header_bytes=int(sizes["responseHeadersSize"]),
                encoding=headers.get("content-encoding", "identity"),
                cache_control=headers.get("cache-control", ""),
            )
        )
    context.close()
    return result


def measure(origin: str) -> list[PageWeight]:
    from playwright.sync_api import sync_playwright

    log("page weight: start page and a question page in headless Chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            return [
                _load(browser, origin, "start page", "/"),
                _load(browser, origin, "question page (GET /request/start → /request/who)", "/request/start"),
            ]
        finally:
            browser.close()


def browser_post_accepted(origin: str) -> tuple[bool, str]:
    """Does a real browser's form POST get through (over HTTPS, CSRF on, the app's own Referrer-Policy)?"""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(ignore_https_errors=True)
            page = context.new_page()
            page.goto(origin + "/request/start")
            page.check("input[name=who][value=victim]")
            with page.expect_navigation():
                page.click("main form button[type=submit], main form .govuk-button")
            heading = page.inner_text("h1").strip()
            return urlsplit(page.url).path.endswith("/request/suspect-interviewed"), heading
        finally:
            browser.close()
