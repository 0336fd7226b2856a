"""Content pages. Each view only renders a template: the words live in the templates, through gettext."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, current_app, jsonify, redirect, render_template, session
from flask.typing import ResponseReturnValue

from app import db
from app.submission import drafts, receipts

bp = Blueprint("pages", __name__)
STATEMENT_DATE = date(2026, 11, 23)


@bp.get("/")
def start() -> ResponseReturnValue:
    return render_template("pages/start.html")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html", statement_date=STATEMENT_DATE)


@bp.get("/privacy")
def privacy() -> ResponseReturnValue:
    return render_template("pages/privacy.html")


@bp.get("/cookies")
def cookies() -> ResponseReturnValue:
    return render_template("pages/cookies.html")


@bp.get("/contact")
def contact() -> ResponseReturnValue:
    return render_template("pages/contact.html")


@bp.get("/leaving-this-site-quickly")
def exit_help() -> ResponseReturnValue:
    return render_template("pages/exit_help.html")


@bp.get("/exit")
def exit_page() -> ResponseReturnValue:
    """The "Exit this page" target: forget the person's draft and confirmation, then go to a neutral site."""
    response = redirect(current_app.config["VRR_FORCE"].neutral_exit_url)
    receipts.end_receipt()
    drafts.discard_current()
    session.clear()  # the language too: nothing in this browser may show the service was used
    response.headers["Clear-Site-Data"] = '"cookies", "storage"'
    return response


@bp.get("/health")
def health() -> ResponseReturnValue:
    """For load balancers: 200 when the database answers, 503 otherwise. Says nothing else."""
    ok = db.ping()
    return jsonify(status="ok" if ok else "unavailable"), 200 if ok else 503
