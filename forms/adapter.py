"""Forms are thin adapters: answers from the typed application into a form, and a valid form's data back.

A form's field names are the answer classes' field names (app/model/answers.py), so nothing is mapped by hand.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from wtforms import Form

from app.domain import eligibility as rules
from app.domain.eligibility import FOLLOW_UPS, EligibilityAnswers

T = TypeVar("T")


def asked_with(question: str) -> list[str]:
    """The eligibility answers a question's page holds: the question, and its follow-up asked in place."""
    return [question, FOLLOW_UPS[question][1]] if question in FOLLOW_UPS else [question]


def question_data(question: str, answers: EligibilityAnswers) -> dict[str, Any]:
    return {name: getattr(answers, name) for name in asked_with(question)}


def question_answers(question: str, form: Form, answers: EligibilityAnswers) -> EligibilityAnswers:
    """The eligibility answers with this page's answer (and a follow-up answered under it) in place."""
    value = form[question].data
    changed: dict[str, Any] = {question: value}
    if question in FOLLOW_UPS:
        answer, follow_up = FOLLOW_UPS[question]
        if value == answer and form[follow_up].data:  # answered in place, under the answer it belongs to
            changed[follow_up] = form[follow_up].data
    # Through the domain's own reading, so an answer that is not one of a question's choices is never kept.
    mapping: dict[str, object] = {**answers.to_mapping(), **changed}
    return rules.answers_from_mapping(mapping)


def step_data(answers: Any | None) -> dict[str, Any]:
    """A step's stored answers as a form's ``data`` (dates stay dates)."""
    return {} if answers is None else {f.name: getattr(answers, f.name) for f in dataclasses.fields(answers)}


def step_answers(kind: type[T], form: Form) -> T:
    """A valid form's data as the step's answer class. A field the form does not ask (removed for this person)
    is left as not asked."""
    names = [f.name for f in dataclasses.fields(kind)]  # type: ignore[arg-type]
    return kind(**{name: form[name].data for name in names if name in form})
