"""Property-based: arbitrary form bodies to every POST endpoint never cause a 500 or store bad data."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.journey.registry import JOURNEY
from tests.conftest import CheckedClient, Clock, build_app
from tests.support.journey import complete_journey

FIELD_NAMES = [
    "who",
    "representative_type",
    "suspect_interviewed",
    "decision",
    "told_date",
    "late_reason",
    "first_names",
    "last_name",
    "date_of_birth",
    "address_line_1",
    "address_postcode",
    "address_abroad",
    "district",
    "email",
    "mobile_phone",
    "preferred_contact",
    "safe_voicemail",
    "safe_post",
    "crime_reference",
    "reference_unknown",
    "offence",
    "date_reported",
    "objection",
    "confirm",
    "hp_extra_details",
    "shown_at",
    "csrf_token",
    "anything",
]
values = st.one_of(st.text(max_size=300), st.sampled_from(["", "yes", "no", "victim", "1", "31", "2026", "-1"]))
bodies = st.lists(st.tuples(st.sampled_from(FIELD_NAMES), values), max_size=12)
ENDPOINTS = [f"/request/{slug}" for slug in (page.slug for page in JOURNEY.pages)] + [
    "/request/check-answers",
    "/request/keep-alive",
]


@pytest.fixture(scope="module")
def fuzz_client(tmp_path_factory: pytest.TempPathFactory) -> CheckedClient:
    """One client for every example: each fuzzed POST lands on the state the previous ones left."""
    from datetime import UTC, datetime

    app = build_app(
        tmp_path_factory.mktemp("fuzz"),
        Clock(datetime(2026, 11, 23, 10, tzinfo=UTC)),
        ratelimit_post="100000 per minute",
    )
    app.test_client_class = CheckedClient
    client = app.test_client()
    complete_journey(client, representative=True, submit=False)
    return client  # type: ignore[return-value]


@settings(max_examples=120, deadline=None)
@given(endpoint=st.sampled_from(ENDPOINTS), body=bodies, keep_csrf=st.booleans())
def test_arbitrary_posts_never_fail_the_server(fuzz_client, endpoint, body, keep_csrf):
    client = fuzz_client
    client.get("/request/start")
    hidden = client.form_fields("/request/who")
    data = [(k, v) for k, v in body if k not in ("csrf_token", "shown_at")]
    if keep_csrf:
        data += list(hidden.items())
    from werkzeug.datastructures import MultiDict

    response = client.post(endpoint, data=MultiDict(data))
    assert response.status_code in (200, 204, 302, 400, 404, 410, 413, 429), response.status_code
    # Whatever was accepted still renders: nothing invalid was stored. A POST stores only its own page's
    # answers, which show on that page and on Check your answers (every answer); the other pages hold only
    # answers the earlier examples already checked.
    if endpoint not in ("/request/check-answers", "/request/keep-alive"):
        assert client.get(endpoint).status_code in (200, 302)
    assert client.get("/request/check-answers").status_code in (200, 302)
