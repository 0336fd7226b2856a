"""What every template can use: the force, settings, language links, asset URLs, error summaries."""

from __future__ import annotations

import hashlib
import unicodedata
from typing import Any
from urllib.parse import urlencode

from flask import current_app, g, request, url_for
from flask_babel import gettext
from markupsafe import Markup
from werkzeug.routing import BuildError

from app import languages
from app.config import ROOT
from app.web import brand, i18n, robots
from app.web.headers import GOVUK_ASSETS, STATIC_ENDPOINTS

ICO_PHONE = "0303 123 1113"  # the Information Commissioner's Office helpline, for the privacy notice


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
    """The links to this page in every language (plain links: they work without JavaScript)."""
    path = current_page_path()
    template = current_app.jinja_env.get_template("partials/language_switcher.html")
    html = template.render(
        current_language=languages.current_language(),
        languages=i18n.enabled_languages(current_app),
        switch_language_url=lambda code: switch_language_url(code, path),
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


def template_context() -> dict[str, Any]:
    lang = languages.current_language()
    force = current_app.config["VRR_FORCE"]
    return {
        "force": force,
        "settings": current_app.config["VRR_SETTINGS"],
        "current_language": lang,
        "languages": i18n.enabled_languages(current_app),
        "language_switcher": language_switcher,
        "csp_nonce": g.get("csp_nonce", ""),
        "asset_url": asset_url,
        "error_summary": error_summary,
        # The force's brand and the page's search-engine directive, for base.html.
        "brand_css": brand.brand_css(force),
        "brand_logo": brand.logo_html(force),
        "ownership_line": brand.ownership_line(force),
        "robots_directive": robots.directive(),
        "ICO_PHONE": ICO_PHONE,
    }
