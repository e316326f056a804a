"""The compiled CRF featurizer and tagger give exactly underthesea's results."""
from __future__ import annotations

import glob
import os

import pytest
import underthesea
from underthesea.pipeline.chunking.model_crf import CRFChunkingPredictor
from underthesea.pipeline.ner.model_crf import CRFNERPredictor, TaggedTransformer
from underthesea.pipeline.pos_tag.model_crf import CRFPOSTagPredictor

from underthesea_core import CRFModel

from pipeline.nlp import crf
from pipeline.nlp.crfsuite import NotACrfsuiteModel, model_attributes
from pipeline.nlp.sentences import corpus_sentences
from pipeline.nlp.segment import segment

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_SENTENCES = corpus_sentences(sorted(glob.glob(os.path.join(ROOT, "corpus", "articles", "*.txt"))))

SHORT_SENTENCES = [
    "Đồng chí Nguyễn Văn A, Bí thư Tỉnh ủy phát biểu.",
    "Ban Thường vụ Tỉnh uỷ Hà Tĩnh ban hành Nghị quyết số 09-NQ/TU.",
    "Toàn tỉnh có 1.742 tổ chức cơ sở đảng, đạt 56,87%.",
    "UBND TP Hồ Chí Minh họp.",
    "Hà Nội",
]
# Rows as underthesea's predictors see them, for edge cases ner() never builds:
# one or two tokens (every offset is BOS/EOS), an empty syllable (istitle), digits.
EDGE_ROWS = [
    [("Hà Nội", "Np", "B-NP")],
    [("Ông", "Nc", "B-NP"), ("Ba", "Np", "B-NP")],
    [("Ông  Ba", "Np", "B-NP"), ("", "CH", "O"), ("2024", "M", "B-NP")],
]


def underthesea_rows(sentence: str) -> list[tuple[str, str, str]]:
    return [r[:3] for r in underthesea.ner(sentence)]


def test_corpus_has_sentences():
    assert len(CORPUS_SENTENCES) > 100


@pytest.mark.parametrize("name,predictor", [
    ("pos", CRFPOSTagPredictor), ("chunk", CRFChunkingPredictor), ("ner", CRFNERPredictor)])
def test_templates_are_underthesea_templates(name, predictor):
    assert crf.featurizer(name).template == predictor.Instance().transformer.template


@pytest.mark.parametrize("rows", EDGE_ROWS + [underthesea_rows(s) for s in SHORT_SENTENCES + CORPUS_SENTENCES[:5]])
@pytest.mark.parametrize("name,width", [("pos", 1), ("chunk", 2), ("ner", 3)])
def test_featurizer_equals_tagged_transformer(rows, name, width):
    # each model sees the columns before its own, then the "X" placeholder
    rows = [tuple(r[:width]) + ("X",) for r in rows]
    expected = TaggedTransformer(crf.featurizer(name).template).transform([rows])[0][0]
    columns = [list(c) for c in zip(*rows)]
    assert crf.featurizer(name, pruned=False).features(columns) == expected


@pytest.mark.parametrize("syntax,expected", [
    ("T[0]", (0, None, 0, None)),
    ("T[-2,-1][1]", (-2, -1, 1, None)),
    ("T[-3][3]", (-3, None, 3, None)),
    ("T[1].istitle", (1, None, 0, "istitle")),
])
def test_compile_template(syntax, expected):
    t = crf.compile_template(syntax)
    func = next((k for k, f in crf.FUNCTIONS.items() if f is t.function), None)
    assert (t.first, t.last, t.column, func) == expected
    assert t.prefix == syntax + "="


def test_bad_template_is_rejected():
    with pytest.raises(ValueError):
        crf.compile_template("W[0]")


def test_empty_sentence():
    assert crf.tag([]) == []


@pytest.mark.parametrize("index", range(len(CORPUS_SENTENCES)))
def test_tags_equal_underthesea_ner_on_corpus(index):
    sentence = CORPUS_SENTENCES[index]
    words = [w.norm for w in segment(sentence)]
    assert crf.tag(words) == underthesea.ner(sentence)


@pytest.mark.parametrize("sentence", SHORT_SENTENCES[:5])
def test_tags_equal_underthesea_ner_on_short_sentences(sentence):
    assert crf.tag(underthesea.word_tokenize(sentence)) == underthesea.ner(sentence)


@pytest.mark.parametrize("name", ["pos", "chunk", "ner"])
def test_the_attribute_reader_finds_every_attribute_of_the_model(name):
    known = model_attributes(crf._model_path(name))
    assert len(known) == CRFModel.load(crf._model_path(name)).num_attributes
    assert "T[-1].lower=BOS" in known  # every model has a sentence-start feature


@pytest.mark.parametrize("sentence", SHORT_SENTENCES + CORPUS_SENTENCES[:40])
def test_pruned_features_are_the_known_part_of_underthesea_features(sentence):
    words = [w.norm for w in segment(sentence)]
    columns = [words, ["X"] * len(words)]
    known = model_attributes(crf._model_path("pos"))
    full = crf.featurizer("pos", pruned=False).features(columns)
    pruned = crf.featurizer("pos").features(columns)
    assert pruned == [[f for f in row if f in known] for row in full]
    assert sum(map(len, pruned)) <= sum(map(len, full))


def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"\x00" * 64)
    with pytest.raises(NotACrfsuiteModel):
        model_attributes(str(path))
