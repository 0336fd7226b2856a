"""Submitting a request: one transaction stores the request and the emails it owes (a transactional outbox).

A request is tied to the draft it came from (``requests.draft_id`` is unique), so pressing Submit twice, or
sending the POST again, can never create two requests.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from flask import current_app, session
from flask_babel import get_locale
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import db
from app.domain import eligibility as rules
from app.domain import reference as references
from app.domain.working_days import ServiceDates, service_dates
from app.journey import clock, drafts
from app.journey.steps import JourneyState, shown_pages
from app.models import Draft, OutboxMessage, SubmittedRequest

log = logging.getLogger(__name__)
SUBMITTED_KEY = "submitted"
SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Receipt:
    reference: str
    request_id: int
    dates: ServiceDates
    applicant_email: bool


def build_payload(data: dict[str, Any], state: JourneyState, locale: str) -> dict[str, Any]:
    """The stored request: only the answers on the person's path (a changed mind leaves no stale answers)."""
    shown = {p.slug for p in shown_pages(state) if p.kind == "step"}
    outcome = state.outcome
    return {
        "schema_version": SCHEMA_VERSION,
        "locale": locale,
        "eligibility": rules.on_path(state.eligibility, state.today).to_mapping(),
        "outcome": outcome.code.value,
        "flags": sorted(f.value for f in outcome.flags),
        "answers": {slug: answers for slug, answers in data.get("answers", {}).items() if slug in shown},
    }


def applicant_email(payload: dict[str, Any]) -> str | None:
    answers = payload["answers"]
    return (answers.get("requester") or {}).get("email") or (answers.get("victim-contact") or {}).get("email")


def submit(data: dict[str, Any], state: JourneyState) -> Receipt:
    draft_id = drafts.current_id()
    if draft_id is None:  # pragma: no cover - the view checks the draft first
        raise RuntimeError("no draft to submit")
    force = current_app.config["VRR_FORCE"]
    now = clock.now()
    locale = str(get_locale() or "en")
    payload = build_payload(data, state, locale)
    district = (payload["answers"].get("victim") or {}).get("district")
    try:
        with db.transaction() as s:
            reference = _unused_reference(s, force.code)
            row = SubmittedRequest(
                reference=reference,
                draft_id=draft_id,
                submitted_at=now,
                locale=locale,
                outcome_code=payload["outcome"],
                flags=",".join(payload["flags"]),
                district=district,
                payload=db.cipher().seal(payload),
            )
            s.add(row)
            s.flush()
            s.add(OutboxMessage(request_id=row.id, kind="force", next_attempt_at=now))
            if applicant_email(payload):
                s.add(OutboxMessage(request_id=row.id, kind="applicant", next_attempt_at=now))
            draft = s.get(Draft, draft_id)
            if draft is not None:
                s.delete(draft)
            request_id = row.id
    except IntegrityError:
        # The same draft was submitted a moment ago (double click): show that request's confirmation.
        with db.transaction() as s:
            existing = s.scalars(select(SubmittedRequest).where(SubmittedRequest.draft_id == draft_id)).one()
            reference, request_id = existing.reference, existing.id
    log.info("request submitted id=%s", request_id)
    session[SUBMITTED_KEY] = {
        "reference": reference,
        "id": request_id,
        "email": bool(applicant_email(payload)),
    }
    session.pop(drafts.SESSION_KEY, None)
    return current_receipt()  # type: ignore[return-value]


def _unused_reference(s: Any, prefix: str) -> str:
    for _ in range(5):
        candidate = references.new_reference(prefix, secrets.randbelow)
        if s.scalars(select(SubmittedRequest.id).where(SubmittedRequest.reference == candidate)).first() is None:
            return candidate
    raise RuntimeError("could not find an unused reference")  # pragma: no cover - 2**53 space


def current_receipt() -> Receipt | None:
    info = session.get(SUBMITTED_KEY)
    if not info:
        return None
    with db.transaction() as s:
        row = s.get(SubmittedRequest, info["id"])
        if row is None or row.reference != info["reference"]:
            return None
        submitted_at = row.submitted_at
    nation = current_app.config["VRR_FORCE"].nation
    # SQLite returns naive datetimes; we always store UTC.
    aware = submitted_at if submitted_at.tzinfo else submitted_at.replace(tzinfo=UTC)
    return Receipt(
        reference=info["reference"],
        request_id=info["id"],
        dates=service_dates(aware, nation),
        applicant_email=bool(info.get("email")),
    )
