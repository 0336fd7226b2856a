"""Before and after for PDF rendering work: the request copies of ``tests/bench/pdf.py``, rendered by this
working tree and by a git revision's app/delivery/pdf.py, templates/pdf/ and static/css/pdf.css, interleaved
in one run, so a busy machine slows both alike.

    .venv/bin/python -m tests.bench.pdf_profile --before REV            # medians of 20 renders of each copy
    .venv/bin/python -m tests.bench.pdf_profile --before REV --check    # and the pages must look the same
    .venv/bin/python -m tests.bench.pdf_profile --profile staff         # cProfile of this tree's staff copy

``--check`` rasterises both versions' PDFs (pdftoppm, 100 dpi) and fails on any differing pixel, and compares
their text (pdftotext). The table goes to stdout; wall-clock and CPU medians, in milliseconds.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import importlib.util
import io
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask, current_app
from jinja2 import ChoiceLoader, FileSystemLoader

from app.delivery import pdf as current
from app.delivery.document import RequestDocument
from app.delivery.pdf import Audience
from tests.bench.common import ROOT, median
from tests.bench.pages import build_app
from tests.bench.pdf import CHINESE, URDU, submitted_document, ten_thousand_characters, variant

FILES = ("app/delivery/pdf.py", "templates/pdf/request.html", "static/css/pdf.css")
Render = Callable[[Flask, RequestDocument, Audience], bytes]


def cases(doc: RequestDocument) -> dict[str, tuple[RequestDocument, Audience]]:
    return {
        "staff": (doc, "staff"),
        "applicant": (doc, "applicant"),
        "urdu": (variant(doc, locale="ur", objection=URDU), "applicant"),
        "chinese": (variant(doc, locale="zh_Hans", objection=CHINESE), "applicant"),
        "objection-10k": (variant(doc, objection=ten_thousand_characters()), "staff"),
    }


def load_revision(rev: str, into: Path) -> ModuleType:
    """``rev``'s pdf module, reading its own template and stylesheet from ``into`` instead of the tree's."""
    for name in FILES:
        target = into / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            subprocess.run(["git", "show", f"{rev}:{name}"], cwd=ROOT, check=True, capture_output=True).stdout
        )
    spec = importlib.util.spec_from_file_location(f"pdf_at_{rev}", into / FILES[0])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    static = (into / "static").resolve()
    module.STATIC = static  # the fetcher and base URL read these at render time
    if hasattr(module, "BASE_URL"):
        module.BASE_URL = static.as_uri() + "/"
    if hasattr(module, "STYLESHEET"):
        module.STYLESHEET = static / "css" / "pdf.css"

    def render_template(name: str, **context: Any) -> str:
        app = current_app
        env = app.jinja_env.overlay(loader=ChoiceLoader([FileSystemLoader(into / "templates"), app.jinja_env.loader]))
        app.update_template_context(context)
        return env.get_template(name).render(context)

    module.render_template = render_template
    return module


def timed(render: Callable[[], bytes]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    render()
    return time.perf_counter() - wall, time.process_time() - cpu


def compare(app: Flask, docs: dict[str, tuple[RequestDocument, Audience]], before: Render, work: Path) -> list[str]:
    """Names of the copies whose pages or text differ between the two versions."""
    differ = []
    for name, (doc, audience) in docs.items():
        pages: dict[str, list[bytes]] = {}
        texts: dict[str, str] = {}
        for label, render in (("before", before), ("after", current.render_pdf)):
            path = work / f"{name}-{label}.pdf"
            path.write_bytes(render(app, doc, audience))
            texts[label] = subprocess.run(
                ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
            ).stdout
            subprocess.run(["pdftoppm", "-r", "100", "-png", str(path), str(work / f"{name}-{label}")], check=True)
            pages[label] = [p.read_bytes() for p in sorted(work.glob(f"{name}-{label}-*.png"))]
        same_pages = len(pages["before"]) == len(pages["after"]) and all(
            _same_pixels(a, b) for a, b in zip(pages["before"], pages["after"], strict=True)
        )
        print(
            f"{name}: {len(pages['after'])} pages, pixels {'same' if same_pages else 'DIFFER'}, "
            f"text {'same' if texts['before'] == texts['after'] else 'DIFFERS'}"
        )
        if not same_pages or texts["before"] != texts["after"]:
            differ.append(name)
    return differ


def _same_pixels(a: bytes, b: bytes) -> bool:
    from PIL import Image, ImageChops

    first, second = (Image.open(io.BytesIO(data)).convert("RGB") for data in (a, b))
    return first.size == second.size and ImageChops.difference(first, second).getbbox() is None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--before", help="git revision to compare this working tree with")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--check", action="store_true", help="fail unless both versions' PDFs look the same")
    parser.add_argument("--profile", metavar="CASE", help="cProfile this tree's render of one copy (CPU time)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        app = build_app(f"sqlite:///{work}/bench.db")
        docs = cases(submitted_document(app))
        if args.profile:
            doc, audience = docs[args.profile]
            current.render_pdf(app, doc, audience)
            profiler = cProfile.Profile(time.process_time)
            profiler.runcall(lambda: [current.render_pdf(app, doc, audience) for _ in range(5)])
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
            return 0
        if not args.before:
            parser.error("--before REV or --profile CASE")
        before: Render = load_revision(args.before, work / "before").render_pdf
        if args.check and compare(app, docs, before, work):
            return 1
        versions: dict[str, Render] = {"before": before, "after": current.render_pdf}
        results: dict[tuple[str, str], list[tuple[float, float]]] = {}
        for doc, audience in docs.values():  # warm both: fonts, templates, stylesheets
            for render in versions.values():
                render(app, doc, audience)
        gc.collect()
        for run in range(args.runs):
            order = list(versions.items()) if run % 2 == 0 else list(reversed(versions.items()))
            for name, (doc, audience) in docs.items():
                for label, render in order:
                    results.setdefault((name, label), []).append(
                        timed(lambda r=render, d=doc, a=audience: r(app, d, a))  # type: ignore[misc]
                    )
        print(f"{'copy':15} {'before wall':>12} {'after wall':>11} {'change':>7} {'before CPU':>11} {'after CPU':>10}")
        for name in docs:
            b, a = results[name, "before"], results[name, "after"]
            bw, aw = median([w for w, _ in b]) * 1000, median([w for w, _ in a]) * 1000
            bc, ac = median([c for _, c in b]) * 1000, median([c for _, c in a]) * 1000
            print(f"{name:15} {bw:12.0f} {aw:11.0f} {(aw - bw) / bw:+7.0%} {bc:11.0f} {ac:10.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
