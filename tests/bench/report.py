"""Turn the measurements into the one results table, and the report that goes in docs/performance.md."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

from tests.bench.common import Row, kb, markdown_table, ms, results_table
from tests.bench.delivery import DeliveryResult
from tests.bench.load import GET, STEP, SUBMIT, LoadResult
from tests.bench.pages import PageTiming
from tests.bench.pdf import PdfTiming
from tests.bench.weight import PageWeight

PAGE_P95_TARGET = 0.050
SUBMIT_P95_TARGET = 0.100
PDF_TARGET = 0.300
JOURNEYS_TARGET = 30.0
WEIGHT_TARGET = 60 * 1024  # issue 17: system fonts, no GDS Transport


@dataclass
class Measurements:
    bare: PageTiming
    pages: list[PageTiming]
    pdf_baseline: PdfTiming
    pdfs: list[PdfTiming]
    loads: list[LoadResult]
    delivery: DeliveryResult
    weights: list[PageWeight]
    browser_post: tuple[bool, str]


def best(loads: Sequence[LoadResult]) -> LoadResult:
    """The configuration with the most journeys per second among those with no errors (else the most)."""
    clean = [r for r in loads if r.error_count == 0] or list(loads)
    return max(clean, key=lambda r: r.journeys_per_second)


def _pct(result: LoadResult, kind: str) -> str:
    return " / ".join(ms(result.stat(kind, q)).removesuffix(" ms") for q in (50, 95, 99)) + " ms"


def rows(m: Measurements) -> list[Row]:
    out: list[Row] = []
    area = "1. Server time (test client)"
    out.append(Row(area, f"{m.bare.name}: median / p95", f"{ms(m.bare.median)} / {ms(m.bare.p95)}"))
    for page in m.pages:
        ratio = page.median / m.bare.median
        out.append(Row(area, f"{page.name}: median / p95", f"{ms(page.median)} / {ms(page.p95)} (×{ratio:.1f} bare)"))

    top = best(m.loads)
    for result in m.loads:
        area = f"2. Load, {result.applicants} applicants, gunicorn {result.label}" + (
            " (best)" if result is top else ""
        )
        rate = result.journeys_per_second
        out += [
            Row(
                area,
                "complete journeys per second",
                f"{rate:.1f} ({result.journeys} in {result.seconds:.1f} s)",
                f"≥ {JOURNEYS_TARGET:.0f}/s",
                rate >= JOURNEYS_TARGET,
            ),
            Row(
                area,
                f"{GET} p50 / p95 / p99 ({len(result.samples[GET])})",
                _pct(result, GET),
                f"p95 < {PAGE_P95_TARGET * 1000:.0f} ms",
                result.stat(GET, 95) < PAGE_P95_TARGET,
            ),
            Row(area, f"{STEP} p50 / p95 / p99 ({len(result.samples[STEP])})", _pct(result, STEP)),
            Row(
                area,
                f"{SUBMIT} p50 / p95 / p99 ({len(result.samples[SUBMIT])})",
                _pct(result, SUBMIT),
                f"p95 < {SUBMIT_P95_TARGET * 1000:.0f} ms",
                result.stat(SUBMIT, 95) < SUBMIT_P95_TARGET,
            ),
            Row(area, "errors", str(result.error_count), "0", result.error_count == 0),
            Row(
                area,
                "CPU per journey: gunicorn workers / load client",
                f"{result.server_cpu_seconds / max(result.journeys, 1) * 1000:.0f} ms / "
                f"{result.client_cpu_seconds / max(result.journeys, 1) * 1000:.0f} ms "
                f"({(result.server_cpu_seconds + result.client_cpu_seconds) / result.seconds:.2f} "
                f"of {os.cpu_count()} cores)",
            ),
            Row(
                area, "peak RSS per gunicorn worker (VmHWM)", ", ".join(f"{p:.0f} MiB" for p in result.worker_peak_mib)
            ),
        ]

    d = m.delivery
    area = f"2. Delivery ({d.workers} workers, after the load)"
    out += [
        Row(area, "requests stored / emails owed", f"{d.requests_stored} / {d.emails_expected}"),
        Row(
            area,
            "emails received by the SMTP sink (unique)",
            f"{d.emails_received} ({d.unique_received})",
            "= emails owed",
            d.unique_received == d.emails_expected and d.duplicates == 0,
        ),
        Row(
            area,
            "stored requests with a force email",
            f"{d.force_emails_matched} of {d.requests_stored}",
            "all",
            d.force_emails_matched == d.requests_stored,
        ),
        Row(area, "lost emails", str(d.lost), "0", d.lost == 0),
        Row(
            area,
            "time to drain (first email after)",
            f"{d.seconds:.1f} s ({d.first_email_after:.1f} s: process start-up and first PDF)",
        ),
        Row(area, "emails per second once started", f"{d.steady_rate:.1f}"),
    ]

    area = "3. PDF (median of runs, same process)"
    base = m.pdf_baseline
    out.append(Row(area, base.name, f"{ms(base.median)} (p95 {ms(base.p95)}, {len(base.samples)} runs)"))
    for index, pdf in enumerate(m.pdfs):
        typical = index == 0
        out.append(
            Row(
                area,
                pdf.name,
                f"{ms(pdf.median)} (p95 {ms(pdf.p95)}, ×{pdf.median / base.median:.1f} baseline, "
                f"{kb(pdf.pages_bytes)}, {len(pdf.samples)} run{'s' if len(pdf.samples) != 1 else ''})",
                f"median < {PDF_TARGET * 1000:.0f} ms" if typical else "",
                pdf.median < PDF_TARGET if typical else None,
            )
        )

    area = "4. Memory (peak RSS, VmHWM)"
    out.append(
        Row(
            area,
            f"gunicorn worker, best configuration ({top.label})",
            ", ".join(f"{p:.0f} MiB" for p in top.worker_peak_mib),
        )
    )
    out.append(Row(area, "delivery worker", ", ".join(f"{p:.0f} MiB" for p in d.worker_peak_mib)))

    area = "6. Page weight (first load, Chromium)"
    for weight in m.weights:
        out.append(
            Row(
                area,
                f"{weight.name}: transfer, {len(weight.fetches)} requests",
                kb(weight.total),
                "< 60 KB",
                weight.total < WEIGHT_TARGET,
            )
        )
    assets = {f.path: f for w in m.weights for f in w.assets}.values()
    cached = [f for f in assets if f.long_cache]
    hashed = [f for f in assets if f.fingerprinted]
    third = sum(len(w.third_party) for w in m.weights)
    out += [
        Row(
            area,
            "static assets cached for a year",
            f"{len(cached)} of {len(assets)}",
            "all",
            len(cached) == len(assets),
        ),
        Row(
            area,
            "static assets with a fingerprinted URL",
            f"{len(hashed)} of {len(assets)}",
            "all",
            len(hashed) == len(assets),
        ),
        Row(area, "third-party requests", str(third), "0", third == 0),
    ]
    accepted, heading = m.browser_post
    out.append(
        Row(
            "Also seen",
            "Chromium's own form POST over HTTPS (production config)",
            "accepted" if accepted else f"refused: “{heading}”",
        )
    )
    return out


def _short(row: Row) -> str:
    area = re.sub(r"^\d\. ", "", row.area)
    area = re.sub(r"^Load, \d+ applicants, ", "", area).removesuffix(" (best)")
    measure = re.sub(r" p50 / p95 / p99 \(\d+\)", " p95", row.measure)
    measure = re.sub(r": transfer, \d+ requests", " transfer", measure)
    value = row.value.split(" (")[0]
    if "p50 / p95 / p99" in row.measure:
        value = row.value.split(" / ")[1] + " ms"
    return f"{area}: {measure} ({value}, target {row.target})"


def findings(m: Measurements) -> str:
    """A few generated sentences: what is not met, and what the figures point at."""
    lines = []
    missed = [_short(r) for r in rows(m) if r.met is False]
    lines.append("- Targets not met: " + ("none." if not missed else "; ".join(missed) + "."))
    top = best(m.loads)
    if top.journeys:
        per_journey = top.server_cpu_seconds / top.journeys
        lines.append(
            f"- Best configuration: gunicorn {top.label} ({top.journeys_per_second:.1f} journeys/s). Its workers "
            f"used {per_journey * 1000:.0f} ms of CPU per complete journey, so "
            f"{JOURNEYS_TARGET:.0f} journeys/s would need about {per_journey * JOURNEYS_TARGET:.1f} cores for the "
            "app alone, before PostgreSQL, TLS and the load client. The slowest pages under the test client are "
            + ", ".join(f"{p.name} ({ms(p.median)})" for p in sorted(m.pages, key=lambda p: p.median, reverse=True)[:3])
            + "."
        )
    slowest = max(m.pdfs, key=lambda p: p.median)
    lines.append(
        f"- Slowest PDF: {slowest.name}, {ms(slowest.median)} median "
        f"(×{slowest.median / m.pdfs[0].median:.1f} the typical request)."
    )
    accepted, heading = m.browser_post
    if not accepted:
        lines.append(
            f"- Chromium's own form POST to the production server was refused (“{heading}”): with TLS reaching "
            "the app (or a proxy whose X-Forwarded-Proto gunicorn trusts), Flask-WTF requires a Referer that "
            "the app's `Referrer-Policy: no-referrer` stops browsers sending."
        )
    assets = {f.path: f for w in m.weights for f in w.assets}.values()
    unhashed = [f.path for f in assets if not f.fingerprinted]
    if unhashed:
        lines.append("- Static URLs without a content hash: " + ", ".join(f"`{p}`" for p in unhashed) + ".")
    plain = [f.path for f in assets if f.encoding == "identity" and f.kind != "font"]
    if plain:
        lines.append("- Text assets sent uncompressed: " + ", ".join(f"`{p}`" for p in plain) + ".")
    documents = [f for w in m.weights for f in w.fetches if f.kind == "document" and f.status == 200]
    if documents and all(f.encoding == "identity" for f in documents):
        lines.append(
            "- HTML pages are sent uncompressed (the app compresses static assets only, against BREACH-style "
            "attacks on pages holding a CSRF token)."
        )
    fonts = sum(f.transfer for f in assets if f.kind == "font")
    if m.weights:
        lines.append(f"- Fonts are {kb(fonts)} of the start page's {kb(m.weights[0].total)}.")
    return "\n".join(lines)


def weight_details(weights: Sequence[PageWeight]) -> str:
    parts = []
    for weight in weights:
        table = markdown_table(
            ["Request", "Type", "Status", "Encoding", "Body", "Headers", "Cache-Control", "Fingerprinted"],
            [
                [
                    f.path,
                    f.kind,
                    str(f.status),
                    f.encoding,
                    kb(f.body_bytes),
                    kb(f.header_bytes),
                    f.cache_control,
                    "yes" if f.fingerprinted else ("no" if f.is_asset else ""),
                ]
                for f in weight.fetches
            ],
        )
        third = ", ".join(weight.third_party) or "none"
        parts.append(
            f"**{weight.name}** — {kb(weight.total)} in {len(weight.fetches)} requests; third party: {third}\n\n{table}"
        )
    return "\n\n".join(parts)


def load_errors(loads: Sequence[LoadResult]) -> str:
    lines = [f"- {r.label}: {count} × {text}" for r in loads for text, count in r.errors.items()]
    return "\n".join(lines) or "None."


def table(m: Measurements) -> str:
    return results_table(rows(m))
