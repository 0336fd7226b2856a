"""How a request's files are shared across emails when they would not fit in one."""

from __future__ import annotations

from app.domain.email_parts import FIRST_EMAIL_RESERVE, encoded_size, split

MB = 1024 * 1024


def test_a_request_without_files_is_one_email() -> None:
    assert split([], 20 * MB) == [[]]


def test_files_that_fit_go_in_the_first_email() -> None:
    assert split([1 * MB, 2 * MB, 3 * MB], 20 * MB) == [[0, 1, 2]]


def test_files_that_do_not_fit_go_on_in_order_and_no_email_is_over_the_limit() -> None:
    sizes = [10 * MB, 10 * MB, 9 * MB, 1 * MB]
    parts = split(sizes, 20 * MB)
    assert [i for part in parts for i in part] == [0, 1, 2, 3]  # every file, once, in order
    assert len(parts) == 3
    first = FIRST_EMAIL_RESERVE + sum(encoded_size(sizes[i]) for i in parts[0])
    assert first <= 20 * MB
    for part in parts[1:]:
        assert sum(encoded_size(sizes[i]) for i in part) <= 20 * MB


def test_a_file_bigger_than_the_limit_still_goes_alone() -> None:
    assert split([1 * MB, 30 * MB, 1 * MB], 20 * MB) == [[0], [1], [2]]


def test_base64_grows_a_file_by_a_third() -> None:
    assert 4 * MB < encoded_size(3 * MB) < 4.2 * MB
