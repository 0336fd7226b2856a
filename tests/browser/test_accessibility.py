"""axe-core (WCAG 2.2 AA rules) finds nothing on the pages people see, in a real Chromium."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_every_page import REPRESENTATIVE_LATE, continue_past_documents, fill_by_name, press_main_button

pytestmark = pytest.mark.browser


def test_no_horizontal_scroll_at_320_pixels(browser, live_server):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    tab = context.new_page()
    for path in ["/", "/request/start"]:
        tab.goto(live_server + path)
        overflow = tab.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"
    context.close()


def test_the_axe_helper_has_no_exceptions_aria_expanded_on_any_radio_fails(page):
    """No exceptions: the markup GOV.UK Frontend's Radios script produces is a violation like any other."""
    page.set_content(
        '<html lang="en"><head><title>t</title></head><body><main><h1>t</h1><fieldset><legend>l</legend>'
        '<input class="govuk-radios__input" type="radio" id="a" name="r" aria-controls="c" aria-expanded="false">'
        '<label for="a">A</label><div id="c">c</div>'
        '<input type="radio" id="b" name="r" aria-expanded="true"><label for="b">B</label>'
        "</fieldset></main></body></html>"
    )
    violations = axe_violations(page)
    assert [v["id"] for v in violations] == ["aria-allowed-attr"]
    assert violations[0]["nodes"] == [["#a"], ["#b"]]


# Records every aria-expanded ever set on a form control, from the first byte of each page.
WATCH_ARIA_EXPANDED = """
window.ariaExpandedSet = [];
new MutationObserver((changes) => changes.forEach((c) => {
  if (c.target instanceof HTMLInputElement) window.ariaExpandedSet.push(c.target.id);
})).observe(document, {subtree: true, attributes: true, attributeFilter: ['aria-expanded']});
"""


def test_no_radio_or_checkbox_ever_gets_aria_expanded_and_other_components_start(page, live_server):
    """Every journey page: choose each answer in turn, then the real one. No control ever has aria-expanded;
    every GOV.UK component but Radios is started by GOV.UK Frontend, and Radios by our own reveal only."""

    def check() -> None:
        shown = "[...document.querySelectorAll('main input[type=radio]')].filter((r) => r.checkVisibility())"
        for radio_id in page.evaluate(shown + ".map((r) => r.id)"):  # not the follow-ups they reveal
            page.locator(f"#{radio_id}").check()
        assert page.locator(":is(input, [role=radio], [role=checkbox])[aria-expanded]").count() == 0, page.url
        assert page.evaluate("window.ariaExpandedSet") == [], page.url
        not_started = page.evaluate(
            "[...document.querySelectorAll('[data-module]:not([data-module=govuk-radios])')]"
            ".filter((e) => !e.hasAttribute(`data-${e.dataset.module}-init`)).map((e) => e.dataset.module)"
        )
        assert not_started == [], page.url
        assert page.locator("[data-govuk-radios-init]").count() == 0, page.url

    page.add_init_script(WATCH_ARIA_EXPANDED)
    page.goto(live_server + "/request/start")
    for values in REPRESENTATIVE_LATE:
        check()
        fill_by_name(page, values)
        press_main_button(page)
    assert page.url.endswith("/request/documents")
    check()
    continue_past_documents(page)
    assert page.url.endswith("/request/check-answers")
    check()
    press_main_button(page)  # without the declaration: the error state
    assert page.locator(".govuk-error-summary").is_visible()
    check()
