"""The Victims' Right to Review eligibility rules: pure, no Flask, today's date passed in.

Questions are asked in a fixed order; the first exit on the path wins. "Not sure" answers never stop
anyone: they let the person continue and are flagged for staff. A late request (more than 3 months after
being told of the decision) is never refused: the force decides at its discretion, so it is a flag.
"""

from __future__ import annotations

import calendar
import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

SCHEME_START = date(2015, 4, 1)
# Told of the decision on or after this date: it was made after the scheme began, so "Was the decision made
# before 1 April 2015?" is not asked. A decision is told within weeks, not a year; if one ever was not, the
# person is let through and staff check, which costs far less than turning away someone who can ask.
TOLD_DATE_SETTLES_SCHEME = date(2016, 4, 1)
LATE_AFTER_MONTHS = 3

QUESTIONS: tuple[str, ...] = (
    "who",
    "representative_type",
    "suspect_interviewed",
    "decision",
    "withdrawal_reinstated",
    "told_date",
    "decided_before_2015",
    "child_sexual_abuse",
    "late_reason",
)

# A follow-up question that only one answer leads to: question -> (that answer, follow-up question).
# The service asks each follow-up in place, under the answer, as well as on a page of its own.
FOLLOW_UPS: dict[str, tuple[str, str]] = {
    "who": ("representative", "representative_type"),
    "decision": ("withdrew", "withdrawal_reinstated"),
    "decided_before_2015": ("yes", "child_sexual_abuse"),
}

CHOICES: dict[str, frozenset[str]] = {
    "who": frozenset(
        {"victim", "bereaved", "parent", "spokesperson", "officer", "business", "representative", "group"}
    ),
    "representative_type": frozenset({"solicitor", "mp", "relative_friend", "other"}),
    "suspect_interviewed": frozenset({"yes", "no", "not_sure"}),
    "decision": frozenset(
        {
            "no_charge",
            "not_referred",
            "cps",
            "partial_charge",
            "different_offence",
            "out_of_court",
            "withdrew",
            "not_recorded",
            "stopped_investigation",
            "other",
            "not_sure",
        }
    ),
    "withdrawal_reinstated": frozenset({"yes", "no", "not_sure"}),
    "decided_before_2015": frozenset({"yes", "no", "not_sure"}),
    "child_sexual_abuse": frozenset({"yes", "no"}),
}


class OutcomeCode(StrEnum):
    """Stable codes used by pages, the PDF, the email and the statistics. Never change a value."""

    ELIGIBLE = "eligible"
    INCOMPLETE = "incomplete"
    GROUP = "ineligible_group"
    NO_SUSPECT = "ineligible_no_suspect"
    CPS_DECISION = "ineligible_cps_decision"
    PARTIAL_CHARGE = "ineligible_partial_charge"
    DIFFERENT_OFFENCE = "ineligible_different_offence"
    OUT_OF_COURT = "ineligible_out_of_court"
    WITHDRAWN = "ineligible_withdrawn"
    NOT_RECORDED = "ineligible_not_recorded"
    BEFORE_SCHEME = "ineligible_before_scheme"
    CSA_PANEL = "refer_csa_panel"


class Flag(StrEnum):
    LATE = "late"
    REPRESENTATIVE = "representative"
    NOT_SURE_SUSPECT = "not_sure_suspect"
    NOT_SURE_DECISION = "not_sure_decision"
    NOT_SURE_REINSTATED = "not_sure_reinstated"
    NOT_SURE_SCHEME_DATE = "not_sure_scheme_date"
    REINSTATED = "reinstated"


DECISION_EXITS: dict[str, OutcomeCode] = {
    "cps": OutcomeCode.CPS_DECISION,
    "partial_charge": OutcomeCode.PARTIAL_CHARGE,
    "different_offence": OutcomeCode.DIFFERENT_OFFENCE,
    "out_of_court": OutcomeCode.OUT_OF_COURT,
    # Only an explicit answer about crime recording or about stopping the investigation excludes: someone
    # who does not recognise their decision in the list answers "Something else" and carries on.
    "not_recorded": OutcomeCode.NOT_RECORDED,
    "stopped_investigation": OutcomeCode.NOT_RECORDED,
}


