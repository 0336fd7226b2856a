"""What the generic page view needs: build a page's form, store its answers, render it, summarise it."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app, render_template, url_for
from flask_babel import get_locale, gettext
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField

from app import db
from app.domain import eligibility as rules
from app.domain.eligibility import FOLLOW_UPS
from app.i18n import long_date
from app.journey import clock
from app.journey.steps import JourneyState, Page, previous_page, shown_pages, step_label_number
from app.models import EligibilityStat
from forms.contact import ContactForm, VictimContactForm
from forms.eligibility import QUESTION_FORMS
from forms.objection import ObjectionForm
from forms.requester import RequesterForm
from forms.victim import VictimDetailsForm

STEP_FORMS: dict[str, type[FlaskForm]] = {
    "victim": VictimDetailsForm,
    "victim-contact": ContactForm,
    "requester-contact": ContactForm,
    "requester": RequesterForm,
    "objection": ObjectionForm,
}
SKIP_FIELDS = {"csrf_token", "shown_at", "hp_extra_details"}


def _form_kwargs(page: Page, state: JourneyState) -> dict[str, Any]:
    if page.question:
        return {"who": state.who}
    if page.slug == "victim":
        return {"districts": current_app.config["VRR_FORCE"].districts, "who": state.who}
    if page.slug == "requester":
        return {"needs_consent": state.who == "representative", "who": state.who}
    return {}


def _from_json(form_class: type[FlaskForm], stored: dict[str, Any]) -> dict[str, Any]:
    """Dates are stored as ISO strings; forms want ``date`` objects back."""
    values = dict(stored)
    for name, value in stored.items():
        field = getattr(form_class, name, None)
        if (
            isinstance(value, str)
            and field is not None
            and getattr(field, "field_class", None)
            and issubclass(field.field_class, DateField)
        ):
            values[name] = date.fromisoformat(value) if value else None
    return values


def form_class_for(page: Page, state: JourneyState) -> type[FlaskForm]:
    if page.question:
        return QUESTION_FORMS[page.question]
    if page.slug == "victim-contact" and state.someone_else_asking:
        return VictimContactForm  # a representative tells us how to contact the victim
    return STEP_FORMS[page.slug]


def make_form(page: Page, state: JourneyState, data: dict[str, Any], formdata: Any = "request") -> FlaskForm:
    cls = form_class_for(page, state)
    if page.question:
        asked_here = [page.question]
        if page.question in FOLLOW_UPS:
            asked_here.append(FOLLOW_UPS[page.question][1])
        prefill: dict[str, Any] = {name: getattr(state.eligibility, name) for name in asked_here}
    else:
        prefill = _from_json(cls, data.get("answers", {}).get(page.slug, {}))
    kwargs = _form_kwargs(page, state)
    if formdata != "request":
        kwargs["formdata"] = formdata
    return cls(data=prefill, **kwargs)


def _to_json(form: FlaskForm) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in form._fields.items():
        if name in SKIP_FIELDS:
            continue
        value = field.data
        out[name] = value.isoformat() if isinstance(value, date) else value
    return out


def store_answers(page: Page, form: FlaskForm, data: dict[str, Any]) -> dict[str, Any]:
    data = dict(data)
    if page.question:
        value = form[page.question].data
        mapping = dict(data.get("eligibility", {}))
        mapping[page.question] = value.isoformat() if isinstance(value, date) else value
        if page.question in FOLLOW_UPS:
            answer, follow_up = FOLLOW_UPS[page.question]
            if value == answer and form[follow_up].data:  # answered in place, under the answer it belongs to
                mapping[follow_up] = form[follow_up].data
        data["eligibility"] = rules.answers_from_mapping(mapping).to_mapping()
    else:
        data["answers"] = {**data.get("answers", {}), page.slug: _to_json(form)}
    return data


def exit_reached(page: Page, state: JourneyState) -> str | None:
    outcome = state.outcome
    return outcome.code.value if page.kind == "question" and outcome.is_exit else None


def record_statistics_once(data: dict[str, Any], state: JourneyState) -> None:
    """One anonymous row per completed eligibility check: outcome, flags, date, language. Nothing else."""
    if data.get("stats_recorded"):
        return
    outcome = state.outcome
    with db.transaction() as s:
        s.add(
            EligibilityStat(
                recorded_on=clock.today(),
                force_code=current_app.config["VRR_FORCE"].code,
                outcome_code=outcome.code.value,
                flags=",".join(sorted(f.value for f in outcome.flags)),
                district=None,
                locale=str(get_locale() or "en"),
            )
        )
    from app.journey import drafts

    drafts.save({**data, "stats_recorded": True})


def previous_url(state: JourneyState, current: str | None, change: bool = False) -> str:
    """The back link: the page before this one on the person's path (the last question for exit pages)."""
    if change:
        return url_for("journey.check_answers")
    slug = _last_question(state) if current is None else previous_page(state, current)
    return url_for("journey.page", slug=slug) if slug else url_for("pages.start")


