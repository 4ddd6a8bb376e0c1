import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Anchor, AnchorStatus
from tests.factories import make_document, make_statement


def test_anchor_offsets_count_code_points_outside_the_bmp(argument_map, document):
    statement = make_statement(argument_map, text="𠮷野家の例")
    start = document.text.index("𠮷野家")
    anchor = services.create_anchor(
        actor=None, statement=statement, document=document, exact="𠮷野家の例", start=start, end=start + 5
    )
    assert (anchor.start, anchor.end) == (start, start + 5)
    assert document.text[anchor.start : anchor.end] == "𠮷野家の例"
    # In UTF-16 (JavaScript .length) the same passage would end one unit later.
    assert len(document.text[: anchor.end].encode("utf-16-le")) // 2 == anchor.end + 1
    assert anchor.prefix == document.text[:start][-32:] and anchor.suffix.startswith("。Second")


def test_anchor_refused_unless_text_matches(argument_map, document):
    statement = make_statement(argument_map)
    with pytest.raises(InvalidInput) as exc:
        services.create_anchor(actor=None, statement=statement, document=document, exact="核弾頭", start=0, end=3)
    assert exc.value.rule == "anchor_matches_text"
    with pytest.raises(InvalidInput) as exc:
        services.create_anchor(actor=None, statement=statement, document=document, exact="x", start=5, end=10_000)
    assert exc.value.rule == "anchor_within_text"
    assert not Anchor.objects.exists()


def test_anchor_found_from_quote_alone(argument_map, document):
    statement = make_statement(argument_map)
    anchor = services.create_anchor(actor=None, statement=statement, document=document, exact="核弾頭")
    assert document.text[anchor.start : anchor.end] == "核弾頭"


def test_anchor_needs_document_in_map(argument_map, workspace):
    other = make_document(workspace, text="Not in the map.")
    with pytest.raises(RuleViolation):
        services.create_anchor(actor=None, statement=make_statement(argument_map), document=other, exact="Not")


def test_revision_refinds_and_flags_anchors(argument_map, document):
    kept = services.create_anchor(actor=None, statement=make_statement(argument_map), document=document, exact="核弾頭")
    lost = services.create_anchor(
        actor=None, statement=make_statement(argument_map), document=document, exact="Second sentence"
    )
    lost_offsets = (lost.start, lost.end)
    counts = services.revise_document_text(
        actor=None,
        document=document,
        expected_version=document.version,
        text="序文を追加。\r\n" + document.text.replace("Second sentence", "Other"),
    )
    assert counts == {"anchored": 1, "orphaned": 1, "ambiguous": 0}
    kept.refresh_from_db()
    lost.refresh_from_db()
    document.refresh_from_db()
    assert document.text[kept.start : kept.end] == "核弾頭" and kept.start > 0
    assert "\r" not in document.text
    assert lost.status == AnchorStatus.ORPHANED and (lost.start, lost.end) == lost_offsets
