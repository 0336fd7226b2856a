"""A journey: an ordered registry of pages, each shown or not by the answers so far.

Generic and pure (no Flask, no forms): ``Journey`` answers where a person may go and what comes next from the
pages it is given, so it is tested with stub pages (tests/unit/test_journey_flow.py). The service's own pages
are in app/journey/registry.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from app.domain.eligibility import Outcome
from app.model.application import Application

CHECK_ANSWERS = "check-answers"
EXIT = "cannot-help"  # where a journey whose answers exclude it belongs: the exit page for its outcome


@dataclass(frozen=True)
class JourneyState:
    """Everything the flow needs to decide what comes next: the answers, and the day (for time limits)."""

    application: Application = field(default_factory=Application)
    today: date = field(default_factory=date.today)

    @property
    def outcome(self) -> Outcome:
        return self.application.outcome(self.today)

    @property
    def who(self) -> str | None:
        return self.application.who

    @property
    def someone_else_asking(self) -> bool:
        return self.application.someone_else_asking


Predicate = Callable[[JourneyState], bool]


@dataclass(frozen=True)
class Page:
    """One page of the journey and everything about it, so nothing is looked up elsewhere by its address.

    ``form`` and ``form_args`` build its form for a state; ``heading`` is the heading its answers sit under on
    check your answers and in the copies. ``asked_on``: the address of an earlier page that can ask this
    page's question in place (a follow-up shown under the answer it belongs to); answered there, this page is
    skipped. ``answers``: the application's step this page fills (None for an eligibility question).
    """

    slug: str
    should_show: Predicate
    is_complete: Predicate
    template: str
    form: Callable[[JourneyState], Any]
    form_args: Callable[[JourneyState], dict[str, Any]] = lambda state: {}
    heading: Callable[[JourneyState], Any] = lambda state: ""
    title: Callable[[JourneyState], Any] | None = None  # a step page's own heading (a question's is its form's)
    step_number: int | None = None  # 1, 2 or 3 for the three steps of the form
    question: str | None = None  # the eligibility question this page asks
    answers: str | None = None
    asked_on: str | None = None

    @property
    def is_question(self) -> bool:
        return self.question is not None


class Journey:
    """The pages in order, and the rules for moving between them."""

    def __init__(self, pages: Sequence[Page], step_count: int) -> None:
        self.pages = tuple(pages)
        self.step_count = step_count
        self._by_slug = {page.slug: page for page in self.pages}
        self._order = {page.slug: position for position, page in enumerate(self.pages)}
        if len(self._by_slug) != len(self.pages):
            raise ValueError("two pages have the same address")

    def page(self, slug: str) -> Page | None:
        return self._by_slug.get(slug)

    def path(self, state: JourneyState) -> list[Page]:
        """The pages this person is shown, in order, given their answers so far."""
        return [page for page in self.pages if page.should_show(state)]

    def first_incomplete(self, state: JourneyState) -> str:
        """Where the person should be: the first page they still need to answer, the exit page when their
        answers exclude the request, or check answers once everything is answered."""
        for page in self.path(state):
            if not page.is_complete(state):
                return page.slug
        return CHECK_ANSWERS if state.outcome.eligible else EXIT

    def ready_to_send(self, state: JourneyState) -> bool:
        """The only state in which a request may be checked and sent: eligible, and every shown page answered.

        The gate for check answers and for submission alike: an excluded or unfinished journey is never sent.
        """
        return state.outcome.eligible and all(page.is_complete(state) for page in self.path(state))

    def next(self, state: JourneyState, current: str) -> str:
        """The page after ``current`` on this person's path (check answers after the last). A page whose
        question was answered in place on ``current`` is not asked again."""
        for page in self.pages[self._order[current] + 1 :]:
            if not page.should_show(state):
                continue
            if page.asked_on == current and page.is_complete(state):
                continue
            return page.slug
        return CHECK_ANSWERS

    def previous(self, state: JourneyState, current: str) -> str | None:
        """The page before ``current`` on this person's path (None before the first)."""
        shown = [page.slug for page in self.path(state)]
        if current == CHECK_ANSWERS:
            return shown[-1] if shown else None
        before = [slug for slug in shown if self._order[slug] < self._order[current]]
        return before[-1] if before else None

    def can_visit(self, state: JourneyState, slug: str) -> bool:
        """Pages can be revisited, but not skipped ahead of the first unanswered one; check answers only when
        the request is ready to send."""
        if slug == CHECK_ANSWERS:
            return self.ready_to_send(state)
        page = self._by_slug.get(slug)
        if page is None or not page.should_show(state):
            return False
        shown = [p.slug for p in self.path(state)]
        target = self.first_incomplete(state)
        limit = shown.index(target) if target in shown else len(shown)
        return shown.index(slug) <= limit

    def last_question(self, state: JourneyState) -> str | None:
        """The last answered question on the path: where an exit page's Back link leads."""
        answered = [p.slug for p in self.path(state) if p.is_question and p.is_complete(state)]
        return answered[-1] if answered else None

    def step_label(self, state: JourneyState, page: Page) -> tuple[int, int] | None:
        """(n, m) for "Step n of m"; one step fewer when no one else is asking (no step about them)."""
        if page.step_number is None:
            return None
        if state.someone_else_asking:
            return page.step_number, self.step_count
        return (page.step_number if page.step_number == 1 else page.step_number - 1), self.step_count - 1
