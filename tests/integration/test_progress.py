"""Issue 20 end to end: staff record progress through the links in the real force email, the person sees where
their request is, reminders fire once on the right working day, and the timeliness figures."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, datetime

import pikepdf
import pytest
from sqlalchemy import select, update

from app import db
from app.config import ROOT
from app.delivery import worker
from app.models import OutboxMessage, RequestProgress, SubmittedRequest
from app.progress import links
from tests.support.journey import VICTIM_CONTACT, complete_journey, post
from tests.support.smtp import app_sending_to, mail_app

STAFF_LINK = re.compile(r"http://127\.0\.0\.1:5000(/record-progress\?t=[\w.\-]+)")
PERSON_LINK = re.compile(r"http://127\.0\.0\.1:5000(/your-request\?t=[\w.\-]+&lang=en)")


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


def _body(message) -> str:
    return message.get_body(("plain",)).get_content()


def _sent_request(app, client, smtp_sink):
    """Send a request (the victim said email is safe) and deliver its two emails: (reference, force, person)."""
    complete_journey(client)
    assert worker.process_once(app) == 2
    messages = smtp_sink.wait_for(2)
    force = next(m for m in messages if m["To"] == "criminal-justice-vrr@west-yorkshire.example.org")
    person = next(m for m in messages if m["To"] == "amira@example.com")
    with app.app_context(), db.transaction() as s:
        reference = s.scalars(select(SubmittedRequest.reference)).one()
    return reference, force, person


def _progress(app) -> tuple[datetime | None, datetime | None, str | None]:
    with app.app_context(), db.transaction() as s:
        row = s.scalars(select(RequestProgress)).first()
        return (row.acknowledged_at, row.finished_at, row.outcome) if row else (None, None, None)


def _outbox_kinds(app) -> list[str]:
    with app.app_context(), db.transaction() as s:
        return list(s.scalars(select(OutboxMessage.kind).order_by(OutboxMessage.id)))


def test_a_request_walked_through_acknowledgement_and_completion_from_the_emailed_links(app, client, smtp_sink, clock):
    reference, force, person = _sent_request(app, client, smtp_sink)
    acknowledge, finish = STAFF_LINK.findall(_body(force))
    assert "Record that this request has been acknowledged" in force.get_body(("html",)).get_content()
    assert reference not in acknowledge + finish  # the links carry no reference
    (progress_page,) = PERSON_LINK.findall(_body(person))

    # A mail scanner (or a person) opening the link records nothing: only the button does.
    page = client.page(acknowledge)
    assert page.h1.get_text(strip=True) == "Record that this request has been acknowledged"
    assert _progress(app) == (None, None, None)

    clock.moment = datetime(2026, 11, 25, 9, 30, tzinfo=UTC)
    response = client.submit(acknowledge, {}, follow=True)
    assert "Recorded on 25 November 2026." in response.soup.get_text(" ", strip=True)
    assert _progress(app)[0] is not None

    # A replayed POST changes nothing, and says so.
    clock.moment = datetime(2026, 11, 26, 9, 30, tzinfo=UTC)
    again = client.submit(acknowledge, {}, follow=True)
    assert "already recorded on 25 November 2026" in again.soup.get_text(" ", strip=True)
    assert _outbox_kinds(app) == ["force", "applicant", "person_ack"]

    assert worker.process_once(app) == 1
    update_email = smtp_sink.wait_for(3)[-1]
    assert update_email["To"] == "amira@example.com"
    assert update_email["Subject"] == f"Update on your request for a review: {reference}"
    assert "They recorded it on 25 November 2026" in _body(update_email)

    clock.moment = datetime(2026, 12, 14, 15, 0, tzinfo=UTC)
    client.page(finish)
    done = client.submit(finish, {"outcome": "overturned", "note": "The file goes back to the investigating team."})
    assert done.status_code == 302
    acknowledged_at, finished_at, outcome = _progress(app)
    assert (acknowledged_at.day, finished_at.day, outcome) == (25, 14, "overturned")
    replay = client.submit(finish, {"outcome": "upheld"}, follow=True)
    assert "already recorded on 14 December 2026" in replay.soup.get_text(" ", strip=True)
    assert _progress(app)[2] == "overturned"
    assert worker.process_once(app) == 1
    finished_email = smtp_sink.wait_for(4)[-1]
    assert "The decision not to prosecute was overturned." in _body(finished_email)

    # The person's page: the link and the reference typed in; dates and the outcome, no answers or names.
    form = client.page(progress_page)
    assert form.h1.get_text(strip=True) == "Where your request is"
    wrong = client.submit(progress_page, {"reference": "WYP-2345-6789-ABCD"})
    assert wrong.status_code == 200
    assert "Enter the reference number from the email that gave you this link" in wrong.soup.get_text()
    status = client.submit(progress_page, {"reference": reference.lower().replace("-", " ")})
    text = status.soup.get_text(" ", strip=True)
    assert "Acknowledged 25 November 2026" in text
    assert "Finished 14 December 2026 The decision not to prosecute was overturned." in text
    assert "The file goes back to the investigating team." in text
    assert "60 days after its last email" in text
    for personal in ("Amira", "Okonkwo", "Briggate", "Station Road", "13/123456/26"):
        assert personal not in status.get_data(as_text=True)


def test_forged_and_cross_audience_links_change_nothing(app, client, smtp_sink):
    _reference, force, person = _sent_request(app, client, smtp_sink)
    acknowledge, _finish = STAFF_LINK.findall(_body(force))
    (progress_page,) = PERSON_LINK.findall(_body(person))
    token = acknowledge.split("t=", 1)[1]
    forged = [
        acknowledge[:-3] + ("aaa" if not acknowledge.endswith("aaa") else "bbb"),  # signature broken
        "/record-progress?t=" + progress_page.split("t=", 1)[1].split("&")[0],  # the person's token
        "/your-request?t=" + token,  # a staff token on the person's page
    ]
    app.config["SECRET_KEY"] = "another-key-entirely-another-key-entirely"
    with app.test_request_context("/"):
        forged.append("/record-progress?t=" + links.staff_token(1, "acknowledge"))  # signed with another key
    app.config["SECRET_KEY"] = app.config["VRR_SETTINGS"].secret_key
    for link in forged:
        page = client.page(link, status=404)
        assert page.h1.get_text(strip=True) == "This link does not work"
        assert client.submit(link, {"outcome": "upheld"}).status_code == 404
    assert _progress(app) == (None, None, None)
    assert _outbox_kinds(app) == ["force", "applicant"]


def test_a_purged_requests_links_have_expired(app, client, smtp_sink):
    _reference, force, person = _sent_request(app, client, smtp_sink)
    acknowledge, finish = STAFF_LINK.findall(_body(force))
    (progress_page,) = PERSON_LINK.findall(_body(person))
    client.page(acknowledge)  # the page was open before the purge
    with app.app_context(), db.transaction() as s:
        s.execute(update(SubmittedRequest).values(payload=None))
    for link in (acknowledge, finish, progress_page):
        page = client.page(link, status=410)
        assert page.h1.get_text(strip=True) == "This link has expired"
    assert client.submit(acknowledge, {}).status_code == 410
    assert client.submit(finish, {"outcome": "upheld"}).status_code == 410
    assert _progress(app) == (None, None, None)
    assert _outbox_kinds(app) == ["force", "applicant"]


def test_the_finish_form_needs_an_outcome_and_a_short_note(app, client, smtp_sink):
    _reference, force, _person = _sent_request(app, client, smtp_sink)
    _acknowledge, finish = STAFF_LINK.findall(_body(force))
    client.page(finish)
    missing = client.submit(finish, {})
    assert "Select the outcome of the review" in missing.soup.select_one(".govuk-error-summary").get_text()
    too_long = client.submit(finish, {"outcome": "other", "note": "x" * 301})
    assert "300 characters or fewer" in too_long.soup.select_one(".govuk-error-summary").get_text()
    hostile = client.submit(finish, {"outcome": "<script>"})
    assert hostile.status_code == 200 and hostile.soup.select_one(".govuk-error-summary")
    assert _progress(app) == (None, None, None)


def _remind(app) -> str:
    result = app.test_cli_runner().invoke(args=["remind"])
    assert result.exit_code == 0, result.output
    return result.output


def _reminders(app) -> list[str]:
    return [kind for kind in _outbox_kinds(app) if kind not in ("force", "applicant")]


def test_each_reminder_fires_once_on_its_working_day(app, client, smtp_sink, clock):
    reference, _force, _person = _sent_request(app, client, smtp_sink)  # Monday 23 November 2026
    days = {
        datetime(2026, 12, 2, 7, tzinfo=UTC): [],  # Wednesday: nothing due yet
        datetime(2026, 12, 3, 7, tzinfo=UTC): ["ack_due"],  # 2 working days before Monday 7 December
        datetime(2026, 12, 4, 7, tzinfo=UTC): [],  # already sent
        datetime(2026, 12, 7, 7, tzinfo=UTC): ["digest"],  # Monday: the weekly digest, no new reminder
        datetime(2026, 12, 8, 7, tzinfo=UTC): ["ack_overdue"],  # the working day after the acknowledge-by date
        datetime(2026, 12, 9, 7, tzinfo=UTC): [],
    }
    seen: list[str] = ["digest"]  # the first run, Monday 30 November: the weekly digest
    clock.moment = datetime(2026, 11, 30, 7, tzinfo=UTC)
    _remind(app)
    assert _reminders(app) == ["digest"]
    worker.process_once(app)
    for moment, expected in days.items():
        clock.moment = moment
        _remind(app)
        _remind(app)  # a second run the same day queues nothing more
        seen += expected
        assert _reminders(app) == seen, moment
        worker.process_once(app)  # the worker sends at once, on the same day
    subjects = [m["Subject"] for m in smtp_sink.wait_for(2 + len(seen))[2:]]
    assert subjects[1] == f"{reference} – ACKNOWLEDGEMENT DUE – acknowledge by Monday 7 December 2026"
    assert subjects[3] == f"{reference} – OVERDUE – acknowledgement was due by Monday 7 December 2026"
    assert subjects[0] == subjects[2] == "VRR weekly digest – 1 open requests – 0 OVERDUE"
    overdue = smtp_sink.messages[-1]
    assert overdue["To"] == "criminal-justice-vrr@west-yorkshire.example.org"
    assert len(STAFF_LINK.findall(_body(overdue))) == 2
    assert "Okonkwo" not in overdue.as_string()


def test_an_acknowledged_request_is_reminded_only_about_its_review(app, client, smtp_sink, clock):
    _reference, force, _person = _sent_request(app, client, smtp_sink)
    acknowledge, _finish = STAFF_LINK.findall(_body(force))
    client.page(acknowledge)
    client.submit(acknowledge, {})
    clock.moment = datetime(2026, 12, 29, 7, tzinfo=UTC)  # a Tuesday; the review-due day is Wednesday 30th
    _remind(app)
    assert _reminders(app) == ["person_ack", "digest"]
    clock.moment = datetime(2026, 12, 30, 7, tzinfo=UTC)
    _remind(app)
    assert _reminders(app) == ["person_ack", "digest", "review_due"]
    clock.moment = datetime(2027, 1, 8, 7, tzinfo=UTC)  # the working day after Thursday 7 January
    _remind(app)
    assert _reminders(app) == ["person_ack", "digest", "review_due", "review_overdue", "digest"]  # a new week


def test_timeliness_figures_as_csv(app, client, smtp_sink, clock):
    _reference, force, _person = _sent_request(app, client, smtp_sink)
    acknowledge, finish = STAFF_LINK.findall(_body(force))
    client.page(acknowledge)
    clock.moment = datetime(2026, 12, 8, 9, tzinfo=UTC)  # a day after the acknowledge-by date: late
    client.submit(acknowledge, {})
    client.submit(finish, {"outcome": "upheld"})
    result = app.test_cli_runner().invoke(args=["stats", "--timeliness"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "year,month,received,acknowledged_within_10_working_days,finished_within_30_working_days,overdue_now,"
        "outcome_upheld,outcome_overturned,outcome_other",
        "2026,11,1,0,1,0,1,0,0",
    ]


def test_a_force_can_turn_the_links_off(tmp_path, clock, smtp_sink):
    shipped = ROOT / "app" / "forces" / "west-yorkshire.toml"
    text = shipped.read_text(encoding="utf-8")
    assert "progress_links = true" in text
    (tmp_path / "force.toml").write_text(text.replace("progress_links = true", "progress_links = false"))
    shutil.copytree(shipped.parent / "west-yorkshire", tmp_path / "west-yorkshire")  # the logo beside the profile
    app = app_sending_to(tmp_path, clock, smtp_sink.port, force_file=str(tmp_path / "force.toml"))
    client = app.test_client()
    complete_journey(client)
    assert worker.process_once(app) == 2
    messages = smtp_sink.wait_for(2)
    assert len(messages) == 2
    assert all("/record-progress" not in m.as_string() and "/your-request" not in m.as_string() for m in messages)
    with app.test_request_context("/"):
        staff, person = links.staff_token(1, "acknowledge"), links.person_token(1)
    assert client.get(f"/record-progress?t={staff}").status_code == 404
    assert client.get(f"/your-request?t={person}").status_code == 404
    assert "turned off" in _remind(app)
    assert _reminders(app) == []
    app.extensions["vrr.engine"].dispose()


def test_no_safe_inbox_means_no_progress_link_and_no_update_email(app, client, smtp_sink):
    complete_journey(client, submit=False)
    unsafe = {**VICTIM_CONTACT, "safe_email": "no", "email": "", "preferred_contact": "phone"}
    assert post(client, "/request/victim-contact?change=1", unsafe).status_code == 302
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    assert worker.process_once(app) == 1
    (force,) = smtp_sink.wait_for(1)
    acknowledge, _finish = STAFF_LINK.findall(_body(force))
    client.page(acknowledge)
    client.submit(acknowledge, {})
    assert _progress(app)[0] is not None
    assert _outbox_kinds(app) == ["force"]  # no update for an inbox that is not safe


def test_the_staff_pdf_carries_the_links(app, client, smtp_sink, tmp_path):
    _reference, force, _person = _sent_request(app, client, smtp_sink)
    pdf = next(p for p in force.iter_attachments() if p.get_filename().endswith(".pdf")).get_content()
    (tmp_path / "staff.pdf").write_bytes(pdf)
    text = subprocess.run(["pdftotext", str(tmp_path / "staff.pdf"), "-"], capture_output=True, check=True, text=True)
    flat = " ".join(text.stdout.split())
    assert "Record that this request has been acknowledged" in flat
    assert "Record that the review is finished" in flat
    uris = {
        str(a.get("/A", {}).get("/URI", ""))
        for page in pikepdf.open(tmp_path / "staff.pdf").pages
        for a in page.get("/Annots", [])
    }
    assert {f"http://127.0.0.1:5000{link}" for link in STAFF_LINK.findall(_body(force))} <= uris


def test_hostile_references_get_an_error_and_the_page_is_rate_limited(app, client, smtp_sink):
    _reference, _force, person = _sent_request(app, client, smtp_sink)
    (progress_page,) = PERSON_LINK.findall(_body(person))
    client.page(progress_page)
    for typed in ("", "x" * 5000, "WYP-\x00-<script>", "' OR 1=1 --"):
        response = client.submit(progress_page, {"reference": typed})
        assert response.status_code == 200
        assert response.soup.select_one(".govuk-error-summary a")["href"] == "#reference"
    statuses = [client.submit(progress_page, {"reference": "WYP-2345-6789-ABCD"}).status_code for _ in range(7)]
    assert statuses[:6] == [200] * 6  # 10 a minute per address: 4 above and 6 here
    assert statuses[6] == 429


def test_remind_removes_the_note_of_a_purged_request(app, client, smtp_sink):
    _reference, force, _person = _sent_request(app, client, smtp_sink)
    _acknowledge, finish = STAFF_LINK.findall(_body(force))
    client.page(finish)
    client.submit(finish, {"outcome": "other", "note": "Referred to the CPS."})
    with app.app_context(), db.transaction() as s:
        assert s.scalars(select(RequestProgress.note)).one() is not None
    assert "notes of purged requests removed: 0" in _remind(app)
    with app.app_context(), db.transaction() as s:
        s.execute(update(SubmittedRequest).values(payload=None))
    assert "notes of purged requests removed: 1" in _remind(app)
    with app.app_context(), db.transaction() as s:
        assert s.scalars(select(RequestProgress.note)).one() is None
        assert s.scalars(select(RequestProgress.outcome)).one() == "other"  # the anonymous facts stay


def test_the_persons_link_and_update_are_in_the_language_of_their_form(app, client, smtp_sink):
    client.locale = "cy"  # the page checks expect Welsh pages from here on
    client.get("/request/start?lang=cy")
    complete_journey(client)
    assert worker.process_once(app) == 2
    messages = smtp_sink.wait_for(2)
    force = next(m for m in messages if m["To"] == "criminal-justice-vrr@west-yorkshire.example.org")
    person = next(m for m in messages if m["To"] == "amira@example.com")
    (progress_page,) = re.findall(r"http://127\.0\.0\.1:5000(/your-request\?t=[\w.\-]+&lang=cy)", _body(person))
    assert client.page(progress_page).html["lang"] == "cy"
    client.locale = "en"
    acknowledge, _finish = STAFF_LINK.findall(_body(force))
    client.page(f"{acknowledge}&lang=en")
    client.submit(f"{acknowledge}&lang=en", {})
    assert worker.process_once(app) == 1
    update_email = smtp_sink.wait_for(3)[-1]
    assert '<html lang="cy"' in update_email.get_body(("html",)).get_content()
    assert "&lang=cy" in _body(update_email)
