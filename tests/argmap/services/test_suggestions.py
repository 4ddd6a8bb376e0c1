import pytest

from argmap import services
from argmap.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from argmap.models import (
    Anchor,
    Change,
    Pipeline,
    ReviewStatus,
    SchemeApplication,
    Statement,
    SuggestionBatch,
    SuggestionDecision,
)
from argmap.selectors.suggestions import suggestion_outcomes, suggestions_of
from argmap.services.suggestions import accept_suggestions, dismiss_suggestions, write_suggestion_batch
from tests.factories import UserFactory, make_map, make_statement, make_workspace

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."
CLAIM = (0, TEXT.index("。") + 1)
PREMISE = (TEXT.index("𠮷"), TEXT.index("例。") + 2)


@pytest.fixture
def bot(workspace, owner):
    account = UserFactory(username="miner-bot")
    services.add_member(actor=owner, workspace=workspace, user=account, role="pipeline")
    return account


@pytest.fixture
def annotator(workspace, owner):
    user = UserFactory(username="ann")
    services.add_member(actor=owner, workspace=workspace, user=user, role="annotator")
    return user


def batch(bot, argument_map, document, *, key="b1", version="1.0", spans=None, relations=None):
    return write_suggestion_batch(
        actor=bot,
        argument_map=argument_map,
        document=document,
        pipeline_name="miner",
        pipeline_version=version,
        parameters={"threshold": 0.3},
        key=key,
        spans=spans
        if spans is not None
        else [
            {"key": "c", "kind": "claim", "start": CLAIM[0], "end": CLAIM[1], "confidence": 0.9},
            {
                "key": "p",
                "kind": "premise",
                "start": PREMISE[0],
                "end": PREMISE[1],
                "confidence": 0.4,
                "start_confidence": 0.8,
                "end_confidence": 0.5,
            },
        ],
        relations=relations
        if relations is not None
        else [{"key": "r", "type": "support", "from": "p", "to": "c", "confidence": 0.7}],
    )


def test_a_batch_writes_suggested_nodes_with_their_provenance(bot, argument_map, document):
    result = batch(bot, argument_map, document)
    assert result.created and set(result.statements) == {"c", "p"} and set(result.scheme_applications) == {"r"}
    premise = Statement.objects.get(pk=result.statements["p"])
    assert premise.status == ReviewStatus.SUGGESTED and premise.text == "𠮷野家の例。"
    assert (premise.pipeline.name, premise.pipeline.version, premise.confidence) == ("miner", "1.0", 0.4)
    anchor = premise.anchors.get()
    assert (anchor.start, anchor.end, anchor.start_confidence, anchor.end_confidence) == (*PREMISE, 0.8, 0.5)
    support = SchemeApplication.objects.get(pk=result.scheme_applications["r"])
    assert support.type == "inference" and support.status == "suggested" and support.confidence == 0.7
    assert Pipeline.objects.get().account == bot and Pipeline.objects.get().parameters == {"threshold": 0.3}
    assert Change.objects.filter(entity="statement", action="create", actor_id=bot.pk).count() == 2


def test_a_retried_batch_writes_nothing_twice_and_answers_the_same(bot, argument_map, document):
    first = batch(bot, argument_map, document)
    changes = Change.objects.count()
    again = batch(bot, argument_map, document)
    assert not again.created and again.as_dict() == first.as_dict()
    assert Statement.objects.count() == 2 and SuggestionBatch.objects.count() == 1
    assert Change.objects.count() == changes


def test_a_batch_key_reused_for_other_suggestions_is_refused(bot, argument_map, document):
    batch(bot, argument_map, document)
    with pytest.raises(RuleViolation) as refused:
        batch(bot, argument_map, document, relations=[])
    assert refused.value.rule == "batch_key_reused"


def test_one_invalid_span_writes_nothing(bot, argument_map, document):
    spans = [
        {"key": "c", "kind": "claim", "start": CLAIM[0], "end": CLAIM[1], "confidence": 0.9},
        {"key": "x", "kind": "claim", "start": 5, "end": 500, "confidence": 0.9},
    ]
    with pytest.raises(InvalidInput) as refused:
        batch(bot, argument_map, document, spans=spans, relations=[])
    assert refused.value.field == "spans[1].start"
    assert not Statement.objects.exists() and not SuggestionBatch.objects.exists() and not Pipeline.objects.exists()


@pytest.mark.parametrize(
    "relation, field",
    [
        ({"key": "r", "type": "cause", "from": "p", "to": "c"}, "relations[0].type"),
        ({"key": "r", "type": "support", "from": "p", "to": "nowhere"}, "relations[0].to"),
        ({"key": "r", "type": "support", "from": "p", "to": "c", "confidence": 1.5}, "relations[0].confidence"),
    ],
)
def test_an_invalid_relation_writes_nothing(bot, argument_map, document, relation, field):
    with pytest.raises(InvalidInput) as refused:
        batch(bot, argument_map, document, relations=[relation])
    assert refused.value.field == field
    assert not Statement.objects.exists() and not Anchor.objects.exists()


def test_a_relation_may_end_on_an_existing_statement(bot, argument_map, document):
    existing = make_statement(argument_map, "A person's claim.", kind="claim")
    result = batch(
        bot, argument_map, document, relations=[{"key": "a", "type": "attack", "from": "p", "to": str(existing.pk)}]
    )
    conflict = SchemeApplication.objects.get(pk=result.scheme_applications["a"])
    assert conflict.type == "conflict" and conflict.edges.get(role="consequent").statement == existing


