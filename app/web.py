"""Cross-cutting web concerns: template context, security headers, error pages, GOV.UK assets."""

from __future__ import annotations

import hashlib
import logging
import secrets
import unicodedata
from typing import Any
from urllib.parse import parse_qsl, urlencode

from flask import Flask, Response, g, render_template, request, send_from_directory, url_for
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from markupsafe import Markup
from sqlalchemy.exc import OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.routing import BuildError

from app import i18n, phones
from app.config import ROOT
from app.templating import cached_macro, render_cache
from forms.common import latin_name_open

log = logging.getLogger(__name__)
GOVUK_ASSETS = ROOT / "static" / "govuk" / "assets"
STATIC_ENDPOINTS = ("static", "govuk_assets")  # files, not pages: cached a year, no personal data


def init_app(app: Flask) -> None:
    app.before_request(_make_nonce)
    app.after_request(_security_headers)
    app.after_request(_buffer_static_text)
    app.after_request(i18n.remember_choice)
    app.context_processor(_template_context)
    app.add_url_rule("/assets/<path:filename>", "govuk_assets", _govuk_asset)
    app.jinja_env.globals["cached_macro"] = cached_macro
    app.jinja_env.filters["long_date"] = i18n.long_date
    app.jinja_env.filters["text_direction"] = i18n.text_direction
    app.jinja_env.globals.update(
        phone_link=phones.phone_link,
        phone_text=phones.phone_text,
        VICTIM_SUPPORT_PHONE=phones.VICTIM_SUPPORT,
        EMERGENCY_PHONE=phones.EMERGENCY,
        latin_name_open=latin_name_open,
    )
    for code in (400, 403, 404, 405, 413, 429, 500, 503):
        app.register_error_handler(code, _error_page)
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(OperationalError, _database_unavailable)


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


def _govuk_asset(filename: str) -> Response:
    """GOV.UK Frontend's CSS refers to fonts and images under ``/assets``."""
    return send_from_directory(GOVUK_ASSETS, filename, max_age=60 * 60 * 24 * 365)


def _buffer_static_text(response: Response) -> Response:
    """Read a static text file into memory so Flask-Compress compresses it whole (gzip or brotli).

    Its streaming path would leave the file open and offers no gzip; these files are small.
    """
    from flask import current_app

    if request.endpoint in STATIC_ENDPOINTS and response.mimetype in current_app.config["COMPRESS_MIMETYPES"]:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def _make_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def _security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    settings = _settings()
    if settings is not None and settings.production:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    static = request.endpoint in STATIC_ENDPOINTS
    if static:
        _static_headers(response)
        if response.mimetype != "image/svg+xml":  # an SVG opened on its own is a document: it keeps them all
            return response
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        # The nonce lets base.html set the force profile's brand colour (app/brand, issue 17).
        f"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    # same-origin: nothing leaves for other sites (the exit page included), but the browser still sends the
    # Referer that Flask-WTF's CSRF check requires over HTTPS; with no-referrer no form could be sent.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not static:
        # Pages hold personal data: never let a shared computer's cache keep them.
        response.headers["Cache-Control"] = "no-store"
    return response


def _static_headers(response: Response) -> None:
    """Static files, cached for a year (their URLs carry a content hash), with few headers.

    The document-only headers (CSP, framing, referrer, permissions, opener) do nothing on a stylesheet,
    script or font, and HTTP/1.1 sends headers uncompressed: on a first visit they were some 3 KB of the
    page weight. Expires and Content-Disposition repeat what Cache-Control and the URL already say.
    """
    response.headers.pop("Expires", None)
    response.headers.pop("Content-Disposition", None)


def _settings() -> Any:
    from flask import current_app

    return current_app.config.get("VRR_SETTINGS")


def current_page_path() -> str:
    """This page's path, rebuilt from the matched route (never the raw request path), or the start page.

    The raw path is attacker-chosen: ``/%5Cevil.example/`` arrives as ``/\\evil.example/``, which browsers
    read as another site. A path rebuilt by ``url_for`` has every such character percent-encoded; the check
    after it is a second line of defence.
    """
    rule, endpoint = request.url_rule, request.endpoint
    if rule is not None and endpoint and endpoint not in STATIC_ENDPOINTS:
        try:
            path = url_for(endpoint, **(request.view_args or {}))
        except BuildError:
            path = ""
        if is_local_path(path):
            return path
    return str(url_for("pages.start"))


