"""The entity components the spaCy way: the gazetteer ruler's validated patterns,
its named overlap filter, and their round trip to disk."""
from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

import pytest
import spacy
from spacy.tokens import Span
from spacy.util import load_model_from_config, registry

from pipeline.language import config
from pipeline.nlp.entity_overlap import ENTITY_LABELS, resolve_entities
from pipeline.nlp.gazetteer import default_patterns
from pipeline.settings import ExtractSettings
from pipeline.nlp.ner import segmented_sentences, sentence_words
from pipeline.records import EntityLabel

PASSAGE = ("Sở Nội vụ tỉnh Quảng Bình phối hợp với Ban Dân vận Tỉnh ủy Quảng Bình "
           "tổ chức hội nghị do đồng chí Lê Ngọc Quang chủ trì.")


def fresh_pipeline(mode: str = "all"):
    """A pipeline of its own (pipeline.language.load is cached and shared)."""
    return load_model_from_config(config(ExtractSettings(entities=mode)), auto_fill=True, validate=True)


def entities(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.label, e.text, e.source) for e in nlp(text)._.entities]


# --- the ruler's patterns ---------------------------------------------------------

@pytest.mark.parametrize("pattern,reason", [
    ({"kind": "committee", "pattern": ""}, "at least 1 character"),
    ({"kind": "committee", "pattern": "  Đảng ủy"}, "no surrounding spaces"),
    ({"kind": "body", "pattern": "2024"}, "phrase with letters"),
    ({"kind": "ward", "pattern": "Phường ủy"}, "kind"),
    ({"kind": "body", "pattern": "Hội Nông dân", "label": "ORG"}, "label"),
    ({"pattern": "Hội Nông dân"}, "kind"),
])
def test_a_bad_pattern_is_refused_with_its_reason_and_nothing_is_added(pattern, reason):
    ruler = fresh_pipeline().get_pipe("vnfacts_gazetteer")
    before = len(ruler)
    good = {"kind": "body", "pattern": "Hội Cựu chiến binh Việt Nam"}
    with pytest.raises(ValueError, match="gazetteer pattern 1") as err:
        ruler.add_patterns([good, pattern])
    assert reason in str(err.value)
    assert len(ruler) == before  # the good pattern before it was not added either


def test_the_shipped_table_is_the_rulers_patterns():
    ruler = fresh_pipeline().get_pipe("vnfacts_gazetteer")
    assert ruler.patterns == default_patterns()
    assert {"kind": "committee", "pattern": "Tỉnh ủy"} in ruler.patterns


def test_an_added_pattern_finds_a_new_body():
    nlp = fresh_pipeline()
    assert not [e for e in entities(nlp, PASSAGE) if e[1].startswith("Sở Nội vụ")]
    # a State body takes a tail: level words and a place name
    nlp.get_pipe("vnfacts_gazetteer").add_patterns([{"kind": "state_body", "pattern": "Sở Nội vụ"}])
    found = entities(nlp, PASSAGE)
    assert ("ORG", "Sở Nội vụ tỉnh Quảng Bình", "gazetteer") in found
    assert ("ORG", "Ban Dân vận Tỉnh ủy Quảng Bình", "gazetteer") in found


def test_a_ruler_without_patterns_leaves_the_ner_alone():
    nlp = fresh_pipeline()
    ruler = nlp.get_pipe("vnfacts_gazetteer")
    ruler.clear()
    assert len(ruler) == 0
    assert all(source == "ner" for _, _, source in entities(nlp, PASSAGE))
    ruler.initialize()
    assert ruler.patterns == default_patterns()


# --- serialization ------------------------------------------------------------------

def test_the_patterns_go_to_disk_and_back_with_the_pipeline(tmp_path):
    nlp = fresh_pipeline()
    nlp.get_pipe("vnfacts_gazetteer").add_patterns([{"kind": "state_body", "pattern": "Sở Nội vụ"}])
    nlp.to_disk(tmp_path / "p")
    assert (tmp_path / "p" / "vnfacts_gazetteer" / "patterns.jsonl").exists()
    again = spacy.load(tmp_path / "p")
    assert again.get_pipe("vnfacts_gazetteer").patterns == nlp.get_pipe("vnfacts_gazetteer").patterns
    assert [e.model_dump() for e in again(PASSAGE)._.entities] == [e.model_dump() for e in nlp(PASSAGE)._.entities]
    assert ("ORG", "Sở Nội vụ tỉnh Quảng Bình", "gazetteer") in entities(again, PASSAGE)


def test_the_patterns_go_to_bytes_and_back():
    ruler = fresh_pipeline().get_pipe("vnfacts_gazetteer")
    ruler.add_patterns([{"kind": "state_body", "pattern": "Sở Nội vụ"}])
    other = fresh_pipeline().get_pipe("vnfacts_gazetteer")
    assert {"kind": "state_body", "pattern": "Sở Nội vụ"} not in other.patterns
    other.from_bytes(ruler.to_bytes())
    assert other.patterns == ruler.patterns


