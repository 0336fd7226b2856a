"""The languages the service speaks, and how dates and text direction are written in each.

No request needed: forms, the summary and the PDFs use these as well as the web pages.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

from babel import Locale
from babel import dates as babel_dates
from flask_babel import get_locale


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
    """The Babel locale for formats in ``code`` (default: the language being spoken now)."""
    if code is None:
        locale = get_locale()
        code = str(locale) if locale else DEFAULT.code
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


def current_language() -> Language:
    """The language being spoken now (the request's, or the one ``force_locale`` chose)."""
    locale = get_locale()
    return BY_CODE.get(str(locale) if locale else DEFAULT.code, DEFAULT)
