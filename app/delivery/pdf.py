"""PDF copies of a request: render HTML with a template, then turn it into bytes in one small function."""

from __future__ import annotations

import logging
import mimetypes
from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote, urlparse

from flask import Flask, render_template
from flask_babel import force_locale
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.config import ROOT
from app.delivery.document import RequestDocument, staff_triage
from app.i18n import BY_CODE, DEFAULT

log = logging.getLogger(__name__)
STATIC = (ROOT / "static").resolve()
Audience = Literal["staff", "applicant"]


class StaticOnlyFetcher(URLFetcher):
    """Serves the app's own static files and refuses every other URL (http, https, data, other files).

    Nothing a person types can make the renderer read a remote or local file. Refused URLs are kept in
    ``refused`` so tests can see what was asked for.
    """

    def __init__(self) -> None:
        super().__init__(allowed_protocols={"file"}, allow_redirects=False)
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parsed = urlparse(url)
        path = Path(unquote(parsed.path)).resolve() if parsed.scheme == "file" and not parsed.netloc else None
        if path is None or not path.is_relative_to(STATIC) or not path.is_file():
            self.refused.append(url)
            log.warning("pdf renderer refused a resource outside static/")
            raise ValueError("resource refused")
        # Without a Content-Type WeasyPrint takes a stylesheet for text/plain and silently ignores it.
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type}, 200)


def to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML to a tagged (PDF/UA-1), A4 PDF. Relative URLs resolve inside static/."""
    document = HTML(string=html, base_url=STATIC.as_uri() + "/", url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_html(app: Flask, doc: RequestDocument, audience: Audience) -> str:
    """The request as HTML: the staff copy in English, the applicant's copy in their language."""
    from app.journey.pages import summary_sections

    locale = "en" if audience == "staff" else doc.locale
    language = BY_CODE.get(locale, DEFAULT)
    with app.test_request_context("/"), force_locale(locale):
        state = doc.state()
        sections = summary_sections(state, doc.payload)
        return render_template(
            "pdf/request.html",
            doc=doc,
            audience=audience,
            sections=sections,
            state=state,
            language=language,
            form_language=BY_CODE.get(doc.locale, DEFAULT),
            force=doc.force,
            triage=staff_triage(doc) if audience == "staff" else None,
        )


def render_pdf(app: Flask, doc: RequestDocument, audience: Audience) -> bytes:
    return to_pdf(render_html(app, doc, audience))
