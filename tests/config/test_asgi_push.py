"""Push across app processes: two uvicorn processes on the test database, one Redis broker.

A write through process A must reach an SSE reader and a GraphQL subscriber of
process B within a second; a reader that resumes from its cursor gets every
missed event once and in order; strangers cannot subscribe to a private map;
a blind annotator hears nothing of another annotator's work; a rolled-back
write tells nobody anything.
"""

from __future__ import annotations

import queue
import time
import uuid

import httpx
import pytest
from django.conf import settings
from django.db import connection, transaction
from graphql_relay import to_global_id
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import FeedEntry
from argmap.selectors.changes import encode_cursor
from argmap.services.annotation import start_independent_annotation
from tests.factories import UserFactory, make_document, make_map, make_statement, make_workspace
from tests.push_clients import AppProcess, GraphQLSubscriber, SSEReader

pytestmark = pytest.mark.django_db(transaction=True)

SUBSCRIPTION = """subscription($mapId: ID!, $after: String) { mapChanged(mapId: $mapId, after: $after) {
  cursor actor summary changes { entity action after } } }"""


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def processes(django_db_setup):
    prefix = f"{settings.CHANNEL_LAYERS['default']['CONFIG']['prefix']}-{uuid.uuid4().hex[:8]}"
    settings.CHANNEL_LAYERS["default"]["CONFIG"]["prefix"] = prefix  # this process publishes there too
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    apps = [AppProcess(database_url=_database_url(), channel_prefix=prefix) for _ in range(2)]
    try:
        for app in apps:
            app.wait_ready()
        yield apps
    finally:
        for app in apps:
            app.stop()
        channel_layers.backends.clear()


@pytest.fixture
def team():
    owner = UserFactory(username="owner")
    workspace = make_workspace(owner=owner, slug="push")
    document = make_document(workspace, text="核の脅威は増している。対話が必要だ。")
    argument_map = make_map(workspace, documents=[document])
    users = {"owner": owner}
    for name in ("alice", "bob"):
        users[name] = UserFactory(username=name)
        services.add_member(actor=owner, workspace=workspace, user=users[name], role="annotator")
    users["stranger"] = UserFactory(username="stranger")
    tokens = {name: Token.objects.create(user=user).key for name, user in users.items()}
    return {"map": argument_map, "workspace": workspace, "users": users, "tokens": tokens}


