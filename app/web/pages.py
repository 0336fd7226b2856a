"""Content pages. Each view only renders a template: the words live in the templates, through gettext."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, jsonify, redirect, render_template, session
from flask.typing import ResponseReturnValue

from app import db
from app.submission import drafts, receipts
from app.web import robots

bp = Blueprint("pages", __name__)
STATEMENT_DATE = date(2026, 11, 23)
# The last time the service was tested for accessibility (the statement says how); change it with each test.
TESTED_DATE = date(2026, 11, 23)
ICO_PHONE = "0303 123 1113"  # the Information Commissioner's Office helpline, for the privacy notice


@bp.get("/")
def start() -> ResponseReturnValue:
    return render_template("pages/start.html")


@bp.get("/accessibility")
def accessibility() -> ResponseReturnValue:
    return render_template("pages/accessibility.html", statement_date=STATEMENT_DATE, tested_date=TESTED_DATE)


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


@bp.get("/robots.txt")
def robots_txt() -> ResponseReturnValue:
    return Response(robots.ROBOTS_TXT, mimetype="text/plain")


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
