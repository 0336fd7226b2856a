"""Save and come back later (issue 16): save → email (real SMTP) → another browser → check → continue → send."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from app import db
from app.delivery import saved_mail as mail
from app.delivery import worker
from app.models import Draft, OutboxMessage, SavedAnswers, SubmittedRequest
from app.operations import retention
from tests.conftest import CheckedClient
from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, VICTIM, VICTIM_CONTACT, answer, errors_on, post
from tests.support.smtp import mail_app

ADDRESS = "amira@example.com"
DOB = ["4", "7", "1988"]


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


def _browser(app: Any, locale: str = "en") -> CheckedClient:
    client: CheckedClient = app.test_client()  # type: ignore[assignment]
    client.locale = locale
    if locale != "en":
        client.get(f"/?lang={locale}")
    return client


def _answer_up_to_objection(client: CheckedClient, contact: dict[str, Any] = VICTIM_CONTACT) -> None:
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", contact)


def _save(client: CheckedClient, address: str = ADDRESS, **choice: Any) -> Any:
    """From the objection page (nothing typed on it yet): the button, the explanation, then the address and check."""
    page = client.page("/request/objection")
    assert page.select_one("main form button[name=save_later]") is not None, "no save button on the objection page"
    pressed = post(client, "/request/objection", {"save_later": "1"})
    assert pressed.status_code == 302 and "/request/save?page=objection" in pressed.headers["Location"]
    client.page(pressed.headers["Location"])
    values = {"email": address, "check_kind": "date_of_birth", "date_of_birth": DOB, **choice}
    response = post(client, "/request/save/details", values)
    assert response.status_code == 302, errors_on(response)
    assert response.headers["Location"].endswith("/request/save/sent")
    return client.get("/request/save/sent")


def _link(app: Any, smtp_sink: Any, count: int = 1) -> str:
    assert worker.process_once(app) >= 1
    message = smtp_sink.wait_for(count)[-1]
    text = message.get_body(("plain",)).get_content()
    found = re.search(r"http\S+/return\?\S+", text)
    assert found, text
    return found.group(0)


def _path(link: str) -> str:
    parts = urlsplit(link)
    return f"{parts.path}?{parts.query}"


def _saved_rows(app: Any) -> int:
    with app.app_context(), db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(SavedAnswers)) or 0)


def _main(response: Any) -> str:
    return str(response.soup.select_one("main"))


@pytest.mark.parametrize("locale", ["en", "ur"])
def test_save_email_new_browser_check_continue_and_send(app, smtp_sink, locale):
    first = _browser(app, locale)
    _answer_up_to_objection(first)
    sent = _save(first)
    assert ADDRESS not in sent.get_data(as_text=True)

    link = _link(app, smtp_sink)
    message = smtp_sink.messages[-1]
    with app.test_request_context("/"), force_locale(locale):
        assert message["Subject"] == mail.neutral_subject()
    assert message["To"] == ADDRESS
    html = message.get_body(("html",)).get_content()
    assert f'dir="{"rtl" if locale == "ur" else "ltr"}"' in html
    assert "police" not in message.get_body(("plain",)).get_content().lower()
    assert parse_qs(urlsplit(link).query)["lang"] == [locale]

    second = _browser(app, locale)  # another browser: no cookie of the first
    opened = second.get(_path(link))
    assert opened.headers["Location"].endswith("/return/check")
    assert "t=" not in opened.headers["Location"]
    check = second.page("/return/check")
    assert check.select_one("html")["dir"] == ("rtl" if locale == "ur" else "ltr")
    response = post(second, "/return/check", {"date_of_birth": DOB})
    assert response.status_code == 302, errors_on(response)
    where = second.get(response.headers["Location"])
    assert where.headers["Location"].endswith("/request/objection")  # where they left off
    victim = second.page("/request/victim")
    assert victim.select_one("input[name=first_names]")["value"] == VICTIM["first_names"]

    answer(second, "objection", OBJECTION)
    sent_request = post(second, "/request/check-answers", {"confirm": "y"})
    assert sent_request.headers["Location"].endswith("/request/confirmation")
    with app.app_context(), db.transaction() as s:
        stored = s.scalars(select(SubmittedRequest)).one()
        assert stored.locale == locale
    assert _saved_rows(app) == 0  # the link is used up


def test_link_works_once(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    path = _path(_link(app, smtp_sink))
    second = _browser(app)
    second.get(path)
    assert post(second, "/return/check", {"date_of_birth": DOB}).status_code == 302
    third = _browser(app)
    third.get(path)
    used = third.get("/return/check")
    unknown = _browser(app)
    unknown.get("/return?t=" + "x" * 43)
    assert _main(used) == _main(unknown.get("/return/check"))
    assert used.soup.h1.get_text(strip=True) == "This link does not work"


def test_saving_again_replaces_the_link(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    old = _path(_link(app, smtp_sink))
    _save(first, check_kind="word", word="Blue Heron", date_of_birth=["", "", ""])
    new = _path(_link(app, smtp_sink, 2))
    assert _saved_rows(app) == 1
    other = _browser(app)
    other.get(old)
    assert other.get("/return/check").soup.h1.get_text(strip=True) == "This link does not work"
    other.get(new)
    other.page("/return/check")
    # The memorable word matches whatever its case and spaces.
    assert post(other, "/return/check", {"word": "  blue   HERON "}).status_code == 302


def test_expired_link_and_purge(app, smtp_sink, clock):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    path = _path(_link(app, smtp_sink))
    clock.moment += timedelta(days=28, minutes=1)
    late = _browser(app)
    late.get(path)
    assert late.get("/return/check").soup.h1.get_text(strip=True) == "This link does not work"
    with app.app_context():
        report = retention.purge(clock.moment)
    assert report.saved == 1
    assert _saved_rows(app) == 0


def test_wrong_answers_delete_the_saved_answers(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    path = _path(_link(app, smtp_sink))
    other = _browser(app)
    other.get(path)
    for left in (4, 3, 2, 1):
        response = post(other, "/return/check", {"date_of_birth": ["5", "7", "1988"]})
        assert response.status_code == 200
        expected = f"You have {left} more {'try' if left == 1 else 'tries'}"
        assert expected in response.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    last = post(other, "/return/check", {"date_of_birth": ["5", "7", "1988"]})
    assert last.soup.h1.get_text(strip=True) == "Your saved answers have been deleted"
    assert _saved_rows(app) == 0
    again = _browser(app)
    again.get(path)
    assert again.get("/return/check").soup.h1.get_text(strip=True) == "This link does not work"


def test_same_page_for_any_address(app, smtp_sink):
    """Saving never looks an address up: the confirmation is the same page for a known and a new address."""
    first = _browser(app)
    _answer_up_to_objection(first)
    known = _main(_save(first))
    other = _browser(app)
    _answer_up_to_objection(other)
    assert _main(_save(other)) == known  # the same address again
    third = _browser(app)
    _answer_up_to_objection(third)
    assert _main(_save(third, address="someone.new@example.org")) == known


def test_exit_keeps_saved_answers_and_ends_the_session(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    exited = first.get("/exit")
    assert exited.status_code == 302
    with app.app_context(), db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(Draft)) == 0
    assert first.get("/request/objection").headers["Location"].endswith("/request/who")  # a new visit
    assert _saved_rows(app) == 1
    path = _path(_link(app, smtp_sink))
    other = _browser(app)
    other.get(path)
    assert post(other, "/return/check", {"date_of_birth": DOB}).status_code == 302


def test_unsafe_email_is_warned_and_offered_to_continue(app):
    first = _browser(app)
    unsafe = {**VICTIM_CONTACT, "safe_email": "no", "email": "", "preferred_contact": "phone"}
    _answer_up_to_objection(first, unsafe)
    page = first.page("/request/save?page=objection")
    assert "You told us it is not safe to email you" in page.get_text(" ", strip=True)
    assert page.find("a", string=re.compile("Continue without saving"))["href"] == "/request/objection"
    assert first.page("/request/save/details").select_one("input[name=reminder]") is None


def test_reminder_only_when_asked(app, smtp_sink, clock):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first, reminder="y")
    _link(app, smtp_sink)
    clock.moment += timedelta(days=25, minutes=1)
    with app.app_context():
        assert retention.purge(clock.moment).reminders == 1
    assert worker.process_once(app) == 1
    reminder = smtp_sink.wait_for(2)[-1]
    assert reminder["Subject"] == "Your saved form"
    assert "/return" not in reminder.get_body(("plain",)).get_content()
    with app.app_context():
        assert retention.purge(clock.moment).reminders == 0  # once only


def test_no_reminder_unless_asked(app, smtp_sink, clock):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    clock.moment += timedelta(days=26)
    with app.app_context():
        assert retention.purge(clock.moment).reminders == 0


def test_pending_saved_email_does_not_stop_request_purge(app, smtp_sink, clock):
    """A saved-answers email has no request: it must not keep delivered requests' data (NOT IN with NULL)."""
    from tests.support.journey import complete_journey

    complete_journey(_browser(app))
    assert worker.process_once(app) == 2
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)  # its email stays pending
    clock.moment += timedelta(days=61)
    with app.app_context():
        assert retention.purge(clock.moment).delivered == 1


