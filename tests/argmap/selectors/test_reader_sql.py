"""The hot reads' SQL is compiled once per kind of reader and filled with each reader's own values."""

import uuid

import pytest
from django.db import connection

from argmap import services
from argmap.models import ArgumentMap
from argmap.selectors import access
from argmap.selectors.reader_sql import UNRESTRICTED, reader_sql
from tests.factories import UserFactory, make_map, make_statement, make_workspace


def _visible_statement(reader, *, statement_id):
    return access.visible_statements_for(reader).filter(pk=statement_id).values("pk").query.sql_with_params()


def _run(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def two_teams(db):
    """Two private maps in two workspaces, an owner each: readers of one shape."""
    teams = {}
    for name in ("north", "south"):
        owner = UserFactory(username=name)
        workspace = make_workspace(owner=owner, slug=name)
        statement = make_statement(make_map(workspace, name=name), text=f"{name} claim", actor=owner)
        teams[name] = (type(owner).objects.get(pk=owner.pk), statement)
    return teams


def test_readers_of_one_shape_share_the_sql_and_see_only_their_own(two_teams):
    built = []

    def build(reader, **values):
        built.append(reader)
        return _visible_statement(reader, **values)

    (north, north_claim), (south, south_claim) = two_teams["north"], two_teams["south"]
    assert access.reader_shape(north) == access.reader_shape(south) == ("member", "owner")
    read = f"test {uuid.uuid4()}"
    compiled = {
        (user.username, claim.text): reader_sql(read, user, build, statement_id=claim.pk)
        for user in (north, south)
        for claim in (north_claim, south_claim)
    }
    assert len(built) == 2, "compiled twice (to check it), once for the shape"
    assert len({sql for sql, _ in compiled.values()}) == 1
    seen = {key: _run(sql, params) for key, (sql, params) in compiled.items()}
    assert seen == {
        ("north", "north claim"): [north_claim.pk],
        ("north", "south claim"): [],
        ("south", "north claim"): [],
        ("south", "south claim"): [south_claim.pk],
    }


def test_each_shape_of_reader_has_its_own_sql(two_teams):
    (north, claim), (south, _) = two_teams["north"], two_teams["south"]
    services.add_member(actor=north, workspace=claim.map.workspace, user=south, role="annotator")
    south = type(south).objects.get(pk=south.pk)
    superuser = UserFactory(username="root", is_superuser=True)
    read = f"test {uuid.uuid4()}"
    shapes = {}
    for user in (north, south, superuser, None, UNRESTRICTED):
        sql, _ = reader_sql(
            read,
            user,
            lambda reader, **values: (
                _visible_statement(reader, **values)
                if reader is not UNRESTRICTED
                else ("SELECT %s::uuid", [values["statement_id"]])
            ),
            statement_id=claim.pk,
        )
        shapes[sql] = user
    assert len(shapes) == 5
    assert access.reader_shape(south) == ("member", "annotator", "owner")


def test_a_read_whose_sql_is_not_a_function_of_the_shape_is_refused(two_teams):
    north, claim = two_teams["north"]

    def inlines_the_value(reader, *, statement_id):
        return f"SELECT id FROM argmap_statement WHERE id = '{statement_id}'", []

    with pytest.raises(RuntimeError):
        reader_sql(f"test {uuid.uuid4()}", north, inlines_the_value, statement_id=claim.pk)


@pytest.mark.django_db
def test_a_read_that_queries_while_it_is_built_is_refused():
    def build(reader, *, map_id):
        list(ArgumentMap.objects.filter(pk=map_id).values("pk"))  # data decides the SQL: not a function of the shape
        return ArgumentMap.objects.filter(pk=map_id).query.sql_with_params()

    with pytest.raises(RuntimeError, match="queried the database"):
        reader_sql("refused: queries while built", None, build, map_id=uuid.uuid4())


def test_literal_constants_write_the_rules_values_into_the_sql_and_keep_the_readers_as_parameters(two_teams):
    (north, north_claim), (south, south_claim) = two_teams["north"], two_teams["south"]
    read = f"test {uuid.uuid4()}"
    plain, _ = reader_sql(read, north, _visible_statement, statement_id=north_claim.pk)
    for user, claim, other in ((north, north_claim, south_claim), (south, south_claim, north_claim)):
        sql, params = reader_sql(read, user, _visible_statement, literal_constants=True, statement_id=claim.pk)
        assert "'suggested'" in sql and "'suggested'" not in plain
        assert sql.count("%s") == len(params) < plain.count("%s")
        assert params.count(claim.pk) == 1 and all(not isinstance(p, str) for p in params)
        assert _run(sql, params) == [claim.pk]
        assert _run(*reader_sql(read, user, _visible_statement, literal_constants=True, statement_id=other.pk)) == []
