"""A statement detail whose body PostgreSQL writes (api/rest/bodies.py) answers exactly what DRF renders through
the serializer — status, bytes and headers — for hostile text, every member of the row, and every reader, in one
query once the token's reader is known."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.permissions import IsAdminUser
from rest_framework.renderers import JSONRenderer
from rest_framework.throttling import AnonRateThrottle

from api import authentication
from api.rest import bodies
from api.rest.serializers.statements import StatementOutput
from api.rest.views.statements import StatementViewSet
from argmap import services
from argmap.models import Statement
from tests.api.test_point_reads import detail, reader_grid
from tests.factories import UserFactory, make_participant, make_statement

#: Text a JSON writer must escape, or must not: quotes, backslashes, control characters, the two line separators
#: DRF escapes for JavaScript, characters outside the BMP, Japanese, markup.
HOSTILE = (
    'He said "no" \\ then left.\n\tIndented\r\x01\x08\x0c\x1f\x7f',
    "Line\u2028separator and paragraph\u2029separator",
    "北朝鮮の核問題 🚀 </script><!-- & ' \u00e9\u0301",
)


@pytest.fixture
def token_client(owner):
    return Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=owner).key}")


def rendered_by_drf(client, statement, monkeypatch, **options):
    """The answer when DRF renders the detail through the serializer (no written body)."""
    with monkeypatch.context() as patched:
        patched.setattr(StatementViewSet, "written_detail", None)
        return detail(client, statement, **options)


def test_the_written_body_is_what_drf_renders_for_every_member(
    token_client, owner, workspace, argument_map, monkeypatch
):
    speaker = make_participant(workspace, name="Einhorn", actor=owner)
    tags = [services.create_tag(actor=owner, workspace=workspace, slug=slug) for slug in ("zeta", "alpha", "mid")]
    statements = [make_statement(argument_map, text=text, actor=owner) for text in HOSTILE]
    statements.append(
        make_statement(
            argument_map,
            text="Arms control first.",
            kind="claim",
            actor=owner,
            gloss="",
            key="kwong-panda",
            implicit=True,
            speaker=speaker,
            illocution="reporting",
            tags=tags,
        )
    )
    reviewed = services.set_review_status(
        actor=owner, node=statements[0], status="accepted", reason="Checked \u2028 twice", expected_version=1
    )
    Statement.objects.filter(pk=statements[1].pk).update(
        created_at=datetime.datetime(2024, 12, 24, 9, 30, tzinfo=datetime.UTC),
        updated_at=datetime.datetime(2024, 12, 24, 9, 30, 0, 5, tzinfo=datetime.UTC),
    )
    Statement.objects.filter(pk=statements[2].pk).update(gloss="A gloss with \u2029 and \\u2028 literally")

    token_client.get(f"/api/v1/statements/{statements[0].pk}/")  # the token's reader is known from here on
    for statement in [reviewed, *statements[1:]]:
        with CaptureQueriesContext(connection) as captured:
            written = detail(token_client, statement)
        assert len(captured) == 1
        assert written == rendered_by_drf(token_client, statement, monkeypatch), statement.text
        assert written[0] == 200
    body = token_client.get(f"/api/v1/statements/{statements[3].pk}/").json()
    assert body["tags"] == ["alpha", "mid", "zeta"] and body["speaker"] == str(speaker.pk)
    assert b"\\u2028" in detail(token_client, statements[1])[1], "escaped as DRF escapes it"


def test_the_written_body_serves_without_the_serializer(token_client, argument_map, owner, monkeypatch):
    statement = make_statement(argument_map, text="Served as written.", actor=owner)
    calls = []
    real = StatementOutput.to_representation
    monkeypatch.setattr(StatementOutput, "to_representation", lambda self, obj: calls.append(obj) or real(self, obj))
    assert token_client.get(f"/api/v1/statements/{statement.pk}/").json()["text"] == "Served as written."
    assert calls == []
    # a request that chooses its representation, a HEAD, a session: DRF renders them, through the serializer
    token_client.get(f"/api/v1/statements/{statement.pk}/", HTTP_ACCEPT="application/json")
    token_client.get(f"/api/v1/statements/{statement.pk}/?format=json")
    token_client.head(f"/api/v1/statements/{statement.pk}/")
    session = Client()
    session.force_login(owner)
    assert session.get(f"/api/v1/statements/{statement.pk}/").status_code == 200
    assert len(calls) == 4


def test_every_reader_gets_what_drf_answers_in_one_query(owner, workspace, argument_map, document, monkeypatch):
    """Roles, an outsider, a superuser, blind annotators' layers, a pending suggestion, public and private maps of
    another workspace, a missing id: the same status, bytes and headers (404s included) as DRF's rendering."""
    roles = (("alice", "annotator"), ("bob", "annotator"), ("rita", "reviewer"), ("vera", "viewer"))
    readers, targets = reader_grid(owner, workspace, argument_map, document, (*roles, ("miner", "pipeline")),
                                   suggestion=True)  # fmt: skip
    statuses = set()
    for reader in readers:
        client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=reader)[0].key}")
        authentication._readers.guesses.clear()
        for target in targets:
            with CaptureQueriesContext(connection) as captured:
                written = detail(client, target)
            assert len(captured) <= 2
            with CaptureQueriesContext(connection) as captured:
                assert detail(client, target) == written
            assert len(captured) == 1, (reader.username, written[0])
            assert written == rendered_by_drf(client, target, monkeypatch), (reader.username, target.text)
            statuses.add(written[0])
    assert statuses == {200, 404}


