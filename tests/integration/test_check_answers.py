"""Check your answers and the PDF copies, which share its sections: one summary list per section, rows in the
order asked, short keys, and "Not known" for a crime reference the person does not know. Then the confirmation
and email that follow: someone acting for the victim is told how the victim's written permission reaches the
police."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.delivery import worker
from app.delivery.pdf import render_html
from app.delivery.worker import load_document
from app.models import SubmittedRequest
from tests.support.journey import OBJECTION, REQUESTER, complete_journey, post
from tests.support.smtp import mail_app


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


ELIGIBILITY_KEYS = [
    "Who is asking for the review?",
    "Did the police identify a suspect and interview them under caution?",
    "What did the police decide?",
    "When were you told about the decision?",
]
VICTIM_KEYS = ["Title", "First name", "Last name", "Date of birth", "Address", "Which area did the crime happen in?"]
UNKNOWN_REFERENCE = {**OBJECTION, "crime_reference": "", "reference_unknown": "y"}


def check_answers(client: Any, *, representative: bool = False, **objection: Any) -> BeautifulSoup:
    complete_journey(client, representative=representative, submit=False)
    if objection:
        assert post(client, "/request/objection", objection).status_code == 302
    return client.page("/request/check-answers")


def sections(soup: BeautifulSoup) -> dict[str, list[tuple[str, str]]]:
    """Each summary list under its heading: [(key, answer)]."""
    found = {}
    for summary in soup.select("main .govuk-summary-list"):
        heading = summary.find_previous_sibling("h2").get_text(strip=True)
        found[heading] = [
            (
                row.select_one(".govuk-summary-list__key").get_text(strip=True),
                row.select_one(".govuk-summary-list__value").get_text(" ", strip=True),
            )
            for row in summary.select(".govuk-summary-list__row")
        ]
    return found


def test_one_summary_list_per_section_with_rows_in_the_order_asked(client):
    soup = check_answers(client)
    found = sections(soup)
    assert len(soup.select("main .govuk-summary-list")) == 4
    assert list(found) == ["About your request", "Your details", "Why the decision should be reviewed", "Documents"]
    assert found["Documents"] == [("Documents", "No documents uploaded")]
    assert [key for key, _ in found["About your request"]] == ELIGIBILITY_KEYS
    assert [key for key, _ in found["Your details"]][: len(VICTIM_KEYS)] == VICTIM_KEYS
    assert ("Date of birth", "4 July 1988") in found["Your details"]
    assert found["Why the decision should be reviewed"][0] == ("Crime reference number", OBJECTION["crime_reference"])


def test_someone_acting_for_the_victim_sees_each_persons_details_in_its_own_list(client):
    found = sections(check_answers(client, representative=True))
    assert list(found) == [
        "About your request",
        "The victim's details",
        "Your details",
        "Why the decision should be reviewed",
        "Documents",
    ]
    assert [key for key, _ in found["About your request"]][:2] == [
        "Who is asking for the review?",
        "How are you acting for the victim?",
    ]
    keys = [key for key, _ in found["Your details"]]
    assert keys[:4] == ["Your first name", "Your last name", "Organisation", "Your relationship to the victim"]
    assert keys.index("Address") < keys.index("Your email address")


def test_no_key_says_optional(client):
    found = sections(check_answers(client, representative=True))
    keys = [key for rows in found.values() for key, _ in rows]
    assert "Title" in keys and "Organisation" in keys
    assert not [key for key in keys if "optional" in key]


def test_an_unknown_crime_reference_reads_not_known(client):
    found = sections(check_answers(client, **UNKNOWN_REFERENCE))
    rows = found["Why the decision should be reviewed"]
    assert rows[0] == ("Crime reference number", "Not known")
    assert not [key for key, _ in rows if key.startswith("I do not know")]


def test_the_pdf_copies_have_the_same_sections(app, client):
    check_answers(client, **UNKNOWN_REFERENCE)
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    doc = load_document(app, request_id)
    for audience in ("staff", "applicant"):
        soup = BeautifulSoup(render_html(app, doc, audience), "html.parser")
        answers = soup.select_one("section.answers")
        staff = audience == "staff"
        assert [h.get_text(strip=True) for h in answers.select("h3")] == [
            "About the request (eligibility answers)" if staff else "About your request",
            "Details of the person asking" if staff else "Your details",
            "Why the decision should be reviewed",
            "Documents",
        ]
        assert len(answers.select("table")) == 4
        keys = [th.get_text(strip=True) for th in answers.select("th")]
        assert keys[: len(ELIGIBILITY_KEYS)] == ELIGIBILITY_KEYS
        assert "Title" in keys and not [key for key in keys if "optional" in key or key.startswith("I do not")]
        reference_row = next(
            tr for tr in answers.select("tr") if tr.th.get_text(strip=True) == "Crime reference number"
        )
        assert reference_row.td.get_text(strip=True) == "Not known"


FORCE_EMAIL = "vrr-enquiries@west-yorkshire.example.org"
ADDRESS = ["Criminal Justice Department (Victims' Right to Review)", "West Yorkshire Police", "PO Box 9", "WF1 3QP"]
PERMISSION = {
    "email": "Email it to {email}. Put your reference number, {reference}, in the subject line.",
    "post": "Post it to the address below. Write your reference number, {reference}, on the letter.",
    "victim_sends": (
        "Ask the victim to email it to {email}, or to post it to the address below. Give them your reference "
        "number, {reference}, to put on it."
    ),
    "already_given": (
        "You told us the police already have it. If they ask you for it, email it to {email} or post it to the "
        "address below, with your reference number, {reference}."
    ),
}


def send_as_representative(client: Any, consent_method: str) -> tuple[str, str]:
    """Send a request for the victim; the confirmation page's text and the reference."""
    complete_journey(client, representative=True, submit=False)
    assert post(client, "/request/requester", {**REQUESTER, "consent_method": consent_method}).status_code == 302
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    soup = client.page("/request/confirmation")
    return readable(soup.select_one("main")), soup.select_one(".app-reference").get_text()


