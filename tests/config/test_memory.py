"""The serving process's garbage-collector policy: few collections in a large request, cycles still freed."""

import gc
import runpy
import weakref
from pathlib import Path

import orjson
import pytest
from django.test import Client
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap.datasets.synthetic import generate_map
from config import memory
from tests.factories import UserFactory, make_workspace

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def serving_policy():
    thresholds = gc.get_threshold()
    memory.settle_worker()
    yield
    gc.unfreeze()
    gc.set_threshold(*thresholds)


class Collections:
    def __init__(self):
        self.count = 0

    def __call__(self, phase, info):
        self.count += phase == "start"


def collections_during(request) -> int:
    counter = Collections()
    gc.callbacks.append(counter)
    try:
        request()
    finally:
        gc.callbacks.remove(counter)
    return counter.count


def test_gunicorn_settles_each_worker_once_the_app_is_loaded(monkeypatch):
    calls = []
    monkeypatch.setattr(memory, "settle_worker", lambda: calls.append("settled"))
    hooks = runpy.run_path(str(REPO / "config" / "gunicorn.conf.py"))
    hooks["post_worker_init"](worker=None)
    assert calls == ["settled"]


def test_a_settled_worker_has_frozen_the_loaded_app(serving_policy):
    assert gc.get_freeze_count() > 10_000  # Django, DRF, graphene and both schemas: never scanned again
    assert gc.get_threshold()[0] == memory.YOUNG_THRESHOLD


@pytest.mark.django_db
def test_a_whole_map_request_runs_a_fraction_of_the_collections(serving_policy, settings):
    # Field-by-field execution, the GraphQL path that still builds Python objects per row: the compiled
    # ``graph`` field (PostgreSQL writes its JSON) allocates too little to show the collector's cost, and every
    # query it cannot compile runs this way.
    settings.ARGMAP_GRAPHQL_COMPILED = False
    owner = UserFactory()
    workspace = make_workspace(owner=owner)
    argument_map = generate_map(workspace=workspace, statements=1000, seed=1, actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")
    query = orjson.dumps(
        {
            "query": "query ($id: ID!) { map(id: $id) { graph { statements { id text } edges { id role } } } }",
            "variables": {"id": to_global_id("Map", str(argument_map.pk))},
        }
    )

    def request():
        return client.post("/graphql/", query, content_type="application/json")

    assert request().status_code == 200

    served = collections_during(request)
    gc.set_threshold(700, 10, 10)
    by_default = collections_during(request)

    assert by_default >= 20
    assert served * 10 <= by_default


def test_cycles_are_still_collected_under_the_serving_policy(serving_policy):
    class Node:
        pass

    first, second = Node(), Node()
    first.other, second.other = second, first
    alive = weakref.ref(first)
    del first, second
    garbage = [[] for _ in range(2 * memory.YOUNG_THRESHOLD)]  # a large request's allocations
    del garbage
    assert alive() is None
