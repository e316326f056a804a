"""The pipeline as spaCy sees it: declared components, a shipped config, a round trip to disk."""
from __future__ import annotations

import subprocess
import sys

import spacy

from pipeline.language import config, load as load_pipeline
from pipeline.settings import ExtractSettings
from pipeline.nlp.doc import TOKENIZER_ASSIGNS
from pipeline.normalize import clean_document_text

TEXT = clean_document_text(
    "Thực hiện Nghị quyết số 12-NQ/TU ngày 5/3/2021 của Ban Thường vụ Tỉnh ủy Nghệ An, "
    "năm 2023 Đảng bộ huyện Yên Thành kết nạp được 412 đảng viên mới, đạt 103% kế hoạch. "
    "Đồng chí Nguyễn Văn Bình, Bí thư Huyện ủy, phát biểu tại hội nghị.")


def facts(doc) -> dict:
    return {f: [x.model_dump() for x in getattr(doc._, f) or []]
            for f in ("document_refs", "counts", "percentages", "entities")}


def test_every_component_declares_what_it_assigns_and_requires():
    analysis = load_pipeline(entities="facts").analyze_pipes(pretty=False)
    summary = analysis["summary"]
    assert list(summary) == ["vnfacts_document_refs", "vnfacts_counts", "vnfacts_percentages",
                             "vnfacts_tables", "vnfacts_periods", "vnfacts_words", "vnfacts_ner", "vnfacts_gazetteer",
                             "vnfacts_entities"]
    for name, meta in summary.items():
        assert meta["assigns"], name
        assert meta["requires"], name
    assert summary["vnfacts_words"]["retokenizes"] is True
    assert "doc._.counts" in summary["vnfacts_counts"]["assigns"]
    # spaCy cannot know what a tokenizer sets: the only attributes it finds
    # unassigned are the tokenizer's own
    unassigned = {attr for attrs in analysis["problems"].values() for attr in attrs}
    assert unassigned <= set(TOKENIZER_ASSIGNS)


def test_the_entity_mode_shapes_the_shipped_config():
    assert config(ExtractSettings(entities="none"))["nlp"]["pipeline"] == ["vnfacts_document_refs", "vnfacts_counts", "vnfacts_percentages",
                                                 "vnfacts_tables", "vnfacts_periods"]
    full = config(ExtractSettings(entities="all"))
    assert full["nlp"]["tokenizer"]["segment"] == "all"
    assert full["components"]["vnfacts_words"]["sentences"] == "all"


def test_facts_mark_their_spans_for_the_later_components():
    doc = load_pipeline(entities="facts")(TEXT)
    labels = {span.label_ for span in doc.spans["facts"]}
    assert labels == {"document_refs", "counts", "percentages"}
    assert any("412 đảng viên" in span.text for span in doc.spans["facts"] if span.label_ == "counts")


def test_to_disk_and_spacy_load_give_the_same_records(tmp_path):
    nlp = load_pipeline(entities="facts")
    nlp.to_disk(tmp_path / "vnfacts_pipeline")
    again = spacy.load(tmp_path / "vnfacts_pipeline")
    assert again.pipe_names == nlp.pipe_names
    assert facts(again(TEXT)) == facts(nlp(TEXT))
    assert facts(nlp(TEXT))["counts"] and facts(nlp(TEXT))["entities"]


def test_a_saved_pipeline_loads_in_a_fresh_process_through_the_entry_points(tmp_path):
    load_pipeline(entities="none").to_disk(tmp_path / "p")
    code = ("import spacy, sys; nlp = spacy.load(sys.argv[1]); "
            "doc = nlp('Toàn tỉnh có 1.204 tổ chức cơ sở đảng.'); print(doc._.counts[0].value)")
    out = subprocess.run([sys.executable, "-c", code, str(tmp_path / "p")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "1204"
