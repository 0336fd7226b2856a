"""The applicant's PDF copy, through a signed, time-limited link that works only in the session that sent it."""

from __future__ import annotations

import secrets

from flask import Blueprint, Response, abort, current_app, request, session, url_for
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

bp = Blueprint("delivery", __name__)
SESSION_KEY = "pdf_nonce"
MAX_AGE = 60 * 60


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="applicant-pdf")


def issue_pdf_link(request_id: int) -> str:
    nonce = session.get(SESSION_KEY) or secrets.token_urlsafe(16)
    session[SESSION_KEY] = nonce
    token = _serializer().dumps({"id": request_id, "nonce": nonce})
    return url_for("delivery.applicant_pdf", token=token)


@bp.get("/request/your-copy.pdf")
def applicant_pdf() -> ResponseReturnValue:
    try:
        data = _serializer().loads(request.args.get("token", ""), max_age=MAX_AGE)
    except BadSignature:
        abort(404)
    if not isinstance(data, dict) or data.get("nonce") != session.get(SESSION_KEY):
        abort(404)
    # Imported here, not at start-up: WeasyPrint and its fonts add about 2 s and 28 MiB to every web worker,
    # and most requests never make a PDF (the delivery worker makes the force's copy).
    from app.delivery.pdf import render_pdf
    from app.delivery.worker import load_document

    try:
        doc = load_document(current_app._get_current_object(), int(data["id"]))  # type: ignore[attr-defined]
    except (LookupError, KeyError, ValueError):
        abort(404)
    pdf = render_pdf(current_app._get_current_object(), doc, "applicant")  # type: ignore[attr-defined]
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{doc.reference}.pdf"'
    return response
