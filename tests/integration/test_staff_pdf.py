"""The staff copy's first page, read as a triager and as assistive technology reads it: everything needed to
find and route the case on page 1, the outcome never plainly "eligible" when an answer was "not sure", no
question parted from its answer by a page break, a tagged structure (PDF/UA-1) with a real summary table and
headings in order, text that extracts in reading order, and right-to-left copies that keep left-to-right
values and the page counter the right way round. Text is read back with pdftotext, structure with pikepdf."""

from __future__ import annotations

import io
import itertools
import re
import subprocess
from datetime import UTC, date, datetime

import pikepdf
import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from app import db
from app.delivery.pdf import render_html, render_pdf
from app.delivery.worker import load_document
from app.domain.time_limit import time_limit
from app.languages import text_direction
from app.models import SubmittedRequest
from tests.conftest import CheckedClient, Clock, build_app
from tests.support.documents import with_locale, with_objection
from tests.support.journey import VICTIM, VICTIM_CONTACT, answer, complete_journey, post

LATIN_NAME = {"first_names": "عائشہ", "last_name": "خان", "first_names_latin": "Aisha", "last_name_latin": "Khan"}


@pytest.fixture(scope="module")
def request_doc(tmp_path_factory):
    """A solicitor's request for a victim whose name is in Urdu script, who needs an Urdu interpreter, where the
    solicitor was not sure whether the suspect was interviewed and the crime was less than 6 months ago."""
    app = build_app(tmp_path_factory.mktemp("staff"), Clock(datetime(2026, 11, 23, 10, 0, tzinfo=UTC)))
    app.test_client_class = CheckedClient
    client = app.test_client()
    complete_journey(client, representative=True, submit=False)
    answer(client, "suspect-interviewed", {"suspect_interviewed": "not_sure"})
    answer(client, "victim", {**VICTIM, **LATIN_NAME})
    answer(client, "victim-contact", {**VICTIM_CONTACT, "interpreter_language": "ur"})
    assert post(client, "/request/check-answers", {"confirm": "y"}).status_code == 302
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    yield app, load_document(app, request_id)
    app.extensions["vrr.engine"].dispose()


def _pages(data: bytes, *args: str) -> list[str]:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", *args, "-", "-"], input=data, capture_output=True, check=True)
    return out.stdout.decode().split("\f")[:-1]


def _squash(text: str) -> str:
    """Without spaces, line breaks or direction marks: pdftotext wraps and marks text its own way."""
    return "".join(ch for ch in text if not ch.isspace() and ch not in "\u200e\u200f\u202a\u202b\u202c")


def test_page_one_holds_everything_needed_to_find_and_route_the_case(request_doc):
    app, doc = request_doc
    data = render_pdf(app, doc, "staff")
    page_one = " ".join(_pages(data)[0].split())
    limit = time_limit(date(2026, 9, 2), date(2026, 11, 23), doc.force.nation)
    assert limit is not None
    for expected in [
        doc.reference,
        "23 November 2026 at 10:00",
        "West Yorkshire Police · Leeds",
        # Never a plain "Eligible" when the person was not sure: what is not confirmed, said.
        "Eligible, not confirmed: not sure whether the suspect was interviewed under caution",
        "NOT SURE: the applicant was not sure whether the suspect was interviewed under caution",
        "REPRESENTATIVE: someone acting for the victim",
        f"TIME LIMIT: charge by 2 March 2027, {limit.working_days_left} working days left",
        "NOT SAFE: voicemail",
        "4 July 1988",
        "Someone acting for the victim (solicitor)",
        "Daniel Reyes, Solicitor, Reyes Solicitors",
        "Victim's written permission Not received yet: the representative will email it",
        "13/123456/26",
        "Assault occasioning actual bodily harm",
        "When it happened 2 September 2026",
        "Reported to the police 3 September 2026",
        "DC 1234 Patel",
        "Told of the decision 1 November 2026",
        "Acknowledge by Monday 7 December 2026",
        "Form completed in English",
        "Interpreter needed: Urdu",  # in English, not the code "ur"
    ]:
        assert expected in page_one, expected
    # The name as typed, then in Latin letters in brackets (pdftotext gives the Urdu in its own order).
    assert "AishaKhan)" in _squash(page_one) and "عائشہ" in page_one
    assert "Eligibility outcome Eligible Flags" not in page_one


def test_a_short_request_fits_on_two_pages(app, client):
    complete_journey(client)  # a victim asking, with short answers
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id)).one()
    assert len(_pages(render_pdf(app, load_document(app, request_id), "staff"))) == 2


def _rows(html: str) -> list[tuple[str, str]]:
    """(question, the start of its answer) for every row of the copy, in document order."""
    soup = BeautifulSoup(html, "html.parser")
    rows = []
    for tr in soup.select("tr"):
        words = tr.td.get_text(" ", strip=True).split()[:3]
        # pdftotext gives right-to-left words in visual order: those are compared by the question alone.
        value = " ".join(w for w in words if text_direction(w) != "rtl")
        rows.append((tr.th.get_text(" ", strip=True), value))
    return rows