def readable(html: Any) -> str:
    """Each paragraph's text as a reader sees it (links and isolates inline), one space apart."""
    return " ".join(" ".join(p.get_text().split()) for p in html.select("h2, p, li"))


@pytest.mark.parametrize("method", list(PERMISSION))
def test_the_confirmation_tells_a_representative_how_the_permission_reaches_the_police(client, method):
    text, reference = send_as_representative(client, method)
    assert "The victim's written permission" in text
    assert PERMISSION[method].format(email=FORCE_EMAIL, reference=reference) in text
    assert all(line in text for line in ADDRESS) == (method != "email")


def test_the_victim_is_not_asked_for_permission(client):
    page = complete_journey(client).get_data(as_text=True)
    assert "Request sent" in page
    assert "written permission" not in page


@pytest.mark.parametrize("method", ["email", "post"])
def test_the_representatives_email_says_the_same(app, client, smtp_sink, method):
    _text, reference = send_as_representative(client, method)
    assert worker.process_once(app) == 2
    applicant = next(m for m in smtp_sink.wait_for(2) if m["To"] == REQUESTER["email"])
    plain = " ".join(applicant.get_body(("plain",)).get_content().split())
    html = BeautifulSoup(applicant.get_body(("html",)).get_content(), "html.parser")
    rich = readable(html)
    for body in (plain, rich):
        assert PERMISSION[method].format(email=FORCE_EMAIL, reference=reference) in body
        assert all(line in body for line in ADDRESS) == (method == "post")
    # The permission's address is a link when it is to be emailed; the force's contact line links it always.
    assert len(html.select(f'a[href="mailto:{FORCE_EMAIL}"]')) == (2 if method == "email" else 1)
