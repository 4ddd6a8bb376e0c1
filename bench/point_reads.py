"""Point reads (REST statement detail, GraphQL ``node``) with and without this round's per-request savings.

``python -m bench.point_reads`` (database ``argmap_perf``, ``--database`` to change) times both reads
through Django's whole WSGI stack with an API token, each saving switched on and off alternately in one
process (ABAB…, the order swapped every repetition): SQL compiled once per audience
(:mod:`argmap.selectors.point_reads`; off: the selector's queryset built and compiled per request), the
browser-only middleware passed over for token requests (:mod:`config.middleware`), and parsed GraphQL
documents remembered (:func:`api.graphql.views.parsed`); and the ``point`` branch's: point reads as
server-side prepared statements (off: Django's cursor, bound on the client and planned each time), the
statement detail's fields bound once per class (off: DRF's deep copy per instance), GraphQL validation
skipped for a remembered document whose limits read no variable, and no CSRF cookie for token requests
to ``/graphql/``; and the ``point3`` branch's: GraphQL ``node(id:)`` read in the token's round trip
(``node-beside``; off: the token, then the node) and DRF's content negotiation answered without parsing
for a request that makes no choice (``negotiation``); and this session's: the REST statement detail's
body written by PostgreSQL in the token's round trip and served without DRF's dispatch (``detail-written``;
off: DRF's ``retrieve`` through the serializer), and a Statement's ``node(id:)`` written by PostgreSQL in
the token's round trip and answered without execution (``node-written``; off: the row read beside the
token, then executed). ``--only NAME`` switches one saving alone. Prints
median microseconds and their ratio.
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
    parser.add_argument(
        "--only",
        action="append",
        choices=(
            "compiled",
            "middleware",
            "parse",
            "prepared",
            "fields",
            "validation",
            "csrf",
            "node-beside",
            "negotiation",
            "detail-written",
            "node-written",
        ),
        help="switch only this saving (repeatable)",
    )
    args = parser.parse_args(argv)

    from .environment import configure

    configure(args.database, recreate=False)
    from graphql_relay import to_global_id

    from argmap.models import Statement

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

    from django.utils.functional import cached_property
    from graphene_django.views import GraphQLView
    from rest_framework import serializers
    from rest_framework.negotiation import DefaultContentNegotiation
    from rest_framework.views import APIView

    from api.graphql import views as graphql_views
    from api.graphql.core import limits
    from api.rest.serializers.statements import StatementOutput
    from api.rest.views.statements import StatementViewSet
    from argmap.selectors import prepared
    from argmap.selectors.point_reads import PointRead
    from config import middleware

    def unprepared(sql, params, *, connection, **_):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchmany(1)

    copied_fields = cached_property(serializers.Serializer.fields.func)
    copied_fields.__set_name__(StatementOutput, "fields")
    savings = {
        "compiled": (PointRead, "_for", lambda self, audience, using: None),
        "middleware": (middleware, "token_api_request", lambda request: False),
        "parse": (graphql_views, "parsed", graphql_views.parse),
        "prepared": (prepared, "prepared_rows", unprepared),
        "fields": (StatementOutput, "fields", copied_fields),
        "validation": (limits, "_variables_decide", lambda schema, query: False),
        "csrf": (graphql_views, "_DISPATCH_WITHOUT_CSRF_COOKIE", GraphQLView.dispatch),
        "node-beside": (graphql_views.ArgmapGraphQLView, "node_beside", lambda self, request: None),
        "negotiation": (APIView, "content_negotiation_class", DefaultContentNegotiation),
        "detail-written": (StatementViewSet, "written_detail", None),
        "node-written": (graphql_views.ArgmapGraphQLView, "_written_members", lambda self, *args: None),
    }
    chosen = {name: savings[name] for name in args.only} if args.only else savings
    saved = {name: getattr(owner, attribute) for name, (owner, attribute, _) in chosen.items()}

    def switch(on: bool):
        for name, (owner, attribute, off) in chosen.items():
            setattr(owner, attribute, saved[name] if on else off)

    print(
        f"{args.reps} interleaved repetitions, savings {', '.join(chosen)}, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for name, read in reads.items():
        times = {"before": [], "after": []}
        for _ in range(50):
            read()
        for rep in range(args.reps):
            order = [("before", False), ("after", True)]
            for label, on in order if rep % 2 else reversed(order):
                switch(on)
                started = time.perf_counter()
                read()
                times[label].append(time.perf_counter() - started)
        switch(True)
        b, a = (statistics.median(times[label]) * 1e6 for label in ("before", "after"))
        print(f"{name:24} before {b:7.0f} µs  after {a:7.0f} µs  before / after {b / a:.2f}×")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
