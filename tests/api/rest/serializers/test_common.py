"""Output serializers whose fields are bound once per class render exactly what DRF's per-instance copies do."""

import pytest
from django.test import Client
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer

from api.rest.serializers.statements import StatementOutput
from api.rest.views.statements import with_tags
from argmap import services
from argmap.selectors.access import visible_statements_for
from argmap.services.annotation import start_independent_annotation
from tests.factories import make_map, make_passage, make_statement


class CopiedFields(StatementOutput):
    """``StatementOutput`` as DRF builds it: its fields deep-copied for every instance."""

    fields = cached_property(serializers.Serializer.fields.func)


def reference_body(user, statement) -> bytes:
    found = with_tags(visible_statements_for(user)).get(pk=statement.pk)
    return JSONRenderer().render(CopiedFields(found).data)


@pytest.fixture
def statements(team, owner, workspace, argument_map, document):
    """A tagged statement with awkward text, a public map's statement, and a blind annotation's two layers."""
    tag = services.create_tag(actor=owner, workspace=workspace, slug="nuclear", label="Nuclear")
    awkward = make_statement(argument_map, text='line\u2028sep "quoted" </script> 𠮷 \u0007', actor=owner)
    services.update_statement(actor=owner, statement=awkward, expected_version=awkward.version, tags=[tag])
    public = make_statement(make_map(workspace, visibility="public", name="Public"), text="public", actor=owner)
    start_independent_annotation(actor=owner, argument_map=argument_map)
    mine = make_passage(argument_map, document, "北朝鮮", actor=team["annotator"])
    return {"awkward": awkward, "public": public, "annotator's layer": mine}


def test_every_reader_gets_the_bytes_of_drf_s_per_instance_fields(team, statements):
    seen = 0
    for who, user in team.items():
        client = Client(**({"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"} if user.pk else {}))
        for name, statement in statements.items():
            response = client.get(f"/api/v1/statements/{statement.pk}/")
            if not visible_statements_for(user).filter(pk=statement.pk).exists():
                assert response.status_code == 404, (who, name)
                continue
            seen += 1
            assert response.status_code == 200, (who, name)
            assert response.content == reference_body(user, statement), (who, name)
            assert response["ETag"] == f'"{statement.__class__.objects.get(pk=statement.pk).version}"'
            # the detail answers a conditional GET in full (only the whole graph answers 304)
            again = client.get(f"/api/v1/statements/{statement.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
            assert (again.status_code, again.content) == (200, response.content), (who, name)
    assert 7 < seen < 3 * len(team), "some readers see some statements and not others"


def test_the_fields_are_bound_once_per_class_and_not_shared_with_a_subclass():
    assert StatementOutput().fields is StatementOutput().fields
    assert CopiedFields().fields is not CopiedFields().fields
    assert list(StatementOutput().fields) == list(CopiedFields().fields)
