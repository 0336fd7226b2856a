"""What staff need to find and act on a case: the crime's date (and the time limit), names they can search,
and an interpreter's language they can book (issue 14)."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.domain.languages import english_name, language_choices
from app.domain.time_limit import time_limit
from app.models import SubmittedRequest
from tests.support.journey import (
    ELIGIBLE_VICTIM,
    OBJECTION,
    VICTIM,
    VICTIM_CONTACT,
    answer,
    errors_on,
    post,
)


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _to(client, slug):
    client.get("/request/start")
    for question, values in ELIGIBLE_VICTIM.items():
        answer(client, question, values)
    if slug == "victim":
        return
    answer(client, "victim", VICTIM)
    if slug == "victim-contact":
        return
    answer(client, "victim-contact", VICTIM_CONTACT)


def _stored(app) -> tuple[dict, list[str]]:
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
        return db.cipher().open(row.payload), row.flags.split(",")


@pytest.mark.parametrize(
    ("objection", "flagged"),
    [
        ({**OBJECTION, "offence_date": ["2", "9", "2026"]}, True),  # under 6 months before 23 November 2026
        ({**OBJECTION, "offence_date": ["23", "5", "2026"]}, False),  # exactly 6 months: the limit has passed
        ({**OBJECTION, "offence_date": ["", "", ""], "offence_date_unknown": "y"}, False),
    ],
)
def test_a_crime_less_than_6_months_ago_is_flagged_time_limit(client, app, objection, flagged):
    _to(client, "objection")
    answer(client, "objection", objection)
    post(client, "/request/check-answers", {"confirm": "y"})
    payload, flags = _stored(app)
    assert ("time_limit" in flags) is flagged
    assert ("time_limit" in payload["flags"]) is flagged


def test_the_crime_date_or_not_known_but_one_of_them(client):
    _to(client, "objection")
    neither = post(client, "/request/objection", {**OBJECTION, "offence_date": ["", "", ""]})
    assert "Enter the date the crime happened, or select that you do not know it" in errors_on(neither)
    both = post(client, "/request/objection", {**OBJECTION, "offence_date_unknown": "y"})
    assert "Enter the date the crime happened, or say you do not know it, but not both" in errors_on(both)
    answer(client, "objection", {**OBJECTION, "offence_date": ["", "", ""], "offence_date_unknown": "y"})
    check = client.page("/request/check-answers")
    row = next(r for r in check.select(".govuk-summary-list__row") if "When did the crime happen?" in r.get_text())
    assert row.select_one(".govuk-summary-list__value").get_text(strip=True) == "Not known"


def test_time_limit_counts_working_days_to_the_last_day_to_charge():
    limit = time_limit(date(2026, 9, 2), date(2026, 11, 23), "england")
    assert limit is not None
    assert limit.charge_by == date(2027, 3, 2)
    # After 23 Nov 2026, up to 2 Mar 2027: 71 weekdays, less Christmas Day, Boxing Day (the 28th), New Year's Day.
    assert limit.working_days_left == 68
    assert time_limit(date(2026, 5, 23), date(2026, 11, 23), "england") is None
    assert time_limit(None, date(2026, 11, 23), "england") is None


def test_a_name_in_another_script_can_be_given_in_letters_a_to_z_too(client, app):
    _to(client, "victim")
    page = client.page("/request/victim")
    details = page.select_one("details.govuk-details")
    assert details is not None and not details.has_attr("open")  # an English form, no name typed yet
    typed = {**VICTIM, "first_names": "عائشہ", "last_name": "خان"}
    refused = post(client, "/request/victim", {**typed, "first_names_latin": "عائشہ"})
    assert "First name in the letters A to Z must only include the letters A to Z" in errors_on(refused)
    assert _soup(refused).select_one("details.govuk-details").has_attr("open")
    answer(client, "victim", {**typed, "first_names_latin": "Aisha", "last_name_latin": "Khan"})
    answer(client, "victim-contact", VICTIM_CONTACT)
    answer(client, "objection", OBJECTION)
    post(client, "/request/check-answers", {"confirm": "y"})
    payload, _flags = _stored(app)
    assert payload["answers"]["victim"]["first_names"] == "عائشہ"
    assert payload["answers"]["victim"]["first_names_latin"] == "Aisha"


def test_the_letters_a_to_z_section_is_open_on_forms_in_another_script(client):
    client.locale = "ur"
    client.get("/request/start?lang=ur")
    for question, values in ELIGIBLE_VICTIM.items():
        answer(client, question, values)
    assert client.page("/request/victim").select_one("details.govuk-details").has_attr("open")


def test_the_interpreter_language_is_chosen_from_a_list_in_the_readers_language(client, app):
    _to(client, "victim-contact")
    options = client.page("/request/victim-contact").select("select[name=interpreter_language] option")
    values = [o["value"] for o in options]
    assert values[0] == "" and values[-1] == "other" and "ur" in values and "so" in values
    names = {o["value"]: o.get_text(strip=True) for o in options}
    assert names["ur"] == "Urdu" and names["so"] == "Somali"
    other = post(client, "/request/victim-contact", {**VICTIM_CONTACT, "interpreter_language": "other"})
    assert "Enter the language the interpreter needs to speak" in errors_on(other)
    crafted = post(client, "/request/victim-contact", {**VICTIM_CONTACT, "interpreter_language": "xx"})
    assert crafted.status_code == 200 and "There is a problem" in crafted.get_data(as_text=True)
    answer(client, "victim-contact", {**VICTIM_CONTACT, "interpreter_language": "ur"})
    answer(client, "objection", OBJECTION)
    check = client.page("/request/check-answers").get_text(" ", strip=True)
    assert "Urdu" in check


def test_language_names_are_in_the_readers_language_and_in_english_for_staff():
    urdu = dict(language_choices("ur"))
    assert urdu["ur"] == "اردو" and urdu["pl"] == "پولش"
    assert english_name("ur") == "Urdu"
    assert english_name("zh") == "Chinese (Mandarin)"
    assert english_name("other", "Dari") == "Dari"
    assert english_name("") is None
