"""The typed application: stored and read back unchanged, and drafts of the previous version upgraded."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from app.domain.eligibility import EligibilityAnswers
from app.model.answers import Contact, Objection, Requester, VictimDetails
from app.model.application import STORED_VERSION, Application, Submission

APPLICATION = Application(
    eligibility=EligibilityAnswers(who="representative", representative_type="solicitor", told_date=date(2026, 9, 1)),
    victim=VictimDetails(first_names="Amira", last_name="Khan", date_of_birth=date(1990, 3, 4), district="Leeds"),
    victim_contact=Contact(safe_email="no", safe_phone="yes", mobile_phone="07700 900982"),
    requester=Requester(first_names="Sam", last_name="Jones", email="sam@example.org", consent_method="post"),
    objection=Objection(crime_reference="", reference_unknown=True, offence_date=date(2026, 8, 1), objection="x"),
    stats_recorded=True,
)


def test_an_application_round_trips_through_its_stored_form() -> None:
    stored = APPLICATION.to_dict()
    assert stored["schema_version"] == STORED_VERSION
    assert stored["answers"]["victim"]["date_of_birth"] == "1990-03-04"  # JSON-ready
    assert Application.from_dict(stored) == APPLICATION


def test_a_submission_round_trips() -> None:
    # A sent request is counted already: it keeps no "counted" mark of its own.
    sent = Submission(dataclasses.replace(APPLICATION, stats_recorded=False), "cy", "eligible", ("representative",))
    assert Submission.from_dict(sent.to_dict()) == sent


def test_a_draft_of_the_previous_version_is_upgraded() -> None:
    version_1 = {
        "eligibility": {"who": "victim", "told_date": "2026-09-01"},
        "answers": {"victim-contact": {"safe_email": "yes", "email": "a@example.org"}, "victim": {"last_name": "K"}},
        "started_at": "2026-11-23T10:00:00+00:00",
        "stats_recorded": False,
    }
    application = Application.from_dict(version_1)
    assert application.victim_contact == Contact(safe_email="yes", email="a@example.org")
    assert application.victim == VictimDetails(last_name="K")
    assert application.eligibility.told_date == date(2026, 9, 1)
    assert "started_at" not in application.to_dict()


def test_a_stored_field_since_removed_and_a_broken_date_are_read_as_not_answered() -> None:
    stored = {"schema_version": 2, "answers": {"objection": {"offence_date": "2026-02-31", "gone": "x"}}}
    assert Application.from_dict(stored).objection == Objection(offence_date=None)


def test_the_confirmation_goes_only_to_a_safe_inbox_or_the_representative() -> None:
    assert APPLICATION.confirmation_address == "sam@example.org"
    unsafe = Application(victim_contact=Contact(safe_email="no", email="a@example.org"))
    assert unsafe.confirmation_address is None
    safe = Application(requester_contact=Contact(safe_email="yes", email="p@example.org"))
    assert safe.confirmation_address == "p@example.org"
    assert safe.contact[0] == "requester_contact"


def test_a_step_holds_only_its_own_kind_of_answers() -> None:
    with pytest.raises(TypeError):
        APPLICATION.with_step("victim", Contact())
