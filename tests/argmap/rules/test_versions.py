"""The version bump (argmap/rules/versions.py)."""

from types import SimpleNamespace

from argmap import services
from argmap.rules import bump_version
from tests.factories import make_statement


def test_bump_version_moves_one_past_the_version_it_had():
    row = SimpleNamespace(version=3)
    assert bump_version(row) == 4 and row.version == 4
    assert bump_version(row, current=7) == 8 and row.version == 8


def test_every_kind_of_write_bumps_once(argument_map, document):
    statement = make_statement(argument_map, "北朝鮮")
    tag = services.create_tag(actor=None, workspace=argument_map.workspace, slug="dprk")
    updated = services.update_statement(actor=None, statement=statement, expected_version=1, tags=[tag])
    assert updated.version == 2
    attached = services.attach_document(
        actor=None, argument_map=argument_map, document=document, expected_version=argument_map.version
    )
    assert attached.version == argument_map.version + 1
