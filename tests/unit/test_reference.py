"""Reference numbers: format, randomness, and the check character catching typing mistakes."""

from __future__ import annotations

import random
import secrets
from itertools import count

import pytest

from app.domain.reference import ALPHABET, is_valid, new_reference, normalise

# Seeded, so every pytest-xdist worker collects the same test ids (random ones each time broke parallel runs).
_SEEDED = random.Random(19)
SAMPLES = [new_reference("WYP", _SEEDED.randrange) for _ in range(5)] + ["DUR-2222-2222-222" + "2"]


def _fixed(values):
    it = iter(values)
    return lambda n: next(it) % n


def test_format_and_alphabet():
    ref = new_reference("WYP", secrets.randbelow)
    prefix, *groups = ref.split("-")
    assert prefix == "WYP" and [len(g) for g in groups] == [4, 4, 4]
    assert set("".join(groups)) <= set(ALPHABET)
    assert not set("01ILOUV") & set("".join(groups))
    assert is_valid(ref)


def test_the_randomness_source_is_used():
    counter = count()
    ref = new_reference("DUR", lambda n: next(counter) % n)
    assert ref.startswith("DUR-2345-6789-ABC")
    assert new_reference("DUR", _fixed([0] * 11)) == "DUR-2222-2222-2222"


def test_rejects_a_bad_prefix():
    with pytest.raises(ValueError):
        new_reference("wy1", secrets.randbelow)


@pytest.mark.parametrize("reference", SAMPLES)
def test_every_single_substitution_is_detected(reference):
    assert is_valid(reference)
    chars = list(reference)
    positions = [i for i, ch in enumerate(chars) if ch in ALPHABET and i > 3]
    for i in positions:
        for replacement in ALPHABET:
            if replacement != chars[i]:
                typo = chars.copy()
                typo[i] = replacement
                assert not is_valid("".join(typo)), "".join(typo)


@pytest.mark.parametrize("reference", SAMPLES)
def test_every_adjacent_transposition_is_detected(reference):
    body = reference[4:].replace("-", "")
    for i in range(len(body) - 1):
        if body[i] != body[i + 1]:
            swapped = body[:i] + body[i + 1] + body[i] + body[i + 2 :]
            candidate = f"{reference[:3]}-{swapped[:4]}-{swapped[4:8]}-{swapped[8:]}"
            assert not is_valid(candidate), candidate


def test_normalise_accepts_what_people_type():
    ref = SAMPLES[0]
    compact = ref.replace("-", "")
    for typed in (
        ref.lower(),
        compact,
        f"  {compact.lower()} ",
        ref.replace("-", " "),
        ref.replace("-", "–"),
        ref.replace("-", "."),
        ref.replace("-", "--"),
    ):
        assert normalise(typed, ["WYP", "DUR"]) == ref, typed


def test_normalise_rejects_unknown_prefixes_and_typos():
    ref = SAMPLES[0]
    assert normalise(ref, ["DUR"]) is None
    typo = ref[:-1] + ("2" if ref[-1] != "2" else "3")
    assert normalise(typo, ["WYP"]) is None
    assert normalise("", ["WYP"]) is None


def test_references_are_unique():
    refs = {new_reference("WYP", secrets.randbelow) for _ in range(10_000)}
    assert len(refs) == 10_000
