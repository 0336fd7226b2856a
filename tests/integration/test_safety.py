"""Safe for a person at risk on a shared device, and nobody turned away by a wording accident (issue 13)."""

from __future__ import annotations

from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.models import SubmittedRequest
from tests.conftest import build_app
from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, VICTIM, VICTIM_CONTACT, answer, post


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _set_cookies(response) -> list[str]:
    return response.headers.getlist("Set-Cookie")


def test_a_chosen_language_sets_no_cookie_that_outlives_the_visit(client):
    client.locale = "cy"  # the page check expects Welsh pages
    response = client.get("/?lang=cy")
    cookies = _set_cookies(response)
    assert cookies, "the choice must be kept somewhere"
    assert all(c.startswith("session=") for c in cookies), cookies  # no cookie of its own
    assert not any("Expires=" in c or "Max-Age=" in c for c in cookies), cookies  # ends with the browser
    assert client.page("/cookies").html["lang"] == "cy"  # kept for the rest of the visit
    client.get("/exit")
    client.locale = "en"
    assert client.page("/cookies").html["lang"] == "en"  # "Exit this page" forgets it


def test_the_cookies_page_names_the_cookie_the_service_really_sets(tmp_path, clock):
    from cryptography.fernet import Fernet

    app = build_app(
        tmp_path,
        clock,
        env="production",
        secret_key="s" * 48,
        data_keys=(Fernet.generate_key().decode(),),
        allow_memory_ratelimits=True,
        public_url="https://vrr.example.org",
    )
    client = app.test_client()
    page = client.get("/cookies?lang=en", base_url="https://vrr.example.org")
    names = [row.select_one("th, td").get_text(strip=True) for row in _soup(page).select("tbody tr")]
    set_names = {c.split("=", 1)[0] for c in _set_cookies(page)}
    assert names == ["__Host-session"]
    assert set_names <= set(names)


def test_the_timeout_warning_says_how_many_minutes_and_what_deleting_does(client):
    client.get("/request/start")
    page = client.page("/request/who")
    dialog = page.select_one("#timeout-dialog")
    text = dialog.get_text(" ", strip=True)
    assert "delete your answers in 5 minutes" in text
    assert "soon" not in text
    leave = dialog.select_one("a[href='/exit']")
    assert leave.get_text(strip=True) == "Delete my answers and leave"
    assert "take you to another website" in text and "Nothing is sent to the police" in text


def _to_decision(client):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    answer(client, "suspect-interviewed", {"suspect_interviewed": "yes"})


def test_a_decision_not_in_the_list_carries_on_and_is_flagged_for_staff(client, app):
    _to_decision(client)
    page = client.page("/request/decision")
    radios = page.select(".govuk-radios > *")
    divider = page.select_one(".govuk-radios__divider")
    assert divider is not None and divider.get_text(strip=True) == "or"
    assert radios.index(divider) == len(radios) - 2  # just before "I'm not sure"
    response = answer(client, "decision", {"decision": "other"})
    assert "cannot-help" not in response.headers["Location"]
    for slug in ("told-date",):
        answer(client, slug, ELIGIBLE_VICTIM[slug])
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", VICTIM_CONTACT)
    answer(client, "objection", OBJECTION)
    post(client, "/request/check-answers", {"confirm": "y"})
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
    assert row.outcome_code == "eligible"
    assert "not_sure_decision" in row.flags.split(",")


def test_only_an_explicit_answer_about_recording_or_stopping_the_investigation_excludes(client):
    _to_decision(client)
    for value in ("not_recorded", "stopped_investigation"):
        response = post(client, "/request/decision", {"decision": value})
        assert response.headers["Location"].endswith("/request/cannot-help/ineligible_not_recorded"), value


def test_a_late_request_is_told_the_police_first_decide_whether_to_review_it(client):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        if slug == "told-date":
            values = {"told_date": ["1", "6", "2026"]}
        answer(client, slug, values)
    answer(client, "late-reason", {"late_reason": "I was in hospital."})
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", VICTIM_CONTACT)
    answer(client, "objection", OBJECTION)
    post(client, "/request/check-answers", {"confirm": "y"})
    text = client.page("/request/confirmation").get_text(" ", strip=True)
    assert "they will first decide whether to review it" in text
    assert "They aim to finish the review by" not in text
    assert "If they review it, they aim to finish by" in text


def test_phone_numbers_can_be_tapped_and_read_left_to_right(client):
    from tests.support.journey import complete_journey

    page = _soup(complete_journey(client))
    links = {a["href"]: a for a in page.select("main a.app-phone")}
    assert set(links) >= {"tel:+448081689111", "tel:999"}
    assert all(a.get("dir") == "ltr" for a in links.values())
    assert links["tel:+448081689111"].get_text() == "08 08 16 89 111"


def test_phone_numbers_in_right_to_left_pages_and_emails_stay_left_to_right(client, app):
    from app.phones import LRI, PDI, phone_text

    client.locale = "ur"
    exit_page = client.page("/request/cannot-help/ineligible_group?lang=ur")
    links = exit_page.select("main a.app-phone")
    assert len(links) == 3 and all(a["dir"] == "ltr" for a in links)
    with app.test_request_context("/?lang=ur"):
        assert phone_text("08 08 16 89 111") == f"{LRI}08 08 16 89 111{PDI}"
    with app.test_request_context("/?lang=cy"):
        assert phone_text("08 08 16 89 111") == "08 08 16 89 111"


def test_a_representative_is_asked_about_the_victim_not_about_you(client):
    from tests.support.journey import errors_on

    client.get("/request/start")
    answer(client, "who", {"who": "representative", "representative_type": "solicitor"})
    answer(client, "suspect-interviewed", {"suspect_interviewed": "yes"})
    answer(client, "decision", {"decision": "no_charge"})
    page = client.page("/request/told-date")
    assert page.h1.get_text(strip=True) == "When was the victim told about the decision?"
    error = post(client, "/request/told-date", {"told_date": ["", "", ""]})
    assert "Enter the date the victim was told about the decision" in errors_on(error)
    answer(client, "told-date", {"told_date": ["1", "6", "2026"]})
    late = client.page("/request/late-reason").get_text(" ", strip=True)
    assert "The victim was told about the decision more than 3 months ago" in late
    assert "You were told" not in late
