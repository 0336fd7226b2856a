"""Email is a safety question like the others; only details for safe ways are kept; whose details they are is clear."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.delivery.document import RequestDocument, request_json, staff_triage
from app.delivery.worker import load_document
from app.models import OutboxMessage, SubmittedRequest
from tests.support.journey import (
    ELIGIBLE_VICTIM,
    OBJECTION,
    REQUESTER,
    VICTIM,
    VICTIM_CONTACT,
    answer,
    complete_journey,
    errors_on,
    post,
)
from tests.support.smtp import mail_app


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


UNSAFE_EMAIL = {
    **VICTIM_CONTACT,
    "safe_email": "no",
    "email": "typed-anyway@example.com",  # typed, then "No": never kept
    "preferred_contact": "phone",
}


def _soup(response):
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def _stored(app) -> tuple[dict, list[str]]:
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(SubmittedRequest)).one()
        kinds = sorted(s.scalars(select(OutboxMessage.kind)).all())
        return db.cipher().open(row.payload), kinds


def _send_with_contact(client, contact):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", contact)
    answer(client, "objection", OBJECTION)
    post(client, "/request/check-answers", {"confirm": "y"})
    return client.get("/request/confirmation")


def test_no_confirmation_email_when_email_is_not_safe_and_the_page_says_so(client, app):
    page = _soup(_send_with_contact(client, UNSAFE_EMAIL)).get_text(" ", strip=True)
    payload, kinds = _stored(app)
    assert kinds == ["force"]  # no applicant email owed
    contact = payload["answers"]["victim_contact"]
    assert contact["email"] is None and contact["safe_email"] == "no"
    assert "We have not sent you an email" in page
    assert "We have sent you an email" not in page


def test_the_force_never_gets_an_unsafe_inbox_to_reply_to(client, app):
    _send_with_contact(client, UNSAFE_EMAIL)
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    doc = load_document(app, request_id)
    assert doc.applicant_email is None
    assert list(request_json(doc))[:7] == [
        "schema_version",
        "reference",
        "force",
        "submitted_at",
        "locale",
        "outcome",
        "flags",
    ] and request_json(doc)["safe_contact"] == {
        "details_are_for": "victim",
        "not_safe": ["email", "voicemail"],
        "safe": ["phone", "text", "post"],
        "preferred": "phone",
    }
    triage = staff_triage(doc)
    assert triage["safe_contact"][:3] == [
        "Contact details are for THE VICTIM, WHO IS ASKING",
        "NOT SAFE: email, voicemail",
        "Safe: phone calls, text messages, letters",
    ]


def test_a_preferred_way_must_be_one_said_to_be_safe(client):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    response = post(client, "/request/victim-contact", {**UNSAFE_EMAIL, "preferred_contact": "email"})
    assert response.status_code == 200
    assert "You said this way is not safe" in errors_on(response)
    response = post(client, "/request/victim-contact", {**VICTIM_CONTACT, "email": ""})
    assert "Enter your email address, or choose no if it is not safe to email you" in errors_on(response)


def test_the_email_address_is_asked_under_yes_not_before_the_safety_question(client):
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    page = client.page("/request/victim-contact")
    email = page.select_one("input[name=email]")
    yes = page.select_one("input[name=safe_email][value=yes]")
    assert email.find_parent(id=yes["data-aria-controls"]) is not None  # revealed under "Yes"
    names = [i["name"] for i in page.select("main form input[type=radio], main form input[type=email]")]
    assert names.index("safe_email") < names.index("email") < names.index("preferred_contact")


def test_a_representative_is_asked_about_the_victim_and_gets_the_confirmation_themselves(client, app):
    complete_journey(client, representative=True, submit=False)
    page = client.page("/request/victim-contact")
    assert page.h1.get_text(strip=True) == "How to contact the victim safely"
    legends = [legend.get_text(" ", strip=True) for legend in page.select("legend")]
    assert "Is it safe for the police to email the victim?" in legends
    assert "How should the police contact the victim?" in legends
    assert not any(" you?" in text for text in legends), legends
    post(client, "/request/check-answers", {"confirm": "y"})
    _payload, kinds = _stored(app)
    assert kinds == ["applicant", "force"]
    with app.app_context():
        doc = load_document(app, 1)
    assert doc.applicant_email == REQUESTER["email"]


def test_a_parent_gives_their_own_contact_details_labelled_as_theirs(client, app, smtp_sink):
    client.get("/request/start")
    answer(client, "who", {"who": "parent"})
    for slug, values in ELIGIBLE_VICTIM.items():
        if slug != "who":
            answer(client, slug, values)
    response = answer(client, "victim", VICTIM)
    assert response.headers["Location"].endswith("/request/requester")  # no victim contact page for a child
    requester = client.page("/request/requester")
    assert requester.select_one("input[name=email]") is None  # asked on their own contact page next
    parent = {k: v for k, v in REQUESTER.items() if k not in ("email", "phone", "consent_method")}
    response = answer(client, "requester", {**parent, "relationship": "Mother"})
    assert response.headers["Location"].endswith("/request/requester-contact")
    contact = client.page("/request/requester-contact")
    assert contact.h1.get_text(strip=True) == "How to contact you safely"
    assert "Step 2 of 3" in contact.get_text()
    answer(client, "requester-contact", {**VICTIM_CONTACT, "email": "parent@example.com"})
    answer(client, "objection", OBJECTION)
    post(client, "/request/check-answers", {"confirm": "y"})
    payload, kinds = _stored(app)
    assert kinds == ["applicant", "force"]
    assert "victim_contact" not in payload["answers"]
    assert payload["answers"]["requester_contact"]["email"] == "parent@example.com"
    doc: RequestDocument = load_document(app, 1)
    assert doc.applicant_email == "parent@example.com"
    assert staff_triage(doc)["safe_contact"][0] == "Contact details are for THE PARENT OR GUARDIAN (NOT THE VICTIM)"

    from app.delivery import worker

    assert worker.process_once(app) == 2
    force = next(m for m in smtp_sink.wait_for(2) if m["To"].addresses[0].addr_spec != "parent@example.com")
    assert "THE PARENT OR GUARDIAN" in force.get_body(preferencelist=("plain",)).get_content()
