"""Server time per page: many renders of each GET page through the Flask test client, against a bare Flask route.

The journey is walked first with the test client (CSRF on, like the tests do), so the pages behind it have a
draft. The bare route renders GOV.UK Frontend's own ``template.html`` with no session, CSRF or database.
"""

from __future__ import annotations

import gc
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from flask import Flask, render_template
from flask.testing import FlaskClient
from jinja2 import ChoiceLoader, DictLoader, PackageLoader, PrefixLoader

from app import create_app, db
from app.config import Settings
from tests.bench.common import BenchBroken, SampleStats, log
from tests.conftest import CheckedClient, Clock
from tests.support.journey import complete_journey, post

# The date tests/support/journey.py's answers are written for (told of the decision on 1 November 2026).
BENCH_NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)

JOURNEY_PAGES = [
    "who",
    "representative-type",
    "suspect-interviewed",
    "decision",
    "told-date",
    "victim",
    "victim-contact",
    "requester",
    "objection",
]
CONTENT_PAGES = ["/accessibility", "/privacy", "/cookies", "/contact", "/leaving-this-site-quickly"]


class BenchClient(CheckedClient):
    """CheckedClient's journey helpers (hidden fields, CSRF) without its page checks, which would cost time."""

    def open(self, *args: Any, **kwargs: Any) -> Any:
        return FlaskClient.open(self, *args, **kwargs)


@dataclass(frozen=True)
class PageTiming(SampleStats):
    name: str
    path: str
    status: int
    samples: list[float]


def bench_settings(database_url: str) -> Settings:
    """The development configuration on the given database, with the spam timing check off for the driver."""
    return Settings(database_url=database_url, min_seconds_on_page=0.0, run_worker=False)


def build_app(database_url: str) -> Flask:
    app = create_app(bench_settings(database_url), VRR_CLOCK=Clock(BENCH_NOW))
    db.upgrade(app)
    app.test_client_class = BenchClient
    return app


# template.html calls govukHeader() and govukFooter() with no parameters, which Jinja refuses: give them {}.
BARE_TEMPLATE = """{% extends "govuk_frontend_jinja/template.html" %}
{% from "govuk_frontend_jinja/components/header/macro.html" import govukHeader %}
{% from "govuk_frontend_jinja/components/footer/macro.html" import govukFooter %}
{% block govukHeader %}{{ govukHeader({}) }}{% endblock %}
{% block govukFooter %}{{ govukFooter({}) }}{% endblock %}
"""


def bare_app() -> Flask:
    bare = Flask("bare")
    bare.jinja_loader = ChoiceLoader(
        [
            DictLoader({"bare.html": BARE_TEMPLATE}),
            PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
        ]
    )

    @bare.get("/")
    def index() -> str:
        return render_template("bare.html")

    return bare


def time_get(client: Any, name: str, path: str, renders: int, expect: int = 200) -> PageTiming:
    for _ in range(5):  # warm-up: compiled templates, caches
        client.get(path)
    samples = []
    status = 0
    gc.collect()
    for _ in range(renders):
        start = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - start)
        status = response.status_code
        if status != expect:
            raise BenchBroken(f"GET {path} answered {status}, expected {expect}")
    return PageTiming(name, path, status, samples)


def measure(database_url: str, renders: int) -> tuple[PageTiming, list[PageTiming]]:
    """(bare route, app pages), each timed over ``renders`` GETs."""
    log(f"server time per page: {renders} renders of each page")
    bare = time_get(bare_app().test_client(), "bare Flask + GOV.UK template.html", "/", renders)
    app = build_app(database_url)
    timings = [time_get(app.test_client(), "start page", "/", renders)]

    journey = app.test_client()
    complete_journey(journey, representative=True, submit=False)
    for slug in JOURNEY_PAGES:
        timings.append(time_get(journey, f"question: {slug}", f"/request/{slug}", renders))
    timings.append(time_get(journey, "check answers", "/request/check-answers", renders))
    response = post(journey, "/request/check-answers", {"confirm": "y"})
    if response.status_code != 302:
        raise BenchBroken(f"submitting the journey answered {response.status_code}")
    timings.append(time_get(journey, "confirmation", "/request/confirmation", renders))

    content = app.test_client()
    for path in CONTENT_PAGES:
        timings.append(time_get(content, f"content: {path}", path, renders))
    timings.append(time_get(content, "exit page (cannot help)", "/request/cannot-help/ineligible_group", renders))
    timings.append(time_get(content, "404 page", "/no-such-page", renders, expect=404))
    app.extensions["vrr.engine"].dispose()
    return bare, timings
