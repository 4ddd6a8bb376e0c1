"""The reference pipeline's segmenter on sentences whose units and relations are worked out by hand."""

from tools.mining.segment import leading_connective, propose, sentences, tokenize

TEXT = (
    "1. はじめに\n"
    "北朝鮮は核戦力の増強を続けているため、日本は抑止力を強化すべきである。"
    "しかし、抑止力の強化だけでは問題は解決しない。\n"
    "注1 出典を示す注である。\n"
)


def spans(text, proposal):
    return [(text[u.start : u.end], u.kind) for u in proposal.units]


def test_units_leave_out_headings_notes_sentence_ends_connectives_and_clause_markers():
    proposal = propose(TEXT)
    assert spans(TEXT, proposal) == [
        ("北朝鮮は核戦力の増強を続けている", "premise"),
        ("日本は抑止力を強化すべきである", "claim"),
        ("抑止力の強化だけでは問題は解決しない", "premise"),
    ]
    first, _claim, objection = proposal.units
    assert (first.start_confidence, first.end_confidence) == (0.9, 0.6)  # a sentence start, a clause break
    assert objection.marker == "しかし"


def test_relations_come_from_the_markers():
    proposal = propose(TEXT)
    first, claim, objection = proposal.units
    found = {(r.type, r.source, r.target, r.marker) for r in proposal.relations}
    assert found == {
        ("support", first.key, claim.key, "causal clause"),  # 〜ため、
        ("attack", objection.key, claim.key, "しかし"),
    }


def test_a_concession_is_a_rebuttal_attacked_by_the_main_clause():
    text = "交渉の余地はすでに失われていたが、米国は対話の再開を模索すると考えられる。\n"
    proposal = propose(text)
    assert spans(text, proposal) == [
        ("交渉の余地はすでに失われていた", "rebuttal"),
        ("米国は対話の再開を模索すると考えられる", "claim"),
    ]
    conceded, main = proposal.units
    assert [(r.type, r.source, r.target) for r in proposal.relations] == [("attack", main.key, conceded.key)]


def test_the_subject_ga_does_not_split_a_clause():
    """「が」 tagged as a case particle (the subject) is no concession: one unit."""
    text = "北朝鮮が核実験を行う可能性も考えられる。\n"
    assert spans(text, propose(text)) == [("北朝鮮が核実験を行う可能性も考えられる", "claim")]


def test_sentences_do_not_end_inside_quotes_and_offsets_are_code_points():
    text = "😀「これは。引用である」と述べたのである。"
    assert [text[s:e] for s, e in sentences(text, 0, len(text))] == ["😀「これは。引用である」と述べたのである"]
    assert tokenize("𠮷野家です", 10)[0].start == 10 and tokenize("𠮷野家です", 10)[-1].end == 15


def test_leading_connective_needs_a_conjunction_or_a_known_marker():
    text = "したがって、日本は備える。"
    assert leading_connective(text, tokenize(text), 0) == ("したがって", 6)
    text = "日本は、備える。"
    assert leading_connective(text, tokenize(text), 0) is None
