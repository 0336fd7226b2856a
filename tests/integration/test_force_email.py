"""The force's email as staff read it: the plain-text part line by line, and the subject they scan.

Every email goes through the real delivery worker to a real SMTP server (aiosmtpd); its JSON attachment is
validated against the published schema each time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP, default
from itertools import pairwise
from typing import Any

import pytest

from app.delivery import worker
from app.delivery.document import RequestDocument
from app.delivery.email import SUBJECT_MAX, force_subject
from app.model.application import Submission
from tests.integration.test_request_json import assert_valid, send
from tests.support.journey import OBJECTION
from tests.support.smtp import app_sending_to, mail_app

FORCE_MAILBOX = "criminal-justice-vrr@west-yorkshire.example.org"
# Our own labels: each starts its own line, and never shows in the middle of one.
LABELS = (
    "Reference:",
    "Received:",
    "District:",
    "Form language:",
    "Who is asking:",
    "Eligibility outcome:",
    "Flags:",
    "Why late:",
    "Victim's written consent:",
    "Victim:",
    "Person asking:",
    "Relationship to the victim:",
    "Crime reference:",
    "Crime:",
    "When it happened:",
    "Safe contact:",
    "Interpreter:",
    "Acknowledge by:",
    "Review by:",
)


@pytest.fixture
def app(tmp_path, clock, smtp_sink):
    yield from mail_app(tmp_path, clock, smtp_sink)


def force_email(app: Any, smtp_sink: Any) -> EmailMessage:
    worker.process_once(app)
    messages = smtp_sink.wait_for(2)
    return next(m for m in messages if m["To"] == FORCE_MAILBOX)


def read(message: EmailMessage) -> list[str]:
    """The plain-text part as a person reads it, checked for what makes it hard to read; and its JSON valid."""
    json_part = next(p for p in message.iter_attachments() if p.get_content_type() == "application/json")
    assert_valid(json.loads(json_part.get_content()))
    lines = message.get_body(("plain",)).get_content().splitlines()
    for line in lines:
        assert not any(mark in line for mark in ("{%", "%}", "{{", "}}", "None")), line
        inside = [label for label in LABELS if label in line[1:]]
        assert not inside or line.startswith("> "), f"two things run together: {line!r}"
    for before, line in pairwise(lines):
        if line.startswith("> "):  # a typed answer follows its label (or more of the same answer)
            assert before.startswith("> ") or before.endswith((":", "?")), (before, line)
    return lines


def after(lines: list[str], label: str) -> list[str]:
    """The lines under ``label`` until the next line that is not part of its value."""
    start = lines.index(label) + 1
    end = start
    while end < len(lines) and lines[end].startswith(("> ", "- ")):
        end += 1
    return lines[start:end]


def test_a_victim_s_email_reads_line_by_line(app, client, smtp_sink):
    send(client, "victim")
    message = force_email(app, smtp_sink)
    lines = read(message)
    reference = lines[0].rsplit(" ", 1)[1]
    assert message["Subject"] == f"VRR {reference} – Leeds – crime ref 13/123456/26 – TIME LIMIT"
    who = lines.index("Who is asking: The victim")
    assert lines[who + 1] == "Eligibility outcome: eligible"  # not "Who is asking: The victimEligibility…"
    assert lines[who - 3 : who] == [
        "Received: 23 November 2026 at 10:00 (UK time)",
        "District: Leeds",
        "Form language: English",
    ]
    flags = after(lines, "Flags:")
    assert len(flags) == 1 and flags[0].startswith("- TIME LIMIT")
    assert after(lines, "Victim:") == ["> Amira Okonkwo-Smith"]
    assert after(lines, "Crime reference:") == ["> 13/123456/26"]
    assert after(lines, "Crime:") == [f"> {OBJECTION['offence']}"]
    assert "When it happened: 2 September 2026" in lines
    assert after(lines, "Safe contact:") == [
        "- Contact details are for THE VICTIM, WHO IS ASKING",
        "- NOT SAFE: voicemail",
        "- Safe: email, phone calls, text messages, letters",
        "- Preferred: email",
    ]
    assert after(lines, "Times to avoid:") == ["> Weekday evenings"]
    assert "Acknowledge by: Monday 7 December 2026" in lines
    assert "Person asking:" not in lines
    assert "The full request is attached as a PDF, with a machine-readable JSON copy." in lines


def test_a_representative_s_email_names_them_and_the_permission_on_lines_of_their_own(app, client, smtp_sink):
    send(client, "representative")
    message = force_email(app, smtp_sink)
    lines = read(message)
    assert message["Subject"].endswith(" – Leeds – crime ref 13/123456/26 – TIME LIMIT, REPRESENTATIVE")
    assert "Who is asking: Someone acting for the victim (solicitor)" in lines
    assert after(lines, "Person asking:") == ["> Daniel Reyes"]
    assert after(lines, "Organisation:") == ["> Reyes Solicitors"]
    assert after(lines, "Relationship to the victim:") == ["> Solicitor"]
    assert "Victim's written consent: Not received yet: the representative will email it" in lines
    assert after(lines, "Safe contact:")[0] == "- Contact details are for THE VICTIM (NOT THE REPRESENTATIVE)"
    assert [line[:16] for line in after(lines, "Flags:")] == ["- REPRESENTATIVE", "- TIME LIMIT: ch"]


def test_a_parent_s_email_says_the_contact_details_are_the_parent_s(app, client, smtp_sink):
    send(client, "parent")
    message = force_email(app, smtp_sink)
    lines = read(message)
    assert message["Subject"].endswith(" – TIME LIMIT, ON BEHALF")
    assert "Who is asking: Parent or guardian of a victim under 18" in lines
    assert after(lines, "Relationship to the victim:") == ["> Mother"]
    assert after(lines, "Safe contact:")[0] == "- Contact details are for THE PARENT OR GUARDIAN (NOT THE VICTIM)"


def test_a_late_request_s_email_quotes_the_reason_and_says_what_is_not_known(app, client, smtp_sink):
    send(client, "late")
    message = force_email(app, smtp_sink)
    lines = read(message)
    reference = lines[0].rsplit(" ", 1)[1]
    assert message["Subject"] == f"VRR {reference} – Leeds – LATE"  # no crime reference given
    assert after(lines, "Why late:") == ["> I was in hospital.", "> Then I waited for advice."]
    assert "Crime reference: not known" in lines
    assert "When it happened: not known" in lines
    assert after(lines, "Flags:")[0].startswith("- LATE")


def test_without_a_pdf_the_answers_are_in_the_email_under_their_headings(tmp_path, clock, smtp_sink):
    app = app_sending_to(tmp_path, clock, smtp_sink.port, pdf_timeout_seconds=0.001)  # the PDF cannot be made
    client = app.test_client()
    send(client, "victim", locale="ur", contact={"interpreter_language": "ur"})
    message = force_email(app, smtp_sink)
    app.extensions["vrr.engine"].dispose()
    assert [p.get_content_type() for p in message.iter_attachments()] == ["application/json"]
    lines = read(message)
    assert message["Subject"].endswith(" – Leeds – crime ref 13/123456/26 – Urdu form – TIME LIMIT")
    assert "Form language: Urdu" in lines
    assert after(lines, "Interpreter:") == ["> Urdu"]  # named in English, never its code
    assert (
        "THE PDF COPY OF THIS REQUEST COULD NOT BE MADE. The answers are below, and in the attached JSON copy." in lines
    )
    for heading in (
        "ABOUT THE REQUEST (ELIGIBILITY ANSWERS)",
        "DETAILS OF THE PERSON ASKING",
        "WHY THE DECISION SHOULD BE REVIEWED",
    ):
        assert lines[lines.index(heading) - 1] == "", heading  # a blank line before each heading
    assert after(lines, "What did the police decide?") == ["> They decided not to charge the suspect"]
    assert after(lines, "Address:") == ["> 12 Station Road", "> Leeds", "> LS1 4HY"]
    assert after(lines, "Why you think the decision is wrong:") == [f"> {OBJECTION['objection']}"]


# The subject: built from a stored request's payload, as the worker does.


def _document(
    app: Any, flags: list[str], *, locale: str = "en", district: str = "Leeds", crime_reference: str = ""
) -> RequestDocument:
    payload = {
        "locale": locale,
        "flags": flags,
        "answers": {"victim": {"district": district}, "objection": {"crime_reference": crime_reference or None}},
    }
    return RequestDocument(
        "WYP-7K3M-9Q2D-X4TB", datetime(2026, 11, 23, tzinfo=UTC), app.config["VRR_FORCE"], Submission.from_dict(payload)
    )


def test_subject_tags_come_from_a_table_most_urgent_first_and_unknown_flags_by_their_code(app):
    flags = ["not_sure_decision", "new_thing", "late", "not_sure_suspect", "reinstated", "time_limit"]
    subject = force_subject(_document(app, flags, locale="zh_Hans"))
    assert subject == (
        "VRR WYP-7K3M-9Q2D-X4TB – Leeds – Chinese (Simplified) form – TIME LIMIT, LATE, NOT SURE, REINSTATED, NEW_THING"
    )


def test_a_long_subject_keeps_its_flags_and_shortens_the_crime_reference(app):
    flags = ["late", "not_sure_decision", "reinstated", "representative", "time_limit"]
    tail = " – Punjabi (Gurmukhi) form – TIME LIMIT, LATE, REPRESENTATIVE, NOT SURE, REINSTATED"
    subject = force_subject(_document(app, flags, locale="pa", district="Bradford", crime_reference="A" * 60))
    assert len(subject) == SUBJECT_MAX
    assert subject.startswith("VRR WYP-7K3M-9Q2D-X4TB – Bradford – crime ref AAAA") and subject.endswith("A…" + tail)
    no_room = _document(app, flags, locale="pa", district="Calderdale and Kirklees North", crime_reference="A" * 60)
    subject = force_subject(no_room)
    assert len(subject) <= SUBJECT_MAX
    assert subject == "VRR WYP-7K3M-9Q2D-X4TB – Calderdale and Kirklees North" + tail  # the rest is in the email


def test_a_hostile_crime_reference_cannot_break_or_forge_the_subject(app):
    hostile = "=?utf-8?q?x=0D=0ABcc:_evil@example.com?= \u202e\u2028Re: urgent"
    subject = force_subject(_document(app, ["late"], crime_reference=hostile))
    message = EmailMessage()
    message["Subject"] = subject
    raw = message.as_bytes(policy=SMTP)
    parsed = BytesParser(policy=default).parsebytes(raw)
    assert parsed["Subject"] == subject  # as we wrote it: no encoded word decoded into a line break
    assert not any(ch in parsed["Subject"] for ch in "\r\n\u202e\u2028")
    assert all(len(line) <= 78 for line in raw.split(b"\r\n"))  # folded by the email library
    assert parsed["Bcc"] is None
