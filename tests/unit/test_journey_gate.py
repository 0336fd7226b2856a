"""The journey's gate, without Flask: no excluded or unfinished journey reaches check answers."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.eligibility import EligibilityAnswers, OutcomeCode
from app.journey.flow import CHECK_ANSWERS, EXIT, JourneyState
from app.journey.registry import JOURNEY
from app.model.answers import Contact, Documents, Objection, Requester, VictimDetails
from app.model.application import Application

TODAY = date(2026, 11, 23)
STEPS = {
    "victim": VictimDetails(),
    "victim_contact": Contact(),
    "requester": Requester(),
    "objection": Objection(),
    "documents": Documents(),
}
PATH = {"who": "victim", "suspect_interviewed": "yes", "decision": "no_charge"}
NEAR_START = date(2015, 6, 1)  # told soon after the scheme began: the scheme question is asked

EXCLUDED = [
    ({"who": "group"}, OutcomeCode.GROUP),
    ({**PATH, "suspect_interviewed": "no"}, OutcomeCode.NO_SUSPECT),
    ({**PATH, "decision": "cps"}, OutcomeCode.CPS_DECISION),
    ({**PATH, "decision": "not_recorded"}, OutcomeCode.NOT_RECORDED),
    ({**PATH, "decision": "withdrew", "withdrawal_reinstated": "no"}, OutcomeCode.WITHDRAWN),
    (
        {**PATH, "told_date": NEAR_START, "decided_before_2015": "yes", "child_sexual_abuse": "no"},
        OutcomeCode.BEFORE_SCHEME,
    ),
    ({**PATH, "told_date": date(2015, 1, 5), "child_sexual_abuse": "yes"}, OutcomeCode.CSA_PANEL),
]


def _state(answers: dict, steps: dict = STEPS) -> JourneyState:
    told = date(2026, 11, 1) if "told_date" not in answers else answers.pop("told_date")
    return JourneyState(Application(eligibility=EligibilityAnswers(**answers, told_date=told), **steps), TODAY)


@pytest.mark.parametrize(("answers", "code"), EXCLUDED)
def test_an_excluded_journey_belongs_on_its_exit_page_even_with_every_step_answered(answers, code):
    state = _state(dict(answers))
    assert state.outcome.code is code
    assert JOURNEY.first_incomplete(state) == EXIT
    assert not JOURNEY.ready_to_send(state)
    assert not JOURNEY.can_visit(state, CHECK_ANSWERS)
    assert not JOURNEY.can_visit(state, "objection")  # the steps are not on an excluded path either


def test_an_eligible_journey_reaches_check_answers_only_when_every_step_is_answered():
    assert JOURNEY.ready_to_send(_state(dict(PATH)))
    assert JOURNEY.can_visit(_state(dict(PATH)), CHECK_ANSWERS)
    unfinished = _state(dict(PATH), {k: v for k, v in STEPS.items() if k != "objection"})
    assert JOURNEY.first_incomplete(unfinished) == "objection"
    assert not JOURNEY.can_visit(unfinished, CHECK_ANSWERS)
