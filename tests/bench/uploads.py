"""Upload bench: time to accept a 10 MB PDF (scan + clean + encrypt + store), and a server's peak memory while
8 uploads of 10 MB arrive at once. Writes the "Uploads" section of docs/performance.md.

    .venv/bin/python -m tests.bench.uploads [--no-write]

Needs clamd (Debian's clamav-daemon); it runs a private one with the EICAR test signature.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from app.dev.clamd import running_clamd
from app.dev.smtp_sink import free_port
from tests.support import samples

SIZE = 10 * 1024 * 1024 - 1024  # just under the limit
DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
START, END = "<!-- uploads bench: start -->", "<!-- uploads bench: end -->"


def big_pdf(path: Path) -> Path:
    """A valid 10 MB PDF: one page, padded with a comment block (parsed, scanned and sealed like any other)."""
    data = samples.pdf()
    path.write_bytes(data + b"%" + b"x" * (SIZE - len(data) - 2) + b"\n")  # a comment after %%EOF
    return path


def accept_seconds(workdir: Path, socket_path: str, pdf: Path, runs: int) -> list[float]:
    from app import clock, create_app, db
    from app.config import Settings
    from app.uploads import pipeline

    app = create_app(Settings(database_url=f"sqlite:///{workdir / 'accept.sqlite3'}", clamd_socket=socket_path))
    db.upgrade(app)
    times = []
    with app.app_context():
        for n in range(runs):
            with pdf.open("rb") as fh:
                started = time.perf_counter()
                pipeline.accept(
                    pipeline.Incoming(fh, "letter.pdf", "other", "Letter"),
                    draft_id=f"bench-{n}",
                    settings=app.config["VRR_SETTINGS"],
                    cipher=db.cipher(),
                    transaction=db.transaction,
                    now=clock.now(),
                )
                times.append(time.perf_counter() - started)
    app.extensions["vrr.engine"].dispose()
    return times


def serve(port: int, database: str, socket_path: str) -> None:
    """The child process: the app on a threaded Werkzeug server (as ``make run`` serves it)."""
    from werkzeug.serving import make_server

    from app import create_app, db
    from app.config import Settings

    settings = Settings(
        database_url=database,
        clamd_socket=socket_path,
        min_seconds_on_page=0,
        run_worker=False,
        ratelimit_post="1000 per minute",
        ratelimit_post_per_address="1000 per minute",
    )
    app = create_app(settings)
    db.upgrade(app)
    import logging

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


def hidden(html: str) -> dict[str, str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return {
        i["name"]: i.get("value", "") for i in soup.select("main form input[type=hidden]") if i["name"] != "upload_id"
    }


def reach_documents(client: httpx.Client) -> None:
    """Answer every page before the documents page, as a person would."""
    from datetime import date

    from tests.bench.load import journey_plan
    from tests.support.journey import form_data

    client.get("/request/start")
    for slug, values in journey_plan(False, date.today()):
        data: dict[str, list[str]] = {}
        for name, value in [*form_data(values), *hidden(client.get(f"/request/{slug}").text).items()]:
            data.setdefault(name, []).append(value)
        if client.post(f"/request/{slug}", data=data).status_code != 302:
            raise RuntimeError(f"could not answer {slug}")


def one_upload(base: str, pdf: Path, results: list[float]) -> None:
    with httpx.Client(base_url=base, timeout=120) as client:
        reach_documents(client)
        fields = {**hidden(client.get("/request/documents").text), "kind": "other", "description": "Letter"}
        with pdf.open("rb") as fh:
            started = time.perf_counter()
            response = client.post("/request/documents", data=fields, files={"document": ("letter.pdf", fh)})
            results.append(time.perf_counter() - started)
        if response.status_code != 302:
            raise RuntimeError(f"upload failed: {response.status_code}")


def peak_rss_kib(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+)", status).group(1))  # type: ignore[union-attr]


def concurrent(workdir: Path, socket_path: str, pdf: Path, count: int) -> dict[str, Any]:
    port = free_port()
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.bench.uploads",
            "--serve",
            str(port),
            f"sqlite:///{workdir / 'serve.sqlite3'}",
            socket_path,
        ]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(f"{base}/health", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        small = workdir / "small.pdf"
        small.write_bytes(samples.pdf())
        one_upload(base, small, [])  # warm up: every module loaded, one upload done
        before = peak_rss_kib(child.pid)
        times: list[float] = []
        threads = [threading.Thread(target=one_upload, args=(base, pdf, times)) for _ in range(count)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
        after = peak_rss_kib(child.pid)
        if len(times) != count:
            raise RuntimeError("some uploads failed")
        return {"before_mib": before / 1024, "after_mib": after / 1024, "wall": wall, "slowest": max(times)}
    finally:
        child.terminate()
        child.wait(timeout=10)


def force_email_seconds(workdir: Path, socket_path: str, megabytes: int) -> tuple[float, int]:
    """Build and send the force's emails for a request with ``megabytes`` of attachments (two files of half
    each), to a local SMTP sink: the PDF, the JSON, opening each sealed file, splitting, sending. Returns
    (seconds, emails to the force)."""
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import encode_multipart

    from app.delivery import worker
    from app.dev.smtp_sink import SmtpSink
    from tests.conftest import CheckedClient, build_app
    from tests.support.journey import complete_journey, post

    with SmtpSink(workdir / "mail") as sink:
        app = build_app(workdir / "mail-app", smtp_port=sink.port, clamd_socket=socket_path, min_seconds_on_page=0)
        app.test_client_class = CheckedClient
        client: Any = app.test_client()
        complete_journey(client, submit=False)
        half = megabytes * 1024 * 1024 // 2 - 4096
        for n in range(2):
            fields = {
                **client.form_fields("/request/documents"),
                "kind": "other",
                "description": f"Statement {n}",
                "document": FileStorage(io.BytesIO(bytes([65 + n]) * half), f"statement{n}.txt"),
            }
            boundary, body = encode_multipart(fields)
            client.post("/request/documents", data=body, content_type=f"multipart/form-data; boundary={boundary}")
        post(client, "/request/documents/continue", {})
        post(client, "/request/check-answers", {"confirm": "y"})
        started = time.perf_counter()
        sent = worker.process_once(app)
        seconds = time.perf_counter() - started
        forced = sum(1 for m in sink.wait_for(sent) if "VRR" in str(m["Subject"]))
        app.extensions["vrr.engine"].dispose()
    return seconds, forced


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "--serve":
        serve(int(args[1]), args[2], args[3])
        return
    parser = argparse.ArgumentParser(prog="python -m tests.bench.uploads")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--concurrent", type=int, default=8)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args(args)
    workdir = Path(tempfile.mkdtemp(prefix="vrr-upb-"))
    try:
        with running_clamd(workdir / "clamd") as socket_path:
            pdf = big_pdf(workdir / "big.pdf")
            accept = accept_seconds(workdir, socket_path, pdf, options.runs)
            memory = concurrent(workdir, socket_path, pdf, options.concurrent)
            email_seconds, force_emails = force_email_seconds(workdir, socket_path, 20)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    added = memory["after_mib"] - memory["before_mib"]
    out = io.StringIO()
    out.write(f"{START}\n## Uploads\n\n")
    out.write(
        f"`python -m tests.bench.uploads` ({time.strftime('%Y-%m-%d')}, this machine, SQLite, a private clamd).\n\n"
    )
    out.write("| measure | figure | target | met |\n| --- | --- | --- | --- |\n")
    median = statistics.median(accept)
    out.write(
        f"| accept a 10 MB PDF: scan + check + encrypt + store (median of {len(accept)}, server time, no transfer) "
        f"| {median * 1000:.0f} ms (max {max(accept) * 1000:.0f} ms) | under 1 s | {'yes' if median < 1 else 'no'} |\n"
    )
    out.write(
        f"| peak RSS added while {options.concurrent} uploads of 10 MB arrive at once (one threaded server process) "
        f"| {added:.0f} MiB ({memory['before_mib']:.0f} → {memory['after_mib']:.0f} MiB) | under 100 MB "
        f"| {'yes' if added < 100 else 'no'} |\n"
    )
    out.write(
        f"| those {options.concurrent} uploads, wall time over loopback (slowest one) | {memory['wall']:.1f} s "
        f"({memory['slowest']:.1f} s) | – | – |\n"
    )
    out.write(
        f"| build and send the force's emails for a request with 20 MB of attachments (PDF copy, JSON, files "
        f"opened and split at the 20 MB mailbox limit into {force_emails} emails, to a local SMTP sink) "
        f"| {email_seconds:.1f} s | – | – |\n\n"
    )
    out.write(
        "Files are spooled to disk by Werkzeug and streamed to clamd in chunks; only checking, encrypting and "
        "storing hold a file in memory, at most `VRR_UPLOAD_CONCURRENCY` (1) at once per process; large blocks go "
        "back to the system when freed (app/uploads/memory.py) and files are sealed with AES-GCM (one copy, where "
        "Fernet made five); a PDF's reader is collected at once (pypdf's objects hold a copy of the file in a "
        "reference cycle).\n"
        f"{END}\n"
    )
    section = out.getvalue()
    print(section)
    if not options.no_write:
        text = DOC.read_text()
        if START in text:
            text = text[: text.index(START)] + section + text[text.index(END) + len(END) + 1 :]
        else:
            text = text.rstrip("\n") + "\n\n" + section
        DOC.write_text(text)


if __name__ == "__main__":
    main()
