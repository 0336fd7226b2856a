"""One summary of an application, made once and used everywhere: check your answers, both PDF copies and the
force's email when its PDF could not be made.

Request-independent: it needs the app (for its catalogs and the force profile) but no request, so the delivery
worker uses it as the web pages do. Labels come from the forms the person filled in, worded as they were asked,
so a label is written once. "Change" links are the check-answers page's own business: a row names its page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from flask_babel import force_locale, gettext
from wtforms import BooleanField, Form, SelectField

from app.journey.flow import JourneyState, Page
from app.journey.registry import JOURNEY, stored_data
from app.languages import long_date
from app.model.answers import Document
from app.model.application import Application
from forms.upload import size_text, type_name

Audience = Literal["applicant", "staff"]
HIDDEN = frozenset({"csrf_token", "shown_at", "hp_extra_details"})
ADDRESS_FIELDS = ("address_line_1", "address_line_2", "address_town", "address_county", "address_postcode")
# A box ticked instead of answering: its answer is shown as "Not known" in the row of the question it stands for.
NOT_KNOWN = {"reference_unknown": "crime_reference", "offence_date_unknown": "offence_date"}
# Staff read the English copy: "Your details" there would be nobody's. Staff-only, so not in the catalogs.
STAFF_HEADINGS = {
    "Your details": "Details of the person asking",
    "About your request": "About the request (eligibility answers)",
}


@dataclass(frozen=True)
class Row:
    key: str
    lines: tuple[str, ...]
    page: str  # the address of the page that asked it
    field: str


@dataclass(frozen=True)
class Section:
    heading: str
    rows: tuple[Row, ...]


def summary(
    application: Application,
    today: date,
    locale: str,
    audience: Audience,
    documents: Sequence[Document] = (),
) -> list[Section]:
    """The answers on the person's path, in the order asked, under one heading per part of the form, and the
    uploaded documents (the staff copy gives each file's SHA-256, to match the attachment it came with)."""
    state = JourneyState(application, today)
    with force_locale(locale):
        sections: list[tuple[str, list[Row]]] = []
        for page in JOURNEY.path(state):
            heading = str(page.heading(state))
            if audience == "staff":
                heading = STAFF_HEADINGS.get(heading, heading)
            if not sections or sections[-1][0] != heading:
                sections.append((heading, []))
            rows = _document_rows(page, documents, audience) if page.answers == "documents" else _rows(page, state)
            sections[-1][1].extend(rows)
        return [Section(heading, tuple(rows)) for heading, rows in sections if rows]


def _document_rows(page: Page, documents: Sequence[Document], audience: Audience) -> list[Row]:
    if not documents:
        return [Row(gettext("Documents"), (gettext("No documents uploaded"),), page.slug, "documents")]
    rows = []
    for document in documents:
        lines = [document.description, f"{type_name(document.media_type)}, {size_text(document.size)}"]
        if audience == "staff":
            lines.append(f"SHA-256 {document.sha256}")
        rows.append(Row(document.filename, tuple(lines), page.slug, "documents"))
    return rows


def filled_form(page: Page, state: JourneyState) -> Form:
    """The page's form holding the stored answers, as it was shown to this person (no request involved)."""
    form_class = page.form(state)
    data = stored_data(page, state)
    form: Form = form_class(formdata=None, data=data, meta={"csrf": False}, **page.form_args(state))
    return form


def _rows(page: Page, state: JourneyState) -> list[Row]:
    form = filled_form(page, state)
    if page.question:  # a follow-up asked in place has its own row, under its own question
        text = display_value(form[page.question])
        return [Row(str(form.heading), tuple(text.split("\n")), page.slug, page.question)] if text else []
    rows = []
    for field in form:
        name = field.short_name
        if name in HIDDEN or name in ADDRESS_FIELDS[1:] or name == "address_abroad" or name in NOT_KNOWN:
            continue
        if name == "address_line_1":
            abroad = display_value(form["address_abroad"])
            lines = abroad.split("\n") if abroad else [display_value(form[f]) for f in ADDRESS_FIELDS]
            rows.append(Row(gettext("Address"), tuple(x for x in lines if x), page.slug, name))
            continue
        text = display_value(field)
        unknown = next((flag for flag, question in NOT_KNOWN.items() if question == name and flag in form), None)
        if not text and unknown and form[unknown].data:
            text = gettext("Not known")
        if text:
            rows.append(Row(answer_key(field), tuple(text.split("\n")), page.slug, name))
    return rows


def display_value(field: Any) -> str:
    value = field.data
    if isinstance(field, BooleanField):
        return gettext("Yes") if value else ""
    if isinstance(field, SelectField):  # radios too: the chosen answer's words, never its code
        return next((str(choice.label) for choice in field.choices if value and choice.value == value), "")
    if isinstance(value, date):
        return long_date(value)
    return "" if value is None else str(value)


def answer_key(field: Any) -> str:
    """A row's key: the field's short name ("Title", not "Title (optional)"), else its label."""
    return str(getattr(field, "answer_name", None) or field.label.text)
