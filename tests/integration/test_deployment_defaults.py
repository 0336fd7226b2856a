"""Deployment defaults fail closed: the environment is named, the client address is the real one, rate limits fit
people sharing an address, links never leave the site, and logs hold no addresses or PDF tokens."""

from __future__ import annotations

import logging
import os
import re
import smtplib
import subprocess
import sys
import threading
import time
from email.message import EmailMessage
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from bs4 import BeautifulSoup
from cryptography.fernet import Fernet
from werkzeug.serving import make_server

from app import create_app, db
from app.config import ROOT, ConfigError, Settings, settings_from_env
from app.dev.server import install_log_filters
from app.dev.smtp_sink import SmtpSink, free_port
from app.web.context import is_local_path
from tests.conftest import CheckedClient, build_app
from tests.support.journey import post

ALLOWED = "development, test, production"


# --- VRR_ENV -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", [None, "", "Production", "prod", "PRODUCTION", "production ", "dev", "staging"])
def test_an_unset_or_unknown_environment_is_refused(value):
    environ = {} if value is None else {"VRR_ENV": value}
    with pytest.raises(ConfigError, match=ALLOWED):
        settings_from_env(environ)


def test_the_development_keys_are_used_only_when_development_is_named():
    assert settings_from_env({"VRR_ENV": "development"}).env == "development"
    # Production with nothing else set is refused, never run on the published keys.
    with pytest.raises(ConfigError, match="VRR_SECRET_KEY"):
        settings_from_env({"VRR_ENV": "production", "VRR_RATELIMIT_STORAGE_URL": "redis://r/0"}).check()


def test_settings_built_directly_with_an_unknown_environment_are_refused(tmp_path):
    with pytest.raises(ConfigError, match=ALLOWED):
        create_app(Settings(env="prod", database_url=f"sqlite:///{tmp_path / 'x.sqlite3'}"))


