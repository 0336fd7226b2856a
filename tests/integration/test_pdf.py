"""PDF copies in every script: the applicant's copy in their language with a real font for it, and the
staff copy in English with the person's own words as typed. Text is read back with pdftotext."""

from __future__ import annotations

import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import select

from app import db
from app.delivery.pdf import render_pdf
from app.delivery.worker import load_document
from app.languages import LANGUAGES
from app.models import SubmittedRequest
from tests.support.documents import with_objection
from tests.support.journey import OBJECTION, complete_journey, post
from tests.support.pagecheck import catalog

HEADING = "Request for a review of a decision not to prosecute"
# The font family the copy must embed for the language's script (fontconfig would otherwise substitute).
FONTS = {
    "ur": "Noto-Naskh-Arabic",  # Nastaliq's text layer extracts scrambled: see static/css/pdf.css
    "ar": "Noto-Naskh-Arabic",
    "bn": "Noto-Sans-Bengali",
    "pa": "Noto-Sans-Gurmukhi",
    "gu": "Noto-Sans-Gujarati",
    "zh_Hans": "Noto-Sans-CJK-SC",
}


def _translated(code: str, message: str) -> str:
    return message if code == "en" else catalog(code)[message]


def _pdf(data: bytes, tmp_path: Path, tool: str) -> str:
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    args = [tool, "-raw", "-enc", "UTF-8", str(path), "-"] if tool == "pdftotext" else [tool, str(path)]
    out = subprocess.run(args, capture_output=True, check=True, text=True).stdout
    return " ".join(out.split()) if tool == "pdftotext" else out


def _readable_in(expected: str, text: str) -> bool:
    """pdftotext splits some Indic clusters with spaces and gives right-to-left words in visual order, so
    compare word by word with spaces and direction marks removed. Vowel signs written before their consonant
    (Bengali) come out in visual order too, so half the words must be there: English or garbage gives none."""
    squashed = "".join(ch for ch in text if not ch.isspace() and ch not in "\u200e\u200f\u202a\u202b\u202c")
    words = expected.split()
    return sum(word in squashed for word in words) >= 0.5 * len(words)


def _submit_in(client, code: str, **objection: str) -> None:
    client.locale = code
    client.get(f"/?lang={code}")
    complete_journey(client, submit=False)
    if objection:
        assert post(client, "/request/objection", {**OBJECTION, **objection}).status_code == 302
    post(client, "/request/check-answers", {"confirm": "y"})


def _document(app):
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    return load_document(app, request_id)


@pytest.mark.parametrize("code", [lang.code for lang in LANGUAGES])
def test_the_applicants_copy_is_in_their_language_with_a_font_for_its_script(app, client, tmp_path, code, caplog):
    _submit_in(client, code)
    doc = _document(app)
    data = render_pdf(app, doc, "applicant")
    text = _pdf(data, tmp_path, "pdftotext")
    assert _readable_in(_translated(code, HEADING), text)
    assert doc.reference in text
    assert OBJECTION["offence"] in text  # the person's answers as typed
    # WeasyPrint reports a stylesheet it could not use only in its own log.
    assert not [r for r in caplog.records if r.name.startswith("weasyprint") and r.levelno >= 30]
    fonts = _pdf(data, tmp_path, "pdffonts")
    assert f"+{FONTS.get(code, 'Noto-Sans')}" in fonts, fonts
    assert "Serif" not in fonts  # WeasyPrint's default face means the stylesheet was not applied
    assert "DejaVu" not in fonts  # no fallback face: every glyph came from a chosen font


def test_the_staff_copy_is_english_and_keeps_text_as_typed(app, client, tmp_path):
    urdu = "پولیس نے CCTV نہیں دیکھی۔ حوالہ 13/123456/26 دیکھیں۔"
    _submit_in(client, "ur", objection=urdu)
    doc = _document(app)
    text = _pdf(render_pdf(app, doc, "staff"), tmp_path, "pdftotext")
    assert HEADING in text
    assert "Details of the person asking" in text  # answers under headings: whose address is whose
    assert "Your details" not in text  # "your" means nobody to the staff who read this copy
    assert "Why the decision should be reviewed" in text
    assert "Urdu" in text  # which language the form was completed in
    assert "13/123456/26" in text
    assert "CCTV" in text
    assert "پولیس" in text


def _with_objection(doc, text: str):
    return with_objection(doc, text)


def test_copies_share_nothing_across_renders_or_threads(app, client, tmp_path):
    """The renderer keeps fonts and the parsed stylesheet between copies (one set per thread): nothing typed
    into one request, not its words nor the glyphs of its script, may reach another request's PDF, whether
    rendered after it on the same thread or at the same time on another thread."""
    _submit_in(client, "en")
    doc = _document(app)
    chinese = _with_objection(doc, "Zanzibar quartz falcon. 警官没有查看商店的闭路电视录像。")
    english = _with_objection(doc, "Ptarmigan velvet anchor.")
    one_after_another = [render_pdf(app, d, "staff") for d in (chinese, english)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        side_by_side = list(pool.map(lambda d: render_pdf(app, d, "staff"), [chinese, english] * 2))
    for first, second in [one_after_another, side_by_side[:2], side_by_side[2:]]:
        first_text, second_text = _pdf(first, tmp_path, "pdftotext"), _pdf(second, tmp_path, "pdftotext")
        assert "Zanzibar quartz falcon" in first_text and "闭路电视录像" in first_text
        assert "Ptarmigan velvet anchor" in second_text
        assert "Zanzibar" not in second_text and "录像" not in second_text and "Ptarmigan" not in first_text
        assert "CJK" in _pdf(first, tmp_path, "pdffonts")
        assert "CJK" not in _pdf(second, tmp_path, "pdffonts")  # no font (or subset of one) carried over


def test_a_long_unbroken_answer_wraps_inside_the_page(app, client, tmp_path):
    """A pasted link with no spaces wraps inside its cell (the answer column keeps its width), so none of it
    falls off the page edge, where neither a reader nor pdftotext would find it."""
    _submit_in(client, "en")
    link = "https://example.org/footage/" + "abcdefghij" * 40
    text = _pdf(render_pdf(app, _with_objection(_document(app), f"See {link} please."), "staff"), tmp_path, "pdftotext")
    assert link in text.replace(" ", "")
