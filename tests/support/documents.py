"""Variations of a stored request for PDF and email tests, made through the typed model."""

from __future__ import annotations

import dataclasses
from typing import Any

from app.delivery.document import RequestDocument
from app.model.answers import Objection


def with_objection(doc: RequestDocument, text: str) -> RequestDocument:
    """The same request with another answer to "Why do you think the decision is wrong?"."""
    objection = dataclasses.replace(doc.application.objection or Objection(), objection=text)
    return with_application(doc, doc.application.with_step("objection", objection))


def with_step_values(doc: RequestDocument, step: str, **values: Any) -> RequestDocument:
    answers = doc.application.step(step)
    assert answers is not None, f"the request has no {step} answers"
    return with_application(doc, doc.application.with_step(step, dataclasses.replace(answers, **values)))


def with_application(doc: RequestDocument, application: Any) -> RequestDocument:
    return dataclasses.replace(doc, submission=dataclasses.replace(doc.submission, application=application))


def with_locale(doc: RequestDocument, locale: str) -> RequestDocument:
    return dataclasses.replace(doc, submission=dataclasses.replace(doc.submission, locale=locale))
