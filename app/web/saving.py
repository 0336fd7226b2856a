"""Save and come back later: explain, ask where to send the link and which check, confirm; then come back.

The link's token goes from the address into the session at once, and the check page reads it from there;
a link that is unknown, used, expired or deleted shows one page, the same for each, so nothing tells them
apart.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale, ngettext

from app import clock
from app.journey.flow import CHECK_ANSWERS
from app.journey.registry import JOURNEY
from app.saving import store
from app.saving.forms import DateOfBirthCheckForm, SaveForm, WordCheckForm
from app.submission import drafts
from app.web.extensions import limit_form_posts

bp = Blueprint("saving", __name__)
LINK_KEY = "saved_link"
FROM_KEY = "save_from"
TOKEN = re.compile(r"[A-Za-z0-9_-]{20,100}")


@bp.app_context_processor
def _button_context() -> dict[str, Any]:
    return {"save_later_url": save_later_url}


def save_later_url(slug: str) -> str | None:
    """The "Save and come back later" button's address, for a person with answers to save (else None)."""
    if drafts.current_id() is None or (JOURNEY.page(slug) is None and slug != CHECK_ANSWERS):
        return None
    return url_for("saving.start", page=slug)


def _page_url(slug: str | None) -> str:
    """Where "continue now" leads: the page the person came from (only a journey page), else their next one."""
    if slug == CHECK_ANSWERS:
        return url_for("journey.check_answers")
    if slug and JOURNEY.page(slug) is not None:
        return url_for("journey.page", slug=slug)
    return url_for("journey.start")


@bp.get("/request/save")
def start() -> ResponseReturnValue:
    data = drafts.load()
    if data is None:
        return redirect(url_for("journey.start"))
    slug = request.args.get("page")
    if slug and (JOURNEY.page(slug) is not None or slug == CHECK_ANSWERS):
        session[FROM_KEY] = slug
    back = _page_url(session.get(FROM_KEY))
    return render_template(
        "saving/start.html",
        back_url=back,
        continue_url=back,
        email_unsafe=store.email_unsafe(data),
        unsaved=request.args.get("unsaved") == "1",
        draft_in_progress=True,
    )


@bp.route("/request/save/details", methods=["GET", "POST"])
@limit_form_posts
def details() -> ResponseReturnValue:
    data = drafts.load()
    draft_id = drafts.current_id()
    if data is None or draft_id is None:
        return redirect(url_for("journey.start"))
    unsafe = store.email_unsafe(data)
    form = SaveForm()
    if unsafe:
        del form["reminder"]  # no reminder for a person who said email is not safe
    if request.method == "POST" and form.validate_on_submit():
        choice = store.Choice(
            email=form.email.data,
            check_kind=form.check_kind.data,
            answer=form.answer(),
            reminder=not unsafe and bool(form.reminder.data),
        )
        store.save(draft_id, data, choice, str(get_locale() or "en"), clock.now())
        return redirect(url_for("saving.sent"))
    return render_template("saving/details.html", form=form, back_url=url_for("saving.start"), draft_in_progress=True)


@bp.get("/request/save/sent")
def sent() -> ResponseReturnValue:
    """The same page whatever address was given."""
    return render_template(
        "saving/sent.html", continue_url=_page_url(session.get(FROM_KEY)), days=store.lifetime().days
    )


@bp.get("/return")
def open_link() -> ResponseReturnValue:
    """The emailed link: keep its token in this browser's session, and ask the check on a page without it."""
    token = request.args.get("t", "")
    session[LINK_KEY] = token if TOKEN.fullmatch(token) else ""
    return redirect(url_for("saving.check"))


@bp.route("/return/check", methods=["GET", "POST"])
@limit_form_posts
def check() -> ResponseReturnValue:
    token = session.get(LINK_KEY) or ""
    kind = store.check_kind(token, clock.now()) if token else None
    if kind is None:
        session.pop(LINK_KEY, None)
        return render_template("saving/unavailable.html")
    form = DateOfBirthCheckForm() if kind == "date_of_birth" else WordCheckForm()
    if request.method == "POST" and form.validate_on_submit():
        outcome = store.open_saved(token, form.answer(), clock.now())
        if outcome.status == "opened" and outcome.data is not None:
            session.pop(LINK_KEY, None)
            drafts.discard_current()  # these answers replace any others in this browser
            drafts.save(outcome.data)
            return redirect(url_for("journey.start"))  # the first page still to answer, or check answers
        if outcome.status == "wrong":
            field = form["date_of_birth" if kind == "date_of_birth" else "word"]
            field.errors = [
                ngettext(
                    "That does not match what you gave when you saved. You have %(num)s more try",
                    "That does not match what you gave when you saved. You have %(num)s more tries",
                    outcome.attempts_left,
                )
            ]
        else:
            session.pop(LINK_KEY, None)
            template = "saving/deleted.html" if outcome.status == "deleted" else "saving/unavailable.html"
            return render_template(template)
    return render_template("saving/check.html", form=form, kind=kind)