def _write(app: AppProcess, token: str, argument_map, text: str) -> float:
    response = httpx.post(
        f"{app.base}/api/v1/statements/",
        json={"map": str(argument_map.pk), "kind": "claim", "text": text},
        headers={"Authorization": f"Token {token}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    return time.monotonic()


def _head(argument_map) -> str:
    return encode_cursor(FeedEntry.objects.filter(map_id=argument_map.pk).order_by("-position")[0].position)


def _sse(app, argument_map, token, last_event_id=None) -> SSEReader:
    reader = SSEReader(f"{app.base}/api/v1/maps/{argument_map.pk}/events/", token=token, last_event_id=last_event_id)
    reader.start()
    assert reader.opened.wait(10)
    return reader


def _subscriber(app, argument_map, token, after=None) -> GraphQLSubscriber:
    variables = {"mapId": to_global_id("Map", str(argument_map.pk)), "after": after}
    subscriber = GraphQLSubscriber(f"ws://127.0.0.1:{app.port}/graphql/", SUBSCRIPTION, variables, token=token)
    subscriber.start()
    assert subscriber.acknowledged.wait(10)
    return subscriber


def _texts(events) -> list[str]:
    return [c["after"]["text"] for _, e in events for c in e["data"]["changes"] if c["entity"] == "statement"]


def test_a_write_through_one_process_reaches_both_kinds_of_client_of_the_other_within_a_second(processes, team):
    a, b = processes
    argument_map, tokens = team["map"], team["tokens"]
    reader = _sse(b, argument_map, tokens["owner"], last_event_id=_head(argument_map))
    assert any("push: broker" in line for line in reader.comments), (reader.status, reader.body, reader.comments)
    subscriber = _subscriber(b, argument_map, tokens["owner"], after=_head(argument_map))
    time.sleep(0.3)  # let the subscription reach its first read
    latencies = []
    for n in range(3):
        written = _write(a, tokens["owner"], argument_map, f"主張 {n}")
        ((sse_at, event),) = reader.take(1)
        ((ws_at, message),) = subscriber.take(1)
        assert event["event"] == "change" and _texts([(sse_at, event)]) == [f"主張 {n}"]
        assert message["type"] == "next" and message["payload"]["data"]["mapChanged"]["cursor"] == event["id"]
        assert message["payload"]["data"]["mapChanged"]["changes"][0]["after"]["text"] == f"主張 {n}"
        latencies += [sse_at - written, ws_at - written]
    reader.close()
    subscriber.close()
    assert max(latencies) < 1.0, latencies


def test_a_client_that_resumes_from_its_cursor_gets_every_missed_event_once_and_in_order(processes, team):
    a, b = processes
    argument_map, token = team["map"], team["tokens"]["owner"]
    reader = _sse(b, argument_map, token, last_event_id=_head(argument_map))
    _write(a, token, argument_map, "first")
    ((_, seen),) = reader.take(1)
    reader.close()
    for n in range(5):
        _write(a, token, argument_map, f"missed {n}")
    resumed = _sse(a, argument_map, token, last_event_id=seen["id"])
    _write(b, token, argument_map, "after resuming")
    events = resumed.take(6)
    assert _texts(events) == [f"missed {n}" for n in range(5)] + ["after resuming"]
    with pytest.raises(queue.Empty):
        resumed.events.get(timeout=0.5)
    resumed.close()
    subscriber = _subscriber(b, argument_map, token, after=seen["id"])
    messages = subscriber.take(6)
    texts = [m["payload"]["data"]["mapChanged"]["changes"][0]["after"]["text"] for _, m in messages]
    assert texts == [f"missed {n}" for n in range(5)] + ["after resuming"]
    subscriber.close()


def test_a_stranger_cannot_subscribe_to_a_private_map_and_is_told_what_a_missing_map_tells(processes, team):
    _, b = processes
    argument_map, token = team["map"], team["tokens"]["stranger"]
    missing = make_map(team["workspace"], name="gone")
    missing_id = missing.pk
    services.delete_map(actor=team["users"]["owner"], argument_map=missing, expected_version=missing.version)
    answers = []
    for map_id in (argument_map.pk, missing_id):
        response = httpx.get(
            f"{b.base}/api/v1/maps/{map_id}/events/", headers={"Authorization": f"Token {token}"}, timeout=5
        )
        answers.append((response.status_code, response.json()["title"]))
        subscriber = GraphQLSubscriber(
            f"ws://127.0.0.1:{b.port}/graphql/",
            SUBSCRIPTION,
            {"mapId": to_global_id("Map", str(map_id))},
            token=token,
        )
        subscriber.start()
        ((_, message),) = subscriber.take(1)
        subscriber.close()
        (error,) = message["payload"]
        answers.append(
            (
                message["type"],
                error["extensions"]["code"],
                error["message"].replace(to_global_id("Map", str(map_id)), "?"),
            )
        )
    assert answers[0] == answers[2] == (404, "Not found")
    assert answers[1] == answers[3]
    assert answers[1][:2] == ("error", "NOT_FOUND")


def test_a_blind_annotator_hears_nothing_of_another_annotators_work(processes, team):
    a, b = processes
    argument_map, tokens = team["map"], team["tokens"]
    start_independent_annotation(actor=team["users"]["owner"], argument_map=argument_map)
    start = _head(argument_map)
    reader = _sse(b, argument_map, tokens["alice"], last_event_id=start)
    subscriber = _subscriber(b, argument_map, tokens["alice"], after=start)
    _write(a, tokens["bob"], argument_map, "bob's draft")
    _write(a, tokens["alice"], argument_map, "alice's draft")
    ((_, event),) = reader.take(1)
    ((_, message),) = subscriber.take(1)
    assert _texts([(0, event)]) == ["alice's draft"]
    assert message["payload"]["data"]["mapChanged"]["actor"] == "alice"
    with pytest.raises(queue.Empty):
        reader.events.get(timeout=1.0)
    reader.close()
    subscriber.close()


def test_a_rolled_back_write_emits_nothing(processes, team):
    _, b = processes
    argument_map, owner = team["map"], team["users"]["owner"]
    reader = _sse(b, argument_map, team["tokens"]["owner"], last_event_id=_head(argument_map))
    with pytest.raises(RuntimeError), transaction.atomic():
        make_statement(argument_map, "rolled back", actor=owner)
        raise RuntimeError("abandon the write")
    make_statement(argument_map, "committed", actor=owner)
    events = reader.take(1)
    assert _texts(events) == ["committed"]
    with pytest.raises(queue.Empty):
        reader.events.get(timeout=1.0)
    reader.close()


def test_the_example_client_follows_the_stream_of_one_process_while_another_takes_the_writes(processes, team):
    import threading

    from tests.docs.test_sync_map_example import _example

    a, b = processes
    argument_map, token = team["map"], team["tokens"]["owner"]
    sync_map = _example()
    copy = sync_map.MapCopy(str(argument_map.pk))
    with httpx.Client(base_url=b.base, headers={"Authorization": f"Token {token}"}) as client:
        sync_map.catch_up(client, copy)
        texts = lambda c: sorted(row["text"] for row in c.of("statement"))  # noqa: E731
        follower = threading.Thread(
            target=sync_map.follow, args=(client, copy), kwargs={"until": lambda c: len(texts(c)) == 2}, daemon=True
        )
        follower.start()
        _write(a, token, argument_map, "one")
        _write(a, token, argument_map, "two")
        follower.join(timeout=5)
        assert not follower.is_alive()
    assert texts(copy) == ["one", "two"]


def test_gql_the_python_client_subscribes_with_graphql_transport_ws(processes, team):
    """The protocol as a real client speaks it: gql's WebsocketsTransport, subprotocol graphql-transport-ws."""
    import asyncio
    import threading

    from gql import Client, gql
    from gql.transport.websockets import WebsocketsTransport

    a, b = processes
    argument_map, token = team["map"], team["tokens"]["owner"]
    received, subscribed, head = [], threading.Event(), _head(argument_map)

    async def listen():
        transport = WebsocketsTransport(
            url=f"ws://127.0.0.1:{b.port}/graphql/",
            subprotocols=[WebsocketsTransport.GRAPHQLWS_SUBPROTOCOL],
            init_payload={"authorization": f"Token {token}"},
        )
        async with Client(transport=transport) as session:
            stream = session.subscribe(
                gql("subscription($m: ID!, $after: String) { mapChanged(mapId: $m, after: $after) { summary actor } }"),
                variable_values={"m": to_global_id("Map", str(argument_map.pk)), "after": head},
            )
            subscribed.set()
            async for result in stream:
                received.append(result["mapChanged"])
                break
            await stream.aclose()  # gql then sends `complete` and waits for the server's before closing

    listener = threading.Thread(target=lambda: asyncio.run(asyncio.wait_for(listen(), 10)), daemon=True)
    listener.start()
    assert subscribed.wait(5)
    _write(a, token, argument_map, "seen by gql")
    listener.join(timeout=10)
    assert received == [{"summary": "create statement", "actor": "owner"}]


def test_presence_is_pushed_on_the_stream_when_someone_arrives_or_leaves_not_on_every_heartbeat(processes, team):
    _, b = processes
    argument_map, tokens = team["map"], team["tokens"]
    url = f"{b.base}/api/v1/maps/{argument_map.pk}/presence/"
    alice = {"Authorization": f"Token {tokens['alice']}"}
    reader = _sse(b, argument_map, tokens["owner"], last_event_id=_head(argument_map))
    time.sleep(0.3)

    arrived = time.monotonic()
    assert httpx.put(url, json={}, headers=alice, timeout=10).status_code == 200
    ((at, event),) = reader.take(1)
    assert event["event"] == "presence" and "id" not in event, "presence moves no cursor"
    assert [r["username"] for r in event["data"]["results"]] == ["alice"]
    assert at - arrived < 1.0

    assert httpx.put(url, json={}, headers=alice, timeout=10).status_code == 200
    time.sleep(1.0)
    assert reader.events.empty(), "a heartbeat that changes nothing others see pushes nothing"

    assert httpx.delete(url, headers=alice, timeout=10).status_code == 200
    ((_, event),) = reader.take(1)
    assert event["event"] == "presence" and event["data"]["results"] == []

    _write(b, tokens["owner"], argument_map, "在席の後の主張")
    ((_, event),) = reader.take(1)
    assert event["event"] == "change" and _texts([(0, event)]) == ["在席の後の主張"]
    reader.close()
