"""The JSON attachment: every journey's copy is valid against the published schema (docs/request-schema.json),
and the schema names every key and coded value the code can write, each with its meaning."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from sqlalchemy import select
from wtforms.fields.core import UnboundField

from app import db
from app.delivery.document import JSON_SCHEMA_VERSION, request_json
from app.delivery.worker import load_document
from app.domain.eligibility import CHOICES, Flag
from app.domain.languages import INTERPRETER_LANGUAGES, OTHER
from app.domain.time_limit import FLAG as TIME_LIMIT
from app.languages import LANGUAGES
from app.models import SubmittedRequest
from forms.contact import CONTACT_METHODS, ContactForm
from forms.objection import ObjectionForm
from forms.requester import CONSENT_METHODS, RequesterForm
from forms.victim import VictimDetailsForm
from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, answer, post

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((ROOT / "docs" / "request-schema.json").read_text())
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
SNAKE = re.compile(r"^[a-z][a-z0-9_]*$")
JOURNEYS = ("victim", "representative", "parent", "late", "not_sure")


def send(client: Any, journey: str, *, locale: str = "en", contact: dict[str, Any] | None = None) -> None:
    """Walk one kind of journey through the real pages, and send it (in ``locale``, chosen before sending)."""
    client.get("/request/start")
    who = journey if journey in ("representative", "parent") else "victim"
    answer(client, "who", {"who": who})
    if who == "representative":
        answer(client, "representative-type", {"representative_type": "solicitor"})
    not_sure = journey == "not_sure"
    answer(client, "suspect-interviewed", {"suspect_interviewed": "not_sure" if not_sure else "yes"})
    answer(client, "decision", {"decision": "not_sure" if not_sure else "no_charge"})
    told = ["1", "7", "2026"] if journey == "late" else ELIGIBLE_VICTIM["told-date"]["told_date"]
    answer(client, "told-date", {"told_date": told})
    if journey == "late":
        answer(client, "late-reason", {"late_reason": "I was in hospital.\nThen I waited for advice."})
    answer(client, "victim", VICTIM)
    contact_values = {**VICTIM_CONTACT, **(contact or {})}
    requester = {
        k: v for k, v in REQUESTER.items() if who == "representative" or k not in ("email", "phone", "consent_method")
    }
    if who == "parent":
        answer(client, "requester", {**requester, "relationship": "Mother"})
        answer(client, "requester-contact", {**contact_values, "email": "parent@example.com"})
    else:
        answer(client, "victim-contact", contact_values)
        if who == "representative":
            answer(client, "requester", requester)
    objection = dict(OBJECTION)
    if journey == "late":  # neither the crime reference nor the date of the crime known
        objection |= {"crime_reference": "", "reference_unknown": "y", "offence_date": ["", "", ""]}
        objection["offence_date_unknown"] = "y"
    answer(client, "objection", objection)
    if locale != "en":  # chosen on check your answers: the request records the language it was sent in
        client.locale = locale
        client.get(f"/request/check-answers?lang={locale}")
    response = post(client, "/request/check-answers", {"confirm": "y"})
    assert response.status_code == 302


def sent_document(app: Any) -> dict[str, Any]:
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    return request_json(load_document(app, request_id))


def assert_valid(document: dict[str, Any]) -> None:
    """Valid against the published schema (dates and email addresses checked too), keys snake_case."""
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(document)]
    assert not errors, errors
    assert not [key for key in _keys(document) if not SNAKE.match(key)]


def _keys(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [*value, *(k for v in value.values() for k in _keys(v))]
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


def test_the_schema_is_a_valid_2020_12_json_schema_of_this_version():
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["properties"]["schema_version"]["const"] == JSON_SCHEMA_VERSION
    assert f"schema version {JSON_SCHEMA_VERSION}" in (ROOT / "docs" / "request-schema.md").read_text()


@pytest.mark.parametrize("journey", JOURNEYS)
def test_every_journey_s_copy_is_valid_against_the_schema(app, client, journey):
    send(client, journey, contact={"interpreter_language": ""})  # no interpreter: "" in the form, null here
    document = json.loads(json.dumps(sent_document(app), ensure_ascii=False))  # as attached
    assert_valid(document)
    answers, flags = document["answers"], set(document["flags"])
    contact = answers["requester_contact" if journey == "parent" else "victim_contact"]
    assert contact["interpreter_language"] is None
    if journey == "representative":
        assert "representative" in flags and answers["requester"]["consent_method"] == "email"
    if journey == "parent":
        assert document["safe_contact"]["details_are_for"] == "requester" and "victim_contact" not in answers
    if journey == "late":
        assert "late" in flags and document["eligibility"]["late_reason"].startswith("I was in hospital.\n")
        assert answers["objection"]["offence_date"] is None and answers["objection"]["offence_date_unknown"] is True
    if journey == "not_sure":
        assert {"not_sure_suspect", "not_sure_decision"} <= flags
    if journey != "late":
        assert TIME_LIMIT in flags and answers["objection"]["offence_date"] == "2026-09-02"


def test_an_interpreter_in_another_language_in_an_urdu_form(app, client):
    send(client, "victim", locale="ur", contact={"interpreter_language": OTHER, "interpreter_language_other": "Pahari"})
    document = sent_document(app)
    assert_valid(document)
    assert document["locale"] == "ur"
    assert document["answers"]["victim_contact"]["interpreter_language_other"] == "Pahari"


def test_a_copy_the_schema_does_not_describe_is_refused():
    """The validator really checks: wrong codes, dates that are not ISO 8601 and unknown keys all fail."""
    valid_enough = {"flags": ["late", "urgent"], "acknowledge_by": "7/12/2026", "answers": {"victim-contact": {}}}
    messages = " ".join(e.message for e in VALIDATOR.iter_errors(valid_enough))
    assert "'urgent' is not valid" in messages
    assert "'7/12/2026' is not a 'date'" in messages
    assert "'victim-contact' was unexpected" in messages


def _codes(node: dict[str, Any]) -> set[Any]:
    """The coded values a schema node lists; each must say what it means."""
    options = node["oneOf"]
    assert all(option.get("description") for option in options), node
    return {option["const"] for option in options if "const" in option}


def test_every_coded_value_the_code_writes_is_listed_with_its_meaning():
    props = SCHEMA["properties"]
    eligibility = props["eligibility"]["properties"]
    answers = props["answers"]["properties"]
    assert _codes(props["flags"]["items"]) == {f.value for f in Flag} | {TIME_LIMIT}
    assert _codes(props["locale"]) == {language.code for language in LANGUAGES}
    for question, choices in CHOICES.items():
        assert _codes(eligibility[question]) == set(choices), question
    assert _codes(answers["requester"]["properties"]["consent_method"]) == {c for c, _ in CONSENT_METHODS}
    for page in ("victim_contact", "requester_contact"):
        assert _codes(answers[page]["properties"]["preferred_contact"]) == {c for c, _ in CONTACT_METHODS}
    assert _codes(SCHEMA["$defs"]["interpreter_language"]) == {*INTERPRETER_LANGUAGES, OTHER}


def _field_names(form_class: type) -> set[str]:
    names = {name for name in dir(form_class) if isinstance(getattr(form_class, name), UnboundField)}
    return names - {"hp_extra_details", "shown_at"}  # the spam checks, never stored


def test_every_answer_the_forms_store_is_described():
    pages = SCHEMA["properties"]["answers"]["properties"]
    for page, form_class in (
        ("victim", VictimDetailsForm),
        ("victim_contact", ContactForm),
        ("requester_contact", ContactForm),
        ("requester", RequesterForm),
        ("objection", ObjectionForm),
    ):
        assert set(pages[page]["properties"]) == _field_names(form_class), page


def test_the_prose_names_every_top_level_field_of_the_schema():
    prose = (ROOT / "docs" / "request-schema.md").read_text()
    named = set(re.findall(r"^\| `([a-z_]+)`", prose, flags=re.MULTILINE))
    named |= set(re.findall(r"^\| `[a-z_]+`, `([a-z_]+)`", prose, flags=re.MULTILINE))
    assert named == set(SCHEMA["properties"])
