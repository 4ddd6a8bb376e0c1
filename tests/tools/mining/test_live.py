"""The reference pipeline end to end against a live server, as a third party: GraphQL in, suggestions out."""

import pytest
from rest_framework.authtoken.models import Token

from argmap import services
from argmap.models import ReviewStatus, Statement
from argmap.selectors.pipeline_evaluation import pipeline_evaluation
from argmap.services.suggestions import accept_suggestions
from tests.factories import UserFactory, make_document, make_map, make_workspace
from tools.mining.__main__ import main
from tools.mining.client import ApiError
from tools.mining.pipeline import NAME, run

TEXT = (
    "1. はじめに\n"
    "北朝鮮は核戦力の増強を続けているため、日本は抑止力を強化すべきである。"
    "しかし、抑止力の強化だけでは問題は解決しない。\n"
)


@pytest.fixture
def setting(transactional_db):
    owner = UserFactory(username="live-owner")
    workspace = make_workspace(owner=owner, slug="live")
    bot = UserFactory(username="live-miner")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    document = make_document(workspace, text=TEXT, key="small")
    argument_map = make_map(workspace, documents=[document])
    return {"owner": owner, "map": argument_map, "token": Token.objects.create(user=bot).key}


def test_the_pipeline_reads_and_suggests_over_graphql_and_a_retry_writes_nothing(live_server, setting, capsys):
    argument_map = setting["map"]
    first = run(
        url=live_server.url, token=setting["token"], map_ref=str(argument_map.pk), document_ref=None, version="1"
    )
    assert first.answer["errors"] == [] and first.answer["created"] is True
    suggested = Statement.objects.filter(map=argument_map, status=ReviewStatus.SUGGESTED)
    assert sorted(s.text for s in suggested) == sorted(
        ["北朝鮮は核戦力の増強を続けている", "日本は抑止力を強化すべきである", "抑止力の強化だけでは問題は解決しない"]
    )
    assert {(s.pipeline.name, s.pipeline.version) for s in suggested} == {(NAME, "1")}
    assert argument_map.scheme_applications.filter(status=ReviewStatus.SUGGESTED).count() == 2

    # The CLI, the same version again: the batch key repeats, the server answers without writing.
    assert (
        main(
            [
                "--url",
                live_server.url,
                "--token",
                setting["token"],
                "--map",
                str(argument_map.pk),
                "--document",
                "small",
                "--version",
                "1",
            ]
        )
        == 0
    )
    assert '"created": false' in capsys.readouterr().out
    assert suggested.count() == 3

    # The team takes the claim up: one exact true positive among three predictions.
    claim = suggested.get(kind="claim")
    accept_suggestions(actor=setting["owner"], argument_map=argument_map, node_ids=[str(claim.pk)])
    (v1,) = pipeline_evaluation(argument_map=argument_map, pipeline=NAME, version="1")["versions"]
    assert (v1["spans"]["exact"]["true_positives"], v1["spans"]["exact"]["predicted"]) == (1, 3)


def test_a_wrong_token_is_refused_with_a_clear_error(live_server, setting):
    with pytest.raises(ApiError):
        run(url=live_server.url, token="not-a-token", map_ref=str(setting["map"].pk), document_ref=None, version="1")
