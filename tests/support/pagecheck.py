"""One helper that checks the structure of every page the tests render (the GOV.UK Notify admin way)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from app.languages import BY_CODE

LABELLED_INPUT_TYPES = {
    "text",
    "email",
    "tel",
    "number",
    "date",
    "password",
    "search",
    "url",
    "radio",
    "checkbox",
    None,
}


TRANSLATIONS = Path(__file__).resolve().parents[2] / "translations"
PLACEHOLDER_OR_TAG = re.compile(r"%\(\w+\)s|%\{\w+\}|<[^>]+>")


class PageCheckError(AssertionError):
    pass


@lru_cache
def catalog(locale: str) -> dict[str, str]:
    with (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if isinstance(m.id, str) and m.id}


@lru_cache
def error_title_pattern(locale: str) -> re.Pattern[str]:
    """The page title of a page with errors, in the locale: "Error: <title>" and its translations."""
    prefix = "Error:" if locale == "en" else catalog(locale)["Error:"]
    return re.compile(f"^{re.escape(prefix)} (?P<title>.+)$")


@lru_cache
def english_phrases(locale: str) -> tuple[str, ...]:
    """English phrases of four words or more that this locale translates differently: none may show on a page."""
    phrases = set()
    for english, translated in catalog(locale).items():
        if translated == english:
            continue
        for part in PLACEHOLDER_OR_TAG.split(english):
            phrase = " ".join(part.split()).strip(" .,:;?!()\"'")
            if len(phrase.split()) >= 4:
                phrases.add(phrase)
    return tuple(sorted(phrases))


def _text(node: object) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ", strip=True)).strip()  # type: ignore[attr-defined]


def check_page(html: str, locale: str = "en") -> BeautifulSoup:
    """Raise ``PageCheckError`` listing every structural problem on the page; return the parsed page."""
    soup = BeautifulSoup(html, "html.parser")
    problems: list[str] = []

    language = BY_CODE[locale]
    root = soup.find("html")
    if root is None:
        raise PageCheckError("no <html> element")
    if root.get("lang") != language.tag:
        problems.append(f"<html lang={root.get('lang')!r}>, expected {language.tag!r}")
    if root.get("dir") != language.direction:
        problems.append(f"<html dir={root.get('dir')!r}>, expected {language.direction!r}")

    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        problems.append(f"{len(h1s)} h1 elements, expected exactly 1")
    title = _text(soup.title) if soup.title else ""
    has_errors = soup.select_one(".govuk-error-summary") is not None
    if h1s:
        heading = _text(h1s[0])
        expected_start = heading
        title_rest = title
        if has_errors:
            error_title = error_title_pattern(locale).match(title)
            if error_title is None:
                problems.append(f"title {title!r} does not say there is an error although the page shows errors")
            else:
                title_rest = error_title["title"]
        # The h1 may carry a visually hidden caption; the title must start with the visible heading text.
        caption = h1s[0].select_one(".govuk-caption-l, .govuk-caption-xl")
        if caption is not None:
            expected_start = heading.replace(_text(caption), "").strip()
        if not title_rest.startswith(expected_start):
            problems.append(f"title {title!r} does not start with the h1 {expected_start!r}")

    # A person at risk may need to leave any page at once, the last one included (issue 13).
    exit_link = soup.select_one(".govuk-exit-this-page a[href]")
    if exit_link is None or not exit_link["href"].endswith("/exit"):
        problems.append("no “Exit this page” button leading to /exit")

    ids = [tag["id"] for tag in soup.find_all(id=True)]
    duplicates = [i for i, n in Counter(ids).items() if n > 1]
    if duplicates:
        problems.append(f"duplicate ids: {duplicates}")
    id_set = set(ids)

    labels_for = {label.get("for") for label in soup.find_all("label")}
    for field in soup.find_all(["input", "textarea", "select"]):
        kind = field.get("type")
        if field.name == "input" and kind not in LABELLED_INPUT_TYPES:
            continue
        fid = field.get("id")
        if not (fid and fid in labels_for) and not field.get("aria-label") and not field.find_parent("label"):
            problems.append(f"<{field.name} name={field.get('name')!r}> has no label")

    for link in soup.select(".govuk-error-summary a"):
        href = link.get("href", "")
        if not href.startswith("#") or href[1:] not in id_set:
            problems.append(f"error summary link {href!r} targets no element on the page")

    if locale != "en":
        strings = soup.find_all(string=True)
        visible = " ".join(" ".join(t for t in strings if t.parent.name not in ("script", "style")).split())
        left = [phrase for phrase in english_phrases(locale) if phrase in visible]
        if left:
            problems.append(f"English left untranslated: {left[:5]}")

    if problems:
        raise PageCheckError("; ".join(problems))
    return soup
