"""Several instances on one PostgreSQL (and one Redis): each request delivered exactly once."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import func, select

from app import db
from app.delivery import worker
from app.models import OutboxMessage, SubmittedRequest
from tests.conftest import CheckedClient, build_app
from tests.support.journey import complete_journey, post

pytestmark = pytest.mark.postgres


def _instance(tmp_path, clock, url, smtp_port, **changes):
    app = build_app(tmp_path, clock, database_url=url, smtp_port=smtp_port, **changes)
    app.test_client_class = CheckedClient
    return app


def test_two_instances_and_two_workers_deliver_each_request_exactly_once(
    tmp_path,
    clock,
    fresh_postgres,
    smtp_sink,
):
    first = _instance(tmp_path / "a", clock, fresh_postgres, smtp_sink.port)
    second = _instance(tmp_path / "b", clock, fresh_postgres, smtp_sink.port)
    requests = 6
    for i in range(requests):
        complete_journey((first if i % 2 else second).test_client())
    with first.app_context(), db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SubmittedRequest)) == requests
        expected = s.scalar(select(func.count()).select_from(OutboxMessage))
    assert expected == requests * 2

    def drain(app):
        while worker.process_once(app, batch=2):
            pass

    threads = [threading.Thread(target=drain, args=(app,)) for app in (first, second, first, second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    messages = smtp_sink.wait_for(expected, timeout=10)
    ids = Counter(m["Message-ID"] for m in messages)
    assert len(messages) == expected
    assert all(count == 1 for count in ids.values()), ids
    with first.app_context(), db.transaction() as s:
        statuses = Counter(s.scalars(select(OutboxMessage.status)))
    assert statuses == {"sent": expected}
    for app in (first, second):
        app.extensions["vrr.engine"].dispose()


def test_the_journey_and_double_submit_guard_on_postgresql(tmp_path, clock, fresh_postgres, smtp_sink):
    app = _instance(tmp_path, clock, fresh_postgres, smtp_sink.port)
    client = app.test_client()
    complete_journey(client, representative=True, submit=False)
    hidden = client.hidden_fields("/request/check-answers")
    client.post("/request/check-answers", data={**hidden, "confirm": "y"})
    client.post("/request/check-answers", data={**hidden, "confirm": "y"})
    with app.app_context(), db.transaction() as s:
        assert s.scalar(select(func.count()).select_from(SubmittedRequest)) == 1
    app.extensions["vrr.engine"].dispose()


@pytest.mark.redis
def test_rate_limits_are_shared_through_redis(tmp_path, clock, redis_url):
    settings = {"ratelimit_post_per_address": "3 per minute", "ratelimit_storage_url": redis_url}
    one = build_app(tmp_path / "one", clock, **settings)
    two = build_app(tmp_path / "two", clock, **settings)
    one.test_client_class = two.test_client_class = CheckedClient
    c1, c2 = one.test_client(), two.test_client()
    c1.get("/request/start")
    c2.get("/request/start")
    statuses = [post(c, "/request/who", {}).status_code for c in (c1, c2, c1, c2)]
    # Two people at one client address (127.0.0.1) on two instances: the fourth POST is over the shared
    # per-address limit.
    assert statuses == [200, 200, 200, 429]
