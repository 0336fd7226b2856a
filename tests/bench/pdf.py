"""PDF render time: the request copies the delivery worker makes, against WeasyPrint on a one-line page.

The request is a real one: the journey is walked through the test client and submitted, then loaded the way
the worker loads it (``worker.load_document``). The variants change only what they name. The adversarial
ones fill every long answer to its longest accepted length with text written to be slow to lay out
(``ADVERSARIAL``; the first four are the security review's objections, which took 28 s to 231 s before
app/delivery/layout.py); the report's "Slowest PDF" line is then the worst case. On its own, on SQLite,
for the PDF figures only:

    .venv/bin/python -m tests.bench.pdf [--runs 10]
"""

from __future__ import annotations

import argparse
import gc
import tempfile
import time
from dataclasses import dataclass

from flask import Flask
from sqlalchemy import select
from weasyprint import HTML

from app import db
from app.delivery.document import RequestDocument
from app.delivery.pdf import Audience, render_pdf
from app.delivery.worker import load_document
from app.models import SubmittedRequest
from forms.objection import OBJECTION_MAX
from tests.bench.common import SampleStats, log
from tests.bench.pages import build_app
from tests.support.documents import with_locale, with_objection, with_step_values
from tests.support.journey import complete_journey

PARAGRAPH = (
    "The officer did not view the CCTV from the shop on Briggate at 21:40 on 2 September, although I gave the "
    "shop's name and the time on the night. Two people saw what happened and gave their names to the officer "
    "at the scene; neither of them was asked for a statement. "
)
URDU = (
    "افسر نے 2 ستمبر کو رات 9:40 بجے بریگیٹ کی دکان کی سی سی ٹی وی فوٹیج نہیں دیکھی، حالانکہ میں نے دکان کا نام "
    "اور وقت بتایا تھا۔ دو لوگوں نے واقعہ دیکھا اور اپنے نام افسر کو دیے، لیکن ان سے بیان نہیں لیا گیا۔"
)
CHINESE = (
    "警官没有查看9月2日晚上9点40分布里格特街那家商店的闭路电视录像，尽管我当晚已经告诉了商店的名称和时间。"
    "有两个人目睹了事情的经过，并在现场把名字告诉了警官，但没有人请他们提供证词。"
)

