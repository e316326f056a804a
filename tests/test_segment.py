"""Our word segmentation equals underthesea's, feature for feature."""
from pathlib import Path

import pytest

from functools import lru_cache

from pipeline.nlp.segment import _normalize, _ws_path, segment, syllables, ws_featurizer
from pipeline.nlp.sentences import split_sentences
from pipeline.normalize import clean_document_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


@lru_cache(maxsize=1)
def underthesea_core_featurizer():
    """underthesea's own featurizer for the model, as word_tokenize loads it."""
    from underthesea.models.fast_crf_sequence_tagger import FastCRFSequenceTagger

    model = FastCRFSequenceTagger()
    model.load(_ws_path(""))
    return model.featurizer


def corpus_syllables():
    for path in sorted(CORPUS.glob("*.txt")):
        text = clean_document_text(path.read_text(encoding="utf-8"))
        for span in split_sentences(text):
            yield [_normalize(text[s:e]) for s, e in syllables(text, span.start, span.end)]


def test_features_equal_underthesea_core_on_every_corpus_sentence():
    rust = underthesea_core_featurizer()
    checked = 0
    for norms in corpus_syllables():
        assert ws_featurizer(pruned=False).features([norms]) == rust.process([[[n] for n in norms]])[0]
        checked += 1
    assert checked > 200


@pytest.mark.parametrize("tokens", [
    ["ĐẢNG", "ủy", "Ủy", "(", "1.742", ")", "19/8/2009", "%"],
    ["Ban", "Thường", "vụ", "Tỉnh", "ủy", "khóa", "XVI"],
    ["a"],
    ["2015", "-", "2020", "TCCSĐ", "NĐ-CP"],
])
def test_features_equal_underthesea_core_on_edge_tokens(tokens):
    assert ws_featurizer(pruned=False).features([tokens]) == underthesea_core_featurizer().process([[[t] for t in tokens]])[0]


def test_words_keep_offsets_and_underthesea_forms():
    text = "Ban Thường vụ Tỉnh uỷ kết nạp 509 đảng viên mới."
    words = segment(text)
    assert [w.text for w in words][:4] == ["Ban", "Thường vụ", "Tỉnh uỷ", "kết nạp"]
    assert words[2].norm == "Tỉnh ủy"
    assert all(text[w.start:w.end] == w.text for w in words)
