"""The report's dataset: loads on PostgreSQL, holds its invariants, and reproduces byte for byte."""

import shutil
from collections import defaultdict
from io import StringIO
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.db import transaction

from argmap.datasets.dataset import (
    BUILT_FILE,
    DatasetError,
    build_dataset,
    canonical_json,
    content_checksum,
    export_map,
    load_dataset,
    read_built,
    stable_id,
    verify_dataset,
    write_built,
)
from argmap.datasets.report import OUTLINE_FILE, render_outline
from argmap.datasets.report_text import normalise_report_text
from argmap.models import Anchor, ArgumentMap, Edge, EvidenceLink, Participant, SchemeApplication, Source, Statement
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


def test_every_statement_has_a_speaker_and_the_author_rebuts_a_reported_position(report_map):
    statements = Statement.objects.filter(map=report_map).select_related("speaker")
    assert statements.filter(speaker__isnull=True).count() == 0
    author = Participant.objects.get(workspace_id=report_map.workspace_id, key="tosaki")
    switch = statements.get(key="s3-switch-to-arms-control")
    assert (switch.speaker.key, switch.illocution) == ("us-arms-control-camp", "reporting")
    quoted = statements.get(key="s3-kp-minimise-risk-primary-aim")
    assert (quoted.speaker.key, quoted.illocution) == ("kwong-panda", "quoting")
    conceded = statements.get(key="s3-sc5-alliances-may-be-valued")
    assert (conceded.speaker_id, conceded.illocution, conceded.kind) == (author.pk, "conceding", "rebuttal")
    attackers = Edge.objects.filter(
        role="antecedent",
        application__type="conflict",
        application__edges__role="consequent",
        application__edges__statement=switch,
    ).values_list("statement__speaker__key", flat=True)
    assert set(attackers) == {"tosaki", "objector"}


def test_every_cited_voice_is_a_participant_with_its_source(report_map):
    participants = {p.key: p for p in Participant.objects.filter(workspace_id=report_map.workspace_id)}
    footnoted = {key: p.source.footnote for key, p in participants.items() if p.source}
    assert footnoted == {
        "kcna": 1,
        "kim-jong-un": 2,
        "sipri": 3,
        "mod-japan": 5,
        "trump": 6,
        "some-experts": 7,
        "ward": 8,
        "yeo-foreman": 9,
        "us-arms-control-camp": 10,
        "kwong-panda": 10,
        "einhorn": 11,
        "ellen-kim": 12,
        "klingner": 13,
        "jiia": 14,
        "roehrig-logan": 15,
        "corrado-lee": 16,
    }
    assert {"tosaki", "dprk", "analysts-summit", "unnamed-reports", "objector"} <= set(participants)


def test_review_findings_are_in_the_data(report_map):
    by_key = {s.key: s for s in Statement.objects.filter(map=report_map).prefetch_related("anchors")}
    third = by_key["s2-third-japan-us-rok"]
    assert third.anchors.get().exact == "第三に、日米韓の動向である"
    assert "may not be shaken" in by_key["s3-sc5-alliances-hold"].gloss
    assert "堅持" not in by_key["s4-principled-stance"].text
    keys = set(SchemeApplication.objects.filter(map=report_map).values_list("key", flat=True))
    assert not keys & {"i-s3-may-accept-debate", "i-s4-kp-common-ground", "i-s3-ssi", "i-s4-deterrence-meanwhile"}
    schemes = dict(SchemeApplication.objects.filter(map=report_map).values_list("key", "scheme__key"))
    assert {schemes[f"i-s3-sc{n}-negative"] for n in range(1, 6)} == {"verbal_classification"}
    assert schemes["i-s3-us-debate-reported"] == "popular_opinion"
    premises = set(
        Edge.objects.filter(application__key="i-s3-sc3", role="antecedent").values_list("statement__key", flat=True)
    )
    assert {"s3-stability-instability", "s2-dprk-capability-buildup", "s3-sc3-no-agreement"} <= premises


def test_the_map_has_a_checkable_top(report_map):
    top = Statement.objects.get(map=report_map, key="s4-overall-position")
    supports = SchemeApplication.objects.filter(type="inference", edges__role="consequent", edges__statement=top)
    premises = set(
        Edge.objects.filter(application__in=supports, role="antecedent").values_list("statement__key", flat=True)
    )
    assert {"s4-no-major-revision", "s4-strengthen-deterrence", "s4-principle-and-reality"} <= premises
    legacy = SchemeApplication.objects.get(map=report_map, key="c-s2-legacy")
    assert conflict_kind_of(legacy) == "rebut"


