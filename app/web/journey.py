"""Journey views. Thin: load the answers, validate the page's form, save, redirect to the next page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from werkzeug.wrappers import Response

from app import clock, db
from app.domain.eligibility import FOLLOW_UPS, OutcomeCode
from app.journey.flow import CHECK_ANSWERS, EXIT, JourneyState, Page
from app.journey.registry import JOURNEY, stored_data
from app.model.answers import Document
from app.model.application import STEP_TYPES, Application
from app.submission import drafts, receipts, send, statistics
from app.summary import summary
from app.uploads import store as upload_store
from app.web import i18n
from app.web.copies import issue_pdf_link
from app.web.extensions import limit_form_posts, limit_submissions
from forms.adapter import question_answers, step_answers
from forms.declaration import DeclarationForm

bp = Blueprint("journey", __name__, url_prefix="/request")


def _state(application: Application) -> JourneyState:
    return JourneyState(application, clock.today())


def go(state: JourneyState, slug: str, change: bool = False) -> Response:
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
    if receipts.recover_receipt():
        return redirect(url_for("journey.confirmation"))
    if drafts.expired():
        return redirect(url_for("journey.expired"))
    return None


def _load(slug: str | None = None) -> Application | Response:
    """The person's answers, or new ones that are stored only when they give their first answer.

    Nothing is stored for a visit that answers nothing, so following "Start now" costs no database write, and a
    browser that refuses cookies meets the first question, not a loop of redirects. Someone who has just sent a
    request and goes Back to one of its pages sees that it was sent; "Start now" begins a new one.
    """
    application = drafts.load()
    if application is None:
        new = Application()
        if slug is not None and slug != JOURNEY.first_incomplete(_state(new)) and receipts.current_receipt():
            return redirect(url_for("journey.confirmation"))
        return _without_draft() or new
    return application


def _form(page: Page, state: JourneyState) -> Any:
    """The page's form, filled from the stored answers (and from the POST, when there is one)."""
    return page.form(state)(data=stored_data(page, state), **page.form_args(state))


def _with_answers(page: Page, form: Any, application: Application) -> Application:
    if page.question:
        return application.with_eligibility(question_answers(page.question, form, application.eligibility))
    step = page.answers or ""
    return application.with_step(step, step_answers(STEP_TYPES[step], form))


@bp.get("/start")
def start() -> ResponseReturnValue:
    """Begin, or carry on where the person left off."""
    application = _load()
    if isinstance(application, Response):
        return application
    state = _state(application)
    return go(state, JOURNEY.first_incomplete(state))


@bp.get("/session-expired")
def expired() -> ResponseReturnValue:
    """The answers are gone: forget them here too, and everything else but the language the person reads."""
    drafts.discard_current()
    language = session.get(i18n.LANG_KEY)
    session.clear()
    if language:
        session[i18n.LANG_KEY] = language
    return render_template("journey/expired.html")


@bp.post("/keep-alive")
@limit_form_posts
def keep_alive() -> ResponseReturnValue:
    """More time, for a draft that is still alive; 410 for one that has already expired (never revived)."""
    return ("", 204) if drafts.touch() else ("", 410)


