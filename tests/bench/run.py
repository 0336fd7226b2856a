"""``make bench``: measure, print ONE table, and write it to docs/performance.md with how it was made.

Measured, never asserted: each target gets a "met / not met" column and the command exits 0 either way. It
exits non-zero only when the bench itself broke (errors in the load test, lost emails, a server that would not
start). Everything it starts (PostgreSQL, gunicorn, delivery workers, an SMTP sink, Chromium) is stopped and
deleted at the end, on Ctrl+C and on failure too.

    .venv/bin/python -m tests.bench.run [--renders 100] [--pdf-runs 20] [--applicants 50] [--seconds 15]
"""

from __future__ import annotations

import argparse
import os
import shlex
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from app.dev.smtp_sink import SmtpSink
from tests.bench import delivery, pages, pdf, report, services, weight
from tests.bench.common import BenchBroken, log, machine, markdown_table, write_report
from tests.bench.load import run_load


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.run", description=__doc__.splitlines()[0])
    parser.add_argument("--renders", type=int, default=100, help="GETs of each page through the test client")
    parser.add_argument("--pdf-runs", type=int, default=20, help="renders of each PDF")
    parser.add_argument("--applicants", type=int, default=50, help="simulated applicants at once")
    parser.add_argument("--seconds", type=float, default=15, help="how long each load run starts new journeys")
    parser.add_argument("--max-journeys", type=int, default=1000, help="most journeys in one load run")
    parser.add_argument("--threads", type=int, nargs="+", default=[4, 8], help="gunicorn threads to try")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--delivery-workers", type=int, default=2, help="flask outbox work processes")
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    return parser.parse_args(argv)


def _stop_on_sigterm(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def measure(args: argparse.Namespace, tmp: Path) -> tuple[report.Measurements, dict[str, str]]:
    with services.postgres() as pg:
        bare, page_timings = pages.measure(pg.create_database("pages"), args.renders)
        pdf_baseline, pdfs = pdf.measure(pg.create_database("pdf"), args.pdf_runs)
        with SmtpSink(tmp / "mail") as sink:
            env = services.production_env(pg.create_database("load"), sink.port)
            services.flask_command(env, "db-upgrade")
            loads = []
            weights: list[weight.PageWeight] = []
            browser_post = (False, "")
            for threads in args.threads:
                with services.gunicorn(env, tmp, args.workers, threads) as server:
                    if not weights:
                        weights = weight.measure(server.base_url)
                        browser_post = weight.browser_post_accepted(server.base_url)
                    cpu_at_start: list[float] = []
                    result = run_load(
                        f"{args.workers}×{threads}",
                        server.base_url,
                        server.cert,
                        args.applicants,
                        args.max_journeys,
                        args.seconds,
                        hard_limit=60,
                        on_start=lambda s=server, c=cpu_at_start: c.append(s.worker_cpu()),  # type: ignore[misc]
                    )
                    result.server_cpu_seconds = server.worker_cpu() - cpu_at_start[0]
                    result.worker_peak_mib.extend(server.worker_peaks())
                    loads.append(result)
            drained = delivery.drain(pg, "load", env, sink, args.delivery_workers, timeout=180)
    measurements = report.Measurements(bare, page_timings, pdf_baseline, pdfs, loads, drained, weights, browser_post)
    return measurements, env


def commands(args: argparse.Namespace, env: dict[str, str]) -> str:
    shown = {k: v for k, v in env.items() if k.startswith("VRR_")}
    for secret in ("VRR_SECRET_KEY", "VRR_DATA_KEYS"):
        shown[secret] = "<generated for this run>"
    shown["VRR_DATABASE_URL"] = "postgresql+psycopg://postgres@127.0.0.1:<free port>/load"
    shown["VRR_SMTP_PORT"] = "<free port of the sink>"
    environment = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(shown.items()))
    argv = " ".join(shlex.quote(a) for a in sys.argv[1:])
    return "\n".join(
        [
            "```sh",
            f"make bench    # = .venv/bin/python -m tests.bench.run {argv}".rstrip(),
            "# what it runs, in order:",
            "initdb -A trust -U postgres && pg_ctl start  # throwaway cluster on 127.0.0.1:<free port>, as postgres",
            f"{environment} \\",
            "  .venv/bin/flask --app wsgi db-upgrade",
            *(
                f".venv/bin/gunicorn wsgi:app --bind=127.0.0.1:<free port> --workers={args.workers} "
                f"--threads={t} --worker-class=gthread --certfile=<tmp>/cert.pem --keyfile=<tmp>/key.pem "
                "--keep-alive=5  # same environment"
                for t in args.threads
            ),
            f".venv/bin/flask --app wsgi outbox work  # × {args.delivery_workers}, after the load, same environment",
            "```",
        ]
    )


