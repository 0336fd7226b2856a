"""The web layer: views, and what every page shares (template context, headers, errors, languages)."""

from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import OperationalError

from app import languages, phones
from app.progress import links
from app.rendering import cached_macro
from app.web import context, errors, headers, i18n, robots
from forms.common import latin_name_open


def init_app(app: Flask) -> None:
    app.before_request(headers.make_nonce)
    app.after_request(headers.security_headers)
    app.after_request(headers.buffer_static_text)
    app.after_request(i18n.remember_choice)
    app.after_request(robots.add_header)
    app.context_processor(context.template_context)
    app.add_url_rule("/assets/<path:filename>", "govuk_assets", headers.govuk_asset)
    app.jinja_env.globals["cached_macro"] = cached_macro
    app.jinja_env.filters["long_date"] = languages.long_date
    app.jinja_env.filters["text_direction"] = languages.text_direction
    app.jinja_env.globals.update(
        phone_link=phones.phone_link,
        phone_text=phones.phone_text,
        VICTIM_SUPPORT_PHONE=phones.VICTIM_SUPPORT,
        EMERGENCY_PHONE=phones.EMERGENCY,
        latin_name_open=latin_name_open,
        # The emails and staff PDF link to the progress pages (issue 20); empty when a force turns them off.
        progress_staff_links=links.staff_links,
        progress_person_link=links.person_link,
    )
    for code in (400, 403, 404, 405, 413, 429, 500, 503):
        app.register_error_handler(code, errors.error_page)
    app.register_error_handler(CSRFError, errors.csrf_error)
    app.register_error_handler(OperationalError, errors.database_unavailable)
