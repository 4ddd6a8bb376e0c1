"""5 MB hostile AIF files, each of a kind that once cost seconds or a 500: refused quickly, nothing written."""

import json
import time

import pytest

from argmap.errors import InvalidInput
from argmap.interchange.imports import import_map
from argmap.models import ArgumentMap, Change
from tests.factories import make_workspace

MB5 = 5 * 1024 * 1024


def _node(i, kind="I", text=None):
    return {"nodeID": str(i), "type": kind, "text": f"statement {i}" if text is None else text}


def _hostile(kind: str) -> bytes:
    if kind == "deep-arrays":
        text = "[" * MB5
    elif kind == "deep-objects":
        text = '{"a":' * (MB5 // 5)
    elif kind == "deep-under-nodes":
        text = '{"nodes": [' + '{"x":' * (MB5 // 5)
    elif kind == "stray-quote-then-deep":
        text = '{"nodes": ["\\"' + "[" * (MB5 - 20) + '"], "edges": []}'
    elif kind == "edges-to-missing-ids":
        edges = [{"edgeID": str(i), "fromID": str(i), "toID": "x"} for i in range(MB5 // 60)]
        text = json.dumps({"nodes": [_node(0)], "edges": edges})
    elif kind == "duplicate-node-ids":
        text = json.dumps({"nodes": [_node(1) for _ in range(MB5 // 40)], "edges": []})
    elif kind == "duplicate-edge-ids":
        edges = [{"edgeID": "e", "fromID": "0", "toID": "2"} for _ in range(MB5 // 45)]
        text = json.dumps({"nodes": [_node(0), _node(1), _node(2, "RA", "")], "edges": edges})
    elif kind == "lone-surrogate-in-the-last-node":
        nodes = [_node(i) for i in range(MB5 // 50)] + [_node("z", text="\ud800")]
        text = json.dumps({"nodes": nodes, "edges": []})
    else:
        raise AssertionError(kind)
    return text.encode("utf-8", "surrogatepass")


KINDS = {
    "deep-arrays": "nested deeper than 32",
    "deep-objects": "nested deeper than 32",
    "deep-under-nodes": "nested deeper than 32",
    "stray-quote-then-deep": "nodes[0]",
    "edges-to-missing-ids": "edges[0] (0): toID x is not a node",
    "duplicate-node-ids": "nodes[1] (1): this nodeID is used twice",
    "duplicate-edge-ids": "edges[1] (e): this edgeID is used twice",
    "lone-surrogate-in-the-last-node": "(z): text must not contain a lone surrogate",
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_5_mb_hostile_aif_file_is_refused_within_5_seconds(db, kind):
    workspace = make_workspace(slug="hostile")
    raw = _hostile(kind)
    assert len(raw) >= 4_500_000
    before = (ArgumentMap.objects.count(), Change.objects.count())
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as refused:
        import_map(actor=None, workspace=workspace, raw=raw, format="aif")
    elapsed = time.perf_counter() - started
    assert KINDS[kind] in refused.value.message
    assert elapsed < 5.0, f"{kind}: {elapsed:.2f} s"
    assert (ArgumentMap.objects.count(), Change.objects.count()) == before
