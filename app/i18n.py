"""Languages the service speaks, and how the locale for a request is chosen.

Order of choice: ``?lang=`` in the URL, then the ``lang`` cookie, then the browser's Accept-Language, then
English. The switcher is plain links, so it works without JavaScript.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from babel.support import NullTranslations
from flask import Flask, Response, g, request, session
from flask_babel import get_translations

LANG_KEY = "lang"  # in the session cookie, which ends with the browser session: no cookie of its own


@dataclass(frozen=True)
class Language:
    code: str  # Babel/gettext code, e.g. zh_Hans
    native_name: str  # the language named in its own script
    english_name: str

    @property
    def tag(self) -> str:
        """BCP 47 tag for HTML ``lang`` (zh-Hans, not zh)."""
        return self.code.replace("_", "-")

    @property
    def direction(self) -> str:
        return _direction(self.code)


@cache
def _direction(code: str) -> str:
    return "rtl" if Locale.parse(code).text_direction == "rtl" else "ltr"


LANGUAGES: tuple[Language, ...] = (
    Language("en", "English", "English"),
    Language("cy", "Cymraeg", "Welsh"),
    Language("pl", "Polski", "Polish"),
    Language("ro", "Română", "Romanian"),
    Language("pa", "ਪੰਜਾਬੀ", "Punjabi (Gurmukhi)"),
    Language("ur", "اردو", "Urdu"),
    Language("bn", "বাংলা", "Bengali"),
    Language("gu", "ગુજરાતી", "Gujarati"),
    Language("pt", "Português", "Portuguese"),
    Language("es", "Español", "Spanish"),
    Language("ar", "العربية", "Arabic"),
    Language("lt", "Lietuvių", "Lithuanian"),
    Language("zh_Hans", "中文（简体）", "Chinese (Simplified)"),
)
BY_CODE = {lang.code: lang for lang in LANGUAGES}
DEFAULT = LANGUAGES[0]


# Formats (dates, numbers) follow the UK variant of each language where there is one.
FORMAT_LOCALES = {"en": "en_GB", "pt": "pt_PT", "es": "es_ES", "zh_Hans": "zh_Hans_CN"}


def format_locale(code: str | None = None) -> str:
    code = code or current_language().code
    return FORMAT_LOCALES.get(code, code)


def long_date(day: date | None, code: str | None = None) -> str:
    """A date written out in the language: 7 December 2026, 7 Rhagfyr 2026, ٧ دسمبر ٢٠٢٦ …"""
    return babel_dates.format_date(day, format="long", locale=format_locale(code)) if day else ""


def text_direction(text: str) -> str | None:
    """ "ltr" or "rtl" from the first letter with a strong direction (what ``dir="auto"`` does in browsers),
    None when there is none. WeasyPrint does not support ``dir="auto"``, so the PDF asks this instead."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return None


def enabled_languages(app: Flask) -> tuple[Language, ...]:
    return tuple(lang for lang in LANGUAGES if lang.code in app.config["VRR_LANGUAGES"])


def _match(code: str | None) -> str | None:
    if not code:
        return None
    code = code.strip().replace("-", "_")
    for candidate in (code, code.lower()):
        if candidate in BY_CODE:
            return candidate
    lowered = code.lower()
    if lowered in ("zh", "zh_cn", "zh_sg", "zh_hans_cn"):
        return "zh_Hans"
    return None


def select_locale() -> str:
    from flask import current_app

    available = current_app.config["VRR_LANGUAGES"]
    for code in (request.args.get("lang"), session.get(LANG_KEY)):
        matched = _match(code)
        if matched is not None and matched in available:
            return matched
    best = request.accept_languages.best_match([c.replace("_", "-") for c in available])
    return _match(best) or DEFAULT.code


def current_language() -> Language:
    from flask_babel import get_locale

    locale = get_locale()
    code = str(locale) if locale else DEFAULT.code
    return BY_CODE.get(code, DEFAULT)


def remember_choice(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the rest of the visit.

    It lives in the session, which the browser deletes when it closes and "Exit this page" clears: a cookie
    of its own that lasted a year would tell the next user of a shared device that the service was used.
    """
    chosen = _match(request.args.get("lang"))
    if chosen and chosen != session.get(LANG_KEY):
        from flask import current_app

        if chosen in current_app.config["VRR_LANGUAGES"]:
            session[LANG_KEY] = chosen
    return response


def page_translations() -> NullTranslations:
    """The current request's catalog, found once per request and language instead of once per message.

    Flask-Babel looks the locale and catalog up again for every message (three context lookups and a locale
    name built each time): about a fifth of a page's server time with some 70 messages a page. The answer
    is kept beside Flask-Babel's own locale for the request and reused while that locale is the same one
    (``force_locale`` swaps it, so a forced language is never given the wrong catalog).
    """
    ctx = g.get("_flask_babel")
    locale = getattr(ctx, "babel_locale", None)
    if locale is None:  # no locale chosen yet this request (or Flask-Babel changed): its own way
        return get_translations()
    cached = getattr(ctx, "vrr_translations", None)
    if cached is not None and cached[0] is locale:
        return cached[1]
    translations = get_translations()
    ctx.vrr_translations = (locale, translations)
    return translations


def install_template_gettext(app: Flask) -> None:
    """Templates' ``_()``, ``ngettext()`` … through ``page_translations`` (after Flask-Babel's init_app)."""
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: page_translations().ugettext(s),
        ngettext=lambda s, p, n: page_translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: page_translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: page_translations().unpgettext(c, s, p, n),
    )
