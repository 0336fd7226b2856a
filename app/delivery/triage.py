"""The words of the staff copy's first page: what a triager reads to find, route and prioritise a case.

Staff copies are English by design (the force's staff read them), so nothing here is translated. Pure: the
request's typed answers in, plain strings out; app/delivery/document.py ``staff_triage`` puts them together.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from babel.dates import format_date

from app.domain.eligibility import Flag, OutcomeCode
from app.model.answers import Objection, Requester, VictimDetails

# What the person was not sure about, worded to follow "not sure": the outcome and the flags say it alike.
NOT_SURE = {
    Flag.NOT_SURE_SUSPECT: "whether the suspect was interviewed under caution",
    Flag.NOT_SURE_DECISION: "what the police decided (or it was not in the list)",
    Flag.NOT_SURE_REINSTATED: "whether the victim supported the case again after withdrawing",
    Flag.NOT_SURE_SCHEME_DATE: "whether the decision was made before 1 April 2015",
}
OUTCOME_TEXT = {
    OutcomeCode.ELIGIBLE: "Eligible",
    OutcomeCode.CSA_PANEL: "Refer to the child sexual abuse review panel",
    OutcomeCode.GROUP: "Not eligible: a group or organisation is asking",
    OutcomeCode.NO_SUSPECT: "Not eligible: no suspect was interviewed under caution",
    OutcomeCode.CPS_DECISION: "Not eligible: the CPS made the decision",
    OutcomeCode.PARTIAL_CHARGE: "Not eligible: some offences were charged",
    OutcomeCode.DIFFERENT_OFFENCE: "Not eligible: a different offence was charged",
    OutcomeCode.OUT_OF_COURT: "Not eligible: an out-of-court disposal was given",
    OutcomeCode.WITHDRAWN: "Not eligible: the victim withdrew support",
    OutcomeCode.NOT_RECORDED: "Not eligible: a decision about recording or investigating the crime",
    OutcomeCode.BEFORE_SCHEME: "Not eligible: the decision was made before 1 April 2015",
    OutcomeCode.INCOMPLETE: "Incomplete",
}
NOT_KNOWN = "Not known"
NOT_GIVEN = "Not given"


def outcome_text(code: str | None, flags: list[str]) -> str:
    """Never a plain "Eligible" when an answer was "not sure": say what is not confirmed."""
    text = OUTCOME_TEXT.get(code, code or NOT_KNOWN)  # type: ignore[call-overload]
    unsure = [f"not sure {words}" for flag, words in NOT_SURE.items() if flag in flags]
    if unsure and code == OutcomeCode.ELIGIBLE:
        return f"{text}, not confirmed: {'; '.join(unsure)}"
    return text


def long_day(day: date | None, weekday: bool = False) -> str:
    """ "2 September 2026" (with the weekday for a deadline), whatever the machine's locale; "" for none."""
    if not day:
        return ""
    return format_date(day, "EEEE d MMMM y" if weekday else "d MMMM y", locale="en")


def name_parts(person: VictimDetails | Requester) -> tuple[str, str]:
    """(the name as typed, the name in Latin letters or "" when not given or the same)."""
    typed = " ".join(p for p in (person.first_names, person.last_name) if p)
    latin = " ".join(p for p in (person.first_names_latin, person.last_name_latin) if p)
    return typed, latin if latin != typed else ""


def victim_rows(who: str, victim: VictimDetails, requester: Requester) -> dict[str, Any]:
    """Who the case is about and who is asking, as the first page names them: each name as (typed, Latin) for
    the PDF, which isolates a name typed right to left, and as one line (``victim``, ``requester``)."""
    rows: dict[str, Any] = {"victim_label": "Victim", "victim_name": name_parts(victim)}
    rows["date_of_birth"] = long_day(victim.date_of_birth)
    asking, about = name_parts(requester), [requester.relationship, requester.organisation]
    if who == "business":
        rows |= {"victim_label": "Business", "victim_name": (victim.business_name or NOT_GIVEN, "")}
        asking, about = name_parts(victim), ["named contact"]
    elif who == "bereaved":  # the victim died; the victim page holds the relative's own name and birth date
        rows |= {"victim_label": "Victim (died)", "victim_name": (victim.deceased_name or NOT_GIVEN, "")}
        rows["date_of_birth"] = ""
        asking, about = name_parts(victim), [victim.relationship_to_deceased]
    details = ", ".join(str(p) for p in about if p)
    rows |= {"requester_name": asking if asking[0] else ("", ""), "requester_details": details}
    typed, latin = rows["victim_name"]
    rows["victim"] = f"{typed} ({latin})" if latin else typed
    asking_line = f"{asking[0]} ({asking[1]})" if asking[1] else asking[0]
    rows["requester"] = ", ".join(p for p in (asking_line, details) if p)
    return rows


def case_rows(objection: Objection, told_date: date | None) -> dict[str, str]:
    """What the crime system is searched by: the crime reference, the offence, its dates and the officer."""
    return {
        "crime_reference": objection.crime_reference or NOT_KNOWN,
        "offence": objection.offence or NOT_GIVEN,
        "offence_date": long_day(objection.offence_date) or NOT_KNOWN,
        "date_reported": long_day(objection.date_reported) or NOT_GIVEN,
        "officer": objection.officer or NOT_GIVEN,
        "told_date": long_day(told_date) or NOT_GIVEN,
    }
