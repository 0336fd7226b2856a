"""How the language of a request is chosen and remembered (the languages themselves: app/languages.py).

Order of choice: ``?lang=`` in the URL, then the ``lang`` cookie, then the browser's Accept-Language, then
English. The switcher is plain links, so it works without JavaScript.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session

from app.languages import BY_CODE, DEFAULT, LANGUAGES, Language

LANG_KEY = "lang"  # in the session cookie, which ends with the browser session: no cookie of its own


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
    available = current_app.config["VRR_LANGUAGES"]
    for code in (request.args.get("lang"), session.get(LANG_KEY)):
        matched = _match(code)
        if matched is not None and matched in available:
            return matched
    best = request.accept_languages.best_match([c.replace("_", "-") for c in available])
    return _match(best) or DEFAULT.code


def remember_choice(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for the rest of the visit.

    It lives in the session, which the browser deletes when it closes and "Exit this page" clears: a cookie
    of its own that lasted a year would tell the next user of a shared device that the service was used.
    """
    chosen = _match(request.args.get("lang"))
    if chosen and chosen != session.get(LANG_KEY) and chosen in current_app.config["VRR_LANGUAGES"]:
        session[LANG_KEY] = chosen
    return response