def test_email_for_deleted_saved_answers_is_not_sent(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    with app.app_context(), db.transaction() as s:
        s.query(SavedAnswers).delete()
    assert worker.process_once(app) == 0
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(OutboxMessage)).one()
        assert (row.status, row.payload) == ("abandoned", None)


def test_check_answers_can_be_printed(app):
    first = _browser(app)
    _answer_up_to_objection(first)
    answer(first, "objection", OBJECTION)
    page = first.page("/request/check-answers")
    assert page.select_one("button.app-print-button").get_text(strip=True) == "Print or save your answers"
    assert page.find("a", href=re.compile(r"/request/save\?page=check-answers"))
    stylesheet = first.get(page.select_one('link[href^="/static/css/service.css"]')["href"])
    css = stylesheet.get_data(as_text=True)
    stylesheet.close()
    print_rules = css[css.index("@media print") :]
    for chrome in (".govuk-template__header", ".govuk-exit-this-page", ".govuk-summary-list__actions", "main form"):
        assert chrome in print_rules


def test_no_save_button_before_any_answer_or_on_exit_pages(app):
    first = _browser(app)
    assert first.page("/request/who").find("a", href=re.compile("/request/save")) is None
    response = post(first, "/request/who", {"who": "group"})
    exit_page = first.get(response.headers["Location"])
    assert exit_page.soup.find("a", href=re.compile("/request/save")) is None


