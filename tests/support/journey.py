"""Answers for a complete journey, and a driver that walks it through the test client (CSRF on)."""

from __future__ import annotations

from typing import Any

from werkzeug.datastructures import MultiDict

ELIGIBLE_VICTIM = {
    "who": {"who": "victim"},
    "suspect-interviewed": {"suspect_interviewed": "yes"},
    "decision": {"decision": "no_charge"},
    "told-date": {"told_date": ["1", "11", "2026"]},
}

VICTIM = {
    "title": "Ms",
    "first_names": "Amira",
    "last_name": "Okonkwo-Smith",
    "date_of_birth": ["4", "7", "1988"],
    "address_line_1": "12 Station Road",
    "address_town": "Leeds",
    "address_postcode": "ls1 4hy",
    "district": "Leeds",
}

VICTIM_CONTACT = {
    "safe_email": "yes",
    "email": "amira@example.com",
    "safe_phone": "yes",
    "mobile_phone": "07700 900982",
    "safe_text": "yes",
    "preferred_contact": "email",
    "safe_voicemail": "no",
    "safe_post": "yes",
    "times_to_avoid": "Weekday evenings",
}

REQUESTER = {
    "first_names": "Daniel",
    "last_name": "Reyes",
    "organisation": "Reyes Solicitors",
    "relationship": "Solicitor",
    "address_line_1": "1 Park Row",
    "address_town": "Leeds",
    "address_postcode": "LS1 5HD",
    "email": "daniel@reyes.example.com",
    "phone": "0113 496 0000",
    "consent_method": "email",
}

OBJECTION = {
    "crime_reference": "13/123456/26",
    "offence": "Assault occasioning actual bodily harm",
    "offence_date": ["2", "9", "2026"],
    "date_reported": ["3", "9", "2026"],
    "officer": "DC 1234 Patel",
    "objection": "The officer did not view the CCTV from the shop on Briggate at 21:40 on 2 September.",
    "outcome_wanted": "That the evidence is looked at again and the suspect is charged.",
}


def form_data(values: dict[str, Any]) -> list[tuple[str, str]]:
    """Flatten: date fields are three values under one name (day, month, year)."""
    items: list[tuple[str, str]] = []
    for name, value in values.items():
        if isinstance(value, list):
            items.extend((name, v) for v in value)
        else:
            items.append((name, value))
    return items


def post(client: Any, path: str, values: dict[str, Any], **kwargs: Any) -> Any:
    hidden = client.form_fields(path)  # signed without a GET once the session allows (CSRF stays on)
    return client.post(path, data=MultiDict([*form_data(values), *hidden.items()]), **kwargs)


def answer(client: Any, slug: str, values: dict[str, Any]) -> Any:
    """Answer one page. The objection's answer also carries on past the optional documents page after it
    (with no files), as a person would who has none: tests about documents use ``post`` on that page."""
    response = post(client, f"/request/{slug}", values)
    assert response.status_code == 302, errors_on(response)
    if slug == "objection" and response.headers["Location"].endswith("/request/documents"):
        skipped = post(client, "/request/documents/continue", {})
        assert skipped.status_code == 302, errors_on(skipped)
    return response


def complete_journey(client: Any, *, representative: bool = False, submit: bool = True) -> Any:
    client.get("/request/start")
    eligibility = dict(ELIGIBLE_VICTIM)
    if representative:
        eligibility["who"] = {"who": "representative"}
        eligibility = {
            "who": eligibility["who"],
            "representative-type": {"representative_type": "solicitor"},
        } | {k: v for k, v in eligibility.items() if k != "who"}
    for slug, values in eligibility.items():
        answer(client, slug, values)
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", VICTIM_CONTACT)
    if representative:
        answer(client, "requester", REQUESTER)
    answer(client, "objection", OBJECTION)
    if not submit:
        return None
    response = post(client, "/request/check-answers", {"confirm": "y"})
    assert response.status_code == 302, errors_on(response)
    assert response.headers["Location"].endswith("/request/confirmation")
    return client.get("/request/confirmation")


def errors_on(response: Any) -> str:
    """The error summary's messages (or the status), for assertion messages."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    summary = soup.select_one(".govuk-error-summary")
    h1 = soup.select_one("h1")
    where = h1.get_text(" ", strip=True) if h1 else "?"
    return f"{response.status_code} on {where!r}: " + (summary.get_text(" | ", strip=True) if summary else "no errors")
