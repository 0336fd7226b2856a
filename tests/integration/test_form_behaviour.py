"""Forms that behave as GOV.UK forms do: the error summary in the order of the page, and date inputs that
name every problem at once and mark each box in error."""

from __future__ import annotations

from typing import Any

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from tests.support.journey import OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, answer, post

# An answer for every eligibility question a path can meet: the journey is walked by following redirects.
QUESTION_ANSWERS = {
    "representative-type": {"representative_type": "solicitor"},
    "suspect-interviewed": {"suspect_interviewed": "yes"},
    "decision": {"decision": "no_charge"},
    "told-date": {"told_date": ["1", "11", "2026"]},
}
STEP_ORDER = ("victim", "victim-contact", "requester", "objection")
STEP_ANSWERS = {"victim": VICTIM, "victim-contact": VICTIM_CONTACT, "requester": REQUESTER, "objection": OBJECTION}
GUARDS = {"csrf_token", "shown_at", "hp_extra_details"}
REFUSED_TEXT = "a\x1bb"  # a control character: every text field refuses it, required or not


def reach_step_pages(client: Any, who: str) -> None:
    """Answer the eligibility questions for ``who`` until the first step page."""
    client.get("/request/start")
    location = answer(client, "who", {"who": who}).headers["Location"]
    while not location.endswith("/request/victim"):
        slug = location.rsplit("/", 1)[-1].split("?")[0]
        location = answer(client, slug, QUESTION_ANSWERS[slug]).headers["Location"]


def everything_wrong(page_html: str) -> list[tuple[str, str]]:
    """A wrong answer for every field the page shows: refused text, an impossible date, an unknown choice."""
    soup = BeautifulSoup(page_html, "html.parser")
    values: list[tuple[str, str]] = []
    seen: set[str] = set()
    for element in soup.select("main form input, main form textarea"):
        name = element.get("name")
        if not name or name in GUARDS or element.get("type") == "hidden":
            continue
        kind = element.get("type", "textarea" if element.name == "textarea" else "text")
        if kind == "radio":
            if name not in seen:
                values.append((name, "not-a-choice"))
        elif kind == "checkbox":
            values.append((name, element.get("value", "y")))
        elif "govuk-date-input__input" in element.get("class", []):
            values.append((name, "x"))
        else:
            values.append((name, REFUSED_TEXT))
        seen.add(name)
    return values


def summary_targets(html: str) -> tuple[list[str], dict[str, int], BeautifulSoup]:
    soup = BeautifulSoup(html, "html.parser")
    hrefs = [a["href"] for a in soup.select(".govuk-error-summary__list a")]
    position = {el["id"]: index for index, el in enumerate(soup.find_all(id=True))}
    return hrefs, position, soup


STEP_PAGES = [
    ("victim", "victim"),
    ("business", "victim"),
    ("bereaved", "victim"),
    ("representative", "victim"),
    ("victim", "victim-contact"),
    ("representative", "requester"),
    ("victim", "objection"),
]


@pytest.mark.parametrize(("who", "slug"), STEP_PAGES)
def test_the_error_summary_lists_errors_in_the_order_of_the_page(client, who, slug):
    reach_step_pages(client, who)
    for earlier in STEP_ORDER[: STEP_ORDER.index(slug)]:
        if earlier != "requester" or who == "representative":
            answer(client, earlier, STEP_ANSWERS[earlier])
    path = f"/request/{slug}"
    wrong = everything_wrong(client.get(path).get_data(as_text=True))
    response = client.post(path, data=MultiDict([*wrong, *client.hidden_fields(path).items()]))
    assert response.status_code == 200
    hrefs, position, soup = summary_targets(response.get_data(as_text=True))

    targets = [href.removeprefix("#") for href in hrefs]
    assert all(t in position for t in targets), targets
    assert [position[t] for t in targets] == sorted(position[t] for t in targets), targets
    # Every field on the page is in error and has its link (a checkbox's problem is told at its text box).
    named = {soup.find(id=t).get("name") for t in targets}
    assert named == {name for name, _value in wrong if name not in ("reference_unknown", "offence_date_unknown")}


TOLD = "the date you were told about the decision"


@pytest.mark.parametrize(
    ("parts", "message", "boxes"),
    [
        (
            ["2", "13", "26"],
            "The month must be between 1 and 12 and the year must include 4 numbers",
            {"month", "year"},
        ),
        (["", "", "2026"], f"{TOLD.capitalize()} must include a day and month", {"day", "month"}),
        (["15", "", "2026"], f"{TOLD.capitalize()} must include a month", {"month"}),
        (
            ["", "13", ""],
            f"{TOLD.capitalize()} must include a day and year and the month must be between 1 and 12",
            {"day", "month", "year"},
        ),
        (
            ["0", "x", "2026"],
            "The day must be between 1 and 31 and the month must be between 1 and 12",
            {"day", "month"},
        ),
        (["31", "4", "2026"], f"{TOLD.capitalize()} must be a real date", {"day", "month", "year"}),
        (["1", "1", "2027"], f"{TOLD.capitalize()} must be today or in the past", {"day", "month", "year"}),
        (["", "", ""], f"Enter {TOLD}", {"day", "month", "year"}),
    ],
)
def test_a_date_names_every_problem_at_once_and_marks_each_box_in_error(client, parts, message, boxes):
    reach_step_pages(client, "victim")  # answers told-date on the way: post it again, wrongly
    response = post(client, "/request/told-date", {"told_date": parts})
    assert response.status_code == 200
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    links = soup.select(".govuk-error-summary__list a")
    assert [a.get_text(strip=True) for a in links] == [message]
    assert soup.select_one(".govuk-error-message").get_text(" ", strip=True) == f"Error: {message}"
    marked = {
        part
        for part in ("day", "month", "year")
        if "govuk-input--error" in soup.select_one(f"#told_date-{part}")["class"]
    }
    assert marked == boxes
    first = next(part for part in ("day", "month", "year") if part in boxes)
    assert links[0]["href"] == f"#told_date-{first}"
    assert [soup.select_one(f"#told_date-{part}").get("value", "") for part in ("day", "month", "year")] == parts


def test_the_date_of_birth_marks_only_its_wrong_boxes(client):
    reach_step_pages(client, "victim")
    response = post(client, "/request/victim", {**VICTIM, "date_of_birth": ["40", "2", "88"]})
    soup = BeautifulSoup(response.get_data(as_text=True), "html.parser")
    assert [a.get_text(strip=True) for a in soup.select(".govuk-error-summary__list a")] == [
        "The day must be between 1 and 31 and the year must include 4 numbers"
    ]
    assert "govuk-input--error" in soup.select_one("#date_of_birth-day")["class"]
    assert "govuk-input--error" not in soup.select_one("#date_of_birth-month")["class"]
    assert "govuk-input--error" in soup.select_one("#date_of_birth-year")["class"]
