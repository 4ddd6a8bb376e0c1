"""Suggestions in the admin: listed and filtered by status and pipeline, accepted and dismissed by list actions
that call the services."""

import pytest
from django.urls import reverse

from argmap import services
from argmap.models import Statement, SuggestionDecision
from argmap.services.suggestions import write_suggestion_batch
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


@pytest.fixture
def suggested(owner, workspace, argument_map, document):
    bot = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=bot, role="pipeline")
    result = write_suggestion_batch(
        actor=bot,
        argument_map=argument_map,
        document=document,
        pipeline_name="miner",
        pipeline_version="1.0",
        key="b1",
        spans=[
            {"key": "c", "kind": "claim", "start": 0, "end": TEXT.index("。") + 1, "confidence": 0.9},
            {"key": "s", "kind": "premise", "start": TEXT.index("S"), "end": len(TEXT), "confidence": 0.2},
        ],
    )
    services.create_statement(actor=owner, argument_map=argument_map, kind="claim", text="A person's claim.")
    return result.statements


@pytest.fixture
def annotator(owner, workspace):
    user = UserFactory(username="ann", is_staff=True)
    services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    return user


def test_the_statement_list_filters_suggestions_by_status_and_pipeline(client, annotator, suggested):
    client.force_login(annotator)
    url = reverse("admin:argmap_statement_changelist")
    page = client.get(url, {"status__exact": "suggested"}).content.decode()
    assert "北朝鮮は" in page and "A person&#x27;s claim." not in page and "miner 1.0" in page
    pipeline = Statement.objects.filter(pipeline__isnull=False).first().pipeline_id
    by_pipeline = client.get(url, {"pipeline__id__exact": pipeline}).content.decode()
    assert "Second sentence." in by_pipeline and "A person&#x27;s claim." not in by_pipeline
    for name in ("pipeline", "suggestiondecision"):
        assert client.get(reverse(f"admin:argmap_{name}_changelist")).status_code == 200


def test_list_actions_accept_and_dismiss_through_the_services(client, annotator, suggested):
    client.force_login(annotator)
    url = reverse("admin:argmap_statement_changelist")
    client.post(url, {"action": "accept_suggestions", "_selected_action": [suggested["c"]]})
    claim = Statement.objects.get(pk=suggested["c"])
    assert claim.status == "draft" and claim.created_by == annotator and claim.pipeline.name == "miner"
    client.post(url, {"action": "dismiss_suggestions", "_selected_action": [suggested["s"]]})
    assert not Statement.objects.filter(pk=suggested["s"]).exists()
    assert set(SuggestionDecision.objects.values_list("outcome", flat=True)) == {"accepted", "dismissed"}


def test_a_list_action_on_what_is_no_suggestion_changes_nothing(client, annotator, suggested):
    client.force_login(annotator)
    person = Statement.objects.get(pipeline__isnull=True)
    url = reverse("admin:argmap_statement_changelist")
    response = client.post(
        url, {"action": "accept_suggestions", "_selected_action": [suggested["c"], str(person.pk)]}, follow=True
    )
    assert "Nothing changed" in response.content.decode()
    assert Statement.objects.get(pk=suggested["c"]).status == "suggested"
    assert not SuggestionDecision.objects.exists()


def test_the_list_actions_speak_japanese_to_a_japanese_user(client, annotator, suggested):
    client.force_login(annotator)
    url = reverse("admin:argmap_statement_changelist")
    assert "選択した提案を採用（自分の下書きになります）" in client.get(url, HTTP_ACCEPT_LANGUAGE="ja").content.decode()
    done = client.post(
        url,
        {"action": "dismiss_suggestions", "_selected_action": [suggested["s"]]},
        HTTP_ACCEPT_LANGUAGE="ja",
        follow=True,
    )
    assert "1 件の提案を却下しました。" in done.content.decode()