@bp.route("/<slug>", methods=["GET", "POST"])
@limit_form_posts
def page(slug: str) -> ResponseReturnValue:
    page_def = JOURNEY.page(slug)
    if page_def is None:
        abort(404)
    application = _load(slug)
    if isinstance(application, Response):
        return application
    state = _state(application)
    if not JOURNEY.can_visit(state, slug):
        return go(state, JOURNEY.first_incomplete(state))
    change = request.args.get("change") == "1"
    form = _form(page_def, state)
    saving = request.method == "POST" and request.form.get("save_later") == "1"
    if request.method == "POST" and form.validate_on_submit():
        application = _with_answers(page_def, form, application)
        drafts.save(application)
        state = _state(application)
        if page_def.question and state.outcome.is_exit:
            statistics.record_once(state)
            return redirect(url_for("journey.cannot_help", code=state.outcome.code.value, change=1 if change else None))
        if state.outcome.complete:
            statistics.record_once(state)
        if saving:  # "Save and come back later": this page's answers are kept with the rest
            return redirect(url_for("saving.start", page=slug))
        if change:
            return go(state, JOURNEY.first_incomplete(state), change=True)
        return go(state, JOURNEY.next(state, slug))
    if saving and drafts.current_id() is not None:  # answers to correct: save the others, and say so
        return redirect(url_for("saving.start", page=slug, unsaved=1))
    return render_template(
        page_def.template,
        form=form,
        page=page_def,
        state=state,
        heading=page_def.title(state) if page_def.title else None,
        step=JOURNEY.step_label(state, page_def),
        someone_else=state.someone_else_asking,
        follow_ups=FOLLOW_UPS,
        back_url=back_url(state, slug, change),
        change=change,
        draft_in_progress=True,
    )


def back_url(state: JourneyState, current: str, change: bool = False) -> str:
    """The back link: the page before this one on the person's path (check answers when changing an answer)."""
    if change:
        return url_for("journey.check_answers")
    slug = JOURNEY.previous(state, current)
    return url_for("journey.page", slug=slug) if slug else url_for("pages.start")


@bp.get("/cannot-help/<code>")
def cannot_help(code: str) -> ResponseReturnValue:
    try:
        outcome = OutcomeCode(code)
    except ValueError:
        abort(404)
    if outcome in (OutcomeCode.ELIGIBLE, OutcomeCode.INCOMPLETE):
        abort(404)
    application = drafts.load()
    # After Change on check answers, Back leads to the question with the answer to correct, still in change
    # mode: correcting it returns the person to check answers with every other answer kept.
    back = None
    if application is not None:
        slug = JOURNEY.last_question(_state(application))
        change = request.args.get("change") == "1"
        back = url_for("journey.page", slug=slug, change=1 if change else None) if slug else url_for("pages.start")
    return render_template("journey/exit.html", code=outcome.value, back_url=back)


@bp.route("/check-answers", methods=["GET", "POST"])
@limit_submissions
def check_answers() -> ResponseReturnValue:
    application = drafts.load()
    if application is None:
        if receipts.current_receipt() is not None:
            # Back after sending, a second press of Submit, or the POST sent again: never a second request.
            return redirect(url_for("journey.confirmation"))
        return _without_draft() or redirect(url_for("journey.start"))
    state = _state(application)
    if not JOURNEY.can_visit(state, CHECK_ANSWERS):
        return go(state, JOURNEY.first_incomplete(state))
    form = DeclarationForm()
    if request.method == "POST" and form.validate_on_submit():
        try:
            send.submit(state)
        except send.NotReady:  # pragma: no cover - can_visit above holds the same gate
            return go(state, JOURNEY.first_incomplete(state))
        return redirect(url_for("journey.confirmation"))
    return render_template(
        "journey/check_answers.html",
        form=form,
        sections=summary(application, state.today, str(get_locale() or "en"), "applicant", _documents()),
        change_url=lambda slug: url_for("journey.page", slug=slug, change=1),
        back_url=back_url(state, CHECK_ANSWERS),
        draft_in_progress=True,
    )


def _documents() -> list[Document]:
    """The files uploaded to this draft, as check your answers lists them."""
    with db.transaction() as s:
        return [f.document for f in upload_store.listed(s, db.cipher(), draft_id=drafts.current_id())]


@bp.get("/confirmation")
def confirmation() -> ResponseReturnValue:
    receipt = receipts.current_receipt()
    if receipt is None:
        return redirect(url_for("pages.start"))
    return render_template(
        "journey/confirmation.html", receipt=receipt, receipt_pdf_url=issue_pdf_link(receipt.request_id)
    )
