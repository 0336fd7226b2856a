"""Application factory for the Victims' Right to Review request service."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ROOT, Settings, settings_from_env
from app.web.extensions import babel, compress, csrf, limiter, wtforms_helpers

log = logging.getLogger(__name__)
REVIEW_CALENDAR_DAYS = 45  # 30 working days, with a bank holiday or two


def create_app(settings: Settings | None = None, **overrides: Any) -> Flask:
    """Build the app. ``settings`` defaults to the ``VRR_*`` environment; ``overrides`` set Flask config."""
    settings = settings or settings_from_env()
    settings.check()
    force = settings.force_profile()

    app = Flask(
        __name__,
        static_folder=str(ROOT / "static"),
        static_url_path="/static",
        template_folder=str(ROOT / "templates"),
        instance_path=str(ROOT / "instance"),
    )
    app.config.update(
        SECRET_KEY=settings.secret_key,
        VRR_SETTINGS=settings,
        VRR_FORCE=force,
        VRR_LANGUAGES=_compiled_languages(),
        MAX_CONTENT_LENGTH=settings.max_content_length,
        SESSION_COOKIE_NAME="__Host-session" if settings.production else "session",
        SESSION_COOKIE_SECURE=settings.production,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        WTF_CSRF_TIME_LIMIT=None,  # the draft's own idle expiry is the time limit
        WTF_CSRF_SSL_STRICT=settings.production,
        BABEL_TRANSLATION_DIRECTORIES=str(ROOT / "translations"),
        BABEL_DEFAULT_LOCALE="en",
        BABEL_DEFAULT_TIMEZONE="Europe/London",
        RATELIMIT_STORAGE_URI=settings.ratelimit_storage_url,
        RATELIMIT_HEADERS_ENABLED=True,
        SEND_FILE_MAX_AGE_DEFAULT=60 * 60 * 24 * 365,
        # Compress static text assets only. Pages are small, and compressing a page that holds a CSRF token
        # beside text someone typed would open it to compression side-channel attacks (BREACH).
        COMPRESS_MIMETYPES=["text/css", "text/javascript", "application/javascript", "image/svg+xml"],
    )
    app.config.update(overrides)
    if settings.trusted_proxies:
        # Behind N proxies: the client's address and scheme are the ones the nearest N proxies forwarded.
        # With 0 (the default) X-Forwarded-* is ignored, so nobody can choose their own rate-limit key.
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=settings.trusted_proxies, x_proto=settings.trusted_proxies
        )
    if settings.production and settings.ratelimit_storage_url.startswith("memory://"):
        log.warning(
            "rate limits are counted in this process's memory (VRR_ALLOW_MEMORY_RATELIMITS=1): with several "
            "workers or instances each limit is multiplied by their number; use redis:// instead"
        )

    if force.progress_links and settings.retention_days < REVIEW_CALENDAR_DAYS:
        log.warning(
            "VRR_RETENTION_DAYS=%s is shorter than a review (30 working days, about %s calendar days): the progress "
            "links and reminders stop working before the review is due",
            settings.retention_days,
            REVIEW_CALENDAR_DAYS,
        )

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            PrefixLoader({"govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")}),
        ]
    )
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from app import web
    from app.web import i18n
    from app.web.errors import reject_unreadable_forms

    app.before_request(reject_unreadable_forms)  # before CSRF: see its docstring
    from app.web import uploads

    uploads.init_app(app)  # upload body limits, before CSRF reads the body; /request/documents
    babel.init_app(app, locale_selector=i18n.select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    wtforms_helpers.init_app(app)

    from app import db

    db.init_app(app)
    web.init_app(app)

    from app.web import copies, journey, pages, progress, saving

    for blueprint in (pages.bp, journey.bp, copies.bp, progress.bp, saving.bp):
        app.register_blueprint(blueprint)

    from app.operations import cli

    cli.init_app(app)
    return app


def _compiled_languages() -> tuple[str, ...]:
    """English plus every language whose catalog has been compiled (``make i18n-compile``)."""
    from app.languages import LANGUAGES

    translations = ROOT / "translations"
    return tuple(
        lang.code
        for lang in LANGUAGES
        if lang.code == "en" or (translations / lang.code / "LC_MESSAGES" / "messages.mo").exists()
    )
