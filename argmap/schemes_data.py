"""Walton's common argumentation schemes with their critical questions, shipped as data.

After Walton, Reed & Macagno, *Argumentation Schemes* (CUP 2008). Loaded by a
data migration with ids derived from the keys, so every database agrees on them.
"""

import uuid

WALTON_SCHEMES = [
    {
        "key": "expert_opinion",
        "name": "Argument from expert opinion",
        "premises": [
            "Source E is an expert in subject domain S containing proposition A.",
            "E asserts that A is true (false).",
        ],
        "conclusion": "A is true (false).",
        "questions": [
            ("expertise", "How credible is E as an expert source?"),
            ("field", "Is E an expert in the field that A is in?"),
            ("opinion", "What did E assert that implies A?"),
            ("trustworthiness", "Is E personally reliable as a source?"),
            ("consistency", "Is A consistent with what other experts assert?"),
            ("backup_evidence", "Is E's assertion based on evidence?"),
        ],
    },
    {
        "key": "position_to_know",
        "name": "Argument from position to know",
        "premises": [
            "Source a is in a position to know about things in a certain subject domain S containing A.",
            "a asserts that A is true (false).",
        ],
        "conclusion": "A is true (false).",
        "questions": [
            ("position", "Is a in a position to know whether A is true (false)?"),
            ("honesty", "Is a an honest (trustworthy, reliable) source?"),
            ("assertion", "Did a assert that A is true (false)?"),
        ],
    },
    {
        "key": "witness_testimony",
        "name": "Argument from witness testimony",
        "premises": [
            "Witness W is in a position to know whether A is true or not.",
            "W is telling the truth (as W knows it).",
            "W states that A is true (false).",
        ],
        "conclusion": "A may be plausibly taken to be true (false).",
        "questions": [
            ("internal_consistency", "Is what the witness said internally consistent?"),
            ("external_consistency", "Is what the witness said consistent with the known facts of the case?"),
            ("other_witnesses", "Is what the witness said consistent with what other witnesses have testified?"),
            ("bias", "Is there some kind of bias that can be attributed to the account given by the witness?"),
            ("plausibility", "How plausible is the statement A asserted by the witness?"),
        ],
    },
    {
        "key": "popular_opinion",
        "name": "Argument from popular opinion",
        "premises": [
            "A is generally accepted as true.",
            "If A is generally accepted as true, that gives a reason in favour of A.",
        ],
        "conclusion": "There is a reason in favour of A.",
        "questions": [
            ("evidence_of_acceptance", "What evidence supports the claim that A is generally accepted?"),
            ("doubt", "Even if A is generally accepted, are there good reasons for doubting it?"),
        ],
    },
    {
        "key": "popular_practice",
        "name": "Argument from popular practice",
        "premises": [
            "A is a popular practice among those who are familiar with what is acceptable in regard to A.",
            "If A is a popular practice, that gives a reason to think A is acceptable.",
        ],
        "conclusion": "A is acceptable in this case.",
        "questions": [
            ("practice", "What actions or other indications show that a large majority accepts A?"),
            ("reasons_against", "Even if A is popular practice, are there good reasons for not accepting it?"),
        ],
    },
    {
        "key": "analogy",
        "name": "Argument from analogy",
        "premises": ["Generally, case C1 is similar to case C2.", "A is true (false) in case C1."],
        "conclusion": "A is true (false) in case C2.",
        "questions": [
            (
                "differences",
                "Are there differences between C1 and C2 that would tend to undermine the force of the similarity cited?",
            ),
            ("truth_in_c1", "Is A true (false) in C1?"),
            ("other_case", "Is there some other case C3 that is also similar to C2, but in which A is false (true)?"),
        ],
    },
    {
        "key": "precedent",
        "name": "Argument from precedent",
        "premises": [
            "Existing rule or practice R says that cases of type F are handled by outcome O.",
            "Case C is an exception to R in a relevant way, yet resembles precedent P.",
        ],
        "conclusion": "Case C should be handled as precedent P was.",
        "questions": [
            ("same_rule", "Does the established rule really apply to the present case?"),
            ("relevant_similarity", "Is the precedent relevantly similar to the present case?"),
            ("different_outcome", "Are there other precedents that point to a different outcome?"),
        ],
    },
    {
        "key": "verbal_classification",
        "name": "Argument from verbal classification",
        "premises": [
            "a has property F.",
            "For all x, if x has property F, then x can be classified as having property G.",
        ],
        "conclusion": "a has property G.",
        "questions": [
            ("has_property", "Does a definitely have F, or is there room for doubt?"),
            (
                "classification",
                "Can the verbal classification be said to hold strongly, or is it one that holds only weakly?",
            ),
        ],
    },
    {
        "key": "sign",
        "name": "Argument from sign",
        "premises": [
            "A (a finding) is true in this situation.",
            "B is generally indicated as true when its sign, A, is true.",
        ],
        "conclusion": "B is true in this situation.",
        "questions": [
            ("strength", "What is the strength of the correlation of the sign with the event signified?"),
            ("other_events", "Are there other events that would more reliably account for the sign?"),
        ],
    },
    {
        "key": "cause_to_effect",
        "name": "Argument from cause to effect",
        "premises": ["Generally, if A occurs, then B will (might) occur.", "In this case, A occurs (might occur)."],
        "conclusion": "In this case, B will (might) occur.",
        "questions": [
            ("strength", "How strong is the causal generalisation?"),
            ("evidence", "Is the evidence cited (if there is any) strong enough to warrant the causal generalisation?"),
            (
                "interference",
                "Are there other causal factors that could interfere with the production of the effect in the given case?",
            ),
        ],
    },
    {
        "key": "correlation_to_cause",
        "name": "Argument from correlation to cause",
        "premises": ["There is a positive correlation between A and B."],
        "conclusion": "A causes B.",
        "questions": [
            ("correlation", "Is there really a correlation between A and B?"),
            ("coincidence", "Is there any reason to think that the correlation is more than a coincidence?"),
            ("third_factor", "Could there be some third factor, C, that is causing both A and B?"),
        ],
    },
    {
        "key": "positive_consequences",
        "name": "Argument from positive consequences",
        "premises": ["If A is brought about, good consequences will plausibly occur."],
        "conclusion": "A should be brought about.",
        "questions": [
            ("likelihood", "How strong is the likelihood that the cited consequences will (may, must) occur?"),
            ("evidence", "What evidence supports the claim that the cited consequences will (may, must) occur?"),
            ("opposite", "Are there consequences of the opposite value that ought to be taken into account?"),
        ],
    },
    {
        "key": "negative_consequences",
        "name": "Argument from negative consequences",
        "premises": ["If A is brought about, bad consequences will plausibly occur."],
        "conclusion": "A should not be brought about.",
        "questions": [
            ("likelihood", "How strong is the likelihood that the cited consequences will (may, must) occur?"),
            ("evidence", "What evidence supports the claim that the cited consequences will (may, must) occur?"),
            ("opposite", "Are there consequences of the opposite value that ought to be taken into account?"),
        ],
    },
    {
        "key": "practical_reasoning",
        "name": "Practical reasoning",
        "premises": ["I (an agent) have a goal G.", "Carrying out this action A is a means to realise G."],
        "conclusion": "Therefore, I ought (practically speaking) to carry out this action A.",
        "questions": [
            ("other_goals", "What other goals that I have that might conflict with G should be considered?"),
            (
                "alternatives",
                "What alternative actions to my bringing about A that would also bring about G should be considered?",
            ),
            (
                "best_means",
                "Among bringing about A and these alternative actions, which is arguably the most efficient?",
            ),
            (
                "feasibility",
                "What grounds are there for arguing that it is practically possible for me to bring about A?",
            ),
            ("side_effects", "What consequences of my bringing about A should also be taken into account?"),
        ],
    },
    {
        "key": "values",
        "name": "Argument from values",
        "premises": [
            "Value V is positive (negative) as judged by agent A.",
            "The fact that V is positive (negative) affects the interpretation of goal G of A.",
        ],
        "conclusion": "V is a reason for retaining (retracting) commitment to goal G.",
        "questions": [
            ("value", "Is V really positive (negative)?"),
            ("relevance", "Is V relevant to the goal G?"),
            ("other_values", "Are there other values that conflict with V and should be weighed?"),
        ],
    },
    {
        "key": "established_rule",
        "name": "Argument from an established rule",
        "premises": [
            "If carrying out types of actions including A is the established rule for x, then x must carry out A.",
            "Carrying out types of actions including A is the established rule for a.",
        ],
        "conclusion": "a must carry out A.",
        "questions": [
            ("rule", "Does the rule require carrying out types of actions that include A as an instance?"),
            ("other_rules", "Are there other established rules that might conflict with this rule?"),
            ("exception", "Is this case an exception to the rule?"),
        ],
    },
    {
        "key": "commitment",
        "name": "Argument from commitment",
        "premises": ["a is committed to proposition A (generally, or in virtue of what she said in the past)."],
        "conclusion": "In this case, a should support A.",
        "questions": [
            ("evidence", "What evidence in the case supports the claim that a is committed to A?"),
            ("qualification", "Is there room for questioning whether there is an exception in this case?"),
        ],
    },
    {
        "key": "inconsistent_commitment",
        "name": "Argument from inconsistent commitment",
        "premises": [
            "a has claimed or indicated that she is committed to proposition A.",
            "Other evidence shows that a is not really committed to A.",
        ],
        "conclusion": "a's commitment to A is not credible.",
        "questions": [
            ("commitment", "What is the evidence that a has claimed or indicated commitment to A?"),
            ("counter_evidence", "What further evidence shows that a is not committed to A?"),
            ("conflict", "How does the evidence show that a is not committed to A?"),
        ],
    },
    {
        "key": "evidence_to_hypothesis",
        "name": "Argument from evidence to a hypothesis",
        "premises": [
            "If A (a hypothesis) is true, then B (a proposition reporting an event) will be observed to be true.",
            "B has been observed to be true, in a given instance.",
        ],
        "conclusion": "A is true.",
        "questions": [
            ("premise", "Is it the case that if A is true, then B is true?"),
            ("observation", "Has B been observed to be true (false)?"),
            ("other_reason", "Could there be some reason why B is true, other than its being because of A being true?"),
        ],
    },
    {
        "key": "abductive",
        "name": "Abductive argument (inference to the best explanation)",
        "premises": [
            "F is a finding or given set of facts.",
            "E is a satisfactory explanation of F.",
            "No alternative explanation E' given so far is as satisfactory as E.",
        ],
        "conclusion": "E is plausible, as a hypothesis.",
        "questions": [
            (
                "satisfactory",
                "How satisfactory is E itself as an explanation of F, apart from the alternative explanations available so far?",
            ),
            ("better", "How much better an explanation is E than the alternative explanations available so far?"),
            ("dialogue", "How far has the dialogue progressed? Has the search for alternatives been thorough?"),
            ("continue", "Would it be better to continue the dialogue further, instead of drawing a conclusion now?"),
        ],
    },
    {
        "key": "slippery_slope",
        "name": "Slippery slope argument",
        "premises": [
            "A0 is up for consideration as a proposal that seems initially like something that should be brought about.",
            "Bringing about A0 would plausibly lead to A1, …, An.",
            "An is a horrible outcome.",
        ],
        "conclusion": "A0 should not be brought about.",
        "questions": [
            ("steps", "What intervening propositions in the sequence linking A0 to An are actually given?"),
            ("missing", "What other steps are required to fill in the sequence of events to make it plausible?"),
            (
                "weakest",
                "What are the weakest links in the sequence, where specific critical questions should be asked?",
            ),
        ],
    },
    {
        "key": "fear_appeal",
        "name": "Fear appeal argument",
        "premises": [
            "If you (the respondent) bring about A, then B will occur.",
            "B is a very bad outcome, from your point of view.",
            "B is such a bad outcome that it is fearful for you.",
        ],
        "conclusion": "You should not bring about A.",
        "questions": [
            ("avoidable", "Should the situation be represented as a choice between only these alternatives?"),
            ("likelihood", "How likely is it that B will occur if A is brought about?"),
            ("severity", "Is B as bad as it is claimed to be?"),
        ],
    },
    {
        "key": "danger_appeal",
        "name": "Argument from danger appeal",
        "premises": ["If you (the respondent) bring about A, then B will occur.", "B is dangerous to you."],
        "conclusion": "You should not bring about A.",
        "questions": [
            ("danger", "Is B really dangerous?"),
            ("likelihood", "How likely is it that B will occur if A is brought about?"),
            ("alternatives", "Are there ways of bringing about A that avoid B?"),
        ],
    },
    {
        "key": "alternatives",
        "name": "Argument from alternatives",
        "premises": ["Either A or B (or C …) must be brought about.", "B (and C …) are not acceptable."],
        "conclusion": "A should be brought about.",
        "questions": [
            ("exhaustive", "Are the alternatives really exhaustive?"),
            ("rejection", "Are the rejected alternatives really unacceptable?"),
        ],
    },
    {
        "key": "waste",
        "name": "Argument from waste",
        "premises": [
            "If a stops trying to realise A now, all a's previous efforts to realise A will be wasted.",
            "If all a's previous attempts to realise A are wasted, that would be a bad thing.",
        ],
        "conclusion": "a ought to continue trying to realise A.",
        "questions": [
            ("possible", "Are a's attempts to realise A really worth the value of A?"),
            ("feasible", "Is it possible that A cannot be realised?"),
        ],
    },
    {
        "key": "sunk_costs",
        "name": "Argument from sunk costs",
        "premises": [
            "If a stops trying to realise A now, all a's previous efforts to realise A will be wasted.",
            "If all a's previous attempts to realise A are wasted, that would be a bad thing.",
        ],
        "conclusion": "a ought to continue trying to realise A.",
        "questions": [
            ("recoverable", "Are the costs already incurred recoverable, whatever is decided now?"),
            ("future_costs", "What further costs would continuing impose, and do they outweigh the value of A?"),
        ],
    },
]


