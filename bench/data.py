"""The maps the bench measures: seeded synthetic maps in one workspace, read by its owner."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import connection
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.datasets.synthetic import generate_map
from argmap.models import ArgumentMap, Statement, StatementKind, Workspace

SEED = 8
WORKSPACE_SLUG = "bench"
OWNER_USERNAME = "bench-owner"
#: A substring that occurs in about one statement in nine (the generator's predicates × subjects).
COMMON_TERM = "拡大抑止"


@dataclass
class BenchMap:
    label: str
    statements: int
    argument_map: ArgumentMap
    #: the origin of the traversal cases: a claim in the middle of the map
    origin: Statement
    #: a substring of exactly one statement's text (``（命題N）``): the selective search
    rare_term: str
    rows: dict = field(default_factory=dict)


@dataclass
class BenchData:
    owner: object
    token: str
    workspace: Workspace
    maps: list[BenchMap]


def size_label(statements: int) -> str:
    if statements >= 1000 and statements % 1000 == 0:
        return f"{statements // 1000}k"
    return str(statements)


def prepare(sizes: list[int], *, seed: int = SEED, log=print) -> BenchData:
    """The owner, an API token and one map per size (generated unless the workspace already has it)."""
    User = get_user_model()
    owner = User.objects.filter(username=OWNER_USERNAME).first() or User.objects.create_user(
        OWNER_USERNAME, password=None
    )
    token, _ = Token.objects.get_or_create(user=owner)
    workspace = Workspace.objects.filter(slug=WORKSPACE_SLUG).first() or services.create_workspace(
        actor=owner, slug=WORKSPACE_SLUG, name="Benchmark maps"
    )
    maps = []
    for statements in sizes:
        name = f"Synthetic map (seed {seed}, {statements} statements)"
        argument_map = ArgumentMap.objects.filter(workspace=workspace, name=name).first()
        if argument_map is None:
            started = time.perf_counter()
            argument_map = generate_map(workspace=workspace, statements=statements, seed=seed, actor=owner)
            log(f"  generated {size_label(statements)} map in {time.perf_counter() - started:.1f}s")
        maps.append(_bench_map(argument_map, statements))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return BenchData(owner=owner, token=token.key, workspace=workspace, maps=maps)


def _bench_map(argument_map: ArgumentMap, statements: int) -> BenchMap:
    claims = Statement.objects.filter(map=argument_map, kind=StatementKind.CLAIM).order_by("id")
    origin = claims[claims.count() // 2]
    japanese = Statement.objects.filter(map=argument_map, text__contains="（命題").order_by("id")
    middle = japanese[japanese.count() // 2]
    rare_term = "（命題" + middle.text.rsplit("（命題", 1)[-1].split("）", 1)[0] + "）"
    rows = {
        "statements": argument_map.statements.count(),
        "scheme_applications": argument_map.scheme_applications.count(),
        "edges": argument_map.edges.count(),
    }
    return BenchMap(size_label(statements), statements, argument_map, origin, rare_term, rows)
