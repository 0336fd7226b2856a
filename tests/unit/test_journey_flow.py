"""The Journey object with stub pages, without Flask: the rules of moving between pages on their own."""

from __future__ import annotations

from datetime import date

from app.domain.eligibility import EligibilityAnswers
from app.journey.flow import CHECK_ANSWERS, EXIT, Journey, JourneyState, Page
from app.model.application import Application

TODAY = date(2026, 11, 23)
ELIGIBLE = EligibilityAnswers(who="victim", suspect_interviewed="yes", decision="no_charge", told_date=TODAY)


def _page(slug: str, shown: set[str], done: set[str], step: int | None = None, asked_on: str | None = None) -> Page:
    return Page(
        slug=slug,
        should_show=lambda state: slug in shown,
        is_complete=lambda state: slug in done,
        template=f"{slug}.html",
        form=lambda state: object,
        step_number=step,
        asked_on=asked_on,
    )


def _journey(shown: set[str], done: set[str]) -> Journey:
    pages = [_page(slug, shown, done) for slug in ("a", "b", "c", "d")]
    pages.append(_page("e", shown, done, asked_on="d"))  # a follow-up that "d" can ask in place
    return Journey(pages, step_count=3)


STATE = JourneyState(Application(eligibility=ELIGIBLE), TODAY)


def test_next_skips_pages_not_shown_and_ends_at_check_answers() -> None:
    journey = _journey(shown={"a", "c", "d"}, done=set())
    assert journey.next(STATE, "a") == "c"
    assert journey.next(STATE, "c") == "d"
    assert journey.next(STATE, "d") == CHECK_ANSWERS


def test_a_follow_up_answered_in_place_is_not_asked_again() -> None:
    assert _journey(shown={"d", "e"}, done={"e"}).next(STATE, "d") == CHECK_ANSWERS
    assert _journey(shown={"d", "e"}, done=set()).next(STATE, "d") == "e"
    assert _journey(shown={"c", "e"}, done={"e"}).next(STATE, "c") == "e"  # only from the page that asks it


def test_previous_follows_the_path_back() -> None:
    journey = _journey(shown={"a", "c", "d"}, done=set())
    assert journey.previous(STATE, "d") == "c"
    assert journey.previous(STATE, "c") == "a"
    assert journey.previous(STATE, "a") is None
    assert journey.previous(STATE, CHECK_ANSWERS) == "d"


def test_pages_can_be_revisited_but_not_skipped_ahead() -> None:
    journey = _journey(shown={"a", "b", "c"}, done={"a"})
    assert journey.first_incomplete(STATE) == "b"
    assert journey.can_visit(STATE, "a") and journey.can_visit(STATE, "b")
    assert not journey.can_visit(STATE, "c")
    assert not journey.can_visit(STATE, "d")  # not on the path
    assert not journey.can_visit(STATE, "nowhere")
    assert not journey.can_visit(STATE, CHECK_ANSWERS)


def test_check_answers_only_when_every_shown_page_is_answered_and_the_request_is_eligible() -> None:
    finished = _journey(shown={"a", "b"}, done={"a", "b"})
    assert finished.first_incomplete(STATE) == CHECK_ANSWERS
    assert finished.can_visit(STATE, CHECK_ANSWERS)
    excluded = JourneyState(Application(eligibility=EligibilityAnswers(who="group")), TODAY)
    assert finished.first_incomplete(excluded) == EXIT
    assert not finished.ready_to_send(excluded)


def test_step_labels_count_one_step_fewer_when_nobody_else_is_asking() -> None:
    journey = Journey([_page("x", set(), set(), step=1), _page("z", set(), set(), step=3)], step_count=3)
    own = STATE
    for_someone = JourneyState(Application(eligibility=EligibilityAnswers(who="representative")), TODAY)
    assert journey.step_label(own, journey.pages[1]) == (2, 2)
    assert journey.step_label(for_someone, journey.pages[1]) == (3, 3)
    assert journey.step_label(own, journey.pages[0]) == (1, 2)


def test_two_pages_with_one_address_are_refused() -> None:
    try:
        Journey([_page("a", set(), set()), _page("a", set(), set())], step_count=1)
    except ValueError:
        return
    raise AssertionError("a duplicate address was accepted")
