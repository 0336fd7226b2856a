"""Shared helpers for the benchmark: statistics, result rows, the machine, and the report file."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from tests.browser.conftest import CHROMIUM

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
DOC = ROOT / "docs" / "performance.md"
LIGHTHOUSE_HEADING = "## Lighthouse"


class BenchBroken(RuntimeError):
    """The benchmark itself failed (errors, lost emails, a server that would not start): exit non-zero."""


def log(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the table."""
    print(f"[bench {datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100), linear between closest ranks (like numpy's default)."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


class SampleStats:
    """Median and p95 of a timing's ``samples`` (seconds)."""

    samples: list[float]

    @property
    def median(self) -> float:
        return median(self.samples)

    @property
    def p95(self) -> float:
        return percentile(self.samples, 95)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def kb(size: float) -> str:
    return f"{size / 1024:.1f} KB"


@dataclass(frozen=True)
class Row:
    """One line of the results table. ``met`` is None when there is no target for the measure."""

    area: str
    measure: str
    value: str
    target: str = ""
    met: bool | None = None

    @property
    def verdict(self) -> str:
        return "" if self.met is None else ("met" if self.met else "not met")


def markdown_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(headers), line(["---"] * len(headers)), *(line(r) for r in rows)])


def results_table(rows: Sequence[Row]) -> str:
    return markdown_table(
        ["Area", "Measure", "Value", "Target", "Met?"],
        [[r.area, r.measure, r.value, r.target, r.verdict] for r in rows],
    )


def _first_line(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=20, check=False)
    except OSError:
        return "not installed"
    return (out.stdout or out.stderr).strip().splitlines()[0] if (out.stdout or out.stderr).strip() else "?"


def machine() -> dict[str, str]:
    mem_kb = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or "?",
    )
    return {
        "nproc": str(os.cpu_count()),
        "CPU": cpu,
        "Memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "OS": platform.platform(),
        "Python": platform.python_version(),
        "PostgreSQL": _first_line(["/usr/lib/postgresql/15/bin/postgres", "--version"]),
        "gunicorn": _first_line([str(VENV_BIN / "gunicorn"), "--version"]),
        "Chromium": _first_line([str(CHROMIUM), "--version"]),
        "Measured at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def lighthouse_section(text: str) -> str:
    """The Lighthouse part of an existing report (kept when ``make bench`` rewrites the rest)."""
    index = text.find("\n" + LIGHTHOUSE_HEADING)
    return text[index + 1 :] if index >= 0 else ""


def write_report(body: str) -> None:
    """Write the benchmark report, keeping a Lighthouse section that ``make lighthouse`` wrote earlier."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    kept = lighthouse_section(DOC.read_text()) if DOC.exists() else ""
    DOC.write_text(body.rstrip() + "\n" + ("\n" + kept.rstrip() + "\n" if kept else ""))


def write_lighthouse(section: str) -> None:
    """Replace (or append) the Lighthouse section of the report."""
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text() if DOC.exists() else "# Performance\n"
    kept = lighthouse_section(text)
    head = text[: len(text) - len(kept)] if kept else text
    DOC.write_text(head.rstrip() + "\n\n" + section.strip() + "\n")
