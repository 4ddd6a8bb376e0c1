import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation, StaleVersion
from argmap.models import Anchor, Assessment, Change, CriticalQuestion, Scheme, Statement
from argmap.services.annotation import (
    add_comment,
    annotate_passage,
    answer_critical_question,
    assess,
    end_independent_annotation,
    merge_layers,
    start_independent_annotation,
)
from tests.factories import UserFactory, make_statement

TEXT = "北朝鮮は核弾頭を50発保有すると推計される。𠮷野家の例。Second sentence."


def test_annotate_passage_after_a_non_bmp_character_stores_code_point_offsets(owner, argument_map, document):
    start = TEXT.index("野家の例")
    statement, anchor = annotate_passage(
        actor=owner,
        argument_map=argument_map,
        document=document,
        kind="claim",
        exact="野家の例",
        start=start,
        end=start + 4,
    )
    assert document.text[anchor.start : anchor.end] == "野家の例"
    assert len("北朝鮮は核弾頭を50発保有すると推計される。𠮷".encode("utf-16-le")) // 2 == start + 1
    assert statement.text == "野家の例" and statement.kind == "claim" and statement.created_by == owner


def test_annotate_passage_with_offsets_that_miss_the_quote_writes_nothing(owner, argument_map, document):
    utf16_start = len(TEXT[: TEXT.index("野家")].encode("utf-16-le")) // 2
    with pytest.raises(InvalidInput):
        annotate_passage(
            actor=owner,
            argument_map=argument_map,
            document=document,
            kind="claim",
            exact="野家の例",
            start=utf16_start,
            end=utf16_start + 4,
        )
    assert not Statement.objects.exists() and not Anchor.objects.exists()


def test_assess_records_one_judgement_per_member_and_updates_it(owner, argument_map):
    statement = make_statement(argument_map)
    assess(actor=owner, node=statement, agreement="agree", strength=4)
    assess(actor=owner, node=statement, agreement="unsure", strength=2)
    (row,) = Assessment.objects.all()
    assert (row.agreement, row.strength, row.version) == ("unsure", 2, 2)
    for bad in (0, 6, "3", True):
        with pytest.raises(InvalidInput):
            assess(actor=owner, node=statement, agreement="agree", strength=bad)
    with pytest.raises(InvalidInput):
        assess(actor=owner, node=statement, agreement="maybe")


def test_assessing_a_conflict_is_refused(owner, argument_map):
    a, b = make_statement(argument_map), make_statement(argument_map, kind="rebuttal")
    conflict = services.create_attack(actor=owner, attacker=b, target=a)
    with pytest.raises(RuleViolation):
        assess(actor=owner, node=conflict, agreement="agree", strength=3)


def test_comment_needs_a_body_and_is_recorded(owner, argument_map):
    statement = make_statement(argument_map)
    with pytest.raises(InvalidInput):
        add_comment(actor=owner, node=statement, body="  ")
    comment = add_comment(actor=owner, node=statement, body="根拠は？")
    assert Change.objects.filter(entity="comment", entity_id=str(comment.pk), action="create").exists()


def test_critical_question_answers_belong_to_the_inferences_scheme(owner, argument_map):
    premise, claim, answer = (make_statement(argument_map, kind=k) for k in ("premise", "claim", "evidence"))
    scheme = Scheme.objects.get(key="expert_opinion")
    inference = services.create_argument(actor=owner, premises=[premise], conclusion=claim, scheme=scheme)
    question = scheme.critical_questions.first()
    row = answer_critical_question(actor=owner, application=inference, question=question, answered=True, answer=answer)
    assert row.answered and row.answer == answer
    row = answer_critical_question(actor=owner, application=inference, question=question, answered=False, answer=answer)
    assert not row.answered and row.answer is None and row.version == 2
    other = CriticalQuestion.objects.exclude(scheme=scheme).first()
    with pytest.raises(RuleViolation):
        answer_critical_question(actor=owner, application=inference, question=other, answered=True)


def test_merge_layers_accepts_and_rejects_together_or_not_at_all(owner, argument_map):
    keep, duplicate = make_statement(argument_map), make_statement(argument_map)
    with pytest.raises(InvalidInput):
        merge_layers(actor=owner, keep=[(keep, keep.version)], discard=[(duplicate, duplicate.version)], reason="")
    stale = duplicate.version + 5
    with pytest.raises(StaleVersion):
        merge_layers(actor=owner, keep=[(keep, keep.version)], discard=[(duplicate, stale)], reason="duplicate")
    keep.refresh_from_db()
    assert keep.status == "draft"
    assert merge_layers(
        actor=owner, keep=[(keep, keep.version)], discard=[(duplicate, duplicate.version)], reason="duplicate"
    ) == {"accepted": 1, "rejected": 1}
    keep.refresh_from_db()
    duplicate.refresh_from_db()
    assert (keep.status, duplicate.status, duplicate.status_reason) == ("accepted", "rejected", "duplicate")


def test_independent_annotation_starts_and_ends(owner, argument_map):
    round_ = start_independent_annotation(actor=owner, argument_map=argument_map)
    assert round_.active
    ended = end_independent_annotation(actor=owner, independent_annotation=round_, expected_version=round_.version)
    assert not ended.active
    again = start_independent_annotation(actor=UserFactory(), argument_map=argument_map)
    assert again.pk == round_.pk and again.active


def test_annotating_a_passage_is_one_batch_that_one_revert_undoes(owner, argument_map, document):
    start = TEXT.index("Second")
    before = set(Change.objects.values_list("batch", flat=True))
    statement, anchor = annotate_passage(
        actor=owner,
        argument_map=argument_map,
        document=document,
        kind="premise",
        exact="Second",
        start=start,
        end=start + 6,
    )
    (batch,) = set(Change.objects.values_list("batch", flat=True)) - before
    assert Change.objects.filter(batch=batch).count() == 2
    services.revert_batch(actor=owner, batch=batch)
    assert not Statement.objects.filter(pk=statement.pk).exists() and not Anchor.objects.filter(pk=anchor.pk).exists()


def test_citing_a_new_source_is_one_batch_and_a_refused_link_leaves_no_source(owner, argument_map):
    from argmap.models import EvidenceLink, Source

    statement = make_statement(argument_map)
    before = set(Change.objects.values_list("batch", flat=True))
    link = services.cite_new_source(
        actor=owner, statement=statement, source_fields={"title": "SIPRI Yearbook 2024"}, locator="p. 3"
    )
    (batch,) = set(Change.objects.values_list("batch", flat=True)) - before
    assert {c.entity for c in Change.objects.filter(batch=batch)} == {"source", "evidencelink"}
    assert link.source.title == "SIPRI Yearbook 2024"
    with pytest.raises((InvalidInput, RuleViolation)):
        services.cite_new_source(actor=owner, statement=statement, source_fields={"title": "   "})
    with pytest.raises(RuleViolation):
        services.cite_new_source(actor=owner, statement=statement, source_fields={"title": "X", "colour": "red"})
    assert Source.objects.count() == 1 and EvidenceLink.objects.count() == 1
