import uuid

import pytest

from argmap import services
from argmap.errors import InvalidInput, RuleViolation
from argmap.models import Anchor, Change, Edge, SchemeApplication, Statement
from argmap.services.bulk import GraphPayload, import_graph


def _payload(document) -> GraphPayload:
    p, c, r = (str(uuid.uuid4()) for _ in range(3))
    inference, conflict = str(uuid.uuid4()), str(uuid.uuid4())
    source = str(uuid.uuid4())
    return GraphPayload(
        statements=[
            {"id": p, "kind": "evidence", "text": "核弾頭を50発", "tags": ["sipri"]},
            {"id": c, "kind": "claim", "text": "北朝鮮は核保有国である"},
            {"id": r, "kind": "rebuttal", "text": "推計は不確かだ"},
        ],
        applications=[
            {"id": inference, "type": "inference", "scheme": "expert_opinion"},
            {"id": conflict, "type": "conflict"},
        ],
        edges=[
            {"application": inference, "role": "antecedent", "statement": p},
            {"application": inference, "role": "consequent", "statement": c},
            {"application": conflict, "role": "antecedent", "statement": r},
            {"application": conflict, "role": "consequent", "other_application": inference},
        ],
        anchors=[{"statement": p, "document": str(document.pk), "exact": "核弾頭を50発"}],
        sources=[{"id": source, "title": "SIPRI Yearbook 2024", "footnote": 3}],
        evidence_links=[{"statement": p, "source": source, "locator": "chapter 7"}],
    )


def test_import_writes_the_whole_graph_and_its_history(argument_map, document, owner):
    counts = import_graph(actor=owner, argument_map=argument_map, payload=_payload(document))
    assert counts["statements"] == 3 and counts["edges"] == 4 and counts["anchors"] == 1 and counts["tags"] == 1
    anchor = Anchor.objects.get()
    assert document.text[anchor.start : anchor.end] == "核弾頭を50発" and anchor.suffix
    assert Statement.objects.get(kind="evidence").tags.get().slug == "sipri"
    batch = Change.objects.filter(entity="statement").values_list("batch", flat=True).first()
    assert Change.objects.filter(batch=batch).count() == 3 + 2 + 4 + 1 + 1 + 1 + 1
    services.revert_batch(actor=owner, batch=batch)
    assert not Statement.objects.exists() and not Edge.objects.exists()


@pytest.mark.parametrize(
    ("mutate", "error", "element"),
    [
        (
            lambda p: p.edges.append(
                {"application": p.applications[0]["id"], "role": "consequent", "statement": p.statements[2]["id"]}
            ),
            RuleViolation,
            "edges[4]",
        ),
        (
            lambda p: p.edges.__setitem__(
                0, {"application": p.applications[0]["id"], "role": "antecedent", "statement": str(uuid.uuid4())}
            ),
            RuleViolation,
            "edges[0]",
        ),
        (lambda p: p.statements.__setitem__(1, {**p.statements[1], "kind": "opinion"}), InvalidInput, "statements[1]"),
        (lambda p: p.anchors.__setitem__(0, {**p.anchors[0], "start": 0, "end": 3}), InvalidInput, "anchors[0]"),
        (lambda p: p.edges.pop(1), InvalidInput, "applications[0]"),
        (
            lambda p: p.edges.append(
                {
                    "application": p.applications[0]["id"],
                    "role": "antecedent",
                    "other_application": p.applications[1]["id"],
                }
            ),
            RuleViolation,
            "edges[4]",
        ),
    ],
)
def test_invalid_payload_changes_nothing_and_points_at_the_element(argument_map, document, mutate, error, element):
    payload = _payload(document)
    mutate(payload)
    changes_before = Change.objects.count()
    with pytest.raises(error) as exc:
        import_graph(actor=None, argument_map=argument_map, payload=payload)
    assert str(exc.value).startswith(element)
    assert exc.value.detail["element"] == element.split("[")[0]
    assert not Statement.objects.exists() and not SchemeApplication.objects.exists()
    assert Change.objects.count() == changes_before


def test_import_never_overwrites_existing_ids(argument_map, document):
    payload = _payload(document)
    import_graph(actor=None, argument_map=argument_map, payload=payload)
    with pytest.raises(RuleViolation) as exc:
        import_graph(actor=None, argument_map=argument_map, payload=payload)
    assert exc.value.rule in {"unique_id", "unique"}
    assert Statement.objects.count() == 3


@pytest.mark.parametrize(
    ("mutate", "element"),
    [
        (lambda p: p.statements[0].__setitem__("key", "k" * 121), "statements[0]"),
        (lambda p: p.statements[0].__setitem__("tags", ["not a slug!"]), "statements[0]"),
        (lambda p: p.sources[0].__setitem__("url", "not a url"), "sources[0]"),
        (lambda p: p.sources[0].__setitem__("footnote", "three"), "sources[0]"),
        (lambda p: p.sources[0].__setitem__("author", "Tosaki\ud800"), "sources[0]"),
        (lambda p: p.sources[0].__setitem__("publisher", "JIIA\x00"), "sources[0]"),
        (lambda p: p.statements[1].__setitem__("text", "北朝鮮\udfff"), "statements[1]"),
        (lambda p: p.statements[1].__setitem__("gloss", "\x00"), "statements[1]"),
    ],
)
def test_overlong_or_malformed_fields_are_refused_before_writing(argument_map, document, mutate, element):
    payload = _payload(document)
    mutate(payload)
    with pytest.raises(InvalidInput) as exc:
        import_graph(actor=None, argument_map=argument_map, payload=payload)
    assert str(exc.value).startswith(element)
    assert not Statement.objects.exists()


def test_duplicate_tags_on_a_statement_are_merged(argument_map, document):
    payload = _payload(document)
    payload.statements[0]["tags"] = ["sipri", "sipri", "warheads"]
    import_graph(actor=None, argument_map=argument_map, payload=payload)
    assert sorted(Statement.objects.get(kind="evidence").tags.values_list("slug", flat=True)) == ["sipri", "warheads"]
