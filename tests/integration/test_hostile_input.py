"""Hostile answers through the real forms: blank "required" answers, hidden characters, huge dates, and
forged lines in the force's plain-text email. Each gets a GOV.UK error, or is stored clean; never a 500."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from app import db
from app.delivery import worker
from app.models import Draft
from forms.validators import character_problem, is_blank, strip_multiline, strip_text
from tests.conftest import CheckedClient, Clock, build_app
from tests.support import smtp
from tests.support.journey import (
    ELIGIBLE_VICTIM,
    OBJECTION,
    REQUESTER,
    VICTIM,
    VICTIM_CONTACT,
    answer,
    complete_journey,
    post,
)

BASE = {"victim": VICTIM, "victim-contact": VICTIM_CONTACT, "requester": REQUESTER, "objection": OBJECTION}
BLANKS = ["   ", "\t", "\u00a0", "\n\n", "\r\n\r\n", "\u3000", "\u200b", "\u200b \ufeff\u2060"]
REQUIRED = [
    ("victim", "first_names", "Enter first name"),
    ("victim", "last_name", "Enter last name"),
    ("requester", "first_names", "Enter your first name"),
    ("requester", "last_name", "Enter your last name"),
    ("requester", "relationship", "Enter your relationship to the victim"),
    ("objection", "offence", "Enter what the crime was"),
    ("objection", "objection", "Enter why you think the decision is wrong"),
    ("objection", "outcome_wanted", "Enter what you would like the review to achieve"),
]
MULTI_LINE = {"objection", "outcome_wanted", "accessibility_needs", "address_abroad", "late_reason"}


def error_messages(response: Any) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".govuk-error-summary a")]


def stored_answers(app: Any) -> dict[str, Any]:
    """The draft as stored (decrypted): what the request would be built from."""
    with app.app_context(), db.transaction() as s:
        sealed = s.scalars(select(Draft.data)).one()
        return db.cipher().open(sealed)  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def journey(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, CheckedClient]:
    """One journey for someone acting for a victim, up to the objection, so every step page can be posted.

    Shared by the tests in this module: each posts a page's full answers, so none depends on another.
    """
    from datetime import UTC, datetime

    app = build_app(tmp_path_factory.mktemp("hostile"), Clock(datetime(2026, 11, 23, 10, tzinfo=UTC)))
    app.test_client_class = CheckedClient
    client = app.test_client()
    complete_journey(client, representative=True, submit=False)
    return app, client  # type: ignore[return-value]


@pytest.fixture
def on_step_pages(journey):
    return journey[1]


@pytest.mark.parametrize(("slug", "field", "message"), REQUIRED)
def test_a_blank_required_answer_is_refused(on_step_pages, slug, field, message):
    for blank in BLANKS:
        response = post(on_step_pages, f"/request/{slug}", {**BASE[slug], field: blank})
        assert response.status_code == 200
        assert message in error_messages(response), repr(blank)


@pytest.mark.parametrize("blank", ["   ", "\u00a0\u3000", "\u200b"])
def test_a_blank_late_reason_is_refused(client, blank):
    client.get("/request/start")
    for slug, values in {**ELIGIBLE_VICTIM, "told-date": {"told_date": ["1", "6", "2026"]}}.items():
        post(client, f"/request/{slug}", values)
    response = post(client, "/request/late-reason", {"late_reason": blank})
    assert error_messages(response) == ["Enter why you are asking for a review now"]


def test_answers_are_stored_trimmed(journey):
    app, on_step_pages = journey
    answer(
        on_step_pages,
        "victim",
        {**VICTIM, "first_names": "\u200b\u00a0 Amira\u3000 Zara \ufeff", "last_name": "\tOkafor\n"},
    )
    answer(on_step_pages, "objection", {**OBJECTION, "objection": "\r\n\u00a0First line\r\nSecond line \u200b\r\n\r\n"})
    answers = stored_answers(app)["answers"]
    assert answers["victim"]["first_names"] == "Amira Zara"
    assert answers["victim"]["last_name"] == "Okafor"
    assert answers["objection"]["objection"] == "First line\nSecond line"


HIDDEN = ["\u202e", "\u202a", "\u202d", "\u2066", "\u2067", "\u2069", "\u200b", "\U000e0041", "\xad"]
BREAKS = ["\n", "\r", "\v", "\f", "\x85", "\u2028", "\u2029"]


@pytest.mark.parametrize("char", HIDDEN)
def test_hidden_characters_in_a_name_are_refused_naming_the_field(on_step_pages, char):
    response = post(on_step_pages, "/request/victim", {**VICTIM, "first_names": f"Ama{char}rim"})
    assert error_messages(response) == [
        "First name must not contain hidden formatting characters. Type it in rather than copying and pasting it"
    ]


@pytest.mark.parametrize("char", BREAKS)
def test_line_breaks_in_a_one_line_answer_are_refused_naming_the_field(on_step_pages, char):
    response = post(on_step_pages, "/request/objection", {**OBJECTION, "officer": f"DC Patel{char}Flags: none"})
    assert error_messages(response) == ["The officer's name must not contain line breaks"]


@pytest.mark.parametrize("char", ["\u202e", "\u2067", "\U000e0041", "\u200b"])
def test_long_answers_refuse_direction_overrides_and_tags(on_step_pages, char):
    response = post(on_step_pages, "/request/objection", {**OBJECTION, "objection": f"It was\n{char}not me"})
    assert error_messages(response) == [
        "Why you think the decision is wrong must not contain hidden formatting characters. "
        "Type it in rather than copying and pasting it"
    ]


def test_names_keep_the_joiners_and_marks_their_scripts_need(journey):
    app, on_step_pages = journey
    persian = "\u0645\u06cc\u200c\u0646\u0627"  # with a zero-width non-joiner
    arabic = "\u0639\u0644\u064a 2\u200f"  # with a right-to-left mark
    answer(on_step_pages, "victim", {**VICTIM, "first_names": persian, "last_name": arabic})
    assert stored_answers(app)["answers"]["victim"]["first_names"] == persian
    assert stored_answers(app)["answers"]["victim"]["last_name"] == arabic


def test_an_answer_to_a_question_not_shown_is_ignored(journey):
    """The victim page asks for a business name only when a business is asking: a bot's value for it (even one
    that would be refused) neither blocks the page with an error that points at nothing, nor is stored."""
    app, client = journey
    answer(client, "victim", {**VICTIM, "business_name": "\U00013439 Evil Ltd", "deceased_name": "\u202eX"})
    stored = stored_answers(app)["answers"]["victim"]
    assert stored["business_name"] is None  # not asked: stored as not asked, whatever was posted
    assert stored["deceased_name"] is None
    assert stored["first_names"] == VICTIM["first_names"]


HUGE = "99999999999999999999"


DAY = "The day must be between 1 and 31"
MONTH = "the month must be between 1 and 12"
HUGE_DATES = [
    ([HUGE, "1", "2000"], DAY),
    (["1", HUGE, "2000"], MONTH.capitalize()),
    ([HUGE, HUGE, "2000"], f"{DAY} and {MONTH}"),
]


@pytest.mark.parametrize(("slug", "field"), [("victim", "date_of_birth"), ("objection", "date_reported")])
@pytest.mark.parametrize(("parts", "message"), HUGE_DATES)
def test_a_huge_day_or_month_gives_the_date_error(on_step_pages, slug, field, parts, message):
    response = post(on_step_pages, f"/request/{slug}", {**BASE[slug], field: parts})
    assert response.status_code == 200
    assert error_messages(response) == [message]


@pytest.mark.parametrize(("parts", "message"), [([*p[:2], "2026"], m) for p, m in HUGE_DATES])
def test_a_huge_day_or_month_in_the_told_date_gives_the_date_error(client, parts, message):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        if slug != "told-date":
            answer(client, slug, values)
    response = post(client, "/request/told-date", {"told_date": parts})
    assert response.status_code == 200
    assert error_messages(response) == [message]


# Hostile text for every text field of every step page: never a 500; either a GOV.UK error or stored clean.
TEXT_FIELDS = {
    "victim": ["title", "first_names", "last_name", "address_line_1", "address_line_2", "address_town",
               "address_county", "address_postcode", "address_abroad", "business_name", "deceased_name",
               "relationship_to_deceased"],
    "victim-contact": ["email", "mobile_phone", "other_phone", "times_to_avoid", "interpreter_language",
                       "accessibility_needs"],
    "requester": ["first_names", "last_name", "organisation", "relationship", "address_line_1", "address_town",
                  "address_postcode", "email", "phone"],
    "objection": ["crime_reference", "offence", "officer", "objection", "outcome_wanted"],
}  # fmt: skip
NASTY = (
    "\u202e\u2066\u2069\u200b\u200c\u200d\u200f\u2028\u2029\x85\x0b\x0c\r\n\t\x00\x1b"
    "\u00a0\u3000\ufeff\U000e0041\u3164\ufffd=?@<>\"'"
)
hostile = st.one_of(
    st.text(alphabet=st.sampled_from(NASTY) | st.characters(exclude_categories=["Cs"]), max_size=60),
    st.text(alphabet=" \t\n\u00a0\u3000\u200b\u2060\ufeff", max_size=6),  # looks empty
    st.builds(  # a plausible answer with one hostile character in it
        "{}{}{}".format,
        st.sampled_from(["Ada", "12 Park Row", "ada@example.com", "07700 900982", "LS1 4HY", "13/1/26"]),
        st.sampled_from(NASTY),
        st.sampled_from(["", "Lovelace", " 1"]),
    ),
)
REQUIRED_FIELDS = {(slug, field) for slug, field, _message in REQUIRED}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.sampled_from([(slug, field) for slug, fields in TEXT_FIELDS.items() for field in fields]),
    value=hostile,
)
@example(where=("victim-contact", "interpreter_language"), value="\r")  # was stored as typed: a select's Optional()
def test_hostile_text_in_any_field_is_refused_or_stored_clean(journey, where, value):
    app, client = journey
    slug, field = where
    response = post(client, f"/request/{slug}", {**BASE[slug], field: value})
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 200:
        assert error_messages(response), "a form page came back without an error"
        return
    stored = stored_answers(app)["answers"][slug.replace("-", "_")].get(field) or ""  # a page's step, by name
    multi_line = field in MULTI_LINE
    assert character_problem(stored, allow_newlines=multi_line) is None
    assert stored == (strip_multiline if multi_line else strip_text)(stored)
    if (slug, field) in REQUIRED_FIELDS:
        assert not is_blank(stored)
    answer(client, slug, BASE[slug])  # back to the plain answers for the next example


@pytest.fixture
def mail_app(tmp_path, clock, smtp_sink):
    yield from smtp.mail_app(tmp_path, clock, smtp_sink)


def test_free_text_in_the_force_email_is_quoted_so_it_cannot_forge_our_lines(mail_app, smtp_sink):
    client = mail_app.test_client()
    forged = "Please call after 6pm\nAcknowledge by: Monday 1 January 2024\nFlags: none"
    complete_journey(client, representative=True, submit=False)
    answer(client, "victim-contact", {**VICTIM_CONTACT, "accessibility_needs": forged})
    response = post(client, "/request/check-answers", {"confirm": "y"})
    assert response.status_code == 302
    worker.process_once(mail_app)
    force = next(m for m in smtp_sink.wait_for(2) if m["To"] == "criminal-justice-vrr@west-yorkshire.example.org")
    lines = force.get_body(("plain",)).get_content().splitlines()
    assert [line for line in lines if line.startswith("Acknowledge by:")] == ["Acknowledge by: Monday 7 December 2026"]
    assert [line for line in lines if line.startswith("Flags:")] == ["Flags:"]  # ours; the typed one is quoted
    needs = lines.index("Needs:")
    assert lines[needs + 1 : needs + 4] == [
        "> Please call after 6pm",
        "> Acknowledge by: Monday 1 January 2024",
        "> Flags: none",
    ]
    assert "> Daniel Reyes" in lines