def _with_objection_lines(doc, count: int):
    return with_objection(doc, "\n".join(f"Line {n} of what happened." for n in range(count)))


@pytest.mark.parametrize("lines", [1, 9, 17, 25, 33, 41])
def test_no_question_is_parted_from_its_answer_and_text_extracts_in_reading_order(request_doc, lines):
    """Objections of different lengths move every page break to another row. Every question is found whole on
    one page with its answer after it, and the questions come in the order of the copy, page after page."""
    app, doc = request_doc
    doc = _with_objection_lines(doc, lines)
    pages = [_squash(page) for page in _pages(render_pdf(app, doc, "staff"))]
    page, at = 0, 0
    for question, value in _rows(render_html(app, doc, "staff")):
        question, value = _squash(question), _squash(value)
        while page < len(pages) and question not in pages[page][at:]:
            page, at = page + 1, 0
        assert page < len(pages), f"{question!r} is not whole on any page after the one before it"
        at = pages[page].index(question, at) + len(question)
        assert value in pages[page][at:], f"the answer to {question!r} is not after it on its page"


def _structure(data: bytes) -> tuple[pikepdf.Pdf, list[pikepdf.Dictionary]]:
    """The PDF and its structure elements, depth first in document order."""
    pdf = pikepdf.open(io.BytesIO(data))
    elements: list[pikepdf.Dictionary] = []

    def walk(node: object) -> None:
        if isinstance(node, pikepdf.Array):
            for kid in node:
                walk(kid)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            elements.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return pdf, elements


def _kids(element: pikepdf.Dictionary, tag: str) -> list[pikepdf.Dictionary]:
    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
    return [k for k in kids if isinstance(k, pikepdf.Dictionary) and k.get("/S") == tag]


@pytest.mark.parametrize("audience", ["staff", "applicant"])
def test_the_copies_are_tagged_with_a_real_table_and_headings_in_order(request_doc, audience):
    app, doc = request_doc
    data = render_pdf(app, doc, audience)
    pdf, elements = _structure(data)
    assert pdf.Root.Lang == "en" and pdf.Root.MarkInfo.Marked
    assert pdf.Root.ViewerPreferences.DisplayDocTitle
    with pdf.open_metadata() as meta:
        assert meta["pdfuaid:part"] == "1"
        assert doc.reference in meta["dc:title"]
    levels = [int(str(e.S)[2:]) for e in elements if re.fullmatch(r"/H[1-6]", str(e.S))]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in itertools.pairwise(levels)), levels
    tables = [e for e in elements if e.S == "/Table"]
    first = tables[0]
    rows = [tr for body in _kids(first, "/TBody") for tr in _kids(body, "/TR")]
    for tr in rows:  # a header cell for each row, and the data cell says which header it is under
        (th,) = _kids(tr, "/TH")
        (td,) = _kids(tr, "/TD")
        assert th.ID in list(td.A.Headers)
    if audience == "staff":  # the triage summary: one table, whole on page 1
        assert len(rows) >= 20
        assert all(tr.Pg.objgen == pdf.pages[0].objgen for tr in rows)
    # Every page's text, in the order of the copy: its main heading first, the last answer last.
    pages = [" ".join(page.split()) for page in _pages(data)]
    assert all(page.strip() for page in pages)
    assert pages[0].index(doc.reference) < pages[-1].index("suspect is charged")


def _word_boxes(data: bytes, page: int) -> list[tuple[str, float, float, float]]:
    """(word, x min, x max, y min) of every word on ``page`` (1-based), as pdftotext places them."""
    html = subprocess.run(
        ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    words = BeautifulSoup(html, "html.parser").find_all("word")
    return [(w.get_text(), float(w["xmin"]), float(w["xmax"]), float(w["ymin"])) for w in words]


def test_a_right_to_left_copy_keeps_left_to_right_values_beside_their_labels(request_doc):
    """In an Urdu copy, a phone number reads in its own order, an email address sits at the side of its cell
    next to its label (the right), and the page counter reads "1 / 2", not "2 / 1"."""
    app, doc = request_doc
    data = render_pdf(app, with_locale(doc, "ur"), "applicant")
    text = _squash("".join(_pages(data)))
    assert "07700900982" in text and "90098207700" not in text
    pages = len(_pages(data))
    boxes = [box for page in range(1, pages + 1) for box in _word_boxes(data, page)]
    with pikepdf.open(io.BytesIO(data)) as pdf:
        width = float(pdf.pages[0].mediabox[2])
    email = next(box for box in boxes if box[0] == "amira@example.com")
    assert email[2] > width * 0.45, email  # aligned to the right of the answer column, beside the question
    footer = sorted((box for box in _word_boxes(data, 1) if box[3] > 0.9 * 842), key=lambda box: box[1])
    assert [w[0] for w in footer] == ["1", "/", str(pages)]
