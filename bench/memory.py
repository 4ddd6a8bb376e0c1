"""The cyclic garbage collector in whole-map requests: CPython's defaults against the serving policy.

``python -m bench.memory`` (database ``argmap_perf``, maps generated when missing) runs the REST graph
and GraphQL ``graphDocument`` at 10k statements through Django's whole WSGI stack, the two collector
policies interleaved in one process (``gc.unfreeze`` between them), and prints median milliseconds,
their ratio, the time the collector took per request (``gc.callbacks``) and the peak Python heap of one
request (``tracemalloc``, untimed pass). ``--policy default|serving --reps N`` instead runs only one
policy, so two processes can be compared as whole processes (peak RSS).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import sys
import time
import tracemalloc

DEFAULT_THRESHOLDS = (700, 10, 10)


def default_policy() -> None:
    gc.unfreeze()
    gc.set_threshold(*DEFAULT_THRESHOLDS)


def serving_policy() -> None:
    from config.memory import settle_worker

    gc.unfreeze()
    settle_worker()


POLICIES = {"default": default_policy, "serving": serving_policy}


class CollectorClock:
    """Seconds the cyclic collector ran, summed through ``gc.callbacks``."""

    def __init__(self):
        self.seconds = 0.0
        self.collections = 0
        self._started = 0.0

    def __call__(self, phase, info):
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started
            self.collections += 1


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="argmap_perf")
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=7)
    parser.add_argument("--policy", choices=sorted(POLICIES), help="run only this policy (whole-process comparison)")
    args = parser.parse_args(argv)

    from .environment import configure

    configure(args.database, recreate=False)
    from .cases import GRAPH_DOCUMENT_QUERY, GRAPH_QUERY, Api
    from .data import prepare

    data = prepare([args.statements], log=lambda message: print(message, file=sys.stderr))
    from graphql_relay import to_global_id

    map_id = str(data.maps[0].argument_map.pk)
    variables = {"id": to_global_id("Map", map_id)}
    api = Api(data.token)
    requests = {
        "REST graph": lambda: api.get(f"/api/v1/maps/{map_id}/graph/").content,
        "GraphQL graphDocument": lambda: api.graphql(GRAPH_DOCUMENT_QUERY, variables),
        "GraphQL map { graph { … } }": lambda: api.graphql(GRAPH_QUERY, variables),
    }
    for request in requests.values():
        assert len(request()) > 1_000_000, (
            "the map was not served whole"
        )  # and warms URLconf, schema: URLconf, schema, connection

    if args.policy:
        POLICIES[args.policy]()
        started = time.perf_counter()
        for _ in range(args.reps):
            for request in requests.values():
                request()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        print(f"{args.policy}: {time.perf_counter() - started:.2f}s, peak RSS {usage.ru_maxrss / 1024:.0f} MiB")
        return 0

    clock = CollectorClock()
    gc.callbacks.append(clock)
    print(f"{args.statements} statements, {args.reps} interleaved repetitions")
    for name, request in requests.items():
        times = {policy: [] for policy in POLICIES}
        collector = {policy: [] for policy in POLICIES}
        for rep in range(args.reps):
            order = list(POLICIES) if rep % 2 == 0 else list(reversed(POLICIES))
            for policy in order:
                POLICIES[policy]()
                clock.seconds, clock.collections = 0.0, 0
                started = time.perf_counter()
                request()
                times[policy].append(time.perf_counter() - started)
                collector[policy].append((clock.seconds, clock.collections))
        peaks = {}
        for policy in POLICIES:
            POLICIES[policy]()
            tracemalloc.start()
            request()
            peaks[policy] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        for policy in POLICIES:
            gc_seconds = statistics.median(s for s, _ in collector[policy])
            collections = statistics.median(n for _, n in collector[policy])
            print(
                f"{name:30} {policy:8} {statistics.median(times[policy]) * 1000:8.0f} ms"
                f"  collector {gc_seconds * 1000:6.0f} ms in {collections:.0f} collections"
                f"  peak heap {peaks[policy] / 2**20:6.1f} MiB"
            )
        ratio = statistics.median(times["default"]) / statistics.median(times["serving"])
        print(f"{name:30} default / serving: {ratio:.2f}×")
    print(f"load average: {' '.join(f'{x:.2f}' for x in __import__('os').getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
