"""Whose contact details a request holds, and where its confirmation email may go. Pure: no Flask."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The pages that hold contact details: the victim's (asked of a victim, or of a representative about the
# victim), or the parent's or spokesperson's own (the police contact them instead of the victim).
CONTACT_PAGES = ("victim-contact", "requester-contact")


def contact_answers(answers: Mapping[str, Any]) -> tuple[str, Mapping[str, Any]]:
    """(page, answers) of the contact page the request has; ("", {}) for none."""
    for page in CONTACT_PAGES:
        if answers.get(page):
            return page, answers[page]
    return "", {}


def confirmation_address(answers: Mapping[str, Any]) -> str | None:
    """The address the confirmation email may go to, or None.

    A representative gets it at the address they gave for themselves. Anyone else only when they said email
    is safe: an inbox may be read by the person they fear.
    """
    requester = answers.get("requester") or {}
    if requester.get("email"):
        return str(requester["email"])
    _page, contact = contact_answers(answers)
    if contact.get("safe_email") == "yes" and contact.get("email"):
        return str(contact["email"])
    return None
