"""Issue 17 on the rendered pages: the force's identity (no GOV.UK crown, OGL or Transport font), the footer
landmark, search-engine directives, the content pages' required sections in every language, Nastaliq only on
Urdu pages, and what the confirmation page and the applicant's email tell the person."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from bs4 import BeautifulSoup

from app.languages import LANGUAGES
from tests.support.journey import complete_journey

ROOT = Path(__file__).resolve().parents[2]
GOVUK_MARKS = re.compile(
    r"govuk-footer__crown|govuk-footer__copyright-logo|govuk-footer__licence-logo|govuk-crest|favicon|"
    r"Crown copyright|crown-copyright|open-government-licence|Open Government Licence|GDS Transport",
    re.I,
)
CONTENT_PAGES = ["/", "/accessibility", "/privacy", "/cookies", "/contact", "/leaving-this-site-quickly"]
# The GOV.UK model accessibility statement's sections, and the privacy notice's (issue 17), by heading id.
REQUIRED_SECTIONS = {
    "/accessibility": [
        "how-accessible", "feedback", "reporting", "enforcement", "technical", "compliance", "non-accessible",
        "improving", "preparation",
    ],
    "/privacy": ["controller", "collect", "lawful-basis", "retention", "who-sees-it", "rights", "dpo", "complain"],
}  # fmt: skip


def _every_page(app, client) -> dict[str, str]:
    """Every GET route without parameters, then a whole journey and its confirmation: path -> HTML."""
    pages: dict[str, str] = {}
    redirects: set[str] = set()

    @app.after_request
    def keep(response):
        from flask import request

        if response.mimetype == "text/html" and response.status_code in (200, 404):
            pages[request.path] = response.get_data(as_text=True)
        elif response.status_code in (302, 303) and response.location.startswith("/request/"):
            redirects.add(response.location)  # each question the journey went through
        return response

    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in ("static", "pages.exit_page"):
            client.get(rule.rule)
    complete_journey(client, representative=True, submit=False)
    for location in sorted(redirects):
        client.get(location)
    complete_journey(client, representative=True)
    client.get("/request/confirmation")
    return pages


def test_no_crown_licence_mark_or_transport_font_on_any_page(app, client):
    pages = _every_page(app, client)
    assert len(pages) > 15  # the content pages, every question, check answers and the confirmation
    for path, html in pages.items():
        found = GOVUK_MARKS.findall(html)
        assert not found, f"{path}: {found}"
        soup = BeautifulSoup(html, "html.parser")
        footer = soup.select("footer")
        assert len(footer) == 1 and footer[0].find_parent("main") is None, path
        assert "© West Yorkshire Police" in footer[0].get_text(), path
        assert soup.select_one("header svg[role=img][aria-label='West Yorkshire Police']"), path


def test_a_profile_may_ask_for_the_crown_and_the_licence(tmp_path, clock):
    from dataclasses import replace

    from tests.conftest import CheckedClient, build_app

    app = build_app(tmp_path, clock)
    app.config["VRR_FORCE"] = replace(app.config["VRR_FORCE"], show_crown=True, show_open_government_licence=True)
    app.test_client_class = CheckedClient
    html = app.test_client().get("/").get_data(as_text=True)
    assert "Crown copyright" in html and "open-government-licence" in html


def test_the_built_stylesheets_have_no_transport_font():
    css = [ROOT / "static" / "govuk" / "govuk-frontend.min.css", *sorted((ROOT / "static" / "css").glob("*.css"))]
    for path in css:
        text = path.read_text()
        assert "GDS Transport" not in text and "@font-face" not in text, path
    assert "arial" in css[0].read_text()


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_start_and_content_pages_may_be_indexed(client, path):
    response = client.get(path)
    assert response.headers["X-Robots-Tag"] == "index, follow"
    assert response.soup.select_one("meta[name=robots]")["content"] == "index, follow"


@pytest.mark.parametrize("path", ["/request/start", "/request/check-answers", "/no-such-page"])
def test_journey_and_error_pages_are_not_indexed(client, path):
    response = client.get(path, follow_redirects=True)
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"
    assert response.soup.select_one("meta[name=robots]")["content"] == "noindex, nofollow"


def test_robots_txt_keeps_crawlers_out_of_the_journey(client):
    response = client.get("/robots.txt")
    assert response.mimetype == "text/plain"
    assert "Disallow: /request/" in response.get_data(as_text=True)


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_content_pages_have_every_required_section_in_every_language(client, lang):
    client.locale = lang
    for path, sections in REQUIRED_SECTIONS.items():
        soup = client.page(f"{path}?lang={lang}")
        missing = [s for s in sections if not (soup.find(id=s) and soup.find(id=s).name in ("h2", "h3"))]
        assert not missing, f"{path} in {lang}: {missing}"
        assert soup.find(id=sections[0]).get_text(strip=True)


def test_privacy_notice_names_controller_basis_retention_dpo_and_the_ico(app, client):
    text = " ".join(client.page("/privacy").get_text(" ").split())
    settings = app.config["VRR_SETTINGS"]
    assert "West Yorkshire Police is the data controller" in text
    assert "Part 3 of the Data Protection Act 2018" in text
    assert f"deletes your answers {settings.retention_days} days after" in text
    assert f"deletes it {settings.undelivered_retention_days} days after" in text
    assert "data-protection-officer@west-yorkshire.example.org" in text
    assert "Information Commissioner’s Office" in text and "0303 123 1113" in text


def test_accessibility_statement_says_how_it_was_tested(client):
    text = " ".join(client.page("/accessibility").get_text(" ").split())
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2 AA" in text
    assert "axe-core" in text and "This service was last tested on 23 November 2026" in text
    assert "Equality Advisory and Support Service" in text


@pytest.mark.parametrize("lang", [language.code for language in LANGUAGES])
def test_only_urdu_pages_load_the_nastaliq_face(client, lang):
    client.locale = lang
    links = [link["href"] for link in client.page(f"/?lang={lang}").select("link[rel=stylesheet]")]
    urdu = [href for href in links if "urdu.css" in href]
    assert bool(urdu) == (lang == "ur"), links
    if urdu:
        with client.get(urdu[0]) as response:
            css = response.get_data(as_text=True)
        fonts = re.findall(r'url\("([^"]+\.woff2)"\)', css)
        assert len(fonts) == 2 and "line-height: 1.7" in css
        for font in fonts:
            with client.get(f"/static/govuk/fonts/{font}") as response:
                assert response.status_code == 200


def test_confirmation_page_print_feedback_and_what_to_do_if_nobody_calls(client):
    complete_journey(client)
    soup = client.page("/request/confirmation")
    text = re.sub(r" ([,.])", r"\1", " ".join(soup.get_text(" ").split()))
    assert soup.select_one("[data-app-print]").get_text(strip=True) == "Print this page"
    assert soup.select_one("a[href='mailto:vrr-feedback@example.org']")
    assert "If West Yorkshire Police has not been in touch by 7 December 2026, call 101" in text
    assert "vrr-enquiries@west-yorkshire.example.org" in text


def test_victim_support_is_a_message_of_its_own_for_translators():
    """So Welsh can say Cymorth i Ddioddefwyr: no other message names the charity inside its English."""
    found = []
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map=[("templates/**.html", "jinja2"), ("templates/**.txt", "jinja2")],
        options_map={"templates/**": {"extensions": "jinja2.ext.do", "trim_blocks": "true"}},
    ):  # fmt: skip
        ids = message if isinstance(message, tuple) else (message,)
        found += [(context, i) for i in ids if i and "Victim Support" in i]
    assert found and all(i == "Victim Support" and context for context, i in found), found


def test_the_start_page_tells_search_engines_what_it_is_for(client):
    start = client.page("/")
    description = start.select_one('meta[name="description"]')
    assert description is not None and description["content"].startswith("Ask West Yorkshire Police to look again")
    assert client.page("/request/who").select_one('meta[name="description"]') is None  # journey pages: noindex
