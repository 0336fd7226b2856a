"""Hostile and broken input: clear messages, never a 500, nothing half-stored, nothing leaked."""

from __future__ import annotations

import logging

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select
from sqlalchemy.orm import sessionmaker

from app import db
from app.db import make_engine
from app.models import SubmittedRequest
from tests.conftest import CheckedClient, build_app
from tests.support.journey import OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, answer, complete_journey, post


def _errors(response) -> list[str]:
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    return [a.get_text(strip=True) for a in soup.select(".govuk-error-summary a")]


def test_post_without_csrf_token_is_refused_and_explained(client):
    client.get("/request/who")  # the page was shown: the browser has its session cookie
    response = client.post("/request/who", data={"who": "victim"})
    assert response.status_code == 400
    assert "This page has expired" in response.get_data(as_text=True)
    # Nothing was saved: the question is still unanswered.
    assert client.get("/request/suspect-interviewed").headers["Location"].endswith("/request/who")


def test_honeypot_filled_in_is_refused(client):
    client.get("/request/start")
    response = post(client, "/request/who", {"who": "victim", "hp_extra_details": "http://spam.example"})
    assert response.status_code == 200
    assert "Leave this field empty" in _errors(response)
    assert client.get("/request/suspect-interviewed").status_code == 302


def test_a_form_sent_too_fast_is_refused(tmp_path, clock):
    app = build_app(tmp_path, clock, min_seconds_on_page=30.0)
    app.test_client_class = CheckedClient
    client = app.test_client()
    client.get("/request/start")
    response = post(client, "/request/who", {"who": "victim"})
    assert response.status_code == 200
    assert "You sent that too quickly. Check your answers and try again." in _errors(response)


def test_a_forged_timestamp_is_refused(client):
    client.get("/request/start")
    hidden = client.hidden_fields("/request/who")
    response = client.post("/request/who", data={**hidden, "shown_at": "shown.forged.sig", "who": "victim"})
    assert "Something went wrong. Check your answers and try again." in _errors(response)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("Amira\x00", "First name must only include letters, numbers, spaces and punctuation"),
        ("Amira\x1b[31m", "First name must only include letters, numbers, spaces and punctuation"),
        ("Amira\r\nBcc: x@example.com", "First name must not contain line breaks"),
        ("Amira\ufffd", "First name must only include letters, numbers, spaces and punctuation"),
    ],
)
def test_control_characters_and_header_injection_get_a_message(client, bad, message):
    complete_journey(client, submit=False)
    response = post(client, "/request/victim", {**VICTIM, "first_names": bad})
    assert response.status_code == 200
    assert message in _errors(response)


