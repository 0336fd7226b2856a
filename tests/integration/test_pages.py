"""Content pages, error pages, the base layout and the language switcher."""

from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup

from tests.support.pagecheck import PageCheckError, check_page

CONTENT_PAGES = ["/", "/accessibility", "/privacy", "/cookies", "/contact", "/leaving-this-site-quickly"]


@pytest.mark.parametrize("path", CONTENT_PAGES)
def test_content_pages_render_with_the_base_layout(client, path):
    response = client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.data, "html.parser")
    assert soup.select_one("a.govuk-skip-link[href='#main-content']")
    assert soup.select_one("main#main-content")
    assert "West Yorkshire Police" in soup.select_one(".govuk-generic-header").get_text()
    assert soup.select_one(".govuk-phase-banner .govuk-tag").get_text(strip=True) == "Beta"
    exit_button = soup.select_one(".govuk-exit-this-page a")
    assert exit_button["href"] == "/exit"
    footer_links = {a["href"] for a in soup.select(".govuk-footer__meta a")}
    assert {"/accessibility", "/privacy", "/cookies", "/contact"} <= footer_links
    assert soup.select_one("nav.app-language-switcher")


def test_start_page_explains_the_scheme_and_other_ways_to_ask(client):
    soup = client.page("/")
    text = " ".join(soup.get_text(" ").split())
    assert "999" in text
    assert "Call 101" in text
    assert soup.select_one("main a.app-phone[href='tel:101']") is not None
    assert "criminal-justice" not in text  # the staff mailbox is never shown to the public
    assert "vrr-enquiries@west-yorkshire.example.org" in text
    assert "WF1 3QP" in text
    start = soup.select_one("a.govuk-button--start")
    assert start["href"] == "/request/start"
    assert "1 April 2015" in text


def test_unknown_page_is_a_404_page(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert b"Page not found" in response.data


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "no-store"


def test_govuk_assets_are_served(client):
    with client.get("/static/govuk/govuk-frontend.min.css") as css:
        assert css.status_code == 200
        assert b"govuk-" in css.data
    with client.get("/assets/images/favicon.svg") as icon:
        assert icon.status_code == 200
        assert icon.headers["Cache-Control"] == "public, max-age=31536000"


def test_health_reports_the_database(client):
    response = client.get("/health")
    assert response.status_code == 200
    assert response.json == {"status": "ok"}


def test_exit_page_leaves_to_a_neutral_site(client):
    response = client.get("/exit")
    assert response.status_code == 302
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"


def test_page_check_catches_a_missing_h1():
    with pytest.raises(PageCheckError, match="h1"):
        check_page('<html lang="en" dir="ltr"><title>x</title><body></body></html>')


def test_page_check_catches_duplicate_ids_and_unlabelled_inputs():
    html = (
        '<html lang="en" dir="ltr"><title>Hi</title><body><h1>Hi</h1>'
        '<div id="a"></div><div id="a"></div><input type="text" name="x" id="x"></body></html>'
    )
    with pytest.raises(PageCheckError) as err:
        check_page(html)
    assert "duplicate ids" in str(err.value)
    assert "no label" in str(err.value)


def test_page_check_catches_broken_error_summary_links():
    html = (
        '<html lang="en" dir="ltr"><title>Error: Hi</title><body><h1>Hi</h1>'
        '<div class="govuk-error-summary"><a href="#nowhere">x</a></div></body></html>'
    )
    with pytest.raises(PageCheckError, match="nowhere"):
        check_page(html)


def test_page_check_catches_wrong_direction():
    with pytest.raises(PageCheckError, match="dir"):
        check_page('<html lang="ur" dir="ltr"><title>Hi</title><body><h1>Hi</h1></body></html>', "ur")


def test_static_assets_are_fingerprinted_compressed_and_cached_for_a_year(client):
    import gzip

    import brotli

    page = client.get("/", headers={"Accept-Encoding": "br, gzip"})
    assert page.headers.get("Content-Encoding") is None  # pages carry CSRF tokens: never compressed (BREACH)
    assert page.headers["Cache-Control"] == "no-store"
    soup = BeautifulSoup(page.data, "html.parser")
    # The icon is empty and inline (no GOV.UK crown, and no request for one).
    assert [link["href"] for link in soup.select("link[rel=icon]")] == ["data:,"]
    urls = [link["href"] for link in soup.select("link[rel=stylesheet]")]
    urls += [s["src"] for s in soup.select("script[src]")]
    urls += json.loads(soup.select_one("script[type=importmap]").string)["imports"].values()
    assert len(urls) == 4 and all("?v=" in url for url in urls), urls
    for url in urls:
        asset = client.get(url, headers={"Accept-Encoding": "br, gzip"}, buffered=True)
        assert asset.status_code == 200
        assert asset.headers["Cache-Control"] == "public, max-age=31536000"
        assert asset.headers["X-Content-Type-Options"] == "nosniff"
        # Document-only headers are left off stylesheets, scripts and icons (an SVG is a document: it keeps them).
        assert ("Content-Security-Policy" in asset.headers) == (".svg?" in url), url
        assert "Expires" not in asset.headers and "Content-Disposition" not in asset.headers
        if ".ico?" in url:
            continue  # a small binary icon: not compressed
        assert asset.headers["Content-Encoding"] == "br"
        gzipped = client.get(url, headers={"Accept-Encoding": "gzip"}, buffered=True)
        assert gzip.decompress(gzipped.get_data()) == client.get(url.split("?")[0], buffered=True).get_data()
        plain = client.get(url.split("?")[0], buffered=True).get_data()
        assert brotli.decompress(asset.get_data()) == plain
        assert len(asset.get_data()) < len(plain)


def test_page_titles_name_the_page_then_the_service_once(client):
    start = client.page("/").title.get_text()
    assert start == "Ask for a review of a decision not to prosecute – West Yorkshire Police"
    privacy = client.page("/privacy").title.get_text()
    assert privacy.startswith("Privacy notice – Ask for a review of a decision not to prosecute – ")
