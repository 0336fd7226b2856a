"""Pages rendered through direct macro calls (and the chrome cache) are the pages govuk-frontend-wtf renders.

The fast path (forms/fields.py, app/rendering.py) must change nothing a person sees, and must keep
nothing a person typed in memory.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from govuk_frontend_wtf.gov_form_base import GovFormBase

from app.rendering import render_cache
from forms.fields import TranslatedErrorPrefix
from tests.support.journey import ELIGIBLE_VICTIM, OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, answer, post

HIDDEN = re.compile(r"<input[^>]*type=\"hidden\"[^>]*>|nonce=\"[^\"]*\"|data-csrf-token=\"[^\"]*\"")
PAGES = ["who", "representative-type", "victim", "victim-contact", "requester", "objection", "check-answers"]


def _main(response: Any) -> str:
    """The page without what differs on every render (CSRF token, signed timestamp, script nonce)."""
    return HIDDEN.sub("", response.get_data(as_text=True))


def _representative(client: Any) -> None:
    client.get("/request/start")
    answer(client, "who", {"who": "representative"})
    answer(client, "representative-type", {"representative_type": "solicitor"})
    for slug in list(ELIGIBLE_VICTIM)[1:]:
        answer(client, slug, dict(ELIGIBLE_VICTIM[slug]))


@pytest.mark.parametrize("lang", ["en", "cy", "ur"])
def test_pages_are_the_same_as_govuk_frontend_wtf_renders_them(client: Any, monkeypatch: Any, lang: str) -> None:
    client.locale = lang
    client.get(f"/?lang={lang}")
    _representative(client)
    pages = {}
    for slug in PAGES:  # unanswered, then with an error …
        pages[f"{slug} empty"] = f"/request/{slug}"
    answer(client, "victim", VICTIM)
    answer(client, "victim-contact", VICTIM_CONTACT)
    answer(client, "requester", REQUESTER)
    answer(client, "objection", OBJECTION)
    fast = {name: _main(client.get(path)) for name, path in pages.items()}
    fast["victim error"] = _main(post(client, "/request/victim", {"first_names": "", "last_name": "x" * 500}))

    monkeypatch.setattr(TranslatedErrorPrefix, "render", GovFormBase.render)  # govuk-frontend-wtf's own way
    slow = {name: _main(client.get(path)) for name, path in pages.items()}
    slow["victim error"] = _main(post(client, "/request/victim", {"first_names": "", "last_name": "x" * 500}))
    for name in fast:
        assert fast[name] == slow[name], f"{name} ({lang}) differs from govuk-frontend-wtf's rendering"
    assert 'class="govuk-error-message"' in fast["victim error"]


def test_nothing_a_person_typed_is_kept_in_the_cache(client: Any) -> None:
    _representative(client)
    for slug, values in (("victim", VICTIM), ("victim-contact", VICTIM_CONTACT), ("requester", REQUESTER)):
        answer(client, slug, values)
        client.get(f"/request/{slug}")  # shown again with the answers in it
    objection = {**OBJECTION, "crime_reference": "47/901234/26"}  # not the hint's example reference
    answer(client, "objection", objection)
    client.get("/request/objection")
    post(client, "/request/victim", {**VICTIM, "first_names": "Zebedee-Unique", "last_name": ""})  # an error page
    assert len(render_cache) > 0
    cached = "\n".join(render_cache._entries.values())
    # What people type freely (not the answers to choice questions, whose values are on every page).
    typed: list[str] = [
        *(VICTIM[k] for k in ("first_names", "last_name", "address_line_1", "address_postcode")),
        *(VICTIM_CONTACT[k] for k in ("email", "mobile_phone", "times_to_avoid")),
        *(REQUESTER[k] for k in ("first_names", "last_name", "organisation", "email", "phone")),
        *(objection[k] for k in ("crime_reference", "offence", "officer", "objection", "outcome_wanted")),
    ]
    for text in [*typed, "Zebedee-Unique"]:
        assert text not in cached, f"the render cache holds {text!r}, which a person typed"


def test_language_links_follow_the_page_and_its_query(client: Any) -> None:

    def links(path: str) -> dict[str, str]:
        soup = client.page(path)
        return {a["hreflang"]: a["href"] for a in soup.select(".app-language-switcher__link")}

    assert links("/privacy")["cy"] == "/privacy?lang=cy"
    assert links("/cookies")["cy"] == "/cookies?lang=cy"  # another page: not the cached links of the first
    assert links("/privacy?change=1")["ur"] == "/privacy?change=1&lang=ur"
    assert links("/privacy?campaign=x")["pl"] == "/privacy?campaign=x&lang=pl"
    client.locale = "cy"
    welsh = links("/privacy?lang=cy")
    assert "cy" not in welsh and welsh["en"] == "/privacy?lang=en"
