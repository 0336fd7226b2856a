"""The eligibility gate holds whatever is posted, and a sent request's confirmation is held on the server.

Every test here posts as a browser would, CSRF on.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from app import db
from app.models import Draft, OutboxMessage, SubmittedRequest
from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, answer, complete_journey, post


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _count(app, model):
    with app.app_context(), db.transaction() as s:
        return s.scalar(select(func.count()).select_from(model))


def _send(client):
    """POST the declaration to check answers with a valid CSRF token, as a crafted request would."""
    return client.post("/request/check-answers", data={"confirm": "y", "csrf_token": client.csrf_token("/request/who")})


EXITS = [
    pytest.param([("who", {"who": "group"})], "ineligible_group", id="campaign-group"),
    pytest.param(
        [
            ("who", {"who": "victim"}),
            ("suspect-interviewed", {"suspect_interviewed": "yes"}),
            ("decision", {"decision": "cps"}),
        ],
        "ineligible_cps_decision",
        id="cps-decision",
    ),
    pytest.param(
        [
            ("who", {"who": "victim"}),
            ("suspect-interviewed", {"suspect_interviewed": "yes"}),
            ("decision", {"decision": "no_charge"}),
            ("told-date", {"told_date": ["1", "6", "2015"]}),
            ("decided-before-2015", {"decided_before_2015": "yes", "child_sexual_abuse": "yes"}),
        ],
        "refer_csa_panel",
        id="before-scheme-csa",
    ),
]


@pytest.mark.parametrize(("answers", "code"), EXITS)
def test_after_an_exit_page_nothing_can_be_sent(client, app, answers, code):
    client.get("/request/start")
    for slug, values in answers:
        response = post(client, f"/request/{slug}", values)
    assert response.headers["Location"].endswith(f"/request/cannot-help/{code}")

    sent = _send(client)
    assert sent.status_code == 302
    assert sent.headers["Location"].endswith(f"/request/cannot-help/{code}")
    check = client.get("/request/check-answers")
    assert check.status_code == 302, "check answers must not be shown for an excluded request"
    # "Start now" again leads back to the exit page, not to an "Accept and send" button.
    again = client.get("/request/start")
    assert again.headers["Location"].endswith(f"/request/cannot-help/{code}")
    assert _count(app, SubmittedRequest) == 0
    assert _count(app, OutboxMessage) == 0


def test_changing_an_answer_to_an_excluding_one_keeps_the_rest_and_can_be_undone(client, app):
    complete_journey(client, submit=False)
    response = post(client, "/request/decision?change=1", {"decision": "cps"})
    assert response.headers["Location"].endswith("/request/cannot-help/ineligible_cps_decision?change=1")
    exit_page = client.page(response.headers["Location"])
    # Back goes to the question to correct, still in change mode.
    assert exit_page.select_one(".govuk-back-link")["href"] == "/request/decision?change=1"

    # "Back twice, then send" (the bypass that once dropped the person's details) sends nothing.
    assert _send(client).headers["Location"].endswith("/request/cannot-help/ineligible_cps_decision")
    assert _count(app, SubmittedRequest) == 0

    # Changing it back returns straight to check answers, every other answer kept.
    response = post(client, "/request/decision?change=1", {"decision": "no_charge"})
    assert response.headers["Location"].endswith("/request/check-answers")
    check = client.get("/request/check-answers").get_data(as_text=True)
    assert "Amira" in check and OBJECTION["offence"] in check
    sent = post(client, "/request/check-answers", {"confirm": "y"})
    assert sent.headers["Location"].endswith("/request/confirmation")
    with app.app_context(), db.transaction() as s:
        payload = db.cipher().open(s.scalars(select(SubmittedRequest)).one().payload)
    assert payload["outcome"] == "eligible"
    assert payload["answers"]["victim"]["first_names"] == "Amira"


def test_an_unfinished_eligible_journey_cannot_be_sent(client, app):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    response = _send(client)
    assert response.headers["Location"].endswith("/request/victim")
    assert _count(app, SubmittedRequest) == 0


def test_submit_refuses_an_excluded_journey_whatever_the_caller(app):
    """The storage step holds the gate itself, not only the view in front of it."""
    from datetime import date

    from app.domain.eligibility import EligibilityAnswers
    from app.journey.flow import JourneyState
    from app.model.application import Application
    from app.submission import send

    excluded = JourneyState(Application(eligibility=EligibilityAnswers(who="group")), today=date(2026, 11, 23))
    with app.test_request_context("/request/check-answers", method="POST"), pytest.raises(send.NotReady):
        send.submit(excluded)
    assert _count(app, SubmittedRequest) == 0


# --- the confirmation, held on the server ---------------------------------------------------------------------


def _session_cookie(client):
    return client.get_cookie("session").value


def test_a_lost_confirmation_then_a_retry_shows_the_same_request(client, app):
    complete_journey(client, submit=False)
    hidden = client.hidden_fields("/request/check-answers")
    before = _session_cookie(client)
    first = client.post("/request/check-answers", data={"confirm": "y", **hidden})
    assert first.headers["Location"].endswith("/request/confirmation")
    reference = client.page("/request/confirmation").select_one(".app-reference").get_text(strip=True)

    client.set_cookie("session", before)  # the response (and its cookie) never reached the browser
    retry = client.post("/request/check-answers", data={"confirm": "y", **hidden})
    assert retry.headers["Location"].endswith("/request/confirmation")
    page = client.get("/request/confirmation")
    assert page.status_code == 200
    assert _soup(page).select_one(".app-reference").get_text(strip=True) == reference
    assert _count(app, SubmittedRequest) == 1


def test_back_after_sending_shows_the_confirmation(client):
    complete_journey(client)
    for path in ("/request/check-answers", "/request/objection"):
        response = client.get(path)
        assert response.headers["Location"].endswith("/request/confirmation"), path


def test_the_cookie_holds_no_reference_and_exit_ends_the_confirmation(client, app):
    page = complete_journey(client)
    reference = _soup(page).select_one(".app-reference").get_text(strip=True)
    copied = _session_cookie(client)
    contents = app.session_interface.get_signing_serializer(app).loads(copied)
    assert reference not in str(contents)
    assert set(contents) <= {"receipt", "csrf_token", "lang", "_permanent"}
    pdf_link = _soup(page).find("a", string=lambda s: s and "PDF" in s)["href"]
    assert client.get(pdf_link).status_code == 200  # "being prepared" until the worker has made it

    client.get("/exit")
    client.set_cookie("session", copied)  # someone kept a copy of the cookie from before "Exit this page"
    response = client.get("/request/confirmation")
    assert response.status_code == 302 and not response.headers["Location"].endswith("/request/confirmation")
    assert client.get(pdf_link).status_code == 404


def test_exit_also_ends_the_lost_confirmation_recovery(client, app):
    complete_journey(client, submit=False)
    hidden = client.hidden_fields("/request/check-answers")
    before = _session_cookie(client)
    client.post("/request/check-answers", data={"confirm": "y", **hidden})
    client.get("/exit")
    client.set_cookie("session", before)
    retry = client.post("/request/check-answers", data={"confirm": "y", **hidden})
    assert not retry.headers["Location"].endswith("/request/confirmation")
    assert _count(app, SubmittedRequest) == 1


def test_the_confirmation_runs_out(client, clock):
    complete_journey(client)
    clock.moment = clock.moment.replace(hour=12)  # two hours later, past the 60-minute limit
    response = client.get("/request/confirmation")
    assert response.status_code == 302


def test_a_browser_without_cookies_is_told_what_to_do(app):
    from tests.conftest import CheckedClient

    app.test_client_class = CheckedClient
    client = app.test_client(use_cookies=False)
    start = client.get("/request/start")
    assert start.headers["Location"].endswith("/request/who")
    page = client.get("/request/who")
    assert page.status_code == 200  # no loop of redirects
    token = _soup(page).select_one("input[name=csrf_token]")["value"]
    response = client.post("/request/who", data={"who": "victim", "csrf_token": token})
    assert response.status_code == 400
    assert _soup(response).select_one("h1").get_text(strip=True) == "Turn on cookies to use this service"
    assert _count(app, Draft) == 0


def test_keep_alive_does_not_revive_an_expired_draft(client, clock):
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})
    token = client.csrf_token("/request/suspect-interviewed")
    clock.moment = clock.moment.replace(hour=11, minute=30)  # 90 minutes idle: past the 60-minute limit
    assert client.post("/request/keep-alive", data={"csrf_token": token}).status_code == 410
    response = client.get("/request/suspect-interviewed")
    assert response.headers["Location"].endswith("/request/session-expired")
