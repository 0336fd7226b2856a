"""The applicant's PDF copy, through a signed, short-lived link that works only while the browser that sent the
request may still see its confirmation (held on the server, ended by "Exit this page": app/submission/receipts.py).

The copy is made once by the delivery worker and stored sealed (app/delivery/copies.py); this route only
serves those bytes, so a download costs no rendering and nothing here imports WeasyPrint.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask.typing import ResponseReturnValue
from itsdangerous import BadSignature, URLSafeTimedSerializer

from app import db
from app.delivery.copies import stored_applicant_copy
from app.models import SubmittedRequest
from app.submission import receipts
from app.web.extensions import limiter

bp = Blueprint("delivery", __name__)
MAX_AGE = 15 * 60  # a link is issued afresh each time the confirmation page is shown
RATE_LIMIT = "10 per minute"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="applicant-pdf")


def issue_pdf_link(request_id: int) -> str:
    return url_for("delivery.applicant_pdf", token=_serializer().dumps({"id": request_id}))


@bp.get("/request/your-copy.pdf")
@limiter.limit(RATE_LIMIT)
def applicant_pdf() -> ResponseReturnValue:
    try:
        data = _serializer().loads(request.args.get("token", ""), max_age=MAX_AGE)
    except BadSignature:
        abort(404)
    try:
        request_id = int(data["id"])
    except (KeyError, TypeError, ValueError):
        abort(404)
    receipt = receipts.current_receipt()  # the confirmation this browser may still see, if any
    if receipt is None or receipt.request_id != request_id:
        abort(404)
    state, pdf = stored_applicant_copy(current_app, request_id)
    if state == "gone":
        abort(404)
    if state != "ready":
        response = Response(render_template("pdf/copy_status.html", failed=state == "failed"))
        if state == "pending":
            response.headers["Retry-After"] = "60"
        return response
    with db.transaction() as s:
        reference = s.get_one(SubmittedRequest, request_id).reference
    response = Response(pdf, mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{reference}.pdf"'
    return response
