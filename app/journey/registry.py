"""The service's journey: every page, in order, with its form, template, headings and when it is shown.

Everything about a page is here, so a page is added, moved or reworded in one place. The rules of moving
between pages are in app/journey/flow.py.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.domain import eligibility as rules
from app.journey.flow import Journey, JourneyState, Page
from app.model.application import CONTACTED_INSTEAD
from forms.adapter import question_data, step_data
from forms.contact import ContactForm, VictimContactForm
from forms.eligibility import QUESTION_FORMS
from forms.objection import ObjectionForm
from forms.requester import RequesterForm
from forms.upload import UploadForm
from forms.victim import VictimDetailsForm

STEP_COUNT = 3
ABOUT_YOUR_REQUEST = _l("About your request")
YOUR_DETAILS = _l("Your details")


def question_reached(state: JourneyState, question: str) -> bool:
    """True when ``question`` is on the person's path, given only the answers that come before it."""
    later = rules.QUESTIONS[rules.QUESTIONS.index(question) :]
    earlier_only = dataclasses.replace(state.application.eligibility, **dict.fromkeys(later))
    return rules.next_question(earlier_only, state.today) == question


def _slug(question: str) -> str:
    return question.replace("_", "-")  # the page address of an eligibility question: its id in URL style


def _question_page(question: str) -> Page:
    follow_up_of = next((q for q, (_answer, follow_up) in rules.FOLLOW_UPS.items() if follow_up == question), None)
    return Page(
        slug=_slug(question),
        question=question,
        should_show=lambda state: question_reached(state, question),
        is_complete=lambda state: getattr(state.application.eligibility, question) is not None,
        template="journey/question.html",
        form=lambda state: QUESTION_FORMS[question],
        form_args=lambda state: {"who": state.who},
        heading=lambda state: ABOUT_YOUR_REQUEST,
        asked_on=_slug(follow_up_of) if follow_up_of else None,
    )


def _eligible(state: JourneyState) -> bool:
    return state.outcome.eligible


def _answered(step: str) -> Any:
    return lambda state: state.application.step(step) is not None


def _about_the_victim(state: JourneyState) -> Any:
    """Step 1's heading: the victim's details, the business's, or the person's own."""
    if state.someone_else_asking:
        return _l("The victim's details")
    return _l("The business's details") if state.who == "business" else YOUR_DETAILS


def _victim_contact_title(state: JourneyState) -> Any:
    return _l("How to contact the victim safely") if state.someone_else_asking else _l("How to contact you safely")


DOCUMENTS = Page(
    slug="documents",
    answers="documents",
    should_show=_eligible,
    is_complete=_answered("documents"),
    template="uploads/documents.html",
    # Its own views (app/web/uploads.py): files are uploaded and removed one at a time, then "Continue".
    form=lambda state: UploadForm,
    form_args=lambda state: {"representative": state.who == "representative"},
    heading=lambda state: _l("Documents"),
    title=lambda state: _l("Upload documents (optional)"),
    step_number=3,
)


PAGES: tuple[Page, ...] = (
    *(_question_page(q) for q in rules.QUESTIONS),
    Page(
        slug="victim",
        answers="victim",
        should_show=_eligible,
        is_complete=_answered("victim"),
        template="journey/victim.html",
        form=lambda state: VictimDetailsForm,
        form_args=lambda state: {"districts": current_app.config["VRR_FORCE"].districts, "who": state.who},
        heading=_about_the_victim,
        title=_about_the_victim,
        step_number=1,
    ),
    Page(
        slug="victim-contact",
        answers="victim_contact",
        should_show=lambda s: _eligible(s) and s.who not in CONTACTED_INSTEAD,
        is_complete=_answered("victim_contact"),
        template="journey/contact.html",
        # A representative tells us how to contact the victim; anyone else, how to contact them.
        form=lambda state: VictimContactForm if state.someone_else_asking else ContactForm,
        heading=_about_the_victim,
        title=_victim_contact_title,
        step_number=1,
    ),
    Page(
        slug="requester",
        answers="requester",
        should_show=lambda s: _eligible(s) and s.someone_else_asking,
        is_complete=_answered("requester"),
        template="journey/requester.html",
        form=lambda state: RequesterForm,
        form_args=lambda state: {"needs_consent": state.who == "representative", "who": state.who},
        heading=lambda state: YOUR_DETAILS,
        title=lambda state: YOUR_DETAILS,
        step_number=2,
    ),
    Page(
        slug="requester-contact",
        answers="requester_contact",
        should_show=lambda s: _eligible(s) and s.who in CONTACTED_INSTEAD,
        is_complete=_answered("requester_contact"),
        template="journey/contact.html",
        form=lambda state: ContactForm,
        heading=lambda state: YOUR_DETAILS,
        title=lambda state: _l("How to contact you safely"),
        step_number=2,
    ),
    Page(
        slug="objection",
        answers="objection",
        should_show=_eligible,
        is_complete=_answered("objection"),
        template="journey/objection.html",
        form=lambda state: ObjectionForm,
        heading=lambda state: _l("Why the decision should be reviewed"),
        title=lambda state: _l("Why the decision should be reviewed"),
        step_number=3,
    ),
    DOCUMENTS,
)
JOURNEY = Journey(PAGES, STEP_COUNT)


def stored_data(page: Page, state: JourneyState) -> dict[str, Any]:
    """The page's stored answers, as its form's ``data``: the question (and a follow-up asked under it), or the
    step's answers."""
    if page.question:
        return question_data(page.question, state.application.eligibility)
    return step_data(state.application.step(page.answers or ""))
