"""The rules under every text field: what counts as empty, what is trimmed, which characters are refused,
and which email addresses we can send to. The forms themselves are driven in tests/integration."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.delivery.email import quoted
from forms.email_address import UnsendableAddress, header_address, sendable_address
from forms.validators import character_problem, is_blank, strip_multiline, strip_text

BLANKS = [
    "   ",
    "\t",
    "\u00a0",
    "\n\n\n",
    "\r\n \r\n",
    "\u3000",
    "\u200b",
    "\u200b\u2060\ufeff",
    "\u2028\u2029",
    "\u3164",  # Hangul filler
    "\u2800",  # braille blank
    "\ufe0f",  # a variation selector on its own
    "\U000e0020\U000e0041",  # tag characters
    "\u202e",
]


@pytest.mark.parametrize("blank", BLANKS)
def test_nothing_visible_is_blank_and_filters_to_empty(blank):
    assert is_blank(blank)
    assert strip_text(blank) == ""
    assert strip_multiline(blank) == ""


@pytest.mark.parametrize("text", ["a", "·", "0", "\u0628", "\u200d\u0628", "😀", "a\u200b"])
def test_something_visible_is_not_blank(text):
    assert not is_blank(text)


def test_filters_trim_invisible_ends_and_keep_what_is_inside():
    assert strip_text("\u200b\u00a0 Amira \u3000 Okonkwo\ufeff\n") == "Amira Okonkwo"
    assert strip_multiline("\ufeff\n first\r\nsecond\u2028third\u2029fourth\x85fifth\rsixth \n\n") == (
        "first\nsecond\nthird\nfourth\nfifth\nsixth"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Ada\u202eecila",  # right-to-left override
        "Ada\u202a",
        "Ada\u202b",
        "Ada\u202c",
        "Ada\u202d",
        "\u2066Ada\u2069",  # isolates
        "\u2067Ada",
        "\u2068Ada",
        "Ada\u200bLovelace",  # zero-width space
        "Ada\u2060",
        "Ada\ufeffx",
        "Ada\U000e0041",  # tag character
        "Ada\xad",  # soft hyphen
    ],
)
def test_hidden_characters_are_refused_in_every_field(text):
    assert character_problem(text) == "hidden"
    assert character_problem(text, allow_newlines=True) == "hidden"


@pytest.mark.parametrize("separator", ["\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
def test_line_breaks_are_refused_in_one_line_answers(separator):
    assert character_problem(f"Ada{separator}Lovelace") == "line_break"


def test_long_answers_keep_newlines_and_tabs_but_not_other_separators():
    assert character_problem("one\ntwo\tthree", allow_newlines=True) is None
    assert character_problem("one\vtwo", allow_newlines=True) == "other"
    assert character_problem("one\u2028two", allow_newlines=True) == "hidden"


@pytest.mark.parametrize(
    "text",
    [
        "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",  # Persian, with a zero-width non-joiner
        "\u0915\u094d\u200d\u0937",  # Devanagari, with a zero-width joiner
        "\u0639\u0644\u064a 12\u200f",  # Arabic, with a right-to-left mark after the number
        "Ali\u200e",
        "\u0639\u0644\u064a\u061c",  # Arabic letter mark
        "👨\u200d👩\u200d👧",  # emoji joined with ZWJ
        "O'Brien-Smith, née Łukasiewicz",
    ],
)
def test_joiners_and_direction_marks_people_need_are_kept(text):
    assert character_problem(text) is None
    assert character_problem(text, allow_newlines=True) is None


@pytest.mark.parametrize(
    "text", ["bad \ufffd byte", "private \ue000 use", "unassigned \U0003ffff", "Ada\x00", "Ada\x1b[31m", "Ada\x7f"]
)
def test_control_replacement_private_and_unassigned_characters_are_refused(text):
    assert character_problem(text) == "other"
    assert character_problem(text, allow_newlines=True) == "other"


def test_control_characters_are_not_trimmed_away_but_refused():
    assert strip_text("Amira\x00") == "Amira\x00"
    assert strip_multiline("\x1bAmira") == "\x1bAmira"


@given(st.text())
def test_an_answer_that_passes_the_checks_has_one_line_and_no_hidden_characters(text):
    cleaned = strip_text(text)
    if character_problem(cleaned) is None:
        assert len(cleaned.splitlines()) <= 1
        assert not any(ch in cleaned for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b")
        assert cleaned == strip_text(cleaned)


@pytest.mark.parametrize(
    "address",
    [
        "=?utf-8?q?evil=40evil.example=2C_x?=@example.com",
        "=?utf-8?q?a=0D=0Ab?=@example.com",
        "=?UTF-8?B?PD4=?=@example.com",
        "x=?y@example.com",
    ],
)
def test_encoded_words_before_the_at_are_refused(address):
    with pytest.raises(UnsendableAddress) as caught:
        sendable_address(address)
    assert caught.value.reason == "encoded_word"
    assert address not in str(caught.value)  # the error never carries the address


def test_an_international_domain_is_stored_in_its_ascii_form():
    assert sendable_address("user@exämple.com") == "user@xn--exmple-cua.com"
    assert sendable_address("amira@example.com") == "amira@example.com"


def test_letters_outside_ascii_before_the_at_are_refused_with_their_own_reason():
    with pytest.raises(UnsendableAddress) as caught:
        sendable_address("josé@example.com")
    assert caught.value.reason == "non_ascii_local_part"


@pytest.mark.parametrize("address", ["no-at-sign", "a@b", '"a b"@example.com', "a..b@example.com", "a@exa mple.com"])
def test_malformed_addresses_are_refused(address):
    with pytest.raises(UnsendableAddress) as caught:
        sendable_address(address)
    assert caught.value.reason == "format"


@pytest.mark.parametrize(
    "address",
    [
        "=?utf-8?q?evil=40evil.example=2C_x?=@example.com",
        "a\r\nBcc: x@example.com@example.com",
        "user@exämple.com",  # a header needs the ASCII form
        "a,b@example.com",
    ],
)
def test_header_address_refuses_what_a_header_would_change(address):
    with pytest.raises(UnsendableAddress):
        header_address(address)


def test_header_address_gives_the_same_single_address():
    assert header_address("user@xn--exmple-cua.com").addr_spec == "user@xn--exmple-cua.com"


@given(st.text())
def test_every_line_of_quoted_text_starts_with_the_quote_mark(text):
    for line in quoted(text).splitlines():
        assert line.startswith("> ")
