"""The pages behind the progress links.

Staff: ``/record-progress?t=…`` shows what the link will record and a button (mail scanners fetch links, so a
GET never records anything); the POST records it once, then shows what is recorded. The person:
``/your-request?t=…`` asks for their reference, and only the POST with the right one shows where the request
is; nothing is kept in their session, so the page is gone once they leave it.

A forged link, a link of a purged request, a replayed POST: each changes nothing and says so plainly.
"""

from __future__ import annotations

import hmac
import logging
from datetime import date, datetime

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l

from app import clock, db
from app.domain.reference import normalise
from app.domain.working_days import UK, ServiceDates, service_dates
from app.progress import links, store
from app.progress.forms import AcknowledgeForm, FinishForm, ReferenceForm
from app.web.extensions import limiter

log = logging.getLogger(__name__)
bp = Blueprint("progress", __name__)
# Per client address. A person types one reference; a wrong one is an error to correct, not a stream of
# guesses (the link is needed as well). Staff record a handful of requests at a time.
PERSON_LIMIT = "10 per minute;50 per hour"
STAFF_LIMIT = "30 per minute"


def _not_working(status: int = 404) -> tuple[str, int]:
    return render_template("progress/link_not_working.html"), status


def _load(request_id: int) -> store.Progress | None:
    with db.transaction() as s:
        return store.load(s, request_id)


def _dates(progress: store.Progress) -> ServiceDates:
    return service_dates(progress.submitted_at, current_app.config["VRR_FORCE"].nation)


@bp.route("/record-progress", methods=["GET", "POST"])
@limiter.limit(STAFF_LIMIT, methods=["POST"])
def record() -> ResponseReturnValue:
    token = request.args.get("t", "")
    parsed = links.read_staff_token(token) if links.enabled() else None
    if parsed is None:
        log.info("progress link refused: not a valid staff link")
        return _not_working()
    request_id, action = parsed
    progress = _load(request_id)
    if progress is None or progress.purged:
        log.info("progress link refused: request %s purged", request_id)
        return render_template("progress/link_expired.html"), 410
    form = FinishForm() if action == links.FINISH else AcknowledgeForm()
    if request.method == "POST" and form.validate_on_submit():
        now = clock.now()
        if action == links.FINISH:
            result = store.finish(request_id, now, form.outcome.data, (form.note.data or "").strip() or None)
        else:
            result = store.acknowledge(request_id, now)
        log.info("progress %s for request %s: %s", action, request_id, result)
        return redirect(url_for("progress.record", t=token, done=1 if result == "recorded" else None))
    return render_template(
        "progress/record.html",
        form=form,
        action=action,
        progress=progress,
        dates=_dates(progress),
        just_recorded=request.args.get("done") == "1",
    )


@bp.route("/your-request", methods=["GET", "POST"])
@limiter.limit(PERSON_LIMIT, methods=["POST"])
def status() -> ResponseReturnValue:
    request_id = links.read_person_token(request.args.get("t", "")) if links.enabled() else None
    if request_id is None:
        log.info("progress page refused: not a valid link")
        return _not_working()
    progress = _load(request_id)
    if progress is None or progress.purged:
        return render_template("progress/link_expired.html"), 410
    form = ReferenceForm()
    if request.method == "POST" and form.validate_on_submit():
        typed = normalise(form.reference.data or "", [current_app.config["VRR_FORCE"].code])
        # Compared in constant time; the same message for a mistyped and a wrong reference.
        if typed is not None and hmac.compare_digest(typed.encode(), progress.reference.encode()):
            return render_template(
                "progress/status.html",
                progress=progress,
                dates=_dates(progress),
                retention_days=current_app.config["VRR_SETTINGS"].retention_days,
            )
        log.info("progress page: reference did not match for request %s", request_id)
        form.reference.errors = [_l("Enter the reference number from the email that gave you this link")]
    return render_template("progress/reference.html", form=form)


@bp.app_template_filter("uk_day")
def uk_day(moment: datetime) -> date:
    """A recorded moment (UTC) as the UK day it happened on."""
    return moment.astimezone(UK).date()


# For the small hooks in the force's email, the staff PDF and the person's confirmation email.
