"""N simulated applicants doing complete journeys at once against a real server (asyncio + httpx).

Each journey is a new applicant: a new HTTPS connection and an empty cookie jar. It reads the start page,
answers every question (GET the page, POST the answers with its hidden fields), checks its answers, submits,
and reads the confirmation. Every response is checked (status and redirect target); anything else is an error.
"""

from __future__ import annotations

import asyncio
import html
import re
import ssl
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx

from tests.bench.common import log, median, percentile
from tests.support.journey import OBJECTION, REQUESTER, VICTIM, VICTIM_CONTACT, form_data

GET, STEP, SUBMIT = "GET page", "POST step", "POST submit"
MAIN = re.compile(r"<main\b.*?</main>", re.S)
HIDDEN = re.compile(r"<input\b[^>]*\btype=\"hidden\"[^>]*>")
ATTR = re.compile(r"\b(name|value)=\"([^\"]*)\"")


def _d(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def journey_plan(representative: bool, today: date) -> list[tuple[str, dict[str, Any]]]:
    """(slug, answers) in order, with dates that are recent on the server's clock (no late-request question)."""
    plan: list[tuple[str, dict[str, Any]]] = [("who", {"who": "representative" if representative else "victim"})]
    if representative:
        plan.append(("representative-type", {"representative_type": "solicitor"}))
    plan += [
        ("suspect-interviewed", {"suspect_interviewed": "yes"}),
        ("decision", {"decision": "no_charge"}),
        ("told-date", {"told_date": _d(today - timedelta(days=12))}),
        ("victim", VICTIM),
        ("victim-contact", VICTIM_CONTACT),
    ]
    if representative:
        plan.append(("requester", REQUESTER))
    plan.append(("objection", {**OBJECTION, "date_reported": _d(today - timedelta(days=60))}))
    return plan


def hidden_fields(page: str) -> list[tuple[str, str]]:
    found = MAIN.search(page)
    fields = []
    for tag in HIDDEN.findall(found.group(0) if found else page):
        attrs = dict(ATTR.findall(tag))
        if "name" in attrs:
            fields.append((attrs["name"], html.unescape(attrs.get("value", ""))))
    return fields


class JourneyFailed(Exception):
    pass


@dataclass
class Recorder:
    samples: dict[str, list[float]] = field(default_factory=lambda: {GET: [], STEP: [], SUBMIT: []})
    errors: Counter[str] = field(default_factory=Counter)
    journeys: int = 0
    active: bool = True  # False during the warm-up: nothing is recorded

    def add(self, kind: str, seconds: float) -> None:
        if self.active:
            self.samples[kind].append(seconds)

    def error(self, text: str) -> None:
        self.errors[text] += 1


class Applicant:
    def __init__(self, client: httpx.AsyncClient, recorder: Recorder) -> None:
        self.client = client
        self.recorder = recorder

    async def request(self, kind: str, method: str, path: str, expect: int, **kwargs: Any) -> httpx.Response:
        start = time.perf_counter()
        try:
            response = await self.client.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise JourneyFailed(f"{kind} {type(exc).__name__}") from exc
        elapsed = time.perf_counter() - start
        if response.status_code != expect:
            raise JourneyFailed(f"{kind} {path.split('?')[0]} answered {response.status_code}, expected {expect}")
        self.recorder.add(kind, elapsed)
        return response

    async def post_form(self, kind: str, path: str, values: dict[str, Any], then: str) -> None:
        page = await self.request(GET, "GET", path, 200)
        data: dict[str, list[str]] = {}
        for name, value in [*form_data(values), *hidden_fields(page.text), ("hp_extra_details", "")]:
            data.setdefault(name, []).append(value)
        # A browser sends the page it is on as the Referer; Flask-WTF requires one over HTTPS (see the report).
        referer = str(page.url)
        response = await self.request(kind, "POST", path, 302, data=data, headers={"Referer": referer})
        location = response.headers.get("Location", "")
        if not location.split("?")[0].endswith(then):
            raise JourneyFailed(f"{kind} {path} went to {location or 'nowhere'}, expected {then}")

    async def skip_documents(self) -> None:
        """The optional documents page: "Continue" without a file, as most people will."""
        page = await self.request(GET, "GET", "/request/documents", 200)
        token = next(value for name, value in hidden_fields(page.text) if name == "csrf_token")
        headers = {"Referer": str(page.url)}
        response = await self.request(
            STEP, "POST", "/request/documents/continue", 302, data={"csrf_token": token}, headers=headers
        )
        if not response.headers.get("Location", "").endswith("/request/check-answers"):
            raise JourneyFailed("the documents page's Continue did not lead to check answers")

    async def journey(self, plan: list[tuple[str, dict[str, Any]]]) -> None:
        await self.request(GET, "GET", "/", 200)
        start = await self.request(GET, "GET", "/request/start", 302)
        if not start.headers.get("Location", "").endswith(f"/request/{plan[0][0]}"):
            raise JourneyFailed("GET /request/start did not go to the first question")
        slugs = [slug for slug, _ in plan]
        for index, (slug, values) in enumerate(plan):
            then = f"/request/{slugs[index + 1]}" if index + 1 < len(slugs) else "/request/documents"
            await self.post_form(STEP, f"/request/{slug}", values, then)
        await self.skip_documents()
        await self.post_form(SUBMIT, "/request/check-answers", {"confirm": "y"}, "/request/confirmation")
        confirmation = await self.request(GET, "GET", "/request/confirmation", 200)
        if "govuk-panel" not in confirmation.text:
            raise JourneyFailed("the confirmation page has no reference panel")


@dataclass
class LoadResult:
    label: str
    applicants: int
    journeys: int
    seconds: float
    samples: dict[str, list[float]]
    errors: dict[str, int]
    client_cpu_seconds: float = 0.0
    server_cpu_seconds: float = 0.0
    worker_peak_mib: list[float] = field(default_factory=list)

    @property
    def journeys_per_second(self) -> float:
        return self.journeys / self.seconds if self.seconds else 0.0

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    def stat(self, kind: str, q: float) -> float:
        values = self.samples[kind]
        return median(values) if q == 50 else percentile(values, q)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.samples.values())


