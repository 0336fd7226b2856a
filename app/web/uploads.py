"""The "Upload documents (optional)" page at /request/documents: upload one file, remove one, see them all.

It works on the person's current draft, at the place the journey gives it (app/journey/registry.py: after
the objection); "Continue" records that the person has been here and goes on. The upload route's body limit
is set before anything reads the body (CSRF protection does), and Werkzeug spools each file part to an
unnamed temporary file past 500 KB, so a request never holds many megabytes in memory, and an aborted one
leaves nothing behind.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from app import clock, db
from app.journey.flow import JourneyState
from app.journey.registry import DOCUMENTS, JOURNEY
from app.model.answers import Documents
from app.submission import drafts
from app.uploads import memory, pipeline, store
from app.uploads.content import Refused
from app.web.extensions import limit_form_posts
from app.web.journey import back_url, go
from forms.upload import ContinueForm, RemoveForm, UploadForm, document_hint, refusal, size_text, type_name

bp = Blueprint("uploads", __name__, url_prefix="/request/documents")
FORM_OVERHEAD = 64 * 1024  # the multipart headers, CSRF token and description around the file
SHOWN_ERRORS = ("too_big",)  # a refusal that arrives by redirect (the body was never read)
PAGE = DOCUMENTS  # its place, headings and form arguments come from the registry


def init_app(app: Flask) -> None:
    """Called by create_app before CSRF protection is set up: our limits must apply before it reads the body."""
    memory.return_large_blocks_to_the_system()
    app.before_request(_upload_body_limits)
    app.register_blueprint(bp)


def _settings() -> Any:
    return current_app.config["VRR_SETTINGS"]


def _upload_body_limits() -> None:
    if request.endpoint == "uploads.upload":
        request.max_content_length = _settings().upload_max_file_bytes + FORM_OVERHEAD
        request.max_form_memory_size = FORM_OVERHEAD  # the text fields; files are spooled to disk


@bp.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> ResponseReturnValue:
    """A body over the limit is refused unread; the page says so the GOV.UK way."""
    return redirect(url_for("uploads.page", error="too_big"))


def _refusal(reason: str) -> str:
    s = _settings()
    return refusal(reason, s.upload_max_file_bytes, s.upload_max_files, s.upload_max_request_bytes)


def _render(form: UploadForm, draft_id: str, state: JourneyState) -> ResponseReturnValue:
    form.document.description = document_hint(_settings().upload_max_file_bytes)
    with db.transaction() as s:
        files = store.listed(s, db.cipher(), draft_id=draft_id)
    page = PAGE
    change = request.args.get("change") == "1"
    return render_template(
        page.template,
        form=form,
        continue_form=ContinueForm(),
        files=files,
        max_files=_settings().upload_max_files,
        file_type_name=type_name,
        file_size=size_text,
        heading=page.title(state) if page.title else None,
        step=JOURNEY.step_label(state, page),
        permission_expected=_permission_expected(state),
        back_url=back_url(state, page.slug, change),
        change=change,
        draft_in_progress=True,
    )


def _permission_expected(state: JourneyState) -> bool:
    requester = state.application.requester
    return state.who == "representative" and requester is not None and requester.consent_method == "upload"


def _visit() -> tuple[str, JourneyState] | Response:
    """The draft and where the person is, or where they belong when this page is not theirs yet."""
    application = drafts.load()
    draft_id = drafts.current_id()
    if application is None or draft_id is None:
        return redirect(url_for("journey.start"))
    state = JourneyState(application, clock.today())
    if not JOURNEY.can_visit(state, PAGE.slug):
        return go(state, JOURNEY.first_incomplete(state))
    return draft_id, state


@bp.get("")
def page() -> ResponseReturnValue:
    visit = _visit()
    if isinstance(visit, Response):
        return visit
    draft_id, state = visit
    form = UploadForm(**PAGE.form_args(state))
    error = request.args.get("error")
    if error in SHOWN_ERRORS:
        form.document.errors = [_refusal(error)]
    return _render(form, draft_id, state)


@bp.post("/continue")
@limit_form_posts
def carry_on() -> ResponseReturnValue:
    """The person has seen the page (with or without files): record it, and go on as from any page."""
    visit = _visit()
    if isinstance(visit, Response):
        return visit
    _draft_id, state = visit
    if ContinueForm().validate_on_submit():
        application = state.application.with_step("documents", Documents())
        drafts.save(application)
        state = JourneyState(application, state.today)
        if request.args.get("change") == "1":
            return go(state, JOURNEY.first_incomplete(state), change=True)
        return go(state, JOURNEY.next(state, PAGE.slug))
    return redirect(url_for("uploads.page"))


@bp.post("")
@limit_form_posts
def upload() -> ResponseReturnValue:
    visit = _visit()
    if isinstance(visit, Response):
        return visit
    draft_id, state = visit
    form = UploadForm(**PAGE.form_args(state))
    if form.validate_on_submit():
        incoming = pipeline.Incoming(
            stream=form.document.data.stream,
            filename=form.document.data.filename or "",
            kind=form.kind.data,
            description=form.description.data,
        )
        try:
            pipeline.accept(
                incoming,
                draft_id=draft_id,
                settings=_settings(),
                cipher=db.cipher(),
                transaction=db.transaction,
                now=clock.now(),
            )
        except Refused as refused:
            form.document.errors = [_refusal(refused.reason)]
            return _render(form, draft_id, state)
        drafts.touch()  # uploading is activity: the draft stays alive
        return redirect(url_for("uploads.page", change=request.args.get("change")))
    return _render(form, draft_id, state)


@bp.post("/remove")
@limit_form_posts
def remove() -> ResponseReturnValue:
    visit = _visit()
    if isinstance(visit, Response):
        return visit
    draft_id, _state = visit
    form = RemoveForm()
    if form.validate_on_submit():
        with db.transaction() as s:
            store.remove(s, draft_id, form.upload_id.data)
        drafts.touch()
    return redirect(url_for("uploads.page", change=request.args.get("change")))
