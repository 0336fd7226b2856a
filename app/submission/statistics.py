"""One anonymous count per completed eligibility check: outcome, flags, date, language. Nothing else."""

from __future__ import annotations

import dataclasses

from flask import current_app
from flask_babel import get_locale

from app import clock, db
from app.journey.flow import JourneyState
from app.models import EligibilityStat
from app.submission import drafts


def record_once(state: JourneyState) -> None:
    """Count this check, unless it has been counted already (a changed answer is not a second check)."""
    if state.application.stats_recorded:
        return
    outcome = state.outcome
    with db.transaction() as s:
        s.add(
            EligibilityStat(
                recorded_on=clock.today(),
                force_code=current_app.config["VRR_FORCE"].code,
                outcome_code=outcome.code.value,
                flags=",".join(sorted(f.value for f in outcome.flags)),
                locale=str(get_locale() or "en"),
            )
        )
    drafts.save(dataclasses.replace(state.application, stats_recorded=True))