SCHEME_NAMESPACE = uuid.UUID("6f1d2c1e-6a43-5b8e-9f3a-1d2b3c4d5e6f")


def install_walton_schemes(scheme_model=None, question_model=None) -> None:
    """Create or refresh the shipped schemes with ids derived from their keys (idempotent).

    The data migration passes its historical models; tests call it after a
    transactional test has flushed the tables.
    """
    if scheme_model is None or question_model is None:
        from argmap.models import CriticalQuestion, Scheme

        scheme_model, question_model = Scheme, CriticalQuestion
    for data in WALTON_SCHEMES:
        scheme, _ = scheme_model.objects.update_or_create(
            key=data["key"],
            defaults={
                "id": uuid.uuid5(SCHEME_NAMESPACE, data["key"]),
                "name": data["name"],
                "applies_to": "inference",
                "premise_templates": data["premises"],
                "conclusion_template": data["conclusion"],
            },
        )
        for position, (key, text) in enumerate(data["questions"], start=1):
            question_model.objects.update_or_create(
                scheme=scheme,
                position=position,
                defaults={"id": uuid.uuid5(SCHEME_NAMESPACE, f"{data['key']}/{key}"), "key": key, "text": text},
            )
    if any(field.name == "name_ja" for field in scheme_model._meta.get_fields()):
        translate_walton_schemes(scheme_model, question_model)


def translate_walton_schemes(scheme_model, question_model) -> None:
    """Fill the shipped schemes' Japanese names and question texts (models without them: migration 0002)."""
    from argmap.schemes_data_ja import JAPANESE_SCHEMES

    for key, japanese in JAPANESE_SCHEMES.items():
        scheme_model.objects.filter(key=key).update(name_ja=japanese["name"])
        for question_key, text in japanese["questions"].items():
            question_model.objects.filter(scheme__key=key, key=question_key).update(text_ja=text)
