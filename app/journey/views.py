"""Journey views. Thin: load the state, validate the form, save, redirect to the next page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from app.delivery.views import issue_pdf_link
from app.domain.eligibility import OutcomeCode
from app.extensions import limit_form_posts, limit_submissions
from app.journey import clock, drafts, pages, submission
from app.journey.steps import BY_SLUG, CHECK_ANSWERS, EXIT, JourneyState, first_incomplete, may_visit, next_page
from forms.declaration import DeclarationForm

bp = Blueprint("journey", __name__, url_prefix="/request")


def _state(data: dict[str, Any] | None) -> JourneyState:
    return JourneyState.from_draft(data, clock.today())


def _go(state: JourneyState, slug: str, change: bool = False) -> Response:
    if slug == CHECK_ANSWERS:
        return redirect(url_for("journey.check_answers"))
    if slug == EXIT:
        return redirect(url_for("journey.cannot_help", code=state.outcome.code.value, change=1 if change else None))
    return redirect(url_for("journey.page", slug=slug, change=1 if change else None))


def _without_draft() -> Response | None:
    """Where someone with no draft belongs, when it is not the first question.

    A draft that was sent (the confirmation was lost on the way, or Back was pressed) leads to that request's
    confirmation, never to "nothing was sent"; an expired one to the page that says so.
    """
    if submission.recover_receipt():
        return redirect(url_for("journey.confirmation"))
    if drafts.expired():
        return redirect(url_for("journey.expired"))
    return None


def _load(slug: str | None = None) -> dict[str, Any] | Response:
    """The person's draft, or a new one that is stored only when they give their first answer.

    Nothing is stored for a visit that answers nothing, so following "Start now" costs no database write, and a
    browser that refuses cookies meets the first question, not a loop of redirects. Someone who has just sent a
    request and goes Back to one of its pages sees that it was sent; "Start now" begins a new one.
    """
    data = drafts.load()
    if data is None:
        new = drafts.new_data(clock.now())
        if slug is not None and slug != first_incomplete(_state(new)) and submission.current_receipt():
            return redirect(url_for("journey.confirmation"))
        return _without_draft() or new
    return data


@bp.get("/start")
def start() -> ResponseReturnValue:
    """Begin, or carry on where the person left off."""
    data = _load()
    if isinstance(data, Response):
        return data
    state = _state(data)
    return _go(state, first_incomplete(state))


@bp.get("/session-expired")
def expired() -> ResponseReturnValue:
    drafts.discard_current()
    return render_template("journey/expired.html")


@bp.post("/keep-alive")
@limit_form_posts
def keep_alive() -> ResponseReturnValue:
    """More time, for a draft that is still alive; 410 for one that has already expired (never revived)."""
    return ("", 204) if drafts.touch() else ("", 410)


@bp.route("/<slug>", methods=["GET", "POST"])
@limit_form_posts
def page(slug: str) -> ResponseReturnValue:
    page_def = BY_SLUG.get(slug)
    if page_def is None:
        abort(404)
    data = _load(slug)
    if isinstance(data, Response):
        return data
    state = _state(data)
    if not may_visit(state, slug):
        return _go(state, first_incomplete(state))
    change = request.args.get("change") == "1"
    form = pages.make_form(page_def, state, data)
    if request.method == "POST" and form.validate_on_submit():
        data = pages.store_answers(page_def, form, data)
        drafts.save(data)
        state = _state(data)
        exit_code = pages.exit_reached(page_def, state)
        if exit_code is not None:
            pages.record_statistics_once(data, state)
            return redirect(url_for("journey.cannot_help", code=exit_code, change=1 if change else None))
        if state.outcome.complete:
            pages.record_statistics_once(data, state)
        if change:
            return _go(state, first_incomplete(state), change=True)
        return _go(state, next_page(state, slug))
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
    # After Change on check answers, Back leads to the question with the answer to correct, still in change
    # mode: correcting it returns the person to check answers with every other answer kept.
    back = pages.exit_back_url(_state(data), request.args.get("change") == "1") if data else None
    return render_template("journey/exit.html", code=outcome.value, back_url=back)


@bp.route("/check-answers", methods=["GET", "POST"])
@limit_submissions
def check_answers() -> ResponseReturnValue:
    data = drafts.load()
    if data is None:
        if submission.current_receipt() is not None:
            # Back after sending, a second press of Submit, or the POST sent again: never a second request.
            return redirect(url_for("journey.confirmation"))
        return _without_draft() or redirect(url_for("journey.start"))
    state = _state(data)
    if not may_visit(state, CHECK_ANSWERS):
        return _go(state, first_incomplete(state))
    form = DeclarationForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            submission.submit(data, state)
        except submission.NotReady:  # pragma: no cover - may_visit above holds the same gate
            return _go(state, first_incomplete(state))
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
