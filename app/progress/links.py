"""Signed links: the force's (record an acknowledgement, record the outcome) and the person's (progress page).

A token is the request's internal row number and the action, signed with a key derived from the app's secret
(itsdangerous, one salt per audience), in the query string (the access log leaves query strings out). It
never carries the reference: the person types their reference as the second half of opening their page, so
the link alone, forwarded or fetched by a mail scanner, shows nothing. The row number says nothing about
anyone. Tokens have no time limit of their own: a link stops working when its request's personal data is
purged, because every view checks that first.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

ACKNOWLEDGE = "acknowledge"
FINISH = "finish"
ACTIONS = (ACKNOWLEDGE, FINISH)


def _serializer(audience: str) -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=f"progress-{audience}")


def enabled() -> bool:
    return bool(current_app.config["VRR_FORCE"].progress_links)


def staff_token(request_id: int, action: str) -> str:
    return _serializer("staff").dumps([request_id, action])


def read_staff_token(token: str) -> tuple[int, str] | None:
    """(request id, action), or None for anything not signed by us for staff."""
    try:
        value: Any = _serializer("staff").loads(token)
    except BadSignature:
        return None
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], int) and value[1] in ACTIONS):
        return None
    return value[0], value[1]


def person_token(request_id: int) -> str:
    return _serializer("person").dumps(request_id)


def read_person_token(token: str) -> int | None:
    try:
        value: Any = _serializer("person").loads(token)
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def absolute(endpoint: str, **values: Any) -> str:
    """A link for an email or PDF: the public address the service is reached at, not the worker's.

    Built from the URL map itself, so it needs no request: the worker makes emails in an app context only.
    """
    path = current_app.url_map.bind("public.invalid").build(endpoint, values)
    return str(current_app.config["VRR_SETTINGS"].public_url + path)


def _request_id(reference: str) -> int | None:
    from app import db
    from app.models import SubmittedRequest

    with db.transaction() as s:
        return s.scalar(select(SubmittedRequest.id).where(SubmittedRequest.reference == reference))


def staff_links(reference: str) -> dict[str, str] | None:
    """For the force's email and staff PDF: {"acknowledge": url, "finish": url}, or None when turned off."""
    request_id = _request_id(reference) if enabled() else None
    if request_id is None:
        return None
    return {action: absolute("progress.record", t=staff_token(request_id, action)) for action in ACTIONS}


def person_link(reference: str, locale: str) -> str | None:
    """For the person's confirmation email (only ever sent to an inbox said to be safe), in their language."""
    request_id = _request_id(reference) if enabled() else None
    if request_id is None:
        return None
    return absolute("progress.status", t=person_token(request_id), lang=locale)