async def _applicant_loop(
    base_url: str,
    context: ssl.SSLContext,
    recorder: Recorder,
    today: date,
    number: int,
    budget: list[int],
    stop_at: float,
) -> None:
    while time.monotonic() < stop_at and budget[0] > 0:
        budget[0] -= 1
        representative = (budget[0] + number) % 2 == 0  # half the journeys are made for someone else
        async with httpx.AsyncClient(base_url=base_url, verify=context, timeout=30) as client:
            try:
                await Applicant(client, recorder).journey(journey_plan(representative, today))
            except JourneyFailed as exc:
                recorder.error(str(exc))
                continue
        if recorder.active:
            recorder.journeys += 1


async def _run(
    base_url: str,
    cert: Path,
    applicants: int,
    max_journeys: int,
    seconds: float,
    hard_limit: float,
    on_start: Callable[[], None],
) -> tuple[Recorder, float, float]:
    context = ssl.create_default_context(cafile=str(cert))
    today = date.today()
    recorder = Recorder(active=False)
    warm_budget = [4]  # four journeys, four at once: every worker process and template is warm
    warm_until = time.monotonic() + 30
    await asyncio.gather(
        *(_applicant_loop(base_url, context, recorder, today, i, warm_budget, warm_until) for i in range(4))
    )
    recorder.active = True
    recorder.errors.clear()  # none expected; a warm-up failure shows up again in the measured run
    budget = [max_journeys]
    on_start()
    cpu = time.process_time()
    started = time.monotonic()
    tasks = [
        asyncio.create_task(_applicant_loop(base_url, context, recorder, today, i, budget, started + seconds))
        for i in range(applicants)
    ]
    done, pending = await asyncio.wait(tasks, timeout=hard_limit)
    for task in pending:
        task.cancel()
        recorder.error(f"journey still running after the {hard_limit:.0f} s hard limit")
    for task in done:
        if task.exception() is not None:
            recorder.error(f"applicant crashed: {task.exception()!r}")
    return recorder, time.monotonic() - started, time.process_time() - cpu


def run_load(
    label: str,
    base_url: str,
    cert: Path,
    applicants: int,
    max_journeys: int,
    seconds: float,
    hard_limit: float = 90,
    on_start: Callable[[], None] = lambda: None,
) -> LoadResult:
    """Warm up, call ``on_start``, then run the measured load. Stops by itself within ``hard_limit`` seconds."""
    log(f"load {label}: {applicants} applicants, up to {max_journeys} journeys or {seconds:.0f} s")
    recorder, elapsed, cpu = asyncio.run(_run(base_url, cert, applicants, max_journeys, seconds, hard_limit, on_start))
    result = LoadResult(
        label, applicants, recorder.journeys, elapsed, recorder.samples, dict(recorder.errors), client_cpu_seconds=cpu
    )
    log(
        f"load {label}: {result.journeys} journeys in {elapsed:.1f} s = {result.journeys_per_second:.1f}/s, "
        f"GET p95 {result.stat(GET, 95) * 1000:.0f} ms, errors {result.error_count}"
    )
    return result
