"""Who says what: filtering statements by speaker and a participant's commitments, as each reader sees them."""

from argmap.selectors.access import visible_participants_for, visible_statements_for
from argmap.selectors.speakers import commitments_of, parse_speaker, speaker_condition
from tests.factories import UserFactory, make_map, make_participant, make_statement, make_workspace


def _report(argument_map):
    kcna = make_participant(argument_map.workspace, "KCNA")
    reported = make_statement(argument_map, "核保有は不可逆だ。", speaker=kcna, illocution="reporting")
    asked = make_statement(argument_map, "対話に応じるのか。", speaker=kcna, illocution="questioning")
    rebuttal = make_statement(argument_map, "不可逆ではない。", kind="rebuttal")
    conceded = make_statement(argument_map, "同盟は揺るがないかもしれない。", illocution="conceding")
    return kcna, reported, asked, rebuttal, conceded


def test_statements_filter_by_speaker_and_by_the_author(argument_map, owner):
    kcna, reported, asked, rebuttal, conceded = _report(argument_map)
    statements = visible_statements_for(owner)
    assert set(statements.filter(speaker_condition(parse_speaker(str(kcna.pk))))) == {reported, asked}
    assert set(statements.filter(speaker_condition(parse_speaker("author")))) == {rebuttal, conceded}


def test_a_question_commits_no_one(argument_map, owner):
    kcna, reported, _asked, rebuttal, conceded = _report(argument_map)
    assert list(commitments_of(owner, kcna)) == [reported]
    assert set(commitments_of(owner, None, argument_map=argument_map)) == {rebuttal, conceded}


def test_a_speaker_filter_is_author_or_an_id():
    try:
        parse_speaker("Tosaki")
    except ValueError as exc:
        assert "author" in str(exc)
    else:
        raise AssertionError("a name is not a speaker filter")


def test_participants_are_seen_by_members_and_where_they_speak_in_a_public_map(owner):
    private_ws = make_workspace(owner=owner)
    hidden = make_participant(private_ws, "Hidden voice")
    public_map = make_map(private_ws, visibility="public")
    speaking = make_participant(private_ws, "Public voice")
    make_statement(public_map, "公開の主張。", speaker=speaking)
    stranger = UserFactory()
    assert set(visible_participants_for(owner)) >= {hidden, speaking}
    assert list(visible_participants_for(stranger)) == [speaking]
    assert list(commitments_of(stranger, hidden)) == []
