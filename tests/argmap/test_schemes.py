from argmap.models import Scheme

REQUIRED = [
    "expert_opinion",
    "position_to_know",
    "positive_consequences",
    "negative_consequences",
    "analogy",
    "sign",
    "cause_to_effect",
    "practical_reasoning",
    "popular_opinion",
    "precedent",
    "verbal_classification",
]


def test_walton_schemes_ship_with_critical_questions(db):
    schemes = {s.key: s for s in Scheme.objects.prefetch_related("critical_questions")}
    for key in REQUIRED:
        assert key in schemes, key
        assert schemes[key].critical_questions.count() >= 2, key
    assert "Is E an expert in the field that A is in?" in [
        q.text for q in schemes["expert_opinion"].critical_questions.all()
    ]


def test_every_shipped_scheme_and_question_has_its_japanese_text(db):
    schemes = Scheme.objects.prefetch_related("critical_questions")
    assert schemes.count() == 26
    for scheme in schemes:
        assert scheme.name_ja and scheme.name_ja != scheme.name, scheme.key
        for question in scheme.critical_questions.all():
            assert question.text_ja and question.text_ja != question.text, (scheme.key, question.key)
    assert Scheme.objects.get(key="cause_to_effect").name_ja == "因果から結果への議論"