def _outbox_rows(app: Any) -> int:
    with app.app_context(), db.transaction() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"email": "not an address", "check_kind": "word", "word": "heron"}, "Enter an email address in the correct"),
        ({"email": ADDRESS}, "Select how we should check it is you"),
        ({"email": ADDRESS, "check_kind": "word", "word": "a b"}, "Memorable word must be at least 4"),
        ({"email": ADDRESS, "check_kind": "word", "word": "bad\u0000word"}, "Memorable word"),
        (
            {"email": ADDRESS, "check_kind": "date_of_birth", "date_of_birth": ["31", "2", "1990"]},
            "must be a real date",
        ),
        (
            {"email": ADDRESS, "check_kind": "date_of_birth", "date_of_birth": ["1", "1", "2090"]},
            "today or in the past",
        ),
        ({"email": ADDRESS, "check_kind": "date_of_birth"}, "Enter your date of birth"),
        ({"email": ADDRESS, "check_kind": "other", "word": "heron"}, "Select how we should check it is you"),
    ],
)
def test_hostile_save_answers_get_an_error_and_store_nothing(app, values, message):
    first = _browser(app)
    _answer_up_to_objection(first)
    first.page("/request/save/details")
    response = post(first, "/request/save/details", values)
    assert response.status_code == 200
    assert message in response.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert (_saved_rows(app), _outbox_rows(app)) == (0, 0)


@pytest.mark.parametrize("token", ["", "short", "<script>alert(1)</script>" * 3, "a" * 5000, "é" * 43, "x" * 43])
def test_hostile_links_show_the_one_page(app, token):
    other = _browser(app)
    assert other.get("/return", query_string={"t": token}).status_code == 302
    assert other.page("/return/check").h1.get_text(strip=True) == "This link does not work"
    other.page("/request/who")  # a CSRF token for this session: the dead link's page has no form
    response = post(other, "/return/check", {"word": "heron"})
    assert response.status_code == 200
    assert response.soup.h1.get_text(strip=True) == "This link does not work"