@pytest.mark.parametrize(
    "token",
    ["7" * 40, "", "two parts", "\u00e9" * 40],
    ids=["unknown", "empty", "spaces", "not-latin-1"],
)
def test_a_refused_token_gets_what_drf_answers(argument_map, owner, monkeypatch, token):
    statement = make_statement(argument_map, actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {token}")
    answer = detail(client, statement)
    assert answer[0] == 401
    assert answer == rendered_by_drf(client, statement, monkeypatch)


def test_an_inactive_reader_is_refused_as_before(argument_map, owner, monkeypatch):
    reader = UserFactory(username="gone")
    services.add_member(actor=owner, workspace=argument_map.workspace, user=reader, role="viewer")
    statement = make_statement(argument_map, actor=owner)
    client = Client(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reader).key}")
    assert detail(client, statement)[0] == 200
    reader.is_active = False
    reader.save(update_fields=["is_active"])
    answer = detail(client, statement)
    assert answer[0] == 401 and answer == rendered_by_drf(client, statement, monkeypatch)


# --- what the SQL writer refuses -----------------------------------------------------------------------


class Computed(serializers.Serializer):
    text = serializers.CharField()
    shout = serializers.SerializerMethodField()


class Renamed(serializers.Serializer):
    words = serializers.CharField(source="text")


class Formatted(serializers.Serializer):
    created_at = serializers.DateTimeField(format="%Y")


class Nested(serializers.Serializer):
    workspace_slug = serializers.CharField(source="workspace.slug")


class Mistyped(serializers.Serializer):
    text = serializers.IntegerField()


@pytest.mark.parametrize("serializer_class", [Computed, Renamed, Formatted, Nested, Mistyped])
def test_a_member_the_sql_would_not_write_as_drf_does_is_refused(db, serializer_class):
    with pytest.raises(bodies.NotWritable):
        bodies.body_sql(serializer_class, Statement, computed={})


class HexIds(serializers.Serializer):
    id = serializers.UUIDField(format="hex")


class TokyoTime(serializers.Serializer):
    created_at = serializers.DateTimeField(default_timezone=ZoneInfo("Asia/Tokyo"))


@pytest.mark.parametrize("serializer_class", [HexIds, TokyoTime])
def test_a_field_with_a_format_of_its_own_is_refused(db, serializer_class):
    with pytest.raises(bodies.NotWritable):
        bodies.body_sql(serializer_class, Statement, computed={})


def test_a_write_only_member_is_left_out_as_drf_leaves_it_out(db):
    class WithInput(serializers.Serializer):
        text = serializers.CharField()
        gloss = serializers.CharField(write_only=True)

    sql = bodies.body_sql(WithInput, Statement, computed={})
    assert '"text"' in sql and "gloss" not in sql


class WithShout(StatementOutput):
    shout = serializers.SerializerMethodField()

    def get_shout(self, statement) -> str:
        return statement.text.upper()


def test_a_serializer_the_sql_cannot_write_leaves_the_detail_to_drf(token_client, argument_map, owner, monkeypatch):
    statement = make_statement(argument_map, text="Rendered by DRF.", actor=owner)
    monkeypatch.setattr(StatementViewSet, "serializer_class", WithShout)
    assert token_client.get(f"/api/v1/statements/{statement.pk}/").json()["shout"] == "RENDERED BY DRF."
    assert StatementViewSet.written_detail.read_for(WithShout, JSONRenderer) is None


class Throttled(StatementViewSet):
    throttle_classes = [AnonRateThrottle]


class Rendered(StatementViewSet):
    def render(self, obj):
        return {**super().render(obj), "rendered": "here"}


class Private(StatementViewSet):
    permission_classes = [IsAdminUser]


@pytest.mark.parametrize("view_class", [Throttled, Rendered, Private])
def test_a_view_that_changes_what_retrieve_runs_is_rendered_by_drf(argument_map, owner, monkeypatch, view_class):
    """A throttle, a permission or a step of ``retrieve`` of its own: DRF's dispatch does something the written
    path would skip, so the view's detail goes through DRF (the serializer runs)."""
    from django.contrib.auth.models import AnonymousUser
    from django.test import RequestFactory

    statement = make_statement(argument_map, text="Through DRF.", actor=owner)
    key = Token.objects.create(user=owner).key
    calls = []
    real = StatementOutput.to_representation
    monkeypatch.setattr(StatementOutput, "to_representation", lambda self, obj: calls.append(obj) or real(self, obj))
    view = view_class.as_view({"get": "retrieve"})
    for _ in range(2):  # the second with the token's reader known
        request = RequestFactory().get(f"/api/v1/statements/{statement.pk}/", HTTP_AUTHORIZATION=f"Token {key}")
        request.user = AnonymousUser()
        response = view(request, pk=str(statement.pk))
        assert response.status_code in (200, 403)
    assert len(calls) == (0 if view_class is Private else 2)
    assert not view_class._served_written() and StatementViewSet._served_written()


def test_the_database_failing_under_a_written_detail_gets_drfs_503(token_client, argument_map, owner, monkeypatch):
    from django.db import OperationalError

    from argmap.selectors import prepared

    statement = make_statement(argument_map, actor=owner)
    token_client.get(f"/api/v1/statements/{statement.pk}/")

    def failing(*args, **kwargs):
        raise OperationalError("the server closed the connection unexpectedly")

    monkeypatch.setattr(prepared, "prepared_rows", failing)
    answer = detail(token_client, statement)
    assert answer[0] == 503 and b"database_unavailable" in answer[1]
    assert answer == rendered_by_drf(token_client, statement, monkeypatch)


def test_the_statement_detail_is_written_by_postgresql():
    """The statement's serializer stays writable: a member added to it that the SQL cannot write would
    silently send every statement detail back through DRF (a warning in the log, and half the throughput)."""
    assert StatementViewSet.written_detail.read_for(StatementOutput, JSONRenderer) is not None
    assert StatementViewSet._served_written()
