"""The typed whole map (``map { graph { … } }``, 10k statements) rendered by the stdlib encoder and by orjson.

``python -m bench.graphql_render`` (database ``argmap_perf``) alternates the two renderings in one process
and prints median milliseconds and their ratio.
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
    parser.add_argument("--statements", type=int, default=10_000)
    parser.add_argument("--reps", type=int, default=3)
    args = parser.parse_args(argv)

    from .environment import configure

    configure(args.database, recreate=False)
    from graphene_django.views import GraphQLView
    from graphql_relay import to_global_id

    from api.graphql.views import ArgmapGraphQLView

    from .cases import GRAPH_QUERY, Api
    from .data import prepare

    data = prepare([args.statements], log=lambda message: print(message, file=sys.stderr))
    variables = {"id": to_global_id("Map", str(data.maps[0].argument_map.pk))}
    api = Api(data.token)
    renderings = {"stdlib json": GraphQLView.json_encode, "orjson": ArgmapGraphQLView.json_encode}
    bodies = {}
    times = {name: [] for name in renderings}
    for rep in range(args.reps + 1):
        for name in list(renderings) if rep % 2 else list(reversed(renderings)):
            ArgmapGraphQLView.json_encode = renderings[name]
            started = time.perf_counter()
            bodies[name] = api.graphql(GRAPH_QUERY, variables)
            if rep:  # the first round warms up
                times[name].append(time.perf_counter() - started)
    ArgmapGraphQLView.json_encode = renderings["orjson"]
    import orjson

    assert orjson.loads(bodies["stdlib json"]) == orjson.loads(bodies["orjson"]), "the renderings differ"
    s, o = (statistics.median(times[name]) * 1000 for name in renderings)
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"stdlib json {s:.0f} ms, orjson {o:.0f} ms: stdlib / orjson {s / o:.2f}×")
    print(f"bytes: stdlib {len(bodies['stdlib json']):,}, orjson {len(bodies['orjson']):,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
