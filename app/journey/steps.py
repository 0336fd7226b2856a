"""The journey as an ordered registry of pages, each with a ``should_show(state)`` predicate.

Pure: the journey state is passed in, so the flow is testable without Flask or a database.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain import eligibility as rules
from app.domain.eligibility import EligibilityAnswers, Outcome

CHECK_ANSWERS = "check-answers"
EXIT = "cannot-help"  # where a journey whose answers exclude it belongs: the exit page for its outcome
SOMEONE_ELSE = frozenset({"parent", "spokesperson", "representative"})
# A parent or spokesperson is the one the police contact (a child, or a victim who cannot communicate, is not):
# their own contact page follows their details. Everyone else is asked how to contact the victim.
CONTACTED_INSTEAD = frozenset({"parent", "spokesperson"})


@dataclass(frozen=True)
class JourneyState:
    """Everything the flow needs to decide what comes next."""

    eligibility: EligibilityAnswers
    answers: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    today: date = field(default_factory=date.today)

    @classmethod
    def from_draft(cls, data: Mapping[str, Any] | None, today: date) -> JourneyState:
        data = data or {}
        return cls(
            eligibility=rules.answers_from_mapping(data.get("eligibility", {})),
            answers=data.get("answers", {}),
            today=today,
        )

    @property
    def outcome(self) -> Outcome:
        return rules.evaluate(self.eligibility, self.today)

    @property
    def someone_else_asking(self) -> bool:
        return self.eligibility.who in SOMEONE_ELSE

    @property
    def who(self) -> str | None:
        return self.eligibility.who


@dataclass(frozen=True)
class Page:
    slug: str
    kind: str  # "question" or "step"
    should_show: Callable[[JourneyState], bool]
    is_complete: Callable[[JourneyState], bool]
    step_number: int | None = None  # 1, 2 or 3 for the three steps of the form
    question: str | None = None  # the eligibility question id, for question pages


def question_reached(state: JourneyState, question: str) -> bool:
    """True when ``question`` is on the person's path, given only the answers that come before it."""
    later = rules.QUESTIONS[rules.QUESTIONS.index(question) :]
    earlier_only = dataclasses.replace(state.eligibility, **dict.fromkeys(later))
    return rules.next_question(earlier_only, state.today) == question


def _question_page(question: str) -> Page:
    return Page(
        slug=question.replace("_", "-"),
        kind="question",
        question=question,
        should_show=lambda state: question_reached(state, question),
        is_complete=lambda state: getattr(state.eligibility, question) is not None,
    )


def _eligible(state: JourneyState) -> bool:
    return state.outcome.eligible


def _answered(slug: str) -> Callable[[JourneyState], bool]:
    return lambda state: slug in state.answers


PAGES: tuple[Page, ...] = (
    *(_question_page(q) for q in rules.QUESTIONS),
    Page("victim", "step", _eligible, _answered("victim"), step_number=1),
    Page(
        "victim-contact",
        "step",
        lambda s: _eligible(s) and s.who not in CONTACTED_INSTEAD,
        _answered("victim-contact"),
        step_number=1,
    ),
    Page(
        "requester",
        "step",
        lambda s: _eligible(s) and s.someone_else_asking,
        _answered("requester"),
        step_number=2,
    ),
    Page(
        "requester-contact",
        "step",
        lambda s: _eligible(s) and s.who in CONTACTED_INSTEAD,
        _answered("requester-contact"),
        step_number=2,
    ),
    Page("objection", "step", _eligible, _answered("objection"), step_number=3),
)
BY_SLUG: dict[str, Page] = {page.slug: page for page in PAGES}
STEP_COUNT = 3


def shown_pages(state: JourneyState) -> list[Page]:
    return [page for page in PAGES if page.should_show(state)]


def first_incomplete(state: JourneyState) -> str:
    """Where the person should be: the first page they still need to answer, the exit page when their
    answers exclude the request, or check answers once everything is answered."""
    for page in shown_pages(state):
        if not page.is_complete(state):
            return page.slug
    return CHECK_ANSWERS if state.outcome.eligible else EXIT


def ready_to_send(state: JourneyState) -> bool:
    """The only state in which a request may be checked and sent: eligible, and every shown page answered.

    The gate for check answers and for submission alike: an excluded or unfinished journey is never sent.
    """
    return state.outcome.eligible and all(page.is_complete(state) for page in shown_pages(state))


def next_page(state: JourneyState, current: str) -> str:
    """The page after ``current`` on this person's path (check answers after the last).

    A follow-up question already answered in place, on ``current``, is not asked again on its own page.
    """
    slugs = [page.slug for page in PAGES]
    after = slugs.index(current) + 1
    follow_up = rules.FOLLOW_UPS.get(current.replace("-", "_"))
    answered_here = follow_up[1].replace("_", "-") if follow_up and getattr(state.eligibility, follow_up[1]) else None
    for page in PAGES[after:]:
        if page.should_show(state) and page.slug != answered_here:
            return page.slug
    return CHECK_ANSWERS


def previous_page(state: JourneyState, current: str) -> str | None:
    """The page before ``current`` on this person's path (None for the first question)."""
    shown = [page.slug for page in shown_pages(state)]
    if current == CHECK_ANSWERS:
        return shown[-1] if shown else None
    slugs = [page.slug for page in PAGES]
    before = [s for s in shown if slugs.index(s) < slugs.index(current)]
    return before[-1] if before else None


def may_visit(state: JourneyState, slug: str) -> bool:
    """Pages can be revisited, but not skipped ahead of the first unanswered one."""
    if slug == CHECK_ANSWERS:
        return ready_to_send(state)
    page = BY_SLUG.get(slug)
    if page is None or not page.should_show(state):
        return False
    shown = [p.slug for p in shown_pages(state)]
    target = first_incomplete(state)
    limit = shown.index(target) if target in shown else len(shown)
    return shown.index(slug) <= limit


def step_label_number(state: JourneyState, page: Page) -> tuple[int, int] | None:
    """("Step n of m") for the form steps; m is 2 when no one else is asking (no requester step)."""
    if page.step_number is None:
        return None
    total = STEP_COUNT if state.someone_else_asking else STEP_COUNT - 1
    number = page.step_number if state.someone_else_asking or page.step_number == 1 else page.step_number - 1
    return number, total
