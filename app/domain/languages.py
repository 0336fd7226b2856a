"""Languages an interpreter may be needed for: shown in the reader's own language, named in English for staff.

Names come from Babel's locale data (CLDR), so every language of the form has them without translation work.
The list holds the languages most often interpreted for police and courts in England and Wales; anything else
is typed in ("Another language"). Pure: no Flask.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

INTERPRETER_LANGUAGES = (
    "sq", "am", "ar", "bn", "bg", "yue", "zh", "cs", "fa", "fr", "de", "el", "gu", "he", "hi", "hu", "it",
    "ja", "ko", "ku", "ckb", "lv", "lt", "ms", "ml", "ne", "ps", "pl", "pt", "pa", "ro", "rom", "ru", "sk",
    "so", "es", "sw", "ta", "th", "ti", "tr", "tw", "uk", "ur", "vi", "cy", "yo",
)  # fmt: skip
OTHER = "other"
# Where CLDR's English name is not the one staff book an interpreter by.
STAFF_NAMES = {
    "bn": "Bengali (Bangla)",
    "zh": "Chinese (Mandarin)",
    "yue": "Chinese (Cantonese)",
    "ku": "Kurdish (Kurmanji)",
    "ckb": "Kurdish (Sorani)",
}


def _locale(code: str) -> Locale:
    try:
        return Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return Locale("en")


def language_choices(reader: str) -> list[tuple[str, str]]:
    """(code, name in the reader's language), sorted by that name."""
    names = _locale(reader).languages
    english = Locale("en").languages
    pairs = [(code, names.get(code) or english[code]) for code in INTERPRETER_LANGUAGES]
    return sorted(pairs, key=lambda pair: pair[1].casefold())


def english_name(code: str | None, other: str | None = None) -> str | None:
    """The language for staff, in English: a listed code, or what the person typed for another language."""
    if not code:
        return None
    if code == OTHER:
        return other or "another language (not given)"
    return STAFF_NAMES.get(code) or Locale("en").languages.get(code) or code
