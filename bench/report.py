"""The bench's one table, printed and written between markers into docs/performance.md."""

from __future__ import annotations

import os
import platform
import re
from datetime import UTC, datetime
from pathlib import Path

from .measure import Result

START = "<!-- bench:table:start -->"
END = "<!-- bench:table:end -->"
COLUMNS = (
    "Case",
    "Size",
    "Median",
    "Baseline",
    "Baseline median",
    "Ratio",
    "Target",
    "Met",
    "SQL (case / baseline)",
    "Peak MiB (case / baseline)",
)


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "—"
    if seconds >= 1:
        return f"{seconds:.2f} s"
    return f"{seconds * 1000:.1f} ms"


def _mib(value: int | None) -> str:
    return "—" if value is None else f"{value / 2**20:.1f}"


def _queries(value: int | None) -> str:
    return "—" if value is None else str(value)


def row_cells(result: Result) -> list[str]:
    case = result.case
    ratio = "—" if result.ratio is None else f"{result.ratio:.2f}×"
    met = {True: "yes", False: "**no**", None: ""}[result.met]
    if result.failure:
        met += f" ({result.failure})"
    name = case.name + (f" — {case.note}" if case.note else "")
    return [
        name,
        case.size,
        _duration(result.median),
        case.baseline_name or "—",
        _duration(result.baseline_median),
        ratio,
        case.target,
        met,
        f"{_queries(result.queries)} / {_queries(result.baseline_queries)}",
        f"{_mib(result.peak)} / {_mib(result.baseline_peak)}",
    ]


def markdown_table(results: list[Result]) -> str:
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    for result in results:
        cells = [cell.replace("|", "\\|") for cell in row_cells(result)]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def machine() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        server = cursor.fetchone()[0]
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (
        f"{os.cpu_count()} CPU(s) shared with other work (load average at the end {load}), "
        f"Python {platform.python_version()}, PostgreSQL {server}, {platform.system()} {platform.machine()}"
    )


def section(results: list[Result], *, command: str, elapsed: float, reps_note: str) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return "\n".join(
        [
            START,
            f"Latest run: `{command}`, {stamp}, {elapsed / 60:.1f} min in all; {machine()}. {reps_note}",
            "",
            markdown_table(results),
            END,
        ]
    )


def write(path: Path, block: str, *, start: str = START, end: str = END) -> None:
    """Replace what lies between the markers ``start`` and ``end`` (or append ``block`` when they are absent)."""
    text = path.read_text() if path.exists() else "# Performance\n"
    pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(text)