def test_saving_needs_answers(app):
    fresh = _browser(app)
    assert fresh.get("/request/save").headers["Location"].endswith("/request/start")
    assert fresh.get("/request/save/details").headers["Location"].endswith("/request/start")


def test_an_answer_of_the_other_kind_is_asked_again(app, smtp_sink):
    first = _browser(app)
    _answer_up_to_objection(first)
    _save(first)
    other = _browser(app)
    other.get(_path(_link(app, smtp_sink)))
    response = post(other, "/return/check", {"word": "heron"})  # a stale memorable-word page
    assert "Enter your date of birth" in response.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
    assert _saved_rows(app) == 1


def test_save_on_one_instance_and_return_on_another_on_postgresql(tmp_path, clock, fresh_postgres, smtp_sink):
    """PostgreSQL (the migration, RETURNING, the outbox without a request) and two app instances: another device."""
    from tests.support.smtp import app_sending_to

    one = app_sending_to(tmp_path / "a", clock, smtp_sink.port, database_url=fresh_postgres)
    two = app_sending_to(tmp_path / "b", clock, smtp_sink.port, database_url=fresh_postgres)
    try:
        first = _browser(one)
        _answer_up_to_objection(first)
        _save(first)
        path = _path(_link(two, smtp_sink))
        other = _browser(two)
        other.get(path)
        wrong = post(other, "/return/check", {"date_of_birth": ["5", "7", "1988"]})
        assert "You have 4 more tries" in wrong.soup.select_one(".govuk-error-summary").get_text(" ", strip=True)
        response = post(other, "/return/check", {"date_of_birth": DOB})
        assert other.get(response.headers["Location"]).headers["Location"].endswith("/request/objection")
        assert _saved_rows(two) == 0
    finally:
        one.extensions["vrr.engine"].dispose()
        two.extensions["vrr.engine"].dispose()


def test_no_reminder_once_email_is_said_to_be_unsafe(app, smtp_sink, clock):
    """A reminder asked for before the contact page, then email said to be unsafe before saving again."""
    first = _browser(app)
    first.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(first, slug, values)
    answer(first, "victim", VICTIM)
    first.page("/request/save?page=victim-contact")
    post(first, "/request/save/details", {"email": ADDRESS, "check_kind": "word", "word": "heron", "reminder": "y"})
    unsafe = {**VICTIM_CONTACT, "safe_email": "no", "email": "", "preferred_contact": "phone"}
    answer(first, "victim-contact", unsafe)
    with app.app_context(), db.transaction() as s:  # what a save with a reminder would have kept
        row = s.scalars(select(SavedAnswers)).one()
        saved = db.cipher().open(row.data)
        saved["draft"]["answers"]["victim_contact"] = unsafe
        row.data = db.cipher().seal(saved)
    clock.moment += timedelta(days=26)
    with app.app_context():
        assert retention.purge(clock.moment).reminders == 0


def test_the_save_button_keeps_what_was_just_typed_on_the_page(app):
    client = _browser(app)
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    page = client.page("/request/victim")
    button = page.select_one("main form button[name=save_later]")
    assert button is not None and button.get_text(strip=True) == "Save and come back later"
    response = post(client, "/request/victim", {**VICTIM, "save_later": "1"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/request/save?page=victim")
    text = client.page(response.headers["Location"]).get_text(" ", strip=True)
    assert "need correcting" not in text
    again = client.page("/request/victim")
    assert again.select_one("#first_names")["value"] == VICTIM["first_names"]  # kept without pressing Continue


def test_the_save_button_on_a_page_with_mistakes_saves_the_rest_and_says_so(app):
    client = _browser(app)
    client.get("/request/start")
    for slug, values in ELIGIBLE_VICTIM.items():
        answer(client, slug, values)
    response = post(client, "/request/victim", {"first_names": "", "save_later": "1"})
    assert response.status_code == 302
    assert "unsaved=1" in response.headers["Location"]
    text = client.page(response.headers["Location"]).get_text(" ", strip=True)
    assert "Some answers on the page you were on need correcting" in text
    assert client.page("/request/victim").select_one("#first_names")["value"] == ""