def exit_back_url(state: JourneyState, change: bool) -> str:
    """The exit page's back link: the question whose answer led there (kept in change mode after Change)."""
    slug = _last_question(state)
    return url_for("journey.page", slug=slug, change=1 if change else None) if slug else url_for("pages.start")


def _last_question(state: JourneyState) -> str | None:
    questions = [p.slug for p in shown_pages(state) if p.kind == "question" and p.is_complete(state)]
    return questions[-1] if questions else None


def render_page(page: Page, form: FlaskForm, state: JourneyState, change: bool) -> str:
    template = "journey/question.html" if page.kind == "question" else f"journey/{page.slug.replace('-', '_')}.html"
    return render_template(
        template,
        form=form,
        page=page,
        state=state,
        step=step_label_number(state, page),
        someone_else=state.someone_else_asking,
        follow_ups=FOLLOW_UPS,
        back_url=previous_url(state, page.slug, change),
        change=change,
        draft_in_progress=True,
    )


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


ADDRESS_FIELDS = ("address_line_1", "address_line_2", "address_town", "address_county", "address_postcode")
# A box ticked instead of answering: its answer is shown as "Not known" in the row of the question it stands for.
NOT_KNOWN = {"reference_unknown": "crime_reference", "offence_date_unknown": "offence_date"}


# Staff read the English copy: "Your details" there would be nobody's. Staff-only, so not in the catalogs.
STAFF_HEADINGS = {
    "Your details": "Details of the person asking",
    "About your request": "About the request (eligibility answers)",
}


def section_heading(page: Page, state: JourneyState, for_staff: bool = False) -> str:
    """The heading a page's answers sit under on check your answers and in the PDF copies."""
    heading = _section_heading(page, state)
    return STAFF_HEADINGS.get(heading, heading) if for_staff else heading


def _section_heading(page: Page, state: JourneyState) -> str:
    if page.kind == "question":
        return gettext("About your request")
    if page.slug in ("victim", "victim-contact"):
        if state.someone_else_asking:
            return gettext("The victim's details")
        return gettext("The business's details") if state.who == "business" else gettext("Your details")
    if page.slug in ("requester", "requester-contact"):
        return gettext("Your details")
    return gettext("Why the decision should be reviewed")


def summary_sections(state: JourneyState, data: dict[str, Any], for_staff: bool = False) -> list[dict[str, Any]]:
    """Check-your-answers sections: one per heading (a heading's pages together, in the order asked), each
    with rows of (key, answer lines, change link)."""
    sections: list[dict[str, Any]] = []
    for page in shown_pages(state):
        heading = section_heading(page, state, for_staff)
        if not sections or sections[-1]["heading"] != heading:
            sections.append({"heading": heading, "rows": []})
        sections[-1]["rows"].extend(_page_rows(page, state, data))
    return [section for section in sections if section["rows"]]


def _page_rows(page: Page, state: JourneyState, data: dict[str, Any]) -> list[dict[str, Any]]:
    form = make_form(page, state, data, formdata=None)
    href = url_for("journey.page", slug=page.slug, change=1)
    if page.question:  # a follow-up asked in place has its own row, under its own question
        field = form[page.question]
        text = display_value(field)
        heading = form.heading  # worded for who is asking
        return [{"key": str(heading), "lines": text.split("\n"), "href": href, "field": page.question}] if text else []
    rows = []
    for field in form:
        name = field.short_name
        if name in SKIP_FIELDS or name in ADDRESS_FIELDS[1:] or name == "address_abroad" or name in NOT_KNOWN:
            continue
        if name == "address_line_1":
            abroad = display_value(form["address_abroad"])
            lines = abroad.split("\n") if abroad else [display_value(form[f]) for f in ADDRESS_FIELDS]
            rows.append({"key": gettext("Address"), "lines": [x for x in lines if x], "href": href, "field": name})
            continue
        text = display_value(field)
        unknown = next((flag for flag, question in NOT_KNOWN.items() if question == name and flag in form), None)
        if not text and unknown and form[unknown].data:
            text = gettext("Not known")
        if text:
            rows.append({"key": answer_key(field), "lines": text.split("\n"), "href": href, "field": name})
    return rows