def test_a_person_cannot_write_a_batch_or_set_suggested(owner, annotator, argument_map, document):
    with pytest.raises(RuleViolation):
        batch(annotator, argument_map, document)
    with pytest.raises(InvalidInput):
        make_statement(argument_map, status="suggested")
    statement = make_statement(argument_map)
    with pytest.raises(InvalidInput):
        services.set_review_status(actor=owner, node=statement, status="suggested", expected_version=1)


def test_another_account_cannot_write_as_a_registered_pipeline_version(bot, owner, workspace, argument_map, document):
    batch(bot, argument_map, document)
    other = UserFactory(username="other-bot")
    services.add_member(actor=owner, workspace=workspace, user=other, role="pipeline")
    with pytest.raises(PermissionDenied):
        batch(other, argument_map, document, key="b2")


def test_accepting_makes_the_annotators_draft_and_keeps_provenance(bot, annotator, argument_map, document):
    result = batch(bot, argument_map, document)
    taken = accept_suggestions(actor=annotator, argument_map=argument_map, node_ids=[result.scheme_applications["r"]])
    assert set(taken.statements) == set(result.statements.values())
    premise = Statement.objects.get(pk=result.statements["p"])
    assert premise.status == ReviewStatus.DRAFT and premise.created_by == annotator
    assert premise.pipeline.name == "miner" and premise.confidence == 0.4
    assert premise.anchors.get().start_confidence == 0.8
    assert SuggestionDecision.objects.filter(outcome="accepted").count() == 3
    services.update_statement(actor=annotator, statement=premise, expected_version=premise.version, text="𠮷野家")
    outcomes = {row["id"]: row for row in suggestion_outcomes(argument_map=argument_map)}
    assert outcomes[str(premise.pk)]["outcome"] == "edited"
    assert outcomes[str(premise.pk)]["edits"]["text"] == {"from": "𠮷野家の例。", "to": "𠮷野家"}
    assert outcomes[result.statements["c"]]["outcome"] == "accepted"


def test_accepting_by_threshold_leaves_relations_whose_ends_stay_suggested(bot, annotator, argument_map, document):
    result = batch(bot, argument_map, document)
    taken = accept_suggestions(actor=annotator, argument_map=argument_map, min_confidence=0.6)
    assert taken.statements == [result.statements["c"]] and taken.scheme_applications == []
    assert [s["id"] for s in suggestions_of(argument_map=argument_map)["statements"]] == [result.statements["p"]]


def test_a_dismissed_span_is_not_offered_again_by_that_version(bot, annotator, argument_map, document):
    result = batch(bot, argument_map, document)
    gone = dismiss_suggestions(actor=annotator, argument_map=argument_map, node_ids=[result.statements["p"]])
    assert gone.statements == [result.statements["p"]] and gone.scheme_applications == [result.scheme_applications["r"]]
    assert not Statement.objects.filter(pk=result.statements["p"]).exists()
    again = batch(bot, argument_map, document, key="b2")
    assert {"key": "p", "reason": "dismissed"} in again.skipped
    assert {"key": "r", "reason": "endpoint_skipped"} in again.skipped
    assert {"key": "c", "reason": "already_suggested"} in again.skipped
    newer = batch(bot, argument_map, document, key="b3", version="2.0")
    assert set(newer.statements) == {"c", "p"}
    outcomes = {row["id"]: row["outcome"] for row in suggestion_outcomes(argument_map=argument_map, version="1.0")}
    assert outcomes[result.statements["p"]] == "dismissed" and outcomes[result.statements["c"]] == "pending"


def test_taking_up_what_is_not_a_pending_suggestion_changes_nothing(bot, annotator, argument_map, document):
    result = batch(bot, argument_map, document)
    mine = make_statement(argument_map, actor=annotator)
    with pytest.raises(NotFound):
        accept_suggestions(actor=annotator, argument_map=argument_map, node_ids=[result.statements["c"], str(mine.pk)])
    assert Statement.objects.filter(status="suggested").count() == 2
    with pytest.raises(InvalidInput):
        dismiss_suggestions(actor=annotator, argument_map=argument_map)


def test_a_dismissal_is_reverted_like_any_write(bot, annotator, argument_map, document):
    from argmap.services.history import batches_written

    result = batch(bot, argument_map, document)
    with batches_written() as written:
        dismiss_suggestions(actor=annotator, argument_map=argument_map, min_confidence=0)
    assert not Statement.objects.exists()
    services.revert_batch(actor=annotator, batch=written[0])
    assert Statement.objects.filter(status="suggested").count() == 2
    assert not SuggestionDecision.objects.exists()
    assert SchemeApplication.objects.get(pk=result.scheme_applications["r"]).status == "suggested"


def test_another_workspace_is_not_a_place_to_suggest(bot, argument_map, document):
    elsewhere = make_workspace(slug="elsewhere")
    other_map = make_map(elsewhere)
    with pytest.raises(RuleViolation):
        batch(bot, other_map, document)


@pytest.mark.django_db(transaction=True)
def test_taking_up_locks_its_rows_in_its_own_transaction(bot, annotator, argument_map, document):
    """Outside a test's wrapping transaction, as in production: the row locks are taken inside the service's."""
    result = batch(bot, argument_map, document)
    assert batch(bot, argument_map, document).as_dict() == result.as_dict()
    accept_suggestions(actor=annotator, argument_map=argument_map, node_ids=[result.statements["c"]])
    dismiss_suggestions(actor=annotator, argument_map=argument_map, min_confidence=0)
    assert Statement.objects.get().status == "draft" and SuggestionDecision.objects.count() == 3
