"""Response headers: security headers on pages, few headers on static files, GOV.UK Frontend's assets."""

from __future__ import annotations

import secrets

from flask import Response, current_app, g, request, send_from_directory

from app.config import ROOT

GOVUK_ASSETS = ROOT / "static" / "govuk" / "assets"
STATIC_ENDPOINTS = ("static", "govuk_assets")  # files, not pages: cached a year, no personal data


def govuk_asset(filename: str) -> Response:
    """GOV.UK Frontend's CSS refers to fonts and images under ``/assets``."""
    return send_from_directory(GOVUK_ASSETS, filename, max_age=60 * 60 * 24 * 365)


def buffer_static_text(response: Response) -> Response:
    """Read a static text file into memory so Flask-Compress compresses it whole (gzip or brotli).

    Its streaming path would leave the file open and offers no gzip; these files are small.
    """
    if request.endpoint in STATIC_ENDPOINTS and response.mimetype in current_app.config["COMPRESS_MIMETYPES"]:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def make_nonce() -> None:
    g.csp_nonce = secrets.token_urlsafe(16)


def security_headers(response: Response) -> Response:
    response.headers["X-Content-Type-Options"] = "nosniff"
    settings = current_app.config.get("VRR_SETTINGS")
    if settings is not None and settings.production:
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    static = request.endpoint in STATIC_ENDPOINTS
    if static:
        _static_headers(response)
        if response.mimetype != "image/svg+xml":  # an SVG opened on its own is a document: it keeps them all
            return response
    nonce = g.get("csp_nonce", "")
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; "
        f"script-src 'self' 'nonce-{nonce}'; "
        # The nonce lets base.html set the force profile's brand colour (app/web/brand.py).
        f"style-src 'self' 'nonce-{nonce}'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    )
    # same-origin: nothing leaves for other sites (the exit page included), but the browser still sends the
    # Referer that Flask-WTF's CSRF check requires over HTTPS; with no-referrer no form could be sent.
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not static:
        # Pages hold personal data: never let a shared computer's cache keep them.
        response.headers["Cache-Control"] = "no-store"
    return response


def _static_headers(response: Response) -> None:
    """Static files, cached for a year (their URLs carry a content hash), with few headers.

    The document-only headers (CSP, framing, referrer, permissions, opener) do nothing on a stylesheet,
    script or font, and HTTP/1.1 sends headers uncompressed: on a first visit they were some 3 KB of the
    page weight. Expires and Content-Disposition repeat what Cache-Control and the URL already say.
    """
    response.headers.pop("Expires", None)
    response.headers.pop("Content-Disposition", None)