@dataclass(frozen=True)
class EligibilityAnswers:
    """Answers so far; None means not answered (yet)."""

    who: str | None = None
    representative_type: str | None = None
    suspect_interviewed: str | None = None
    decision: str | None = None
    withdrawal_reinstated: str | None = None
    decided_before_2015: str | None = None
    child_sexual_abuse: str | None = None
    told_date: date | None = None
    late_reason: str | None = None

    def to_mapping(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for name in QUESTIONS:
            value = getattr(self, name)
            out[name] = value.isoformat() if isinstance(value, date) else value
        return out


@dataclass(frozen=True)
class Outcome:
    code: OutcomeCode
    flags: frozenset[Flag]

    @property
    def eligible(self) -> bool:
        return self.code is OutcomeCode.ELIGIBLE

    @property
    def complete(self) -> bool:
        return self.code is not OutcomeCode.INCOMPLETE

    @property
    def is_exit(self) -> bool:
        return self.complete and not self.eligible


def add_months(start: date, months: int) -> date:
    """Calendar months later, clamped to the month's end (30 November + 3 months = 28/29 February)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def is_late(told_date: date, today: date) -> bool:
    return today > add_months(told_date, LATE_AFTER_MONTHS)


def _before_scheme(answers: EligibilityAnswers) -> bool:
    """Told before the scheme began (so decided before it too), or said so when the told date left a doubt."""
    assert answers.told_date is not None  # noqa: S101 - asked first
    if answers.told_date < SCHEME_START:
        return True
    return answers.told_date < TOLD_DATE_SETTLES_SCHEME and answers.decided_before_2015 == "yes"


def _walk(answers: EligibilityAnswers, today: date) -> tuple[str | None, OutcomeCode, frozenset[Flag]]:
    """Follow the path: (next question or None, outcome code, flags)."""
    flags: set[Flag] = set()

    def stop(code: OutcomeCode) -> tuple[str | None, OutcomeCode, frozenset[Flag]]:
        return None, code, frozenset(flags)

    def ask(question: str) -> tuple[str | None, OutcomeCode, frozenset[Flag]]:
        return question, OutcomeCode.INCOMPLETE, frozenset(flags)

    if answers.who is None:
        return ask("who")
    if answers.who == "group":
        return stop(OutcomeCode.GROUP)
    if answers.who == "representative":
        flags.add(Flag.REPRESENTATIVE)
        if answers.representative_type is None:
            return ask("representative_type")

    if answers.suspect_interviewed is None:
        return ask("suspect_interviewed")
    if answers.suspect_interviewed == "no":
        return stop(OutcomeCode.NO_SUSPECT)
    if answers.suspect_interviewed == "not_sure":
        flags.add(Flag.NOT_SURE_SUSPECT)

    if answers.decision is None:
        return ask("decision")
    if answers.decision in DECISION_EXITS:
        return stop(DECISION_EXITS[answers.decision])
    if answers.decision in ("not_sure", "other"):  # staff check what was decided
        flags.add(Flag.NOT_SURE_DECISION)
    if answers.decision == "withdrew":
        if answers.withdrawal_reinstated is None:
            return ask("withdrawal_reinstated")
        if answers.withdrawal_reinstated == "no":
            return stop(OutcomeCode.WITHDRAWN)
        flags.add(Flag.REINSTATED if answers.withdrawal_reinstated == "yes" else Flag.NOT_SURE_REINSTATED)

    if answers.told_date is None:
        return ask("told_date")
    if SCHEME_START <= answers.told_date < TOLD_DATE_SETTLES_SCHEME:  # only a date near the start leaves a doubt
        if answers.decided_before_2015 is None:
            return ask("decided_before_2015")
        if answers.decided_before_2015 == "not_sure":
            flags.add(Flag.NOT_SURE_SCHEME_DATE)
    if _before_scheme(answers):
        if answers.child_sexual_abuse is None:
            return ask("child_sexual_abuse")
        return stop(OutcomeCode.CSA_PANEL if answers.child_sexual_abuse == "yes" else OutcomeCode.BEFORE_SCHEME)

    assert answers.told_date is not None  # noqa: S101 - guaranteed by the checks above
    if is_late(answers.told_date, today):
        flags.add(Flag.LATE)
        if not answers.late_reason:
            return ask("late_reason")
    return stop(OutcomeCode.ELIGIBLE)


def next_question(answers: EligibilityAnswers, today: date) -> str | None:
    """The first question still needed on this person's path; None once an outcome is reached."""
    return _walk(answers, today)[0]


def evaluate(answers: EligibilityAnswers, today: date) -> Outcome:
    _question, code, flags = _walk(answers, today)
    return Outcome(code=code, flags=flags)


def _valid(name: str, value: object) -> str | date | None:
    if value is None or value == "":
        return None
    if name == "told_date":
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            return None
    if name == "late_reason":
        return value if isinstance(value, str) else None
    return value if isinstance(value, str) and value in CHOICES[name] else None


def answers_from_mapping(data: Mapping[str, object]) -> EligibilityAnswers:
    """Rebuild answers from stored JSON; unknown or invalid values count as unanswered."""
    return EligibilityAnswers(**{name: _valid(name, data.get(name)) for name in QUESTIONS})  # type: ignore[arg-type]


def reached_questions(answers: EligibilityAnswers, today: date) -> set[str]:
    """Every question on the path the answers take (asked, or still to be asked)."""
    reached: set[str] = set()
    partial = EligibilityAnswers()
    for _ in QUESTIONS:
        question = next_question(partial, today)
        if question is None:
            break
        reached.add(question)
        partial = dataclasses.replace(partial, **{question: getattr(answers, question)})
        if getattr(answers, question) is None:
            break
    return reached


def on_path(answers: EligibilityAnswers, today: date) -> EligibilityAnswers:
    """Only the answers to questions on the person's path.

    Answers are kept when someone goes back and changes an earlier one, so that changing their mind back
    costs nothing; what is stored with a request is only what its final path asked.
    """
    reached = reached_questions(answers, today)
    return dataclasses.replace(answers, **{name: None for name in QUESTIONS if name not in reached})
