"""The eligibility rules, as a table of cases covering every branch."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.domain.eligibility import (
    CHOICES,
    QUESTIONS,
    EligibilityAnswers,
    Flag,
    OutcomeCode,
    add_months,
    answers_from_mapping,
    evaluate,
    is_late,
    next_question,
    on_path,
)

TODAY = date(2026, 11, 23)
RECENT = date(2026, 11, 1)
OLD = date(2026, 6, 1)
BEFORE = date(2015, 3, 31)
NEAR_START = date(2015, 6, 1)  # told soon after the scheme began: the decision itself may predate it

BASE = {"who": "victim", "suspect_interviewed": "yes", "decision": "no_charge"}


def answers(**values) -> EligibilityAnswers:
    return EligibilityAnswers(**values)


CASES = [
    # (answers, next question, outcome, flags)
    ({}, "who", OutcomeCode.INCOMPLETE, set()),
    ({"who": "group"}, None, OutcomeCode.GROUP, set()),
    ({"who": "representative"}, "representative_type", OutcomeCode.INCOMPLETE, {Flag.REPRESENTATIVE}),
    (
        {"who": "representative", "representative_type": "mp"},
        "suspect_interviewed",
        OutcomeCode.INCOMPLETE,
        {Flag.REPRESENTATIVE},
    ),
    ({"who": "victim", "suspect_interviewed": "no"}, None, OutcomeCode.NO_SUSPECT, set()),
    ({"who": "victim", "suspect_interviewed": "not_sure"}, "decision", OutcomeCode.INCOMPLETE, {Flag.NOT_SURE_SUSPECT}),
    ({**BASE, "decision": "cps"}, None, OutcomeCode.CPS_DECISION, set()),
    ({**BASE, "decision": "partial_charge"}, None, OutcomeCode.PARTIAL_CHARGE, set()),
    ({**BASE, "decision": "different_offence"}, None, OutcomeCode.DIFFERENT_OFFENCE, set()),
    ({**BASE, "decision": "out_of_court"}, None, OutcomeCode.OUT_OF_COURT, set()),
    ({**BASE, "decision": "not_recorded"}, None, OutcomeCode.NOT_RECORDED, set()),
    ({**BASE, "decision": "stopped_investigation"}, None, OutcomeCode.NOT_RECORDED, set()),
    # A decision the person does not find in the list never excludes them: staff check it.
    ({**BASE, "decision": "other", "told_date": RECENT}, None, OutcomeCode.ELIGIBLE, {Flag.NOT_SURE_DECISION}),
    (
        {**BASE, "decision": "withdrew"},
        "withdrawal_reinstated",
        OutcomeCode.INCOMPLETE,
        set(),
    ),
    ({**BASE, "decision": "withdrew", "withdrawal_reinstated": "no"}, None, OutcomeCode.WITHDRAWN, set()),
    (
        {**BASE, "decision": "withdrew", "withdrawal_reinstated": "yes", "told_date": RECENT},
        None,
        OutcomeCode.ELIGIBLE,
        {Flag.REINSTATED},
    ),
    (
        {**BASE, "decision": "withdrew", "withdrawal_reinstated": "not_sure", "told_date": RECENT},
        None,
        OutcomeCode.ELIGIBLE,
        {Flag.NOT_SURE_REINSTATED},
    ),
    ({**BASE, "decision": "not_sure", "told_date": RECENT}, None, OutcomeCode.ELIGIBLE, {Flag.NOT_SURE_DECISION}),
    ({**BASE, "decision": "not_referred", "told_date": RECENT}, None, OutcomeCode.ELIGIBLE, set()),
    ({**BASE}, "told_date", OutcomeCode.INCOMPLETE, set()),
    # The told date settles the scheme question, except soon after the scheme began.
    ({**BASE, "told_date": RECENT, "decided_before_2015": "yes"}, None, OutcomeCode.ELIGIBLE, set()),
    ({**BASE, "told_date": date(2016, 4, 1)}, "late_reason", OutcomeCode.INCOMPLETE, {Flag.LATE}),
    ({**BASE, "told_date": NEAR_START}, "decided_before_2015", OutcomeCode.INCOMPLETE, set()),
    ({**BASE, "told_date": date(2015, 4, 1)}, "decided_before_2015", OutcomeCode.INCOMPLETE, set()),
    (
        {**BASE, "told_date": NEAR_START, "decided_before_2015": "yes"},
        "child_sexual_abuse",
        OutcomeCode.INCOMPLETE,
        set(),
    ),
    (
        {**BASE, "told_date": NEAR_START, "decided_before_2015": "yes", "child_sexual_abuse": "yes"},
        None,
        OutcomeCode.CSA_PANEL,
        set(),
    ),
    (
        {**BASE, "told_date": NEAR_START, "decided_before_2015": "yes", "child_sexual_abuse": "no"},
        None,
        OutcomeCode.BEFORE_SCHEME,
        set(),
    ),
    ({**BASE, "told_date": BEFORE}, "child_sexual_abuse", OutcomeCode.INCOMPLETE, set()),
    ({**BASE, "told_date": BEFORE, "child_sexual_abuse": "no"}, None, OutcomeCode.BEFORE_SCHEME, set()),
    ({**BASE, "told_date": BEFORE, "child_sexual_abuse": "yes"}, None, OutcomeCode.CSA_PANEL, set()),
    (
        {**BASE, "decided_before_2015": "not_sure", "told_date": NEAR_START},
        "late_reason",
        OutcomeCode.INCOMPLETE,
        {Flag.NOT_SURE_SCHEME_DATE, Flag.LATE},
    ),
    ({**BASE, "told_date": RECENT}, None, OutcomeCode.ELIGIBLE, set()),
    ({**BASE, "told_date": OLD}, "late_reason", OutcomeCode.INCOMPLETE, {Flag.LATE}),
    ({**BASE, "told_date": OLD, "late_reason": "I was in hospital"}, None, OutcomeCode.ELIGIBLE, {Flag.LATE}),
    ({**BASE, "told_date": date(2026, 8, 23)}, None, OutcomeCode.ELIGIBLE, set()),  # exactly 3 months: in time
    ({**BASE, "told_date": date(2026, 8, 22)}, "late_reason", OutcomeCode.INCOMPLETE, {Flag.LATE}),
    ({**BASE, "told_date": date(2027, 1, 1)}, None, OutcomeCode.ELIGIBLE, set()),  # future date: no crash
]
CASES += [
    ({**BASE, "who": who, "told_date": RECENT}, None, OutcomeCode.ELIGIBLE, set())
    for who in ("victim", "bereaved", "parent", "spokesperson", "officer", "business")
]


@pytest.mark.parametrize("values,question,code,flags", CASES)
def test_rules_table(values, question, code, flags):
    given_answers = answers(**values)
    assert next_question(given_answers, TODAY) == question
    outcome = evaluate(given_answers, TODAY)
    assert outcome.code is code
    assert outcome.flags == frozenset(flags)
    assert outcome.complete == (code is not OutcomeCode.INCOMPLETE)
    assert outcome.eligible == (code is OutcomeCode.ELIGIBLE)
    assert outcome.is_exit == (outcome.complete and not outcome.eligible)


def test_every_outcome_code_is_reached_by_the_table():
    reached = {code for _values, _question, code, _flags in CASES}
    assert reached == set(OutcomeCode)


def test_every_flag_is_reached_by_the_table():
    reached = set().union(*(flags for *_rest, flags in CASES))
    assert reached == set(Flag)


def test_outcome_codes_are_stable():
    # Used by pages, PDFs, emails and statistics: changing one breaks history.
    assert {c.value for c in OutcomeCode} == {
        "eligible",
        "incomplete",
        "ineligible_group",
        "ineligible_no_suspect",
        "ineligible_cps_decision",
        "ineligible_partial_charge",
        "ineligible_different_offence",
        "ineligible_out_of_court",
        "ineligible_withdrawn",
        "ineligible_not_recorded",
        "ineligible_before_scheme",
        "refer_csa_panel",
    }


@pytest.mark.parametrize(
    "start,months,expected",
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2027, 11, 30), 3, date(2028, 2, 29)),
        (date(2026, 10, 31), 3, date(2027, 1, 31)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_is_late_boundary():
    assert not is_late(date(2026, 8, 23), TODAY)
    assert is_late(date(2026, 8, 22), TODAY)


def test_mapping_round_trip_and_invalid_values_are_unanswered():
    original = answers(**BASE, told_date=RECENT, late_reason="reason")
    assert answers_from_mapping(original.to_mapping()) == original
    broken = answers_from_mapping({"who": "hacker", "told_date": "not-a-date", "decision": 7, "extra": "x"})
    assert broken == EligibilityAnswers()


def test_on_path_keeps_only_answers_the_path_asked():
    changed_mind = answers(
        **{**BASE, "who": "victim"}, representative_type="mp", withdrawal_reinstated="no", told_date=RECENT
    )
    kept = on_path(changed_mind, TODAY)
    assert kept.representative_type is None
    assert kept.withdrawal_reinstated is None
    assert kept.told_date == RECENT


answer_values = {name: st.one_of(st.none(), st.sampled_from(sorted(values))) for name, values in CHOICES.items()}


@given(
    fixed=st.fixed_dictionaries(answer_values),
    told=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1))),
    reason=st.one_of(st.none(), st.text(max_size=5)),
)
def test_next_question_is_never_an_answered_one_and_evaluate_never_raises(fixed, told, reason):
    given_answers = answers(**fixed, told_date=told, late_reason=reason)
    question = next_question(given_answers, TODAY)
    outcome = evaluate(given_answers, TODAY)
    if question is not None:
        assert question in QUESTIONS
        assert not getattr(given_answers, question)
        assert outcome.code is OutcomeCode.INCOMPLETE
    else:
        assert outcome.complete
