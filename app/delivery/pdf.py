"""PDF copies of a request: render HTML with a template, then turn it into bytes in one small function.

Speed (a typical staff copy renders in well under 300 ms): static/css/pdf.css lays the answer tables out with
``table-layout: fixed``, so WeasyPrint does not measure every cell's text to size the columns; and each thread
keeps one fontconfig font set and the parsed pdf.css (``_Renderer``), instead of loading them for every PDF.
Neither holds anything from a request: see ``_Renderer``.
"""

from __future__ import annotations

import logging
import mimetypes
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from flask import Flask, render_template
from flask_babel import force_locale
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from app.config import ROOT
from app.delivery.document import RequestDocument, staff_triage
from app.delivery.layout import answer_layout
from app.languages import BY_CODE, DEFAULT
from app.summary import Audience, summary

log = logging.getLogger(__name__)
STATIC = (ROOT / "static").resolve()
BASE_URL = STATIC.as_uri() + "/"
STYLESHEET = STATIC / "css" / "pdf.css"


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


@dataclass(frozen=True)
class _Renderer:
    """What every PDF needs and no PDF changes: fontconfig's fonts (with Pango's cache of loaded faces and
    metrics) and static/css/pdf.css, parsed. Loading them for every PDF cost about 30 ms of CPU for a typical
    copy and 150 ms for a Chinese one (the CJK font is 19 MB).

    Nothing in here comes from a request: the font set is the machine's, the stylesheet is a file in static/
    (read through ``StaticOnlyFetcher``), and WeasyPrint keeps each document's glyphs and embedded font
    subsets in that document, not in the font configuration; its caches there are keyed by font style alone.
    One per thread, because Pango's font map is not documented as safe to share between threads (gunicorn
    runs threads; the delivery worker renders one PDF at a time). A new one is made when pdf.css changes.
    """

    font_config: FontConfiguration
    stylesheet: CSS
    stylesheet_version: tuple[int, int]


_local = threading.local()


def _stylesheet_version() -> tuple[int, int]:
    stat = STYLESHEET.stat()
    return stat.st_mtime_ns, stat.st_size


def _renderer() -> _Renderer:
    version = _stylesheet_version()
    renderer: _Renderer | None = getattr(_local, "renderer", None)
    if renderer is None or renderer.stylesheet_version != version:
        font_config = FontConfiguration()
        stylesheet = CSS(url=STYLESHEET.as_uri(), url_fetcher=StaticOnlyFetcher(), font_config=font_config)
        renderer = _local.renderer = _Renderer(font_config, stylesheet, version)
    return renderer


def to_pdf(html: str, fetcher: StaticOnlyFetcher | None = None) -> bytes:
    """HTML to a tagged (PDF/UA-1), A4 PDF styled by static/css/pdf.css. Relative URLs resolve inside static/."""
    renderer = _renderer()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher or StaticOnlyFetcher())
    return document.write_pdf(
        pdf_variant="pdf/ua-1", font_config=renderer.font_config, stylesheets=[renderer.stylesheet]
    )


def render_html(app: Flask, doc: RequestDocument, audience: Audience) -> str:
    """The request as HTML: the staff copy in English, the applicant's copy in their language."""
    locale = "en" if audience == "staff" else doc.locale
    language = BY_CODE.get(locale, DEFAULT)
    with app.app_context(), force_locale(locale):
        return render_template(
            "pdf/request.html",
            doc=doc,
            audience=audience,
            sections=summary(doc.application, doc.dates.received_on, locale, audience, doc.documents),
            language=language,
            form_language=BY_CODE.get(doc.locale, DEFAULT),
            force=doc.force,
            triage=staff_triage(doc) if audience == "staff" else None,
            answer_layout=answer_layout,
        )


def render_pdf(app: Flask, doc: RequestDocument, audience: Audience) -> bytes:
    return to_pdf(render_html(app, doc, audience))
