"""Random and mangled files never crash the parsers: they parse, or they are refused with a DomainError."""

import contextlib
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.errors import DomainError
from argmap.interchange.aif import parse_aif
from argmap.interchange.argdown import parse_argdown

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)
ids = st.sampled_from(["1", "2", "3", 1, 2, None, "", [], {}])
node = st.fixed_dictionaries(
    {"nodeID": ids, "type": st.sampled_from(["I", "RA", "CA", "MA", "PA", "L", "YA", "TA", "", 5, None])},
    optional={"text": json_values, "scheme": json_values, "argmap": json_values, "timestamp": json_values},
)
edge = st.fixed_dictionaries({"fromID": ids, "toID": ids}, optional={"edgeID": ids})
aif_documents = (
    st.fixed_dictionaries(
        {"nodes": st.lists(node, max_size=6), "edges": st.lists(edge, max_size=6)},
        optional={"locutions": json_values, "participants": json_values, "schemefulfillments": json_values},
    )
    | json_values
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=aif_documents, wrap=st.booleans())
def test_aif_parser_never_crashes(db, document, wrap):
    raw = json.dumps({"AIF": document, "text": "t"} if wrap else document)
    with contextlib.suppress(DomainError):
        parse_aif(raw)


argdown_lines = st.lists(
    st.sampled_from(
        [
            "[A]: a #claim",
            '[B]: b {"gloss": "g"}',
            "<X>: x",
            "<X>",
            "(1) [A]",
            "(2) [B]",
            "----",
            "-- expert opinion --",
            "    -> [B]",
            "    _> <X>",
            "    <+ [A]",
            "// argmap: conflict C1: [A] [B] -> <X>",
            '// argmap: preference P1: C1 > <X> {"note": 1}',
            "===",
            "title: t",
            "# Heading",
            "",
            "{[",
        ]
    )
    | st.text(max_size=20),
    max_size=14,
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=argdown_lines)
def test_argdown_parser_never_crashes(db, lines):
    with contextlib.suppress(DomainError):
        parse_argdown("\n".join(lines))


extension = st.fixed_dictionaries(
    {},
    optional={
        "kind": st.sampled_from(["claim", "premise", "opinion", ""]),
        "status": st.sampled_from(["draft", "accepted", "nope"]),
        "tags": st.lists(st.text(max_size=100), max_size=3),
        "gloss": st.text(max_size=5),
        "key": st.text(max_size=200),
        "implicit": st.booleans(),
        "note": st.text(max_size=5),
    },
)


@st.composite
def small_valid_graphs(draw):
    """An I → RA → I graph whose nodes carry random argmap extensions, so the bulk writer judges them."""
    nodes = [
        {"nodeID": "1", "text": draw(st.text(min_size=1, max_size=5)), "type": "I", "argmap": draw(extension)},
        {"nodeID": "2", "text": "c", "type": "I", "argmap": draw(extension)},
        {"nodeID": "3", "text": "RA", "type": draw(st.sampled_from(["RA", "CA"])), "argmap": draw(extension)},
        {"nodeID": "4", "text": draw(st.text(max_size=40)), "type": draw(st.text(min_size=1, max_size=16))},
    ]
    edges = [{"fromID": "1", "toID": "3"}, {"fromID": "3", "toID": "2"}, {"fromID": "4", "toID": "1"}]
    return {"nodes": nodes, "edges": edges}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(document=small_valid_graphs())
def test_import_refuses_or_writes_but_never_crashes(workspace, document):
    from argmap.interchange.imports import import_map

    with contextlib.suppress(DomainError):
        import_map(actor=None, workspace=workspace, raw=json.dumps(document))
