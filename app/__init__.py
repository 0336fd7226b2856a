"""Application factory for the Victims' Right to Review request service."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from werkzeug.middleware.proxy_fix import ProxyFix

from app.config import ROOT, Settings, settings_from_env
from app.extensions import babel, compress, csrf, limiter, wtforms_helpers
from app.templating import ImportCachingTemplate

log = logging.getLogger(__name__)


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

    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
            PrefixLoader({"govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf")}),
        ]
    )
    app.jinja_env.template_class = ImportCachingTemplate  # before any template is loaded
    app.jinja_env.add_extension("jinja2.ext.i18n")
    app.jinja_env.add_extension("jinja2.ext.do")
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from app import i18n
    from app.web import reject_unreadable_forms

    app.before_request(reject_unreadable_forms)  # before CSRF: see its docstring
    from app.uploads import views as uploads_views

    uploads_views.init_app(app)  # issue 15: upload body limits (before CSRF reads the body), /request/documents
    babel.init_app(app, locale_selector=i18n.select_locale)
    i18n.install_template_gettext(app)
    csrf.init_app(app)
    limiter.init_app(app)
    compress.init_app(app)
    wtforms_helpers.init_app(app)

    from app import db, web

    db.init_app(app)
    web.init_app(app)

    from app.pages.views import bp as pages_bp

    app.register_blueprint(pages_bp)
    from app.journey.views import bp as journey_bp

    app.register_blueprint(journey_bp)
    from app.delivery.views import bp as delivery_bp

    app.register_blueprint(delivery_bp)

    from app import cli

    cli.init_app(app)
    return app


def _compiled_languages() -> tuple[str, ...]:
    """English plus every language whose catalog has been compiled (``make i18n-compile``)."""
    from app.i18n import LANGUAGES

    translations = ROOT / "translations"
    return tuple(
        lang.code
        for lang in LANGUAGES
        if lang.code == "en" or (translations / lang.code / "LC_MESSAGES" / "messages.mo").exists()
    )