_HALF = OBJECTION_MAX // 2
ADVERSARIAL = {
    "one unbroken run (a × 15,000)": "a" * OBJECTION_MAX,
    "7,500 one-letter lines": "a\n" * _HALF,
    "Latin and Hebrew with no space": ("abc\u05d0\u05d1\u05d2" * OBJECTION_MAX)[:OBJECTION_MAX],
    "Arabic letter and a in turn": "\u0628a" * _HALF,
    "Chinese, 15,000 characters": ("\u8b66\u5b98\u6ca1\u6709\u67e5\u770b" * OBJECTION_MAX)[:OBJECTION_MAX],
    "Bengali conjuncts with no space": ("\u0995\u09cd\u09b7" * OBJECTION_MAX)[:OBJECTION_MAX],
    "a letter and 14,999 combining marks": "a" + "\u0301" * (OBJECTION_MAX - 1),
    "Hebrew and Latin lines in turn": "\u05d0\na\n" * (OBJECTION_MAX // 4),
    "the widest Arabic ligature (U+FDFD) × 15,000": "\ufdfd" * OBJECTION_MAX,
}


@dataclass(frozen=True)
class PdfTiming(SampleStats):
    name: str
    samples: list[float]
    pages_bytes: int


def submitted_document(app: Flask) -> RequestDocument:
    complete_journey(app.test_client())
    with app.app_context(), db.transaction() as s:
        request_id = s.scalars(select(SubmittedRequest.id).order_by(SubmittedRequest.id.desc())).first()
    assert request_id is not None
    return load_document(app, request_id)


# Every free-text answer with its longest accepted length (the contact ones show twice in the force's copy).
LONG_ANSWERS = {
    ("objection", "objection"): OBJECTION_MAX,
    ("objection", "outcome_wanted"): 3000,
    ("victim_contact", "accessibility_needs"): 1000,
    ("victim_contact", "times_to_avoid"): 300,
}


def variant(
    doc: RequestDocument, *, locale: str | None = None, objection: str | None = None, every_answer: bool = False
) -> RequestDocument:
    """``doc`` in another language, or with another objection; ``every_answer``: with every long answer made
    of the objection's text, cut to that answer's longest length."""
    if locale is not None:
        doc = with_locale(doc, locale)
    if objection is not None:
        doc = with_objection(doc, objection)
        for (step, field), longest in LONG_ANSWERS.items() if every_answer else ():
            doc = with_step_values(doc, step, **{field: objection[:longest].strip() or "a"})
    return doc


def ten_thousand_characters() -> str:
    text = ""
    while len(text) < 10_000:
        text += PARAGRAPH + ("\n\n" if len(text) % 3 == 0 else "")
    return text[:10_000]


def _time(name: str, render: object, runs: int, budget: float = 20.0) -> PdfTiming:
    """Up to ``runs`` timed renders after one warm-up (fonts, stylesheets, templates), stopping early once the
    timed renders have taken ``budget`` seconds, so a pathological case cannot hold up the bench."""
    assert callable(render)
    size = len(render())
    gc.collect()
    samples: list[float] = []
    while len(samples) < runs and sum(samples) < budget:
        start = time.perf_counter()
        render()
        samples.append(time.perf_counter() - start)
    return PdfTiming(name, samples, size)


def measure(database_url: str, runs: int) -> tuple[PdfTiming, list[PdfTiming]]:
    """(WeasyPrint one-line baseline, request PDFs): ``runs`` renders of the baseline and the typical request,
    half as many (at least 5) of the slower variants, 3 of each adversarial one, to keep ``make bench`` within
    a few minutes."""
    fewer = max(5, runs // 2)
    log(f"PDF: {runs} renders of the typical request and the baseline, {fewer} of each variant")
    app = build_app(database_url)
    doc = submitted_document(app)
    cases: list[tuple[str, RequestDocument, Audience, int]] = [
        ("typical request, force's copy (English)", doc, "staff", runs),
        ("typical request, applicant's copy (English)", doc, "applicant", fewer),
        (
            "10,000-character objection, force's copy",
            variant(doc, objection=ten_thousand_characters()),
            "staff",
            fewer,
        ),
        ("Urdu applicant's copy", variant(doc, locale="ur", objection=URDU), "applicant", fewer),
        ("Chinese applicant's copy", variant(doc, locale="zh_Hans", objection=CHINESE), "applicant", fewer),
    ]
    cases += [
        (f"adversarial, every long answer: {name}", variant(doc, objection=text, every_answer=True), "staff", 3)
        for name, text in ADVERSARIAL.items()
    ]
    baseline = _time("WeasyPrint, one-line HTML page", lambda: HTML(string="<p>Hello</p>").write_pdf(), runs)
    timings = [
        _time(name, lambda d=d, a=audience: render_pdf(app, d, a), n)  # type: ignore[misc]
        for name, d, audience, n in cases
    ]
    app.extensions["vrr.engine"].dispose()
    return baseline, timings


def main() -> None:
    parser = argparse.ArgumentParser(description="PDF render times, on SQLite; the worst case last.")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        baseline, timings = measure(f"sqlite:///{tmp}/bench.sqlite3", args.runs)
    for timing in [baseline, *timings]:
        print(f"{timing.median * 1000:8.0f} ms median  {timing.p95 * 1000:8.0f} ms p95  {timing.name}")
    worst = max(timings, key=lambda t: t.median)
    print(f"Worst case: {worst.name}, {worst.median * 1000:.0f} ms median, {max(worst.samples) * 1000:.0f} ms slowest")


if __name__ == "__main__":
    main()