def test_the_export_carries_speakers_and_illocutions(report_map):
    exported = export_map(report_map)
    speakers = {p["id"]: p["key"] for p in exported["participants"]}
    rows = {s["key"]: s for s in exported["statements"]}
    assert speakers[rows["s2-kcna-second-hand"]["speaker_id"]] == "kcna"
    assert rows["s2-kcna-second-hand"]["illocution"] == "quoting"


def test_built_fixture_carries_version_and_a_checksum_of_its_content(db, tmp_path):
    built = read_built(DATASET)
    assert built["version"] == "2.0.0"
    assert built["checksum"] == content_checksum(built)
    tampered = tmp_path / "dataset"
    shutil.copytree(DATASET, tampered)
    data = read_built(tampered)
    data["statements"][0]["gloss"] = "edited by hand"
    (tampered / BUILT_FILE).write_text(canonical_json(data), encoding="utf-8")
    problems = verify_dataset(tampered)
    assert any("checksum" in p for p in problems)


def test_a_stated_conflict_kind_the_target_contradicts_is_refused(tmp_path):
    broken = tmp_path / "dataset"
    shutil.copytree(DATASET, broken)
    source = (broken / "dataset.yaml").read_text(encoding="utf-8")
    assert "  - key: c-s2-legacy\n    kind: rebut\n" in source
    (broken / "dataset.yaml").write_text(
        source.replace("  - key: c-s2-legacy\n    kind: rebut\n", "  - key: c-s2-legacy\n    kind: undermine\n"),
        encoding="utf-8",
    )
    with pytest.raises(
        DatasetError, match="c-s2-legacy: the text reads it as a undermine, but its target makes it a rebut"
    ):
        build_dataset(broken)


def test_an_unattributed_statement_is_a_problem(db, tmp_path):
    broken = tmp_path / "dataset"
    shutil.copytree(DATASET, broken)
    source = (broken / "dataset.yaml").read_text(encoding="utf-8")
    (broken / "dataset.yaml").write_text(source.replace("    speaker: tosaki\n", "", 1), encoding="utf-8")
    write_built(broken)
    assert any("not attributed" in p for p in verify_dataset(broken))


def test_outline_is_current_and_starts_at_the_top():
    outline = (DATASET / OUTLINE_FILE).read_text(encoding="utf-8")
    assert outline == render_outline(read_built(DATASET))
    first = next(line for line in outline.splitlines() if line.startswith("- "))
    assert "s4-overall-position" in first
    assert "⚔ `c-s3-critique-rebuts-switch` (rebut)" in outline


def test_readme_counts_are_what_the_command_prints():
    out = StringIO()
    call_command("dataset_counts", stdout=out)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- dataset-counts:begin -->\n", 1)[1].split("<!-- dataset-counts:end -->", 1)[0]
    assert block == out.getvalue()
    assert "| **total** | **145** | 41 / 55 / 34 / 15 | 8 | **102** | **24** | 13 / 4 / 7 |" in block


def test_citation_file_names_the_dataset_version_and_the_report():
    citation = yaml.safe_load((REPO / "CITATION.cff").read_text(encoding="utf-8"))
    assert citation["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(citation)
    assert citation["type"] == "dataset"
    assert citation["version"] == read_built(DATASET)["version"]
    (report,) = citation["references"]
    assert report["type"] == "report" and report["authors"][0]["family-names"] == "戸崎"


def test_footnote_markers_keep_their_positions_and_check_the_evidence_links(db, tmp_path):
    built = read_built(DATASET)
    text = (DATASET / "document.txt").read_text(encoding="utf-8")
    markers = {m["footnote"]: m["offset"] for m in built["document"]["footnote_markers"]}
    assert sorted(markers) == list(range(1, 17))
    assert text[: markers[3]].endswith("核弾頭数を50発と推計した")
    moved = tmp_path / "dataset"
    shutil.copytree(DATASET, moved)
    source = (moved / "dataset.yaml").read_text(encoding="utf-8")
    before_marker = "    tags: [central-dispute, arms-control, us-debate]\n"
    mount = '    evidence:\n      - source: mount-2024-usip\n        footnote: 10\n        locator: ""\n        quote: "議論"\n'
    (moved / "dataset.yaml").write_text(source.replace(before_marker, mount + before_marker, 1), encoding="utf-8")
    write_built(moved)
    problems = verify_dataset(moved)
    assert "statement s3-us-debate-widespread cites footnote 10 outside the sentence of its marker" in problems