def is_local_path(path: str) -> bool:
    """A path on this site: one "/" then neither "/" nor "\\", and no backslash or control character anywhere."""
    if not path.startswith("/") or path[1:2] in ("/", "\\"):
        return False
    return not any(char == "\\" or unicodedata.category(char) == "Cc" for char in path)


def switch_language_url(code: str, path: str | None = None) -> str:
    """The current page in another language (a plain link: works without JavaScript)."""
    args = request.args.to_dict(flat=True)
    args["lang"] = code
    return f"{path or current_page_path()}?{urlencode(args)}"


def language_switcher() -> Markup:
    """The links to this page in every language, rendered once per page address and language.

    Only addresses whose query is the service's own (``lang``, ``change``) are cached, so nobody can fill the
    cache with made-up addresses.
    """
    from flask import current_app

    args = request.args.to_dict(flat=True)
    params = {
        "current": i18n.current_language().code,
        "languages": [lang.code for lang in i18n.enabled_languages(current_app)],
        "path": current_page_path(),
        "args": args,
    }
    if set(args) <= {"lang", "change"}:
        return render_cache.render(_render_language_switcher, "language_switcher", params)
    return _render_language_switcher(params)


def _render_language_switcher(params: dict[str, Any]) -> Markup:
    from flask import current_app

    template = current_app.jinja_env.get_template("partials/language_switcher.html")
    html = template.render(
        current_language=i18n.BY_CODE[params["current"]],
        languages=[i18n.BY_CODE[code] for code in params["languages"]],
        switch_language_url=lambda code: switch_language_url(code, params["path"]),
    )
    return Markup(html)  # noqa: S704 (an autoescaped template's output)


_asset_versions: dict[str, str] = {}


def asset_url(filename: str, endpoint: str = "static") -> str:
    """A static URL with a content hash, so assets can be cached for a year and still change."""
    folder = GOVUK_ASSETS if endpoint == "govuk_assets" else ROOT / "static"
    version = _asset_versions.get(f"{endpoint}:{filename}")
    if version is None:
        path = folder / filename
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else "0"
        version = _asset_versions.setdefault(f"{endpoint}:{filename}", digest)
    return url_for(endpoint, filename=filename, v=version)


def error_summary(form: Any) -> dict[str, Any]:
    """GOV.UK error summary params: one link per field in error, to the field's first input."""
    items = []
    for field in form:
        if field.errors:
            href = getattr(field, "error_href", None) or f"#{field.id}"
            items.append({"text": str(field.errors[0]), "href": href})
    return {"titleText": gettext("There is a problem"), "errorList": items}


def _template_context() -> dict[str, Any]:
    from flask import current_app

    lang = i18n.current_language()
    return {
        "force": current_app.config["VRR_FORCE"],
        "settings": current_app.config["VRR_SETTINGS"],
        "current_language": lang,
        "languages": i18n.enabled_languages(current_app),
        "language_switcher": language_switcher,
        "csp_nonce": g.get("csp_nonce", ""),
        "asset_url": asset_url,
        "error_summary": error_summary,
    }


def _error_page(error: Exception) -> tuple[str, int]:
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


def _database_unavailable(error: OperationalError) -> tuple[str, int]:
    """The database is down: say so plainly. Answers already saved stay in the draft for later."""
    log.error("database unavailable on %s %s", request.method, request.endpoint)
    return render_template("errors/503.html", status=503), 503


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    """The form's security token expired or is missing: explain, and send the person back to the page.

    A browser that sent no session cookie at all refuses cookies: tell the person what to do instead.
    """
    from flask import current_app

    if current_app.config["SESSION_COOKIE_NAME"] not in request.cookies:
        log.info("form sent without cookies on %s", request.endpoint)
        return render_template("errors/cookies_needed.html"), 400
    log.info("csrf failure on %s", request.endpoint)
    return render_template("errors/expired_form.html", back_url=current_page_path()), 400
