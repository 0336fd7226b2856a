"""The whole journey in Chromium: with JavaScript, without it, and by keyboard alone."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.journey_driver import cont, documents_step, eligibility, objection_step, submit, victim_steps

pytestmark = pytest.mark.browser


def test_complete_journey_by_label_with_javascript(page, live_server):
    """axe checks these pages and their error states in test_every_page.py (once each, in English and Arabic)."""
    eligibility(page, live_server)
    assert page.locator("h1").inner_text() == "Your details"
    cont(page)  # nothing filled in: every error
    assert page.title().startswith("Error: ")
    victim_steps(page)
    objection_step(page)
    assert page.locator("h1").inner_text() == "Upload documents (optional)"
    documents_step(page, upload=True)
    assert page.locator("h1").inner_text() == "Check your answers before sending your request"
    assert "letter.txt" in page.locator("main").inner_text()
    submit(page)
    assert page.locator("h1").inner_text() == "Request sent"
    assert page.locator(".app-reference").inner_text().startswith("WYP-")


def test_complete_journey_without_javascript(no_js_page, live_server):
    page = no_js_page
    eligibility(page, live_server)
    victim_steps(page)
    objection_step(page)
    documents_step(page, upload=True)  # a file upload needs no JavaScript
    submit(page)
    assert page.locator("h1").inner_text() == "Request sent"


@pytest.mark.parametrize(
    "answers,code",
    [
        (["I am asking for a group or organisation"], "ineligible_group"),
        (["I am the victim", "No"], "ineligible_no_suspect"),
        (
            ["I am the victim", "Yes", "The Crown Prosecution Service (CPS) decided not to charge"],
            "ineligible_cps_decision",
        ),
        (["I am the victim", "Yes", "The suspect was dealt with outside court"], "ineligible_out_of_court"),
    ],
)
def test_answers_chosen_by_label_lead_to_the_exit_page(page, live_server, answers, code):
    """axe checks every exit page in test_every_page.py."""
    page.goto(live_server + "/request/start")
    for label in answers:
        page.get_by_label(label, exact=True).check()
        cont(page)
    assert page.url.endswith(f"/request/cannot-help/{code}")
    assert page.locator("h1").is_visible()


def test_error_summary_takes_focus_and_its_link_moves_focus_to_the_field(page, live_server):
    page.goto(live_server + "/request/start")
    cont(page)
    page.wait_for_function("document.activeElement.classList.contains('govuk-error-summary')")
    page.locator(".govuk-error-summary a").first.click()
    assert page.evaluate("document.activeElement.id") == "who"


# GOV.UK Frontend shows focus in its focus colour (#fd0): an outline or box-shadow on a text input, a yellow
# background on a button or link, and on a radio (whose input is invisible, opacity 0) a yellow ring drawn by
# the label's ::before. The check looks where the person would look, in that colour, not "any style at all".
SHOWS_FOCUS = """() => {
  const el = document.activeElement, yellow = 'rgb(255, 221, 0)'
  const own = getComputedStyle(el)
  const drawn = own.opacity === '0' && el.labels && el.labels.length ? getComputedStyle(el.labels[0], '::before') : own
  return (drawn.outlineStyle !== 'none' && drawn.outlineColor === yellow && parseFloat(drawn.outlineWidth) >= 2)
    || drawn.boxShadow.includes(yellow) || drawn.backgroundColor === yellow
}"""


def test_keyboard_only_journey(page, live_server):
    """Tab, Shift+Tab, Space, Enter and arrow keys only; focus always visible."""
    page.goto(live_server + "/request/start")

    def tab_to(selector: str, limit: int = 80) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("(s) => document.activeElement.matches(s)", selector):
                assert page.evaluate(SHOWS_FOCUS), f"no visible focus on {selector}"
                return
        raise AssertionError(f"could not reach {selector} with Tab")

    tab_to("input[name=who]")
    page.keyboard.press("Space")  # first radio: I am the victim
    tab_to("button.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/suspect-interviewed")
    tab_to("input[name=suspect_interviewed]")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/decision")
    tab_to("input[name=decision]")
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    page.wait_for_url("**/told-date")
    tab_to("#told_date-day")
    for value in ("1", "11", "2026"):
        page.keyboard.type(value)
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_url("**/victim")
    assert page.locator("h1").inner_text() == "Your details"


def test_exit_this_page_button_leaves_and_discards_the_draft(page, live_server):
    page.route("https://www.bbc.co.uk/**", lambda route: route.fulfill(status=200, body="<title>Weather</title>"))
    page.goto(live_server + "/request/start")
    page.get_by_label("I am the victim", exact=True).check()
    cont(page)
    page.locator(".govuk-exit-this-page__button").click()
    page.wait_for_url("https://www.bbc.co.uk/weather")
    page.goto(live_server + "/request/suspect-interviewed")
    # The draft is gone: a fresh start, not the person's answers.
    assert page.url.endswith("/request/who")
    assert not page.get_by_label("I am the victim", exact=True).is_checked()


def test_exit_this_page_triple_shift(page, live_server):
    page.context.route(
        "**/*",
        lambda route: (
            route.fulfill(status=200, body="<title>Weather</title>")
            if "bbc.co.uk" in route.request.url
            else route.continue_()
        ),
    )
    page.goto(live_server + "/request/start")
    page.locator("h1").click()  # focus in the page, as a person's would be
    for _ in range(3):
        page.keyboard.press("Shift")
    for _ in range(50):  # the redirect chain /exit -> neutral site; poll rather than race it
        if page.url == "https://www.bbc.co.uk/weather":
            break
        page.wait_for_timeout(100)
    assert page.url == "https://www.bbc.co.uk/weather"


def test_reflow_at_400_percent_zoom_and_text_spacing(browser, live_server):
    # 1280px at 400% zoom is a 320 CSS pixel viewport.
    context = browser.new_context(viewport={"width": 320, "height": 256}, device_scale_factor=4, bypass_csp=True)
    page = context.new_page()
    spacing = (
        "* { line-height: 1.5 !important; letter-spacing: 0.12em !important;"
        " word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }"
    )
    for path in ["/", "/request/start", "/request/cannot-help/ineligible_cps_decision"]:
        page.goto(live_server + path)
        page.add_style_tag(content=spacing)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px"
        clipped = page.evaluate(
            "() => [...document.querySelectorAll('main *')].filter(e => e.scrollWidth > e.clientWidth + 1"
            " && getComputedStyle(e).overflow === 'hidden' && e.clientWidth > 1"
            " && !e.closest('.app-hp, .govuk-visually-hidden')).length"
        )
        assert clipped == 0, f"{path}: text clipped with WCAG text spacing"
    context.close()


def test_timeout_warning_dialog(page, live_server):
    """The page's own timers, on Playwright's fake clock: warned before the draft expires, Escape keeps the
    answers (a keep-alive POST) and restarts the timers, and doing nothing ends on the expired page."""
    page.clock.install()
    page.goto(live_server + "/request/start")
    page.get_by_label("I am the victim", exact=True).check()
    cont(page)  # an answer: now there is a draft to keep alive
    dialog = page.locator("#timeout-dialog")
    idle = int(dialog.get_attribute("data-idle-seconds")) * 1000
    warn = int(dialog.get_attribute("data-warn-seconds")) * 1000
    for _ in range(2):  # the second time round: the timers were restarted by "Continue"
        page.clock.run_for(idle - warn - 1000)
        assert not dialog.is_visible()
        page.clock.run_for(2000)
        assert dialog.is_visible()
        assert dialog.get_attribute("role") == "alertdialog"
        assert page.evaluate("document.activeElement.dataset.action") == "extend"
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        # Focus stays inside the modal dialog.
        assert page.evaluate("document.getElementById('timeout-dialog').contains(document.activeElement)")
        with page.expect_request("**/request/keep-alive") as keep_alive:
            page.keyboard.press("Escape")
        assert keep_alive.value.method == "POST"
        assert not dialog.is_visible()
    page.clock.run_for(idle - warn - 1000 + 2000)
    assert dialog.is_visible()
    page.clock.run_for(warn)  # nothing done: the page leaves for the expired page
    page.wait_for_url("**/request/session-expired")


def test_follow_up_is_revealed_in_place_with_javascript(page, live_server):
    page.goto(live_server + "/request/start")
    follow_up = page.get_by_role("group", name="How are you acting for the victim?")
    representative = page.locator("input[value='representative']")
    assert not follow_up.is_visible()  # hidden until the answer that leads to it is chosen
    page.get_by_label("I am acting for the victim with their permission", exact=True).check()
    assert follow_up.is_visible()
    # The radio controls the follow-up, and has no aria-expanded: ARIA 1.2 does not allow it on a radio.
    controlled = page.locator("#" + representative.get_attribute("aria-controls"))
    assert controlled.get_by_role("group", name="How are you acting for the victim?").is_visible()
    assert representative.get_attribute("aria-expanded") is None
    page.get_by_label("I am the victim", exact=True).check()  # the other answer hides it again
    assert not follow_up.is_visible()
    assert page.locator("input[aria-expanded]").count() == 0
    page.get_by_label("I am acting for the victim with their permission", exact=True).check()
    follow_up.get_by_label("I am their MP, or work for their MP").check()
    assert axe_violations(page) == []
    cont(page)
    assert page.url.endswith("/request/suspect-interviewed")  # not asked again on a page of its own


def test_follow_up_is_revealed_and_hidden_with_arrow_keys(page, live_server):
    page.goto(live_server + "/request/start")
    follow_up = page.get_by_role("group", name="How are you acting for the victim?")
    page.get_by_label("I am asking for a business that was the victim", exact=True).check()
    page.keyboard.press("ArrowDown")  # the next answer: acting for the victim
    assert page.locator("input[value='representative']").is_checked()
    assert follow_up.is_visible()
    page.keyboard.press("ArrowDown")  # past the follow-up's radios (another group) to the last answer
    assert page.locator("input[value='group']").is_checked()
    assert not follow_up.is_visible()
    page.keyboard.press("ArrowUp")
    assert follow_up.is_visible()
    assert page.locator("input[aria-expanded]").count() == 0
    page.keyboard.press("Tab")  # into the follow-up, whose own radios the arrow keys then move through
    assert page.evaluate("document.activeElement.name") == "representative_type"


def test_follow_up_is_shown_inline_without_javascript(no_js_page, live_server):
    page = no_js_page
    page.goto(live_server + "/request/start")
    assert page.get_by_role("group", name="How are you acting for the victim?").is_visible()
    page.get_by_label("I am acting for the victim with their permission", exact=True).check()
    page.get_by_label("I am their solicitor or legal representative").check()
    cont(page)
    assert page.url.endswith("/request/suspect-interviewed")


@pytest.mark.parametrize("lang", ["ur", "ar"])
def test_phone_numbers_read_left_to_right_in_right_to_left_pages(page, live_server, lang):
    """Only a browser lays text out: in an Urdu or Arabic paragraph, "08 08 16 89 111" must not become
    "111 89 16 08 08" (the bidi algorithm would reorder the digit groups without the isolate)."""
    page.goto(f"{live_server}/request/cannot-help/ineligible_group?lang={lang}")
    link = page.locator("main a.app-phone[href='tel:+448081689111']")
    groups = link.evaluate(
        """(a) => {
            const text = a.firstChild, out = []
            for (const m of a.textContent.matchAll(/\\d+/g)) {
                const range = document.createRange()
                range.setStart(text, m.index)
                range.setEnd(text, m.index + m[0].length)
                out.push([m[0], range.getBoundingClientRect().left])
            }
            return out
        }"""
    )
    assert [digits for digits, _x in sorted(groups, key=lambda g: g[1])] == ["08", "08", "16", "89", "111"]
    assert link.evaluate("(a) => getComputedStyle(a).whiteSpace") == "nowrap"
