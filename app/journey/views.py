"""Journey views. Thin: load the state, validate the form, save, redirect to the next page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from app.delivery.views import issue_pdf_link
from app.domain.eligibility import OutcomeCode
from app.extensions import limit_form_posts, limit_submissions
from app.journey import clock, drafts, pages, submission
from app.journey.steps import BY_SLUG, CHECK_ANSWERS, JourneyState, first_incomplete, may_visit, next_page
from forms.declaration import DeclarationForm

bp = Blueprint("journey", __name__, url_prefix="/request")


def _state(data: dict[str, Any] | None) -> JourneyState:
    return JourneyState.from_draft(data, clock.today())


def _go(slug: str, change: bool = False) -> Response:
    if slug == CHECK_ANSWERS:
        return redirect(url_for("journey.check_answers"))
    return redirect(url_for("journey.page", slug=slug, change=1 if change else None))


@bp.get("/start")
def start() -> ResponseReturnValue:
    """Begin, or carry on where the person left off."""
    data = drafts.load()
    if data is None:
        if drafts.expired():
            return redirect(url_for("journey.expired"))
        data = drafts.new_data(clock.now())
        drafts.save(data)
    return _go(first_incomplete(_state(data)))


@bp.get("/session-expired")
def expired() -> ResponseReturnValue:
    drafts.discard_current()
    return render_template("journey/expired.html")


@bp.post("/keep-alive")
@limit_form_posts
def keep_alive() -> ResponseReturnValue:
    drafts.touch()
    return "", 204


@bp.route("/<slug>", methods=["GET", "POST"])
@limit_form_posts
def page(slug: str) -> ResponseReturnValue:
    page_def = BY_SLUG.get(slug)
    if page_def is None:
        abort(404)
    data = drafts.load()
    if data is None:
        return redirect(url_for("journey.expired" if drafts.expired() else "journey.start"))
    state = _state(data)
    if not may_visit(state, slug):
        return _go(first_incomplete(state))
    change = request.args.get("change") == "1"
    form = pages.make_form(page_def, state, data)
    if request.method == "POST" and form.validate_on_submit():
        data = pages.store_answers(page_def, form, data)
        drafts.save(data)
        state = _state(data)
        exit_code = pages.exit_reached(page_def, state)
        if exit_code is not None:
            pages.record_statistics_once(data, state)
            return redirect(url_for("journey.cannot_help", code=exit_code))
        if state.outcome.complete:
            pages.record_statistics_once(data, state)
        if change:
            return _go(first_incomplete(state), change=True)
        return _go(next_page(state, slug))
    return pages.render_page(page_def, form, state, change)


@bp.get("/cannot-help/<code>")
def cannot_help(code: str) -> ResponseReturnValue:
    try:
        outcome = OutcomeCode(code)
    except ValueError:
        abort(404)
    if outcome in (OutcomeCode.ELIGIBLE, OutcomeCode.INCOMPLETE):
        abort(404)
    data = drafts.load()
    back = pages.previous_url(_state(data), None) if data else None
    return render_template("journey/exit.html", code=outcome.value, back_url=back)


@bp.route("/check-answers", methods=["GET", "POST"])
@limit_submissions
def check_answers() -> ResponseReturnValue:
    if request.method == "POST" and session.get(submission.SUBMITTED_KEY) and drafts.load() is None:
        # A second press of Submit, or the POST sent again: never a second request.
        return redirect(url_for("journey.confirmation"))
    data = drafts.load()
    if data is None:
        return redirect(url_for("journey.expired" if drafts.expired() else "journey.start"))
    state = _state(data)
    if not may_visit(state, CHECK_ANSWERS):
        return _go(first_incomplete(state))
    form = DeclarationForm()
    if request.method == "POST" and form.validate_on_submit():
        submission.submit(data, state)
        return redirect(url_for("journey.confirmation"))
    return render_template(
        "journey/check_answers.html",
        form=form,
        sections=pages.summary_sections(state, data),
        back_url=pages.previous_url(state, CHECK_ANSWERS),
        draft_in_progress=True,
    )


@bp.get("/confirmation")
def confirmation() -> ResponseReturnValue:
    receipt = submission.current_receipt()
    if receipt is None:
        return redirect(url_for("pages.start"))
    return render_template(
        "journey/confirmation.html", receipt=receipt, receipt_pdf_url=issue_pdf_link(receipt.request_id)
    )
