"""Point reads (REST statement detail, GraphQL ``node``) with and without this issue's per-request savings.

``python -m bench.point_reads`` (database ``argmap_perf``) times both reads through Django's whole WSGI
stack with an API token, the savings switched on and off alternately in one process: the token throttles
read in one cache round trip instead of one per throttle, and a query string's document-only GraphQL
validation remembered. Prints median microseconds and their ratio.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="argmap_perf")
    parser.add_argument("--reps", type=int, default=2000)
    args = parser.parse_args(argv)

    from .environment import configure

    configure(args.database, recreate=False)
    from graphql_relay import to_global_id

    from api.graphql import views
    from api.graphql.core.limits import validation_rules
    from argmap.models import Statement
    from config import security

    from .cases import Api
    from .data import prepare

    data = prepare([1000], log=lambda message: print(message, file=sys.stderr))
    statement = Statement.objects.filter(map=data.maps[0].argument_map).order_by("id").first()
    api = Api(data.token)
    node = "query ($id: ID!) { node(id: $id) { ... on Statement { id kind text status version } } }"
    variables = {"id": to_global_id("Statement", str(statement.pk))}
    reads = {
        "REST statement detail": lambda: api.get(f"/api/v1/statements/{statement.pk}/"),
        "GraphQL node(id:)": lambda: api.graphql(node, variables),
    }

    def each_throttle_alone(checks):
        for throttle, key in checks:
            if throttle.exceeded(key):
                return throttle, key
        return None

    saved = {"first_exceeded": security.first_exceeded, "rules_to_run": views.rules_to_run}
    before = {"first_exceeded": each_throttle_alone, "rules_to_run": lambda schema, query, v: validation_rules(v)}

    def switch(values):
        security.first_exceeded = values["first_exceeded"]
        views.rules_to_run = values["rules_to_run"]

    print(f"{args.reps} interleaved repetitions, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for name, read in reads.items():
        times = {"before": [], "after": []}
        for _ in range(50):
            read()
        for rep in range(args.reps):
            order = [("before", before), ("after", saved)]
            for label, values in order if rep % 2 else reversed(order):
                switch(values)
                started = time.perf_counter()
                read()
                times[label].append(time.perf_counter() - started)
        switch(saved)
        b, a = (statistics.median(times[label]) * 1e6 for label in ("before", "after"))
        print(f"{name:24} before {b:7.0f} µs  after {a:7.0f} µs  before / after {b / a:.2f}×")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