def test_invalid_utf8_gets_a_message_not_a_500(client):
    complete_journey(client, submit=False)
    hidden = client.hidden_fields("/request/objection")
    body = "&".join(f"{k}={v}" for k, v in hidden.items()).encode() + b"&offence=Assault\xff\xfe&objection=ok"
    response = client.post("/request/objection", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Some characters could not be read" in response.get_data(as_text=True)
    # Percent-encoded bytes that are not UTF-8 are refused the same way.
    encoded = "&".join(f"{k}={v}" for k, v in hidden.items()) + "&offence=Assault%FF%FE&objection=ok"
    response = client.post("/request/objection", data=encoded, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert "Some characters could not be read" in response.get_data(as_text=True)


def test_every_field_has_a_length_limit(client):
    complete_journey(client, submit=False)
    response = post(client, "/request/objection", {**OBJECTION, "objection": "x" * 15001, "offence": "y" * 201})
    errors = _errors(response)
    assert "Why you think the decision is wrong must be 15,000 characters or fewer" in errors
    assert "What the crime was must be 200 characters or fewer" in errors


def test_10000_character_objection_is_accepted(client):
    complete_journey(client, submit=False)
    response = post(client, "/request/objection?change=1", {**OBJECTION, "objection": "a" * 10000})
    assert response.status_code == 302


def test_request_body_too_large_gets_a_clear_page(tmp_path, clock):
    app = build_app(tmp_path, clock, max_content_length=2048)
    app.test_client_class = CheckedClient
    client = app.test_client()
    complete_journey(client, submit=False)
    response = post(client, "/request/objection", {**OBJECTION, "objection": "z" * 5000})
    assert response.status_code == 413
    assert "What you sent is too large" in response.get_data(as_text=True)


def test_html_in_answers_is_shown_as_text(client):
    complete_journey(client, submit=False)
    evil = '<img src="file:///etc/passwd"><script>alert(1)</script><style>body{display:none}</style>'
    post(client, "/request/objection?change=1", {**OBJECTION, "objection": evil})
    html = client.get("/request/check-answers").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert '<img src="file:///etc/passwd">' not in html


def test_posts_are_rate_limited_per_client(tmp_path, clock):
    app = build_app(tmp_path, clock, ratelimit_post="3 per minute")
    app.test_client_class = CheckedClient
    client = app.test_client()
    client.get("/request/start")
    answer(client, "who", {"who": "victim"})  # makes the draft the per-person limit counts by
    statuses = [post(client, "/request/suspect-interviewed", {}).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert "Too many attempts" in post(client, "/request/suspect-interviewed", {}).get_data(as_text=True)


def test_no_personal_data_in_logs(client, caplog):
    caplog.set_level(logging.DEBUG)
    complete_journey(client, representative=True)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "request submitted" in logged
    values = [v for d in (VICTIM, VICTIM_CONTACT, REQUESTER, OBJECTION) for v in d.values() if isinstance(v, str)]
    for value in values:
        if len(value) > 3:
            assert value not in logged, f"{value!r} was logged"


def test_database_unavailable_on_submit_shows_a_clear_page_and_keeps_the_draft(client, app, tmp_path):
    complete_journey(client, submit=False)
    hidden = client.hidden_fields("/request/check-answers")
    working = app.extensions["vrr.sessions"]
    broken = make_engine(f"sqlite:///{tmp_path}/missing/dir/nothing.sqlite3")
    app.extensions["vrr.sessions"] = sessionmaker(broken)
    try:
        response = client.post("/request/check-answers", data={**hidden, "confirm": "y"})
    except Exception:  # pragma: no cover - the test fails below with a clearer message
        response = None
    app.extensions["vrr.sessions"] = working
    assert response is not None and response.status_code == 503
    assert "Sorry, the service is unavailable" in response.get_data(as_text=True)
    # The database is back: the answers are still there and can be sent.
    check_answers = client.get("/request/check-answers")
    assert check_answers.status_code == 200  # not sent back to the start: the draft survived
    shown = " ".join(check_answers.get_data(as_text=True).split())
    for value in (VICTIM["last_name"], VICTIM_CONTACT["email"], OBJECTION["objection"]):
        assert value in shown
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    with app.app_context(), db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SubmittedRequest)) == 1


def test_length_limits_are_written_in_the_readers_language(client):
    complete_journey(client, submit=False)
    client.locale = "pl"
    client.get("/request/objection?lang=pl")
    response = post(client, "/request/objection", {**OBJECTION, "objection": "x" * 15001})
    errors = _errors(response)
    assert any("15\xa0000" in error for error in errors), errors  # Polish groups thousands with a space
    assert not any("15,000" in error for error in errors)


def _referer_a_browser_sends(policy: str, page_url: str) -> str | None:
    """What a browser puts in Referer for a same-origin form POST from ``page_url`` under ``policy``."""
    return None if policy == "no-referrer" else page_url


def test_forms_can_be_sent_over_https_in_production(tmp_path, clock):
    from cryptography.fernet import Fernet

    key = Fernet.generate_key().decode()
    app = build_app(
        tmp_path,
        clock,
        env="production",
        secret_key="s" * 48,
        data_keys=(key,),
        allow_memory_ratelimits=True,
        public_url="https://vrr.example.org",
    )
    client = app.test_client()
    https = {"base_url": "https://vrr.example.org"}
    client.get("/request/start", **https)
    page = client.get("/request/who", **https)
    assert page.status_code == 200
    policy = page.headers["Referrer-Policy"]
    assert policy == "same-origin"  # nothing is sent to other sites
    hidden = BeautifulSoup(page.data, "html.parser").select("main form input[type=hidden]")
    form = {**{field["name"]: field.get("value", "") for field in hidden}, "who": "victim"}
    referer = _referer_a_browser_sends(policy, "https://vrr.example.org/request/who")
    sent = client.post("/request/who", data=form, headers={"Referer": referer} if referer else {}, **https)
    assert sent.status_code == 302, sent.status_code
    # What happened while the policy was no-referrer: Flask-WTF refuses a POST over HTTPS without a Referer.
    refused = client.post("/request/who", data=form, **https)
    assert refused.status_code == 400
