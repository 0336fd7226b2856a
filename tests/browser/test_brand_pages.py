"""Issue 17 in a real browser: the start button on a phone's first screen, and Nastaliq on Urdu pages only."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}  # a small phone (iPhone SE), the smallest screen GOV.UK designs for


# Urdu too: Nastaliq is the tallest script here (its line heights are in app/dev/nastaliq.py).
@pytest.mark.parametrize("lang", ["en", "cy", "ur", "ar", "bn"])
def test_start_now_is_on_the_first_screen_of_a_phone(browser: Any, live_server: str, lang: str) -> None:
    context = browser.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(f"{live_server}/?lang={lang}")
        box = page.locator("a.govuk-button--start").bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= PHONE["height"], f"Start now ends at {box['y'] + box['height']} px"
    finally:
        context.close()


def test_urdu_pages_render_in_nastaliq_and_others_download_no_font(browser: Any, live_server: str) -> None:
    context = browser.new_context()
    try:
        page = context.new_page()
        fonts: list[str] = []
        page.on("request", lambda r: fonts.append(r.url) if r.resource_type == "font" else None)
        page.goto(f"{live_server}/?lang=en")
        page.wait_for_load_state("networkidle")
        assert fonts == []  # system fonts only: nothing to download
        page.goto(f"{live_server}/?lang=ur")
        page.evaluate("document.fonts.ready")
        loaded = page.evaluate(
            "[...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replaceAll('\"', ''))"
        )
        assert "App Nastaliq Urdu" in loaded
        assert any("nastaliq-" in url for url in fonts)
    finally:
        context.close()