NOTES = """\
- **Server time** is measured in this process through Flask's test client (development configuration on
  PostgreSQL, CSRF on), {renders} GETs of each page after 5 warm-up GETs. The pages behind the journey are
  read from a draft made by walking the journey first (tests/support/journey.py, someone acting for the victim,
  so every step page including "requester" is shown). The **bare** route is a Flask app rendering GOV.UK
  Frontend's own `template.html` (with `{{}}` passed to its header and footer, which it calls with no
  parameters) with no session, CSRF or database: the ratio is each page's median over the bare median.
- **Load**: gunicorn runs `wsgi:app` with `VRR_ENV=production`, a generated `VRR_SECRET_KEY` and
  `VRR_DATA_KEYS`, PostgreSQL (fsync on) and the SMTP sink. Production cookies are `Secure` with a `__Host-`
  prefix, which no client sends back over plain http, so gunicorn serves **HTTPS with a self-signed
  certificate** generated for this run (ECDSA P-256, for 127.0.0.1 only) and the load client verifies it
  against that certificate. The app is not changed or weakened.
- Over HTTPS, Flask-WTF's CSRF check (`WTF_CSRF_SSL_STRICT`, on in production) refuses a POST without a
  same-origin `Referer`. The load client sends the page's URL as `Referer`, as a browser does under the app's
  `Referrer-Policy: same-origin`; the "Also seen" row checks that Chromium's own form POST to the production
  server is accepted.
- One IP would trip the rate limits and the spam timing check, so the bench's environment raises
  `VRR_RATELIMIT_POST` and `VRR_RATELIMIT_SUBMIT` to 1000000 per minute and sets `VRR_MIN_SECONDS_ON_PAGE=0`.
- Each simulated applicant is an asyncio task (httpx, one event loop); each journey is a new applicant: new
  TLS connection, no cookies. A journey is: start page, `/request/start` (302), every question (GET, then POST
  its hidden fields and answers, expecting a 302 to the next page), check answers, submit (302 to the
  confirmation), confirmation. Half the journeys are made by someone acting for the victim (one more
  question and the requester step). Every status and redirect target is checked; anything else is an error.
  Four warm-up journeys run first and are not counted. New journeys start for {seconds:.0f} s (or until
  {max_journeys} have started); journeys per second = completed journeys / time until the last one ended.
  "GET page" includes the two redirects of each journey. Dates in the answers are relative to the server's
  real clock. The load client runs on the same cores as gunicorn and PostgreSQL, so it takes some of the CPU
  it measures (its share is in the "CPU per journey" row). The "best" configuration is the one with the most
  journeys per second and no errors; every configuration tried is in the table.
- **Delivery**: the delivery workers run after the load (so the load figures do not include PDF rendering
  competing for the cores), until every outbox row is sent; the check is that the sink received one email
  per outbox row, no duplicates (by Message-ID), and a force email for every stored request. The drain time
  includes starting the worker processes (importing the app, WeasyPrint and fonts) before the first email.
- **PDF**: `app.delivery.pdf.render_pdf` (template to HTML, then WeasyPrint, PDF/UA-1) on a request made by
  walking the journey and submitting it, loaded as the worker loads it, after 1 warm-up run: {pdf_runs} runs
  of the typical request and the baseline, {pdf_fewer} of each slower variant, and no more runs of a case
  once its runs have taken 20 s (so a pathological case cannot hold the bench up; the table gives the count). The
  Urdu and Chinese copies are the applicant's copy in that language with the objection written in that script.
  The baseline is `weasyprint.HTML(string="<p>Hello</p>").write_pdf()` in the same process.
- **Memory**: VmHWM from `/proc/<pid>/status` of each gunicorn worker just before it is stopped, and of each
  delivery worker once the outbox is drained.
- **Page weight**: headless Chromium (Debian's, through Playwright) loads each page in a fresh context (empty
  cache) from the production server with `Accept-Encoding: gzip, br`; transfer = encoded body + response
  headers of every request (Playwright's `request.sizes()`). 1 KB = 1024 bytes. A static asset is "cached for a
  year" with `max-age` ≥ 31536000 and "fingerprinted" with 8 or more hex digits in its file name or query
  string. Requests to any other origin are counted as third party and refused.
- The machine may be shared: the load average before and after the run is in the machine table.
"""


def body(args: argparse.Namespace, m: report.Measurements, env: dict[str, str], info: dict[str, str]) -> str:
    notes = NOTES.format(
        renders=args.renders,
        seconds=args.seconds,
        max_journeys=args.max_journeys,
        pdf_runs=args.pdf_runs,
        pdf_fewer=max(5, args.pdf_runs // 2),
    )
    return "\n\n".join(
        [
            "# Performance",
            "Written by `make bench` (tests/bench/). Measured, never asserted: the figures below are what this "
            "machine did on this run. Targets are from the issue “Performance: measured, side by side, on this "
            "2-core machine”. `make lighthouse` adds its scores under “Lighthouse” at the end (kept when "
            "`make bench` rewrites the rest).",
            "## Machine",
            markdown_table(["", ""], list(info.items())),
            "## Results",
            report.table(m),
            "### What the figures say",
            report.findings(m),
            "## How it was measured",
            commands(args, env),
            notes,
            "## Details",
            "### Load errors",
            report.load_errors(m.loads),
            "### Page weight, request by request",
            report.weight_details(m.weights),
        ]
    )


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.monotonic()
    info = machine()
    info["Load average before"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    try:
        with tempfile.TemporaryDirectory(prefix="vrr-bench-") as tmp:
            m, env = measure(args, Path(tmp))
    except BenchBroken as exc:
        log(f"the bench broke: {exc}")
        return 2
    except KeyboardInterrupt:
        log("interrupted; everything the bench started has been stopped")
        sys.stderr.flush()
        os._exit(130)  # skip asyncio's complaints about the load tasks the interrupt cut short
    info["Load average after"] = " ".join(f"{x:.2f}" for x in os.getloadavg())
    info["Bench run time"] = f"{time.monotonic() - started:.0f} s"
    print(report.table(m))
    if not args.no_write:
        write_report(body(args, m, env, info))
        log("written to docs/performance.md")
    broken = [r.label for r in m.loads if r.error_count]
    if broken or not m.delivery.ok:
        log(f"the bench broke: load errors in {broken or 'none'}; delivery ok: {m.delivery.ok}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
