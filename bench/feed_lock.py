"""What the change feed costs a write: ``python -m bench.feed_lock`` (database ``argmap_bench_feed``).

Alternates, in one process, single statement creations with the feed on and with
``append_to_feed`` switched off (rounds of 50), then 4 writer threads with the
feed lock on and off, and prints mean milliseconds per write and the ratios
(docs/decisions.md: ratios survive a shared machine, single timings do not).
"""

from __future__ import annotations

import statistics
import threading
import time
from contextlib import contextmanager
from unittest import mock

from bench.environment import configure

ROUNDS = 6
PER_ROUND = 50
THREADS = 4


@contextmanager
def _feed(enabled: bool, *, lock_only: bool = False):
    from argmap.services import feed, history

    if enabled:
        yield
    elif lock_only:
        with mock.patch.object(feed, "_lock_feed", lambda: None):
            yield
    else:
        with mock.patch.object(history, "append_to_feed", lambda common, rows: []):
            yield


def _serial(argument_map, actor) -> float:
    from argmap import services

    started = time.perf_counter()
    for n in range(PER_ROUND):
        services.create_statement(actor=actor, argument_map=argument_map, kind="claim", text=f"bench {n}")
    return (time.perf_counter() - started) / PER_ROUND * 1000


def _concurrent(argument_map, actor) -> float:
    from django.db import connection

    from argmap import services

    def writer():
        for n in range(PER_ROUND):
            services.create_statement(actor=actor, argument_map=argument_map, kind="claim", text=f"bench {n}")
        connection.close()

    threads = [threading.Thread(target=writer) for _ in range(THREADS)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return (time.perf_counter() - started) / (PER_ROUND * THREADS) * 1000


def main() -> None:
    configure("argmap_bench_feed")
    from django.contrib.auth import get_user_model

    from argmap import services

    actor = get_user_model().objects.create_user("bench-feed")
    workspace = services.create_workspace(actor=actor, slug="bench-feed", name="Bench feed")
    argument_map = services.create_map(actor=actor, workspace=workspace, name="Bench", visibility="private")
    results: dict[str, list[float]] = {"serial on": [], "serial off": [], "4 threads lock": [], "4 threads no lock": []}
    for _ in range(ROUNDS):
        with _feed(True):
            results["serial on"].append(_serial(argument_map, actor))
        with _feed(False):
            results["serial off"].append(_serial(argument_map, actor))
        with _feed(True):
            results["4 threads lock"].append(_concurrent(argument_map, actor))
        with _feed(False, lock_only=True):
            results["4 threads no lock"].append(_concurrent(argument_map, actor))
    for name, values in results.items():
        print(f"{name:>18}: {statistics.median(values):6.2f} ms/write (median of {ROUNDS} rounds of {PER_ROUND})")
    serial = statistics.median(results["serial on"]) - statistics.median(results["serial off"])
    print(f"feed cost per write, one writer: {serial:+.2f} ms")
    ratio = statistics.median(results["4 threads lock"]) / statistics.median(results["4 threads no lock"])
    print(f"4 writers, feed lock on/off: {ratio:.2f}x time per write")


if __name__ == "__main__":
    main()
