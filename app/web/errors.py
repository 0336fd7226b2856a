"""Error pages: every failure gets a clear GOV.UK page in the person's language, and nothing personal is logged."""

from __future__ import annotations

import logging
from urllib.parse import parse_qsl

from flask import current_app, render_template, request
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException

from app.web.context import current_page_path

log = logging.getLogger(__name__)


def reject_unreadable_forms() -> tuple[str, int] | None:
    """A form body that is not valid UTF-8 gets a clear page (Werkzeug would silently drop or keep it raw).

    Registered before CSRF protection, which would otherwise report a missing token.
    """
    if request.method != "POST" or request.mimetype != "application/x-www-form-urlencoded":
        return None
    try:
        parse_qsl(request.get_data(cache=True).decode("utf-8"), keep_blank_values=True, errors="strict")
    except (UnicodeDecodeError, ValueError):
        log.info("unreadable form body on %s", request.endpoint)
        return render_template("errors/unreadable.html"), 400
    return None


def error_page(error: Exception) -> tuple[str, int]:
    code = error.code if isinstance(error, HTTPException) and error.code else 500
    if code >= 500:
        # Log the type only: an exception message may quote what someone typed.
        log.error("server error %s on %s %s", type(error).__name__, request.method, request.endpoint)
    template = {
        404: "errors/404.html",
        503: "errors/503.html",
        413: "errors/413.html",
        429: "errors/429.html",
    }
    name = template.get(code, "errors/500.html" if code >= 500 else "errors/400.html")
    return render_template(name, status=code), code


def database_unavailable(error: OperationalError) -> tuple[str, int]:
    """The database is down: say so plainly. Answers already saved stay in the draft for later."""
    log.error("database unavailable on %s %s", request.method, request.endpoint)
    return render_template("errors/503.html", status=503), 503


def csrf_error(error: CSRFError) -> tuple[str, int]:
    """The form's security token expired or is missing: explain, and send the person back to the page.

    A browser that sent no session cookie at all refuses cookies: tell the person what to do instead.
    """
    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        log.info("form sent without cookies on %s", request.endpoint)
        return render_template("errors/cookies_needed.html"), 400
    log.info("csrf failure on %s", request.endpoint)
    return render_template("errors/expired_form.html", back_url=current_page_path()), 400
