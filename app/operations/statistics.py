"""Anonymous statistics for operators, FOI answers and the force's own reporting. No personal data at all."""

from __future__ import annotations

import csv
import io

from sqlalchemy import func, select

from app import db
from app.models import EligibilityStat


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