def test_a_bad_pattern_on_disk_is_refused_when_loading(tmp_path):
    fresh_pipeline().to_disk(tmp_path / "p")
    path = tmp_path / "p" / "vnfacts_gazetteer" / "patterns.jsonl"
    with path.open("a", encoding="utf-8") as f:
        f.write('{"kind": "organ", "pattern": ""}\n')
    with pytest.raises(ValueError, match="gazetteer pattern"):
        spacy.load(tmp_path / "p")


# --- the named overlap filter ---------------------------------------------------------

def test_the_overlap_filter_is_named_in_the_config():
    cfg = fresh_pipeline().config
    assert cfg["components"]["vnfacts_gazetteer"]["overlap"] == {"@misc": "vnfacts.entity_overlap.v1"}
    assert registry.misc.get("vnfacts.entity_overlap.v1")() is resolve_entities


def test_the_labels_are_the_contracts():
    assert set(ENTITY_LABELS) == set(get_args(EntityLabel))


def _words_of(text: str):
    """The segmented Doc of one sentence, with no spans yet, and its words."""
    nlp = fresh_pipeline()
    doc = nlp.get_pipe("vnfacts_words")(nlp.make_doc(text))
    (sentence,) = list(segmented_sentences(doc))
    return doc, sentence_words(doc, sentence)


def _span(doc, words, phrase: str, label: str, source: str = "ner") -> Span:
    start = doc.text.index(phrase)
    first = next(i for i, w in enumerate(words.words) if w.start == start)
    last = next(i for i, w in enumerate(words.words) if w.end == start + len(phrase))
    return words.span(first, last, label, source)


def test_a_body_wins_over_the_ner_span_it_overlaps_and_the_rest_is_a_person():
    text = "Bí thư Tỉnh ủy Quảng Bình Lê Ngọc Quang kiểm tra công tác tại huyện."
    doc, words = _words_of(text)
    run_on = _span(doc, words, "Tỉnh ủy Quảng Bình Lê Ngọc Quang", "LOC")
    body = _span(doc, words, "Tỉnh ủy Quảng Bình", "ORG", "gazetteer")
    out = resolve_entities(words, [run_on], [body], [])
    assert [(s.label_, s.text, s.id_) for s in out] == [("ORG", "Tỉnh ủy Quảng Bình", "gazetteer"),
                                                        ("PER", "Lê Ngọc Quang", "ner")]


def test_a_span_overlapping_a_document_reference_and_a_misc_span_are_dropped():
    text = "Thực hiện Kế hoạch số 15-KH/HU, xã Quảng Tùng đã rà soát đảng viên ở thôn Thọ Sơn."
    doc, words = _words_of(text)
    plan = _span(doc, words, "Kế hoạch", "LOC")
    commune = _span(doc, words, "xã Quảng Tùng", "LOC")
    misc = _span(doc, words, "Thọ Sơn", "MISC")
    ref = (text.index("Kế hoạch"), text.index(","))
    out = resolve_entities(words, [plan, commune, misc], [], [ref])
    assert [(s.label_, s.text) for s in out] == [("LOC", "xã Quảng Tùng")]


def test_adjacent_person_parts_of_the_ner_are_one_person():
    text = "Ông Y Thanh Hà Niê Kđăm phát biểu tại buổi lễ."
    doc, words = _words_of(text)
    start = text.index("Y Thanh")
    end = start + len("Y Thanh Hà Niê Kđăm")
    # one B-PER span per word of the name, as underthesea often tags them
    parts = [words.span(i, i, "PER", "ner") for i, w in enumerate(words.words) if start <= w.start and w.end <= end]
    assert len(parts) >= 2
    out = resolve_entities(words, parts, [], [])
    assert [(s.label_, s.text) for s in out] == [("PER", "Y Thanh Hà Niê Kđăm")]


def test_another_registered_filter_can_replace_the_policy():
    @registry.misc("test.bodies_only.v1")
    def bodies_only():
        return lambda sentence, ner, bodies, refs: list(bodies)

    cfg = config(ExtractSettings(entities="all"))
    cfg["components"]["vnfacts_gazetteer"]["overlap"] = {"@misc": "test.bodies_only.v1"}
    nlp = load_model_from_config(cfg, auto_fill=True, validate=True)
    found = entities(nlp, PASSAGE)
    assert found and all(source == "gazetteer" for _, _, source in found)
    assert ("PER", "Lê Ngọc Quang", "ner") not in found


# --- layers -----------------------------------------------------------------------------

def test_nlp_does_not_import_the_record_contract_or_the_extractors():
    for path in Path("pipeline/nlp").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                module = "." * node.level + (node.module or "")
                assert not module.startswith(("..records", "..extract", "pipeline.records", "pipeline.extract")), \
                    (path, module)
