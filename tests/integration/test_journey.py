"""The whole journey through the test client, with CSRF on."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app import db
from app.domain.reference import is_valid
from app.models import Draft, EligibilityStat, OutboxMessage, SubmittedRequest
from tests.support.journey import OBJECTION, VICTIM, answer, complete_journey, post


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _count(app, model):
    with app.app_context(), db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_start_goes_to_the_first_question_and_stores_nothing_until_an_answer(client, app):
    for _ in range(5):  # "Start now" pressed again and again creates no rows
        response = client.get("/request/start")
        assert response.headers["Location"].endswith("/request/who")
    page = client.get("/request/who")
    soup = _soup(page)
    assert soup.select_one("legend h1").get_text(strip=True) == "Who is asking for the review?"
    assert len(soup.select("input[type=radio][name=who]")) == 8
    assert _count(app, Draft) == 0
    answer(client, "who", {"who": "victim"})
    assert _count(app, Draft) == 1


def test_victim_journey_end_to_end(client, app):
    confirmation = complete_journey(client)
    soup = _soup(confirmation)
    reference = soup.select_one(".app-reference").get_text(strip=True)
    assert reference.startswith("WYP-") and is_valid(reference)
    text = soup.get_text(" ")
    # Submitted Monday 23 November 2026: 10 working days -> 7 December, 30 -> 7 January (Christmas, New Year).
    assert "7 December 2026" in text
    assert "7 January 2027" in text
    assert _count(app, SubmittedRequest) == 1
    assert _count(app, OutboxMessage) == 2  # the force, and the applicant (they gave an email)
    assert _count(app, Draft) == 0
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
        assert b"Amira" not in row.payload  # encrypted at rest
        payload = db.cipher().open(row.payload)
    assert payload["answers"]["victim"]["address_postcode"] == "LS1 4HY"
    assert payload["answers"]["objection"]["objection"] == OBJECTION["objection"]
    assert payload["outcome"] == "eligible"
    assert "requester" not in payload["answers"]


def _section_headings(page) -> list[str]:
    return [h.get_text(strip=True) for h in BeautifulSoup(page.data, "html.parser").select("main h2")]


def test_representative_journey_has_three_steps_and_stores_the_requester(client, app):
    complete_journey(client, representative=True, submit=False)
    page = client.get("/request/requester")
    assert "Step 2 of 3" in page.get_data(as_text=True)
    check = client.get("/request/check-answers")
    assert "Reyes Solicitors" in check.get_data(as_text=True)
    headings = _section_headings(check)
    assert headings == [
        "About your request",
        "The victim's details",
        "Your details",
        "Why the decision should be reviewed",
        "Documents",
        "Now send your request",
    ]
    response = post(client, "/request/check-answers", {"confirm": "y"})
    assert response.status_code == 302
    with app.app_context(), db.transaction() as s:
        payload = db.cipher().open(s.scalars(select(SubmittedRequest)).one().payload)
    assert payload["answers"]["requester"]["consent_method"] == "email"
    assert "representative" in payload["flags"]


def test_victim_steps_are_numbered_out_of_two(client):
    complete_journey(client, submit=False)
    check = client.get("/request/check-answers")
    headings = _section_headings(check)
    assert headings == [
        "About your request",
        "Your details",
        "Why the decision should be reviewed",
        "Documents",
        "Now send your request",
    ]
    assert "Step 1 of 2" in client.get("/request/victim").get_data(as_text=True)
    assert "Step 2 of 2" in client.get("/request/objection").get_data(as_text=True)


def test_double_submission_creates_one_request(client, app):
    complete_journey(client, submit=False)
    hidden = client.hidden_fields("/request/check-answers")
    first = client.post("/request/check-answers", data={"confirm": "y", **hidden})
    assert first.headers["Location"].endswith("/request/confirmation")
    again = client.post("/request/check-answers", data={"confirm": "y", **hidden})
    # The draft is gone: the second press lands on the same confirmation, with no new request.
    assert again.status_code == 302
    assert again.headers["Location"].endswith("/request/confirmation")
    assert _count(app, SubmittedRequest) == 1


def test_cannot_skip_ahead(client):
    client.get("/request/start")
    response = client.get("/request/objection")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/request/who")


def test_missing_answer_shows_an_error_summary_linked_to_the_field(client):
    client.get("/request/start")
    response = post(client, "/request/who", {})
    assert response.status_code == 200
    soup = _soup(response)
    assert soup.title.get_text().startswith("Error: ")
    link = soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "Select who is asking for the review"
    assert soup.select_one(link["href"]) is not None
    assert "Select who is asking for the review" in soup.select_one(".govuk-error-message").get_text()


def test_change_link_returns_to_check_answers(client):
    complete_journey(client, submit=False)
    check = client.page("/request/check-answers")
    change_links = [a["href"] for a in check.select(".govuk-summary-list__actions a")]
    assert "/request/objection?change=1" in change_links
    response = post(client, "/request/objection?change=1", {**OBJECTION, "offence": "Harassment"})
    assert response.headers["Location"].endswith("/request/check-answers")
    assert "Harassment" in client.get("/request/check-answers").get_data(as_text=True)


def test_changing_who_to_a_representative_asks_for_the_new_pages_then_returns(client):
    complete_journey(client, submit=False)
    response = answer(client, "who?change=1", {"who": "representative"})
    assert response.headers["Location"].endswith("/request/representative-type?change=1")
    response = answer(client, "representative-type?change=1", {"representative_type": "mp"})
    assert "/request/requester" in response.headers["Location"]


def test_back_links_follow_the_path(client):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    soup = client.page("/request/suspect-interviewed")
    assert soup.select_one(".govuk-back-link")["href"] == "/request/who"


def test_expired_draft_is_explained(client, clock):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    clock.moment = clock.moment.replace(hour=12)  # two hours later: past the 60-minute idle limit
    response = client.get("/request/suspect-interviewed")
    assert response.headers["Location"].endswith("/request/session-expired")
    page = client.get("/request/session-expired")
    assert "Your answers have been deleted" in page.get_data(as_text=True)


def test_statistics_are_recorded_once_per_check_without_personal_data(client, app):
    complete_journey(client)
    with app.app_context(), db.transaction() as s:
        rows = s.scalars(select(EligibilityStat)).all()
        assert [(r.outcome_code, r.force_code, r.locale) for r in rows] == [("eligible", "WYP", "en")]


def test_cannot_help_page_for_a_cps_decision(client, app):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    answer(client, "suspect-interviewed", {"suspect_interviewed": "yes"})
    response = answer(client, "decision", {"decision": "cps"})
    assert response.headers["Location"].endswith("/request/cannot-help/ineligible_cps_decision")
    page = client.get(response.headers["Location"])
    assert "Crown Prosecution Service" in page.get_data(as_text=True)
    assert _soup(page).select_one(".govuk-back-link")["href"] == "/request/decision"


def test_late_request_asks_why_and_continues(client, app, clock):
    client.get("/request/start")
    for slug, values in {
        "who": {"who": "victim"},
        "suspect-interviewed": {"suspect_interviewed": "yes"},
        "decision": {"decision": "no_charge"},
    }.items():
        answer(client, slug, values)
    response = answer(client, "told-date", {"told_date": ["1", "6", "2026"]})
    assert response.headers["Location"].endswith("/request/late-reason")
    page = client.get("/request/late-reason").get_data(as_text=True)
    assert "more than 3 months ago" in page
    response = answer(client, "late-reason", {"late_reason": "I was in hospital."})
    assert response.headers["Location"].endswith("/request/victim")


def test_date_in_the_future_is_refused(client):
    client.get("/request/start")
    for slug, values in {
        "who": {"who": "victim"},
        "suspect-interviewed": {"suspect_interviewed": "yes"},
        "decision": {"decision": "no_charge"},
    }.items():
        answer(client, slug, values)
    response = post(client, "/request/told-date", {"told_date": ["1", "1", "2027"]})
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    link = soup.select_one(".govuk-error-summary a")
    assert link.get_text(strip=True) == "The date you were told about the decision must be today or in the past"
    assert link["href"] == "#told_date-day"
    assert soup.select_one("#told_date-day")["value"] == "1"


def test_date_accepts_eastern_arabic_digits(client):
    client.get("/request/start")
    for slug, values in {
        "who": {"who": "victim"},
        "suspect-interviewed": {"suspect_interviewed": "yes"},
        "decision": {"decision": "no_charge"},
    }.items():
        answer(client, slug, values)
    # ١٥ / ١١ / ٢٠٢٦ (Arabic-Indic) and ۱۱ (Extended Arabic-Indic, as typed on an Urdu keyboard)
    response = answer(client, "told-date", {"told_date": ["١٥", "۱۱", "٢٠٢٦"]})
    assert response.headers["Location"].endswith("/request/victim")


def test_victim_details_errors(client):
    complete_journey(client, submit=False)
    response = post(client, "/request/victim", {**VICTIM, "address_postcode": "NOT A POSTCODE", "first_names": ""})
    soup = _soup(response)
    messages = [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]
    assert "Enter first name" in messages
    assert "Enter a real postcode, like LS1 4HY" in messages


def test_reference_numbers_are_unique_per_request(client, app):
    complete_journey(client)
    first = client.page("/request/confirmation").select_one(".app-reference").get_text(strip=True)
    client.get("/exit")
    complete_journey(client)
    second = client.page("/request/confirmation").select_one(".app-reference").get_text(strip=True)
    assert first != second
    assert re.fullmatch(r"WYP-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", second)


def test_keep_alive_extends_the_draft(client, clock):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    token = client.csrf_token("/request/suspect-interviewed")
    clock.moment = clock.moment.replace(minute=50)
    assert client.post("/request/keep-alive", data={"csrf_token": token}).status_code == 204
    clock.moment = clock.moment.replace(hour=11, minute=40)  # 50 minutes after the keep-alive
    assert client.get("/request/suspect-interviewed").status_code == 200


@pytest.mark.parametrize(
    ("question", "answer", "follow_up", "value", "before"),
    [
        ("who", "representative", "representative_type", "mp", {}),
        ("decision", "withdrew", "withdrawal_reinstated", "yes", {"who": "victim", "suspect_interviewed": "yes"}),
        (
            "decided_before_2015",
            "yes",
            "child_sexual_abuse",
            "no",
            {"who": "victim", "suspect_interviewed": "yes", "decision": "no_charge", "told_date": ["1", "6", "2015"]},
        ),
    ],
)
def test_a_follow_up_answered_in_place_is_not_asked_again(client, question, answer, follow_up, value, before):
    client.get("/request/start")
    for earlier, chosen in before.items():
        post(client, f"/request/{earlier.replace('_', '-')}", {earlier: chosen})
    slug = question.replace("_", "-")
    page = client.page(f"/request/{slug}")
    revealed = page.select_one(f"input[value='{answer}']")["data-aria-controls"]
    assert page.select_one(f"#{revealed} input[name='{follow_up}']")  # nested under the answer it belongs to
    response = post(client, f"/request/{slug}", {question: answer, follow_up: value})
    assert response.status_code == 302
    assert not response.headers["Location"].endswith(f"/request/{follow_up.replace('_', '-')}")
    shown = BeautifulSoup(client.get(f"/request/{follow_up.replace('_', '-')}").data, "html.parser")
    assert shown.select_one(f"input[name='{follow_up}'][value='{value}']").has_attr("checked")


def test_a_follow_up_left_unanswered_gets_its_own_page(client):
    client.get("/request/start")
    response = post(client, "/request/who", {"who": "representative"})
    assert response.headers["Location"].endswith("/request/representative-type")
    response = post(client, "/request/who", {"who": "victim", "representative_type": "mp"})  # not the trigger
    assert response.headers["Location"].endswith("/request/suspect-interviewed")
    assert client.get("/request/representative-type").status_code == 302  # not on a victim's path


def test_keep_alive_without_a_draft_says_gone(client):
    """The warning's "Continue" from a page seen before any answer: nothing to keep, and nothing is made."""
    token = client.csrf_token("/request/who")  # a session with a CSRF secret, but no draft
    assert client.post("/request/keep-alive", data={"csrf_token": token}).status_code == 410


def test_a_page_opened_to_change_an_answer_links_back_to_check_your_answers(client):
    complete_journey(client, submit=False)
    back = client.page("/request/objection?change=1").select_one(".govuk-back-link")
    assert back["href"] == "/request/check-answers"
    assert client.page("/request/objection").select_one(".govuk-back-link")["href"] != "/request/check-answers"
