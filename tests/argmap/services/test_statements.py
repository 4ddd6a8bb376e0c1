import pytest

from argmap import services
from argmap.errors import InvalidInput
from argmap.models import Change, Statement
from tests.factories import make_statement


def test_updating_tags_and_fields_is_one_validated_write(argument_map, owner):
    statement = make_statement(argument_map, "推計は50発。", actor=owner)
    tag = services.create_tag(actor=owner, workspace=argument_map.workspace, slug="sipri")
    updated = services.update_statement(
        actor=owner, statement=statement, expected_version=1, tags=[tag], gloss="50 warheads"
    )
    assert (updated.version, updated.gloss, list(updated.tags.values_list("slug", flat=True))) == (
        2,
        "50 warheads",
        ["sipri"],
    )
    change = Change.objects.filter(entity="statement", action="update").get()
    assert (change.before["tags"], change.after["tags"]) == ([], [str(tag.pk)])


def test_an_invalid_field_with_tags_is_a_validation_error_and_changes_nothing(argument_map, owner):
    statement = make_statement(argument_map, "推計は50発。", actor=owner)
    tag = services.create_tag(actor=owner, workspace=argument_map.workspace, slug="sipri")
    with pytest.raises(InvalidInput) as refused:
        services.update_statement(actor=owner, statement=statement, expected_version=1, tags=[tag], key="k" * 200)
    assert refused.value.field == "key"
    statement = Statement.objects.get(pk=statement.pk)
    assert (statement.version, statement.key, statement.tags.count()) == (1, "", 0)