def test_wsgi_refuses_to_start_without_vrr_env_and_starts_with_it(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRR_")}
    env["VRR_DATABASE_URL"] = f"sqlite:///{tmp_path / 'w.sqlite3'}"
    command = [sys.executable, "-c", "import wsgi"]
    refused = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert refused.returncode != 0
    assert "VRR_ENV is unset" in refused.stderr
    started = subprocess.run(command, cwd=ROOT, env={**env, "VRR_ENV": "development"}, capture_output=True)
    assert started.returncode == 0, started.stderr


def _production(**changes):
    key = Fernet.generate_key().decode()
    changes = {"public_url": "https://vrr.example.org", **changes}
    return Settings(env="production", secret_key="s" * 48, data_keys=(key,), database_url="sqlite://", **changes)


def test_production_refuses_links_to_any_address_but_a_public_https_one():
    settings = {"ratelimit_storage_url": "redis://127.0.0.1:6379/0"}
    for address in ("http://127.0.0.1:5000", "http://vrr.example.org", ""):
        with pytest.raises(ConfigError, match="VRR_PUBLIC_URL"):
            _production(**settings, public_url=address).check()
    _production(**settings).check()


def test_production_refuses_rate_limits_in_one_process_memory_unless_allowed(caplog):
    with pytest.raises(ConfigError, match="redis://"):
        _production().check()
    _production(ratelimit_storage_url="redis://127.0.0.1:6379/0").check()
    caplog.set_level(logging.WARNING)
    create_app(_production(allow_memory_ratelimits=True))
    assert any("multiplied" in r.getMessage() for r in caplog.records)


# --- client address and rate limits -------------------------------------------------------------------


def _client(app, address="198.51.100.9"):
    app.test_client_class = CheckedClient
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def _posts(client, count, forwarded=None):
    client.get("/request/start")
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return [post(client, "/request/who", {}, headers=headers).status_code for _ in range(count)]


def test_without_trusted_proxies_x_forwarded_for_is_ignored(tmp_path, clock):
    app = build_app(tmp_path, clock, ratelimit_post_per_address="3 per minute")
    statuses = [_posts(_client(app), 1, forwarded=f"203.0.113.{i}")[0] for i in range(4)]
    assert statuses == [200, 200, 200, 429]  # four made-up addresses, one real one: one budget


def test_behind_one_trusted_proxy_each_client_has_its_own_budget(tmp_path, clock):
    app = build_app(tmp_path, clock, trusted_proxies=1, ratelimit_post_per_address="3 per minute")
    proxy = "10.0.0.1"
    # Four people behind the proxy: four budgets.
    assert [_posts(_client(app, proxy), 1, forwarded=f"203.0.113.{i}")[0] for i in range(4)] == [200] * 4
    # One person writing their own X-Forwarded-For: the proxy appends the real address, which is the one used.
    spoofed = [_posts(_client(app, proxy), 1, forwarded=f"192.0.2.{i}, 203.0.113.50")[0] for i in range(4)]
    assert spoofed == [200, 200, 200, 429]


def _posts_with_a_draft(client, count):
    """A person who has answered the first question (that POST makes their draft), then sends ``count`` more."""
    client.get("/request/who")
    assert post(client, "/request/who", {"who": "victim"}).status_code == 302
    return [post(client, "/request/suspect-interviewed", {}).status_code for _ in range(count)]


def test_posts_are_limited_per_draft_and_another_person_at_the_address_carries_on(tmp_path, clock):
    app = build_app(tmp_path, clock, ratelimit_post="3 per minute", ratelimit_post_per_address="100 per minute")
    assert _posts_with_a_draft(_client(app), 4) == [200, 200, 200, 429]  # the first answer had no draft to count
    assert _posts_with_a_draft(_client(app), 3) == [200, 200, 200]


def test_a_busy_advice_centre_on_one_address_is_not_locked_out_by_the_default_limits(tmp_path, clock):
    defaults = Settings()
    app = build_app(
        tmp_path,
        clock,
        ratelimit_post=defaults.ratelimit_post,
        ratelimit_post_per_address=defaults.ratelimit_post_per_address,
    )
    # 40 people, 2 answers each within the minute: 80 POSTs from one address (the old limit let 30 through).
    statuses = [status for _ in range(40) for status in _posts(_client(app), 2)]
    assert statuses == [200] * 80


# --- links built from the request never leave the site --------------------------------------------------

HOSTILE_PATHS = [
    "/%5Cevil.example/",
    "/%09/evil.example/",
    "/%5C%5Cevil.example",
    "//request/start",
    "///evil.example/%2e%2e",
    "/request/%5Cevil",
    "/request/%09/evil",
    "/%0a/evil.example/",
    "/%2F%2Fevil.example/",
]


def _browser_host(href: str) -> str:
    """The host a browser goes to from ``href`` on our page: it strips tabs and newlines, reads "\\" as "/"."""
    cleaned = re.sub(r"[\t\n\r]", "", href).replace("\\", "/")
    return urlsplit(urljoin("https://vrr.example.org/request/who", cleaned)).netloc


@pytest.mark.parametrize("path", HOSTILE_PATHS)
def test_language_links_stay_on_the_site(client, path):
    html = client.get(path).get_data(as_text=True)
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").select(".app-language-switcher a")]
    assert links
    for href in links:
        assert _browser_host(href) == "vrr.example.org", href
        assert "\\" not in href and "\t" not in href and "\n" not in href


def test_language_links_keep_the_page_and_its_query(client):
    html = client.get("/accessibility?change=1").get_data(as_text=True)
    links = [a["href"] for a in BeautifulSoup(html, "html.parser").select(".app-language-switcher a")]
    assert "/accessibility?change=1&lang=cy" in links
    html = client.get("/%5Cevil.example/").get_data(as_text=True)
    assert 'href="/?lang=cy"' in html


@pytest.mark.parametrize("path", ["/request/%5Cevil.example", "/request/%5C%5Cevil.example"])
def test_the_expired_form_page_links_back_on_the_site(client, path):
    response = client.post(path, data={"who": "victim"})
    assert response.status_code == 400
    back = BeautifulSoup(response.data, "html.parser").select_one("main a.govuk-link")["href"]
    assert _browser_host(back) == "vrr.example.org", back


# --- logs ------------------------------------------------------------------------------------------------


def test_the_smtp_sink_logs_no_addresses(tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "no-reply@vrr.example.org", "amira@example.com", "Hi"
    message.set_content("Hello")
    with SmtpSink(tmp_path / "mail") as sink:
        with smtplib.SMTP(sink.host, sink.port) as smtp:
            smtp.send_message(message, to_addrs=["amira@example.com", "daniel@reyes.example.com"])
        sink.wait_for(1)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "(2 recipients," in logged
    assert "amira@" not in logged and "reyes.example" not in logged


def test_the_development_server_logs_no_query_strings(tmp_path, clock, caplog):
    app = build_app(tmp_path, clock)
    install_log_filters()
    server = make_server("127.0.0.1", free_port(), app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    caplog.set_level(logging.INFO, logger="werkzeug")
    try:
        httpx.get(f"http://127.0.0.1:{server.port}/request/your-copy.pdf?token=SECRET-TOKEN-123", timeout=10)
        httpx.get(f"http://127.0.0.1:{server.port}/accessibility?lang=cy&x=private", timeout=10)
    finally:
        server.shutdown()
        thread.join(timeout=10)
    logged = "\n".join(r.getMessage() for r in caplog.records if r.name == "werkzeug")
    assert "/request/your-copy.pdf" in logged and "/accessibility" in logged
    assert "SECRET-TOKEN-123" not in logged and "private" not in logged and "?" not in logged


# --- gunicorn, as the README runs it ---------------------------------------------------------------------


@pytest.mark.redis
def test_gunicorn_with_redis_counts_limits_across_workers_and_logs_no_query_strings(tmp_path, redis_url):
    database = f"sqlite:///{tmp_path / 'g.sqlite3'}"
    db.upgrade(create_app(Settings(database_url=database)))
    env = {k: v for k, v in os.environ.items() if not k.startswith("VRR_")}
    env.update(
        VRR_ENV="development",
        VRR_DATABASE_URL=database,
        VRR_RATELIMIT_STORAGE_URL=redis_url.rsplit("/", 1)[0] + "/3",
        VRR_RATELIMIT_POST_PER_ADDRESS="5 per minute",
        VRR_MIN_SECONDS_ON_PAGE="0",
    )
    port, access_log = free_port(), tmp_path / "access.log"
    command = [str(ROOT / ".venv/bin/gunicorn"), "wsgi:app", f"--bind=127.0.0.1:{port}", "--workers=2"]
    command += ["--threads=2", f"--access-logfile={access_log}", "--log-level=warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        # A fresh connection each time, so that both workers answer.
        with httpx.Client(base_url=base, timeout=10) as browser:
            page = browser.get("/request/start", follow_redirects=True)
            hidden = BeautifulSoup(page.text, "html.parser").select("main form input[type=hidden]")
            form = {field["name"]: field.get("value", "") for field in hidden}
            cookies = dict(browser.cookies)
        statuses = []
        for _ in range(8):
            with httpx.Client(base_url=base, timeout=10, cookies=cookies) as one:
                statuses.append(one.post("/request/who", data=form).status_code)
        with httpx.Client(base_url=base, timeout=10) as one:
            one.get("/request/your-copy.pdf?token=SECRET-TOKEN-456")
    finally:
        process.terminate()
        process.wait(timeout=30)
    assert statuses == [200] * 5 + [429] * 3
    logged = access_log.read_text()
    assert "/request/your-copy.pdf" in logged
    assert "SECRET-TOKEN-456" not in logged and "?" not in logged


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, "gunicorn exited"
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise AssertionError("gunicorn did not answer /health in time")


@pytest.mark.parametrize(
    ("path", "local"),
    [
        ("/request/who", True),
        ("/", True),
        ("/request/%5Cevil", True),
        ("//evil.example/", False),
        ("/\\evil.example/", False),
        ("/\t/evil.example/", False),
        ("/ok/\\evil", False),
        ("/ok\x7f", False),
        ("https://evil.example/", False),
        ("", False),
    ],
)
def test_only_paths_on_this_site_are_local(path, local):
    assert is_local_path(path) is local


def test_a_retention_shorter_than_a_review_is_warned_about(tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="app")
    create_app(Settings(env="test", database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}", retention_days=30))
    assert "shorter than a review" in caplog.text
    caplog.clear()
    create_app(Settings(env="test", database_url=f"sqlite:///{tmp_path / 'r.sqlite3'}"))
    assert "shorter than a review" not in caplog.text
