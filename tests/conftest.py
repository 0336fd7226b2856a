"""Fixtures shared by every test: an app on a fresh SQLite database, and a client that checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from flask import Flask, session
from flask.testing import FlaskClient
from flask_wtf.csrf import generate_csrf

from app import create_app, db
from app.config import Settings
from forms.base import shown_at_signer
from tests.support.pagecheck import check_page

# Fixtures for real servers (SMTP, PostgreSQL, Redis) live in their own modules.
pytest_plugins = ["tests.support.smtp", "tests.support.servers"]

RENDERED_ENDPOINTS: set[str] = set()


class Clock:
    """A settable clock for the app (``app.config["VRR_CLOCK"]``)."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def make_settings(tmp_path: Path, **changes: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": f"sqlite:///{tmp_path / 'test.sqlite3'}",
        "min_seconds_on_page": 0.0,
        "run_worker": False,
        "ratelimit_post": "1000 per minute",
        "ratelimit_submit": "1000 per minute",
        "ratelimit_post_per_address": "1000 per minute",
        "ratelimit_submit_per_address": "1000 per minute",
    }
    values.update(changes)
    return Settings(**values)


def build_app(tmp_path: Path, clock: Clock | None = None, **changes: Any) -> Flask:
    app = create_app(make_settings(tmp_path, **changes), TESTING=True, VRR_CLOCK=clock)
    db.upgrade(app)

    @app.after_request
    def _record(response: Any) -> Any:
        from flask import request

        if request.endpoint:
            RENDERED_ENDPOINTS.add(request.endpoint)
        return response

    return app


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC))


@pytest.fixture
def app(tmp_path: Path, clock: Clock) -> Iterator[Flask]:
    application = build_app(tmp_path, clock)
    yield application
    application.extensions["vrr.engine"].dispose()


class CheckedClient(FlaskClient):
    """A test client that runs the page checks on every HTML page and knows the CSRF token."""

    locale = "en"

    def open(self, *args: Any, **kwargs: Any) -> Any:
        response = super().open(*args, **kwargs)
        response.soup = None  # the parsed page, for tests to read without parsing it again
        if response.mimetype == "text/html" and response.status_code not in (204, 302) and response.data:
            response.soup = check_page(response.get_data(as_text=True), self.locale)
        return response

    def page(self, path: str, status: int = 200, **kwargs: Any) -> BeautifulSoup:
        """GET ``path``, assert its status, and return the page the checks already parsed."""
        response = self.get(path, **kwargs)
        assert response.status_code == status, f"GET {path}: {response.status_code}, expected {status}"
        assert response.soup is not None, f"GET {path}: {response.mimetype}, not an HTML page"
        return response.soup  # type: ignore[no-any-return]

    def hidden_fields(self, path: str) -> dict[str, str]:
        """The hidden inputs a browser would send back with the page's form (CSRF token, timestamp)."""
        response = self.get(path)
        soup = getattr(response, "soup", None) or BeautifulSoup(response.get_data(as_text=True), "html.parser")
        fields = {i["name"]: i.get("value", "") for i in soup.select("main form input[type=hidden]")}
        assert "csrf_token" in fields, f"no CSRF token on {path}"
        return fields

    def csrf_token(self, path: str) -> str:
        return self.hidden_fields(path)["csrf_token"]

    def signed_fields(self) -> dict[str, str] | None:
        """The hidden fields a GET of any form page would give this client (a real CSRF token for its session,
        and the form's signed "shown at"), made without the GET. None until the session holds a CSRF secret,
        which the first form page it sees puts there. CSRF stays on: only the GET is saved."""
        app = self.application
        cookie = self.get_cookie(app.config["SESSION_COOKIE_NAME"])
        if cookie is None:
            return None
        with app.test_request_context(headers={"Cookie": f"{cookie.key}={cookie.value}"}):
            if app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token") not in session:  # Flask-WTF's documented key
                return None
            return {"csrf_token": generate_csrf(), "shown_at": shown_at_signer().sign(b"shown").decode()}

    def form_fields(self, path: str) -> dict[str, str]:
        """What a browser would send back with the form on ``path``, signed here when the session allows."""
        return self.signed_fields() or self.hidden_fields(path)

    def submit(self, path: str, data: dict[str, Any], follow: bool = False) -> Any:
        """POST the form like a browser would, with the hidden fields its page would have given."""
        return self.post(path, data={**self.form_fields(path), **data}, follow_redirects=follow)


@pytest.fixture
def client(app: Flask) -> CheckedClient:
    app.test_client_class = CheckedClient
    return app.test_client()  # type: ignore[return-value]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--check-routes",
        action="store_true",
        help="fail when a route exists that no test rendered, whatever was selected (make test's parallel run)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.pluginmanager.hasplugin("xdist"):
        config.pluginmanager.register(_EndpointsFromWorkers())


class _EndpointsFromWorkers:
    """Under pytest-xdist each worker renders its share: the controller gathers what they rendered."""

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        RENDERED_ENDPOINTS.update(getattr(node, "workeroutput", {}).get("rendered_endpoints", []))


def _whole_suite(config: pytest.Config) -> bool:
    if config.getoption("check_routes"):
        return True
    here = Path(__file__).resolve().parent
    selected = config.option.keyword or config.option.markexpr or config.option.deselect
    return not selected and [(Path(config.invocation_params.dir) / a).resolve() for a in config.args] == [here]


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """Fail the run when a route exists that no test rendered (only when the whole suite ran)."""
    config = session.config
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: hand what it rendered to the controller
        workeroutput["rendered_endpoints"] = sorted(RENDERED_ENDPOINTS)
        return
    if config.option.collectonly or not _whole_suite(config) or exitstatus != 0:
        return
    app = create_app(Settings(database_url="sqlite://"))
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()} - {"static"}
    missing = sorted(endpoints - RENDERED_ENDPOINTS)
    if missing:
        session.exitstatus = 1
        print(f"\nRoutes that no test rendered: {missing}")
