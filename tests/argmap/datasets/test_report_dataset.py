"""The report's dataset: loads on PostgreSQL, holds its invariants, and reproduces byte for byte."""

import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import transaction

from argmap.datasets.dataset import (
    BUILT_FILE,
    canonical_json,
    export_map,
    load_dataset,
    read_built,
    stable_id,
    verify_dataset,
    write_built,
)
from argmap.datasets.report_text import normalise_report_text
from argmap.models import Anchor, ArgumentMap, Edge, EvidenceLink, SchemeApplication, Source, Statement
from argmap.selectors.graph import conflict_kind_of

REPO = Path(__file__).resolve().parents[3]
DATASET = REPO / "fixtures" / "jiia-fy2024-1"
SEED = REPO.parent / "shared" / "seeds" / "000_b696bd827c80bfa8.txt"


@pytest.fixture
def report_map(db) -> ArgumentMap:
    return load_dataset(DATASET)


def test_every_anchor_matches_the_document_text(report_map):
    document = report_map.documents.get()
    anchors = list(Anchor.objects.filter(map=report_map))
    assert len(anchors) > 100
    for anchor in anchors:
        assert document.text[anchor.start : anchor.end] == anchor.exact


def test_statements_have_kind_gloss_and_anchor_unless_implicit(report_map):
    statements = Statement.objects.filter(map=report_map).prefetch_related("anchors")
    assert statements.count() >= 100
    for statement in statements:
        assert statement.kind in {"claim", "premise", "rebuttal", "evidence"}
        assert statement.gloss.strip(), statement.key
        assert statement.implicit or statement.anchors.exists(), statement.key


def test_all_sixteen_footnotes_are_sources_with_evidence(report_map):
    cited = set(EvidenceLink.objects.filter(map=report_map).values_list("footnote", flat=True))
    footnotes = set(Source.objects.filter(workspace_id=report_map.workspace_id).values_list("footnote", flat=True))
    assert set(range(1, 17)) <= footnotes
    assert set(range(1, 17)) <= cited
    sipri = Source.objects.get(footnote=3)
    assert "SIPRI" in sipri.title
    assert EvidenceLink.objects.filter(source=sipri, statement__text__contains="50発").exists()


def test_kwong_and_panda_are_attacked_by_the_critique_tied_to_footnotes_11_to_14(report_map):
    position = Statement.objects.get(map=report_map, key="s3-switch-to-arms-control")
    assert EvidenceLink.objects.filter(statement__map=report_map, footnote=10).exists()
    attacks = SchemeApplication.objects.filter(type="conflict", edges__role="consequent", edges__statement=position)
    rebuttals = [a for a in attacks if conflict_kind_of(a) == "rebut"]
    assert rebuttals
    premises_of = defaultdict(set)
    for application_id, role, statement_id in Edge.objects.filter(map=report_map).values_list(
        "application_id", "role", "statement_id"
    ):
        premises_of[application_id].add((role, statement_id))
    concluded_by = defaultdict(set)
    for application_id, ends in premises_of.items():
        for role, statement_id in ends:
            if role == "consequent" and statement_id:
                concluded_by[statement_id].add(application_id)
    footnotes = set()
    for conflict in rebuttals:
        attacker = Edge.objects.get(application=conflict, role="antecedent").statement_id
        seen, todo = set(), [attacker]
        while todo:
            statement_id = todo.pop()
            if statement_id in seen:
                continue
            seen.add(statement_id)
            for application_id in concluded_by[statement_id]:
                todo += [s for role, s in premises_of[application_id] if role == "antecedent" and s]
        footnotes |= set(EvidenceLink.objects.filter(statement_id__in=seen).values_list("footnote", flat=True))
    assert {11, 12, 13, 14} <= footnotes


def test_conflicts_include_rebut_undermine_and_undercut(report_map):
    kinds = {conflict_kind_of(c) for c in SchemeApplication.objects.filter(map=report_map, type="conflict")}
    assert kinds == {"rebut", "undermine", "undercut"}


def test_map_is_public_and_ids_are_stable(report_map):
    assert report_map.visibility == "public"
    assert str(report_map.pk) == stable_id("map", "jiia-fy2024-1-map")


def test_dataset_verifies(db):
    assert verify_dataset(DATASET) == []


def test_verifier_catches_a_broken_anchor(db, tmp_path):
    broken = tmp_path / "dataset"
    shutil.copytree(DATASET, broken)
    text = (broken / "document.txt").read_text(encoding="utf-8")
    (broken / "document.txt").write_text(text.replace("核弾頭", "核兵器", 1), encoding="utf-8")
    problems = verify_dataset(broken)
    assert any("does not occur" in p or "out of date" in p for p in problems)


def test_build_load_export_rebuild_load_export_is_byte_identical(db, tmp_path):
    def load_and_export(directory: Path) -> str:
        with transaction.atomic():
            exported = canonical_json(export_map(load_dataset(directory)))
            transaction.set_rollback(True)
        return exported

    first = load_and_export(DATASET)
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(DATASET, rebuilt)
    (rebuilt / BUILT_FILE).unlink()
    write_built(rebuilt)
    assert (rebuilt / BUILT_FILE).read_bytes() == (DATASET / BUILT_FILE).read_bytes()
    second = load_and_export(rebuilt)
    assert first.encode() == second.encode()
    assert read_built(DATASET)["map"]["id"] in first


@pytest.mark.skipif(not SEED.exists(), reason="the shared seed is not beside this checkout")
def test_document_text_is_the_normalised_seed():
    assert normalise_report_text(SEED.read_text(encoding="utf-8")) == (DATASET / "document.txt").read_text(
        encoding="utf-8"
    )
