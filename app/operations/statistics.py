"""Anonymous statistics for operators, FOI answers and the force's own reporting. No personal data at all."""

from __future__ import annotations

import csv
import io

from flask import current_app
from sqlalchemy import func, select

from app import clock, db
from app.clock import as_utc
from app.domain import progress as rules
from app.models import EligibilityStat, RequestProgress, SubmittedRequest


def outcomes_csv() -> str:
    """Eligibility outcomes per year, as CSV (year, outcome, count)."""
    year = func.strftime("%Y", EligibilityStat.recorded_on)
    with db.transaction() as s:
        if s.get_bind().dialect.name == "postgresql":
            year = func.to_char(EligibilityStat.recorded_on, "YYYY")
        rows = s.execute(
            select(year, EligibilityStat.outcome_code, func.count())
            .group_by(year, EligibilityStat.outcome_code)
            .order_by(year, EligibilityStat.outcome_code)
        ).all()
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(["year", "outcome", "count"])
    for row in rows:
        out.writerow([row[0], row[1], row[2]])
    return buffer.getvalue()


def timeliness_csv() -> str:
    """Anonymous figures per year and month received, as CSV: received, acknowledged within 10 working days,
    finished within 30, overdue now, and each outcome."""
    with db.transaction() as s:
        rows = s.execute(
            select(
                SubmittedRequest.submitted_at,
                RequestProgress.acknowledged_at,
                RequestProgress.finished_at,
                RequestProgress.outcome,
            ).outerjoin(RequestProgress, RequestProgress.request_id == SubmittedRequest.id)
        ).all()
    records = [
        rules.Record(as_utc(r[0]), as_utc(r[1]) if r[1] else None, as_utc(r[2]) if r[2] else None, r[3]) for r in rows
    ]
    figures = rules.timeliness(records, current_app.config["VRR_FORCE"].nation, clock.today())
    buffer = io.StringIO()
    out = csv.writer(buffer, lineterminator="\n")
    out.writerow(
        [
            "year",
            "month",
            "received",
            "acknowledged_within_10_working_days",
            "finished_within_30_working_days",
            "overdue_now",
            *(f"outcome_{name}" for name in rules.OUTCOMES),
        ]
    )
    for (year, month), f in figures.items():
        out.writerow(
            [
                year,
                f"{month:02d}",
                f.received,
                f.acknowledged_in_time,
                f.finished_in_time,
                f.overdue_now,
                *(f.outcomes[name] for name in rules.OUTCOMES),
            ]
        )
    return buffer.getvalue()
