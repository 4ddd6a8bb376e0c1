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
from argmap.models import Statement
from argmap.selectors.access import visible_statements_for
from argmap.services.annotation import start_independent_annotation
from argmap.services.suggestions import write_suggestion_batch
from tests.factories import UserFactory, make_map, make_passage, make_statement


class CopiedFields(StatementOutput):
    """``StatementOutput`` as DRF builds it: its fields deep-copied for every instance."""

    fields = cached_property(serializers.Serializer.fields.func)


def reference_body(user, statement) -> bytes:
    found = with_tags(visible_statements_for(user)).get(pk=statement.pk)
    return JSONRenderer().render(CopiedFields(found).data)


@pytest.fixture
def statements(team, owner, workspace, argument_map, document):
    """A tagged statement with awkward text, a public map's statement, an annotator's layer of a blind
    annotation, and a pipeline's suggestion."""
    tag = services.create_tag(actor=owner, workspace=workspace, slug="nuclear", label="Nuclear")
    awkward = make_statement(argument_map, text='line\u2028sep "quoted" </script> 𠮷 \u0007', actor=owner)
    services.update_statement(actor=owner, statement=awkward, expected_version=awkward.version, tags=[tag])
    public = make_statement(make_map(workspace, visibility="public", name="Public"), text="public", actor=owner)
    start_independent_annotation(actor=owner, argument_map=argument_map)
    mine = make_passage(argument_map, document, "北朝鮮", actor=team["annotator"])
    bot = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    start = document.text.index("核弾頭")
    batch = write_suggestion_batch(
        actor=bot,
        argument_map=make_map(workspace, documents=[document], name="Mined"),
        document=document,
        pipeline_name="miner",
        pipeline_version="1.0",
        key="b1",
        spans=[{"key": "p", "kind": "premise", "start": start, "end": start + 3, "confidence": 0.6}],
        relations=[],
    )
    suggestion = Statement.objects.get(pk=batch.statements["p"])
    return {"awkward": awkward, "public": public, "annotator's layer": mine, "suggestion": suggestion}


def test_every_reader_gets_the_bytes_of_drf_s_per_instance_fields(team, statements):
    seen, seen_names = 0, set()
    for who, user in team.items():
        client = Client(**({"HTTP_AUTHORIZATION": f"Token {Token.objects.create(user=user).key}"} if user.pk else {}))
        for name, statement in statements.items():
            response = client.get(f"/api/v1/statements/{statement.pk}/")
            if not visible_statements_for(user).filter(pk=statement.pk).exists():
                assert response.status_code == 404, (who, name)
                continue
            seen += 1
            seen_names.add(name)
            assert response.status_code == 200, (who, name)
            assert response.content == reference_body(user, statement), (who, name)
            assert response["ETag"] == f'"{statement.__class__.objects.get(pk=statement.pk).version}"'
            # the detail answers a conditional GET in full (only the whole graph answers 304)
            again = client.get(f"/api/v1/statements/{statement.pk}/", HTTP_IF_NONE_MATCH=response["ETag"])
            assert (again.status_code, again.content) == (200, response.content), (who, name)
    assert 7 < seen < 4 * len(team), "some readers see some statements and not others"
    assert seen_names == set(statements), "every statement is compared for someone"


def test_the_fields_are_bound_once_per_class_and_not_shared_with_a_subclass():
    assert StatementOutput().fields is StatementOutput().fields
    assert CopiedFields().fields is not CopiedFields().fields
    assert list(StatementOutput().fields) == list(CopiedFields().fields)
