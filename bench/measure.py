"""Run each case next to its baseline: a profiling pass (SQL count, peak memory), then interleaved timed runs.

Timings are medians of repetitions in which the case and its baseline
alternate (ABAB…, the first of each pair swapped every repetition), so load
from other processes on the machine hits both alike; the ratio of the two
medians is the figure that counts. Peak memory is the highest Python heap
(``tracemalloc``) during one run, measured in the profiling pass, which is
not timed.
"""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field

from django.db import connection
from django.test.utils import CaptureQueriesContext

from .baselines import RawSQL


@dataclass
class Case:
    group: str
    name: str
    size: str
    subject: Callable[[], object]
    baseline_name: str = ""
    baseline: Callable[[], object] | None = None
    raw: RawSQL | None = None
    #: the largest acceptable ratio to the baseline, or the longest acceptable median time (seconds)
    max_ratio: float | None = None
    max_seconds: float | None = None
    #: what the run must show beyond time (e.g. a 304): called with the profiling pass's result
    check: Callable[[object], str | None] | None = None
    #: wraps every call of subject and baseline (e.g. a transaction rolled back afterwards)
    around: Callable[[], AbstractContextManager] = nullcontext
    reps: int = 5
    note: str = ""

    @property
    def target(self) -> str:
        parts = []
        if self.max_ratio is not None:
            parts.append(f"≤ {self.max_ratio:g}×")
        if self.max_seconds is not None:
            parts.append(f"< {self.max_seconds:g} s")
        if self.check is not None and not parts:
            parts.append("see note")
        return ", ".join(parts)


@dataclass
class Result:
    case: Case
    median: float
    baseline_median: float | None
    queries: int | None
    baseline_queries: int | None
    peak: int
    baseline_peak: int | None
    times: list[float] = field(default_factory=list)
    baseline_times: list[float] = field(default_factory=list)
    failure: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline_median is None or self.baseline_median <= 0:
            return None
        return self.median / self.baseline_median

    @property
    def met(self) -> bool | None:
        case = self.case
        if case.max_ratio is None and case.max_seconds is None and case.check is None:
            return None
        if self.failure:
            return False
        if case.max_ratio is not None and (self.ratio is None or self.ratio > case.max_ratio):
            return False
        return not (case.max_seconds is not None and self.median >= case.max_seconds)


def _profile(fn: Callable[[], object], around, count_django: bool) -> tuple[object, int | None, int]:
    gc.collect()
    tracemalloc.start()
    try:
        with around():
            if count_django:
                with CaptureQueriesContext(connection) as captured:
                    value = fn()
                queries = len(captured)
            else:
                value, queries = fn(), None
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return value, queries, peak


def _timed(fn: Callable[[], object], around) -> float:
    gc.collect()
    with around():
        started = time.perf_counter()
        fn()
        elapsed = time.perf_counter() - started
    return elapsed


def run_case(case: Case, *, reps: int | None = None, log=print) -> Result:
    reps = max(1, reps if reps is not None else case.reps)
    value, queries, peak = _profile(case.subject, case.around, count_django=True)
    failure = case.check(value) if case.check else None
    baseline_queries = baseline_peak = None
    if case.baseline is not None:
        before = case.raw.queries if case.raw else 0
        _, _, baseline_peak = _profile(case.baseline, case.around, count_django=False)
        baseline_queries = (case.raw.queries - before) if case.raw else 0
    times, baseline_times = [], []
    for rep in range(reps):
        pair = [("subject", case.subject), ("baseline", case.baseline)]
        if rep % 2:
            pair.reverse()
        for which, fn in pair:
            if fn is None:
                continue
            (times if which == "subject" else baseline_times).append(_timed(fn, case.around))
    result = Result(
        case=case,
        median=statistics.median(times),
        baseline_median=statistics.median(baseline_times) if baseline_times else None,
        queries=queries,
        baseline_queries=baseline_queries,
        peak=peak,
        baseline_peak=baseline_peak,
        times=times,
        baseline_times=baseline_times,
        failure=failure,
    )
    ratio = f" = {result.ratio:.2f}× baseline" if result.ratio is not None else ""
    log(f"  {case.group:<10} {case.size:>5}  {case.name:<44} {result.median * 1000:10.1f} ms{ratio}")
    return result
