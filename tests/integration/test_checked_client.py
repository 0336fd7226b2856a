"""The test client itself: the fields it signs without a GET are the ones the app accepts, and page() checks."""

from __future__ import annotations

import pytest

from tests.support.journey import errors_on


def test_signed_fields_are_accepted_like_the_ones_a_get_gives(app, client):
    assert client.signed_fields() is None  # no session yet: the first form page is fetched
    client.get("/request/start")
    client.get("/request/who")
    signed = client.signed_fields()
    assert signed is not None and set(signed) == {"csrf_token", "shown_at"}
    response = client.post("/request/who", data={**signed, "who": "victim"})
    assert response.status_code == 302, errors_on(response)

    other = app.test_client()
    other.get("/request/who")
    stranger = client.signed_fields()
    assert stranger is not None
    # A token signed for one session is refused in another: CSRF is really on, not bypassed by the helper.
    assert other.post("/request/who", data={**stranger, "who": "victim"}).status_code == 400


def test_page_asserts_the_status_and_returns_the_checked_page(client):
    assert client.page("/").select_one("h1") is not None
    assert client.page("/nowhere", status=404).select_one("h1") is not None
    with pytest.raises(AssertionError, match="404, expected 200"):
        client.page("/nowhere")
