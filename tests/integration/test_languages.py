"""The whole service in every language: right lang and dir, no English left, answers kept across a switch.

Every page goes through the page check (tests/support/pagecheck.py), which also fails on English phrases
that the language's catalog translates.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.domain.eligibility import OutcomeCode
from app.languages import BY_CODE, LANGUAGES
from app.models import SubmittedRequest
from tests.conftest import CheckedClient
from tests.integration.test_pages import CONTENT_PAGES
from tests.support.journey import VICTIM, answer, complete_journey, post

EXIT_CODES = [code for code in OutcomeCode if code not in (OutcomeCode.ELIGIBLE, OutcomeCode.INCOMPLETE)]


def _in(client: CheckedClient, code: str) -> CheckedClient:
    client.locale = code
    client.get(f"/?lang={code}")
    return client


@pytest.mark.parametrize("code", [lang.code for lang in LANGUAGES])
def test_every_page_in_every_language(client, code):
    _in(client, code)
    for path in CONTENT_PAGES:
        assert client.get(path).status_code == 200
    for exit_code in EXIT_CODES:
        assert client.get(f"/request/cannot-help/{exit_code}").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    client.get("/request/start")
    empty = post(client, "/request/who", {})  # the error state of a question page
    assert empty.status_code == 200
    late = post(client, "/request/who", {"who": "representative"})
    assert late.status_code == 302
    confirmation = complete_journey(client, representative=True)  # every step page, check answers
    assert confirmation.status_code == 200
    assert client.get("/request/session-expired").status_code == 200


@pytest.mark.parametrize("code", ["ur", "pl"])
def test_complete_journey_in_urdu_and_polish(app, client, code):
    _in(client, code)
    confirmation = complete_journey(client)
    soup = BeautifulSoup(confirmation.data, "html.parser")
    assert soup.html["lang"] == BY_CODE[code].tag
    assert soup.html["dir"] == BY_CODE[code].direction
    panel = soup.select_one(".govuk-panel")
    assert panel is not None
    with app.app_context(), db.transaction() as session:
        stored = session.scalars(select(SubmittedRequest)).one()
    assert stored.locale == code
    assert stored.reference.replace("-", "") in panel.get_text().replace("-", "")


def test_switching_language_keeps_answers_and_returns_to_the_same_page(client):
    _in(client, "en")
    complete_journey(client, submit=False)
    page = client.get("/request/victim")
    switch = BeautifulSoup(page.data, "html.parser").select_one("a[hreflang='ur']")
    assert switch["href"] == "/request/victim?lang=ur"
    client.locale = "ur"
    switched = client.get(switch["href"])
    assert switched.status_code == 200
    soup = BeautifulSoup(switched.data, "html.parser")
    assert soup.select_one("#first_names")["value"] == VICTIM["first_names"]
    assert soup.select_one("#last_name")["value"] == VICTIM["last_name"]
    # The choice lasts: the next page is in Urdu without asking again.
    answer(client, "victim", VICTIM)
    assert client.page("/request/victim-contact").html["lang"] == "ur"
