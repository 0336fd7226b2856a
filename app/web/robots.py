"""Search engines: the start page and the content pages may be indexed (a victim has to find the service);
every other page (the questions, check answers, confirmation, errors) is ``noindex``.

Said twice, as search engines read either: the robots meta tag in base.html (``robots_directive``) and the
``X-Robots-Tag`` header on every HTML response. /robots.txt keeps crawlers out of the journey, where a
crawler following "Start now" would only start drafts.
"""

from __future__ import annotations

from flask import Response, has_request_context, request

INDEXABLE = frozenset(
    {"pages.start", "pages.accessibility", "pages.privacy", "pages.cookies", "pages.contact", "pages.exit_help"}
)
INDEX = "index, follow"
NOINDEX = "noindex, nofollow"
ROBOTS_TXT = "User-agent: *\nDisallow: /request/\nDisallow: /exit\n"


def directive() -> str:
    """The directive for the page being rendered (errors are never indexed, whatever the endpoint)."""
    indexable = has_request_context() and request.endpoint in INDEXABLE  # emails and PDFs have no request
    return INDEX if indexable else NOINDEX


def add_header(response: Response) -> Response:
    if response.mimetype == "text/html":
        indexable = request.endpoint in INDEXABLE and response.status_code == 200
        response.headers["X-Robots-Tag"] = INDEX if indexable else NOINDEX
    return response
