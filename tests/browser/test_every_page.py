"""axe finds nothing on every page and every error state, in English and in Arabic (right to left).

The driver fills fields by name and value, not by label, so the same walk works in every language. The other
languages' pages are checked without a browser (tests/integration/test_languages.py): the browser adds layout
and axe, and one right-to-left language stands for the others. A failing page is saved as a screenshot.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.domain.eligibility import OutcomeCode
from app.languages import BY_CODE
from tests.browser.conftest import axe_violations
from tests.support.journey import OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT

pytestmark = pytest.mark.browser

LANGS = ["en", "ar"]
EXIT_CODES = [c.value for c in OutcomeCode if c not in (OutcomeCode.ELIGIBLE, OutcomeCode.INCOMPLETE)]
# A representative, late, after the victim withdrew and the complaint was reinstated: every question page.
REPRESENTATIVE_LATE = [
    {"who": "representative"},
    {"representative_type": "solicitor"},
    {"suspect_interviewed": "yes"},
    {"decision": "withdrew"},
    {"withdrawal_reinstated": "yes"},
    {"told_date": ["2", "1", "2026"]},
    {"late_reason": "I was in hospital and could not deal with letters."},
    VICTIM,
    VICTIM_CONTACT,
    REQUESTER,
    {**OBJECTION, "date_reported": ["3", "9", "2025"]},
]


def fill_by_name(page: Any, values: dict[str, Any]) -> None:
    for name, value in values.items():
        if isinstance(value, list):
            for part, text in zip(("day", "month", "year"), value, strict=True):
                page.locator(f"#{name}-{part}").fill(text)
            continue
        fields = page.locator(f"main [name='{name}']")
        if fields.first.get_attribute("type") == "radio":
            page.locator(f"main input[name='{name}'][value='{value}']").check()
        else:
            fields.fill(value)


def continue_past_documents(page: Any) -> None:
    with page.expect_navigation():
        page.locator("main form[action*='/request/documents/continue'] button").click()


def press_main_button(page: Any) -> None:
    """Send the form and wait for the page it leads to (checking before it arrives reads the old page)."""
    with page.expect_navigation():
        page.locator("main form button.govuk-button").first.click()


class Visit:
    def __init__(self, page: Any, lang: str) -> None:
        self.page, self.lang = page, lang

    def check(self, what: str) -> None:
        assert self.page.locator("html").get_attribute("lang") == BY_CODE[self.lang].tag, what
        assert self.page.locator("html").get_attribute("dir") == BY_CODE[self.lang].direction, what
        assert axe_violations(self.page) == [], f"{self.lang}: {what} ({self.page.url})"


@pytest.mark.parametrize("lang", LANGS)
def test_every_journey_page_and_error_state_has_no_axe_violations(page, live_server, lang):
    visit = Visit(page, lang)
    page.goto(f"{live_server}/request/start?lang={lang}")
    for values in REPRESENTATIVE_LATE:
        visit.check("question page")
        press_main_button(page)  # nothing filled in: the error state
        assert page.locator(".govuk-error-summary").is_visible(), page.url
        visit.check("error state")
        fill_by_name(page, values)
        press_main_button(page)
        assert page.locator(".govuk-error-summary").count() == 0, page.url
    assert page.url.endswith("/request/documents")
    visit.check("documents page")
    with page.expect_navigation():
        page.locator("main form[enctype='multipart/form-data'] button").click()  # no file chosen: the error
    assert page.locator(".govuk-error-summary").is_visible(), page.url
    visit.check("documents error")
    continue_past_documents(page)
    assert page.url.endswith("/request/check-answers")
    visit.check("check answers")
    press_main_button(page)  # without the declaration
    visit.check("check answers error")
    page.locator("main input[name='confirm']").check()
    press_main_button(page)
    assert page.url.endswith("/request/confirmation")
    visit.check("confirmation")


@pytest.mark.parametrize("lang", LANGS)
def test_every_exit_and_content_page_has_no_axe_violations(page, live_server, lang):
    visit = Visit(page, lang)
    page.goto(f"{live_server}/request/start?lang={lang}")
    fill_by_name(page, {"who": "victim"})
    press_main_button(page)
    fill_by_name(page, {"suspect_interviewed": "yes"})
    press_main_button(page)
    fill_by_name(page, {"decision": "no_charge"})
    press_main_button(page)
    fill_by_name(page, {"told_date": ["1", "6", "2015"]})
    press_main_button(page)
    visit.check("scheme date question")  # only asked when the told date leaves a doubt
    fill_by_name(page, {"decided_before_2015": "yes"})
    press_main_button(page)
    visit.check("child sexual abuse question")  # only asked for decisions before the scheme began
    for code in EXIT_CODES:
        page.goto(f"{live_server}/request/cannot-help/{code}")
        visit.check(f"exit page {code}")
    for path in ["/", "/accessibility", "/privacy", "/cookies", "/contact", "/leaving-this-site-quickly", "/nowhere"]:
        page.goto(live_server + path)
        visit.check(path)
    page.goto(f"{live_server}/request/session-expired")
    visit.check("expired")
