"""Walk the journey in a real browser, by label, as a person would."""

from __future__ import annotations

from typing import Any

from tests.support.journey import OBJECTION, VICTIM, VICTIM_CONTACT


def choose(page: Any, label: str) -> None:
    page.get_by_label(label, exact=True).check()


def fill(page: Any, label: str, value: str) -> None:
    page.get_by_label(label, exact=True).fill(value)


def fill_date(page: Any, field: str, parts: list[str]) -> None:
    for part, value in zip(("day", "month", "year"), parts, strict=True):
        page.locator(f"#{field}-{part}").fill(value)


def cont(page: Any) -> None:
    """Continue, and wait for the page it leads to (a check made before it arrives reads the old page)."""
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()


def eligibility(page: Any, base: str) -> None:
    page.goto(base + "/request/start")
    choose(page, "I am the victim")
    cont(page)
    choose(page, "Yes")
    cont(page)
    choose(page, "They decided not to charge the suspect")
    cont(page)
    fill_date(page, "told_date", ["1", "11", "2026"])
    cont(page)


def victim_steps(page: Any) -> None:
    fill(page, "First name", VICTIM["first_names"])
    fill(page, "Last name", VICTIM["last_name"])
    fill(page, "Address line 1", VICTIM["address_line_1"])
    fill(page, "Town or city", VICTIM["address_town"])
    fill(page, "Postcode", VICTIM["address_postcode"])
    choose(page, "Leeds")
    cont(page)
    page.get_by_role("group", name="Is it safe for the police to email you?").get_by_label("Yes").check()
    fill(page, "Email address", VICTIM_CONTACT["email"])  # revealed under "Yes"
    page.get_by_role("group", name="Is it safe for the police to phone you?").get_by_label("No").check()
    page.get_by_role("group", name="Is it safe to send letters to your address?").get_by_label("Yes").check()
    page.get_by_role("group", name="How should the police contact you?").get_by_label("Email", exact=True).check()
    cont(page)


def objection_step(page: Any) -> None:
    page.get_by_label("I do not know the crime reference number").check()
    fill(page, "What was the crime?", OBJECTION["offence"])
    fill_date(page, "offence_date", OBJECTION["offence_date"])
    fill_date(page, "date_reported", ["3", "9", "2026"])
    fill(page, "Why do you think the decision is wrong?", OBJECTION["objection"])
    fill(page, "What would you like the review to achieve?", OBJECTION["outcome_wanted"])
    cont(page)


def documents_step(page: Any, upload: bool = False) -> None:
    """The optional documents page: upload one file (a real scan by clamd), see it listed, then Continue."""
    if upload:
        letter = {"name": "letter.txt", "mimeType": "text/plain", "buffer": b"Letter from the police.\n"}
        page.get_by_label("Upload a file").set_input_files(files=[letter])
        page.get_by_label("Another document or photo").check()
        page.get_by_label("Describe the file").fill("The police's letter")
        page.get_by_role("button", name="Upload file").click()
        assert "letter.txt" in page.locator("main .govuk-summary-list").inner_text()
    page.get_by_role("button", name="Continue").click()


def submit(page: Any) -> None:
    page.get_by_label("I confirm that the information I have given is true, as far as I know").check()
    page.get_by_role("button", name="Accept and send").click()
