"""Email addresses typed into the forms, as they reach the headers of real emails (aiosmtpd sink, worker)."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.delivery import worker
from app.models import OutboxMessage, SubmittedRequest
from tests.support.journey import REQUESTER, VICTIM_CONTACT, answer, complete_journey, post
from tests.support.smtp import mail_app

FORCE_MAILBOX = "criminal-justice-vrr@west-yorkshire.example.org"
FORMAT = "Enter an email address in the correct format, like name@example.com"
NON_ASCII = (
    "The part of the email address before the @ must only include the letters a to z, numbers and symbols. "
    "Enter a different email address, or leave this empty and give another way to contact you"
)
ENCODED_WORDS = [
    "=?utf-8?q?evil=40evil.example=2C_x?=@example.com",  # came back as two addresses
    "=?utf-8?q?a=0D=0Ab?=@example.com",  # made the header raise: the force never got the request
    "=?UTF-8?B?ZXZpbEBldmlsLmV4YW1wbGU=?=@example.com",
    "x=?y@example.com",
]


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


def error_messages(response: Any) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a.get_text(" ", strip=True) for a in soup.select(".govuk-error-summary a")]


@pytest.mark.parametrize("address", ENCODED_WORDS)
@pytest.mark.parametrize(("slug", "base"), [("victim-contact", VICTIM_CONTACT), ("requester", REQUESTER)])
def test_encoded_words_before_the_at_are_refused_on_the_form(client, address, slug, base):
    complete_journey(client, representative=True, submit=False)
    response = post(client, f"/request/{slug}", {**base, "email": address})
    assert response.status_code == 200
    assert error_messages(response) == [FORMAT]


@pytest.mark.parametrize(("slug", "base"), [("victim-contact", VICTIM_CONTACT), ("requester", REQUESTER)])
def test_letters_outside_ascii_before_the_at_are_refused_saying_what_to_do(client, slug, base):
    complete_journey(client, representative=True, submit=False)
    response = post(client, f"/request/{slug}", {**base, "email": "zoë@example.com"})
    assert error_messages(response) == [NON_ASCII]


def test_an_international_domain_reaches_both_headers_in_ascii(app, client, smtp_sink):
    complete_journey(client, representative=True, submit=False)
    answer(client, "requester", {**REQUESTER, "email": "daniel@exämple.com"})
    post(client, "/request/check-answers", {"confirm": "y"})
    assert worker.process_once(app) == 2
    messages = smtp_sink.wait_for(2)
    force = next(m for m in messages if m["To"] == FORCE_MAILBOX)
    applicant = next(m for m in messages if m["To"] != FORCE_MAILBOX)
    assert [a.addr_spec for a in force["Reply-To"].addresses] == ["daniel@xn--exmple-cua.com"]
    assert [a.addr_spec for a in applicant["To"].addresses] == ["daniel@xn--exmple-cua.com"]
    raw = force.as_bytes() + applicant.as_bytes()
    assert b"=?" not in b"".join(line for line in raw.split(b"\n") if line.lower().startswith((b"to:", b"reply-to:")))


def test_a_stored_address_that_cannot_be_sent_still_delivers_the_force_email(app, client, smtp_sink):
    """A request stored before addresses were checked: the force gets it (no Reply-To); the applicant's
    email fails on its own, recorded without the address."""
    complete_journey(client)
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
        payload = db.cipher().open(row.payload)
        payload["answers"]["victim_contact"]["email"] = ENCODED_WORDS[1]
        row.payload = db.cipher().seal(payload)
    assert worker.process_once(app) == 1
    (force,) = smtp_sink.wait_for(1)
    assert force["To"] == FORCE_MAILBOX
    assert force["Reply-To"] is None
    with app.app_context(), db.transaction() as s:
        applicant = s.scalars(select(OutboxMessage).where(OutboxMessage.kind == "applicant")).one()
        assert applicant.status == "pending"
        assert applicant.last_error == "UnsendableAddress"
