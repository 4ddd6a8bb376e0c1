"""ETag / If-Match: a write without the version read is refused (428), a stale one too (412), and nothing is written."""

import threading

import pytest
from django.db import connection

from argmap.models import Statement
from tests.api.rest.conftest import client_for, etag, problem
from tests.factories import UserFactory, make_map, make_statement, make_workspace


@pytest.fixture
def statement(argument_map, owner):
    return make_statement(argument_map, text="original", actor=owner)


def test_every_object_response_carries_its_version(api, debate, statement):
    assert etag(api.get(f"/api/v1/statements/{statement.pk}/")) == '"1"'
    for path in (
        f"/api/v1/maps/{debate['map'].pk}/",
        f"/api/v1/scheme-applications/{debate['inference'].pk}/",
        f"/api/v1/anchors/{debate['anchor'].pk}/",
        f"/api/v1/sources/{debate['source'].pk}/",
        f"/api/v1/evidence-links/{debate['link'].pk}/",
        f"/api/v1/tags/{debate['tag'].pk}/",
        f"/api/v1/workspaces/{debate['map'].workspace_id}/",
        f"/api/v1/documents/{debate['anchor'].document_id}/",
        "/api/v1/schemes/expert_opinion/",
    ):
        response = api.get(path)
        assert etag(response) == f'"{response.json()["version"]}"', path


@pytest.mark.parametrize("method", ["patch", "delete"])
def test_missing_if_match_is_428_and_writes_nothing(api, statement, method):
    response = getattr(api, method)(f"/api/v1/statements/{statement.pk}/", {"text": "changed"}, format="json")
    body = problem(response)
    assert body["status"] == 428 and "If-Match" in body["detail"]
    assert Statement.objects.get(pk=statement.pk).text == "original"
    garbage = getattr(api, method)(
        f"/api/v1/statements/{statement.pk}/", {"text": "x"}, format="json", HTTP_IF_MATCH="yesterday"
    )
    assert problem(garbage)["status"] == 400 and "If-Match" in problem(garbage)["errors"]
    assert Statement.objects.get(pk=statement.pk).version == 1


@pytest.mark.parametrize(
    "if_match, status",
    [
        ('"1"', 200),
        ("*", 200),
        ('"7", "1"', 200),
        ('"7","1" ', 200),
        ('W/"1"', 412),
        ('W/"1", "2"', 412),
        ('"7", "8"', 412),
        ('"1', 400),
        ('"1" "7"', 400),
        ("1", 400),
    ],
)
def test_if_match_uses_strong_comparison_lists_and_star_per_rfc_9110(api, statement, if_match, status):
    """RFC 9110 §13.1.1: ``*`` matches any current object, a list matches if one of its tags does,
    and If-Match compares strongly, so a weak tag never matches."""
    url = f"/api/v1/statements/{statement.pk}/"
    response = api.patch(url, {"text": "changed"}, format="json", HTTP_IF_MATCH=if_match)
    assert response.status_code == status, response.content
    assert Statement.objects.get(pk=statement.pk).text == ("changed" if status == 200 else "original")


def test_a_parallel_writer_gets_412_and_the_first_write_stands(owner, team, statement):
    first, second = client_for(owner), client_for(team["editor"])
    url = f"/api/v1/statements/{statement.pk}/"
    seen_by_first, seen_by_second = etag(first.get(url)), etag(second.get(url))
    assert seen_by_first == seen_by_second == '"1"'
    assert first.patch(url, {"text": "first writer"}, format="json", HTTP_IF_MATCH=seen_by_first).status_code == 200
    body = problem(second.patch(url, {"text": "second writer"}, format="json", HTTP_IF_MATCH=seen_by_second))
    assert body["status"] == 412 and body["rule"] == "optimistic_concurrency"
    assert (body["expected_version"], body["current_version"]) == (1, 2)
    assert problem(second.delete(url, HTTP_IF_MATCH=seen_by_second))["status"] == 412
    current = Statement.objects.get(pk=statement.pk)
    assert (current.text, current.version) == ("first writer", 2)
    reloaded = etag(second.get(url))
    retried = second.patch(url, {"text": "second writer"}, format="json", HTTP_IF_MATCH=reloaded)
    assert retried.status_code == 200 and etag(retried) == '"3"'


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_writers_of_one_version_cannot_both_succeed():
    owner, editor = UserFactory(username="owner"), UserFactory(username="editor")
    workspace = make_workspace(owner=owner, slug="race", editor=[editor])
    statement = make_statement(make_map(workspace), text="original", actor=owner)
    url = f"/api/v1/statements/{statement.pk}/"
    start = threading.Barrier(2)
    results = {}

    def write(name, user):
        from django.db import connection as thread_connection

        try:
            client = client_for(user)
            start.wait()
            results[name] = client.patch(url, {"text": name}, format="json", HTTP_IF_MATCH='"1"').status_code
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=write, args=(n, u)) for n, u in (("owner", owner), ("editor", editor))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == [200, 412]
    winner = next(name for name, code in results.items() if code == 200)
    current = Statement.objects.get(pk=statement.pk)
    assert (current.text, current.version) == (winner, 2)
