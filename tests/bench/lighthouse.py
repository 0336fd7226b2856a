"""``make lighthouse``: Lighthouse scores for key pages, printed and added to docs/performance.md (never asserted).

Installs the pinned ``lighthouse`` npm package into .tools/lighthouse when it is missing, serves the app
(development configuration, a throwaway SQLite database) on 127.0.0.1 and a free port, and runs Lighthouse
with Debian's Chromium on the start page, a question page, an error page (a 404) and, as a snapshot, a
question page showing a validation error.

    .venv/bin/python -m tests.bench.lighthouse
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server

from app import create_app, db
from app.config import Settings
from app.dev.smtp_sink import free_port
from tests.bench.common import CHROMIUM, LIGHTHOUSE_HEADING, ROOT, log, markdown_table, write_lighthouse

# 12.x is the last line that runs on Node 20 (Lighthouse 13 needs Node 22.19 or later).
VERSION = "12.8.2"
PREFIX = ROOT / ".tools" / "lighthouse"
BIN = PREFIX / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ["accessibility", "best-practices", "performance", "seo"]
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu"
PAGES = [  # name, path, extra Lighthouse flags
    ("start page", "/", []),
    ("question page (GET /request/start → /request/who)", "/request/start", []),
    ("error page (404)", "/request/no-such-page", ["--ignore-status-code"]),  # else Lighthouse stops at a 404
]


def installed_version() -> str | None:
    package = PREFIX / "node_modules" / "lighthouse" / "package.json"
    return json.loads(package.read_text()).get("version") if package.exists() and BIN.exists() else None


def install() -> None:
    if installed_version() == VERSION:
        return
    log(f"installing lighthouse@{VERSION} into .tools/lighthouse")
    PREFIX.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["npm", "install", "--prefix", str(PREFIX), f"lighthouse@{VERSION}", "--no-audit", "--no-fund"],
        check=True,
        cwd=ROOT,
    )


class QuietHandler(WSGIRequestHandler):
    def log_request(self, *args: Any, **kwargs: Any) -> None:
        pass


@contextmanager
def serve(tmp: Path) -> Iterator[str]:
    app = create_app(Settings(database_url=f"sqlite:///{tmp / 'lighthouse.sqlite3'}", run_worker=False))
    db.upgrade(app)
    port = free_port()
    server = make_server("127.0.0.1", port, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.shutdown()
        app.extensions["vrr.engine"].dispose()


def run_lighthouse(url: str, out: Path, extra: list[str]) -> dict[str, Any]:
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    command = [
        str(BIN),
        url,
        f"--chrome-flags={CHROME_FLAGS}",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        "--quiet",
        *extra,
    ]
    subprocess.run(command, check=True, env=env, cwd=ROOT, timeout=300)
    return json.loads(out.read_text())


def run_flow(url: str, out: Path) -> dict[str, Any]:
    """A snapshot of the page a POST with no answer lands on: the question with its validation error."""
    env = {**os.environ, "CHROME_PATH": str(CHROMIUM)}
    script = Path(__file__).with_name("lighthouse_flow.mjs")
    subprocess.run(["node", str(script), str(PREFIX), url, str(out)], check=True, env=env, cwd=ROOT, timeout=300)
    return json.loads(out.read_text())


def score(report: dict[str, Any], category: str) -> str:
    found = report["categories"].get(category)
    snapshot_performance = category == "performance" and report.get("gatherMode") == "snapshot"
    if found is None or found["score"] is None or snapshot_performance:
        return "n/a"
    return str(round(found["score"] * 100))


def _detail(audit: dict[str, Any]) -> str:
    """What the audit found, briefly (for example the console messages)."""
    items = (audit.get("details") or {}).get("items") or []
    texts = []
    for item in items[:3]:
        node = item.get("node") or {}
        text = item.get("description") or node.get("snippet") or item.get("source") or item.get("url") or ""
        texts.append(str(text if isinstance(text, str) else text.get("url", ""))[:160])
    return "; ".join(t for t in texts if t) or str(audit.get("displayValue") or "")


def failing_audits(report: dict[str, Any], category: str) -> list[tuple[str, str, str, str]]:
    """(id, title, score, detail) of each weighted audit that did not pass (performance: scored under 90)."""
    if category == "performance" and report.get("gatherMode") == "snapshot":
        return []
    passing = 0.9 if category == "performance" else 1.0
    failing = []
    for ref in report["categories"].get(category, {}).get("auditRefs", []):
        audit = report["audits"][ref["id"]]
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        if audit.get("score") is not None and audit["score"] < passing and ref.get("weight", 0) > 0:
            failing.append((ref["id"], audit["title"], str(round(audit["score"] * 100)), _detail(audit)))
    return failing


def section(results: list[tuple[str, str, dict[str, Any]]]) -> str:
    table = markdown_table(
        ["Page", "Accessibility", "Best practices", "Performance", "SEO"],
        [[f"{name} `{path}`", *(score(r, c) for c in CATEGORIES)] for name, path, r in results],
    )
    lines = [
        LIGHTHOUSE_HEADING,
        f"Written by `make lighthouse` (`.venv/bin/python -m tests.bench.lighthouse`): Lighthouse {VERSION} "
        "(npm, in .tools/lighthouse), Debian's Chromium, default settings (mobile, simulated throttling), "
        "against the app in its development configuration on 127.0.0.1 (werkzeug, threaded). Recorded, "
        "never asserted. The issue asks for accessibility 100 and best practices 100.",
        "```sh\n"
        f"CHROME_PATH={CHROMIUM} .tools/lighthouse/node_modules/.bin/lighthouse <url> "
        f'--chrome-flags="{CHROME_FLAGS}" --output=json --output-path=<tmp> '
        f"--only-categories={','.join(CATEGORIES)} --quiet  # --ignore-status-code for the 404\n"
        "node tests/bench/lighthouse_flow.mjs .tools/lighthouse <url>/request/start <tmp>  # the validation error\n```",
        table,
        "The error page is a 404: a question page showing a validation error is the answer to a POST, which "
        'Lighthouse cannot make. SEO: every page carries `<meta name="robots" content="noindex, nofollow">` '
        "on purpose, which Lighthouse scores as a failure.",
        "### Audits that did not pass",
    ]
    for name, path, report in results:
        failing = [(c, *f) for c in CATEGORIES for f in failing_audits(report, c)]
        lines.append(f"**{name}** `{path}`: " + ("none" if not failing else ""))
        if failing:
            lines.append(markdown_table(["Category", "Audit id", "Title", "Score", "Found"], failing))
    return "\n\n".join(lines)


def main() -> int:
    if not CHROMIUM.exists():
        log("Debian's chromium is not installed (make setup installs it)")
        return 2
    install()
    results = []
    with tempfile.TemporaryDirectory(prefix="vrr-lighthouse-") as tmp, serve(Path(tmp)) as base:
        for name, path, extra in PAGES:
            log(f"lighthouse {path}")
            results.append((name, path, run_lighthouse(base + path, Path(tmp) / "report.json", extra)))
        log("lighthouse snapshot of a validation error (POST /request/who with no answer)")
        results.append(
            (
                "question page with a validation error (snapshot after POST with no answer)",
                "/request/who",
                run_flow(base + "/request/start", Path(tmp) / "flow.json"),
            )
        )
    text = section(results)
    print(
        markdown_table(
            ["Page", "Accessibility", "Best practices", "Performance", "SEO"],
            [[name, *(score(r, c) for c in CATEGORIES)] for name, _path, r in results],
        )
    )
    for name, _path, report in results:
        for category in ("accessibility", "best-practices"):
            for audit_id, title, value, found in failing_audits(report, category):
                print(f"{name}: {category} {audit_id} ({value}): {title} — {found}")
    write_lighthouse(text)
    log("written to docs/performance.md under “## Lighthouse”")
    return 0


if __name__ == "__main__":
    sys.exit(main())
