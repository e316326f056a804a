"""The speed work's tables and short cuts give exactly what the slow paths give,
on sentences written for these tests (other provinces and wording than the corpus)."""
from __future__ import annotations

import itertools
import re
import subprocess
import sys

import joblib
import pytest
import underthesea
from underthesea.corpus import DictionaryLoader
from underthesea.pipeline.ner.model_crf import TaggedTransformer

from pipeline.language import load
from pipeline.lexicon import phrase_key
from pipeline.nlp import crf, features, segment
from pipeline.nlp import words as word_component
from pipeline.nlp.doc import SYLLABLE_TOKENS
from pipeline.nlp.ner import segmented_sentences, sentence_words
from pipeline.nlp.words import token_offsets
from pipeline.normalize import TONE_FOLD, fold_tones

SENTENCES = [
    "Ban Chấp hành Đảng bộ tỉnh Quảng Trị khóa XVII đã kết nạp 1.215 đảng viên mới, đạt 104,5% chỉ tiêu năm 2024.",
    "Huyện uỷ Mèo Vạc tổ chức hội nghị sơ kết 6 tháng đầu năm, đồng chí Sùng Mí Quáng phát biểu chỉ đạo.",
    "Thực hiện Kết luận số 21-KL/TW, Đảng uỷ phường Hoà Khánh (TP.Đà Nẵng) rà soát 38 chi bộ trực thuộc.",
    "Liên hệ: banbientap@quangtri.gov.vn hoặc http://quangtri.dcs.vn/tin-tuc (cập nhật lúc 10:20:50).",
    "Toàn khối có 97% tổ chức đảng hoàn thành tốt nhiệm vụ, xe 43H-0530 chở đoàn về xã Quý Lộc v.v...",
    "Ông Nguyễn Thuỵ Khuê, Phó Chủ tịch UBND tỉnh Khánh Hoà, dự lễ kỷ niệm ngày 03/02/2025 tại H'Mông :D",
    "Kết quả: ĐBQH. Trần Văn Bảy  tiếp xúc cử tri\txã Ea Kar, tỉnh Đắk Lắk; gần 2.000m-3.000m đường ĐT.",
]


@pytest.fixture(scope="module")
def nlp():
    return load(entities="facts")


# --- the featurizer's value tables --------------------------------------------

def _rows(sentence: str) -> list[tuple[str, str, str, str]]:
    return [r[:3] + ("X",) for r in underthesea.ner(sentence)]


@pytest.mark.parametrize("sentence", SENTENCES)
@pytest.mark.parametrize("name,width", [("pos", 1), ("chunk", 2), ("ner", 3)])
def test_features_from_the_value_tables_equal_underthesea_twice(sentence, name, width):
    rows = [r[:width] + ("X",) for r in _rows(sentence)]
    expected = TaggedTransformer(crf.featurizer(name).template).transform([rows])[0][0]
    columns = [list(c) for c in zip(*rows)]
    first = crf.featurizer(name, pruned=False).features(columns)
    again = crf.featurizer(name, pruned=False).features(columns)  # every value from the tables now
    assert first == again == expected


def test_a_full_value_table_starts_over_with_the_same_features(monkeypatch):
    words = [w.norm for s in SENTENCES for w in segment.segment(s)]
    columns = [words, ["X"] * len(words)]
    tables = [features.value_table(f) for f in crf.FUNCTIONS.values()]
    with monkeypatch.context() as m:
        m.setattr(features, "TABLE_LIMIT", 3)
        for table in tables:
            table.clear()
        small = crf.featurizer("pos").features(columns)
        assert all(len(table) <= 3 for table in tables)
    for table in tables:
        table.clear()
    assert crf.featurizer("pos").features(columns) == small
    assert sum(map(len, tables)) > 3 * len(tables)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_tags_equal_underthesea_ner(sentence):
    words = [w.norm for w in segment.segment(sentence)]
    assert crf.tag(words) == underthesea.ner(sentence)


# --- syllables chunk by chunk ---------------------------------------------------

@pytest.mark.parametrize("sentence", SENTENCES)
def test_syllables_from_the_chunk_table_equal_underthesea_pattern(sentence):
    text = "  " + sentence + "\n"
    for start, end in [(0, len(text)), (2, len(text) - 1), (5, len(text) - 9), (2, 30)]:
        assert segment.syllables(text, start, end) == segment.regex_syllables(text, start, end)


@pytest.mark.parametrize("chunks", [
    ["ĐBQH.", "họp"], ["họp", "ĐBQH."], ["vui", ":D"], [":D", "nhé"], ["xem", "thanhnien.vn"],
    ["thanhnien.vn", "đưa"], ["ĐT.", "ĐT."], ["1.600m-2.000m", "và"], ["a@b.vn", "-"],
])
@pytest.mark.parametrize("gap", [" ", "\n", "\t", "\u00a0", "  \n"])
def test_chunks_whose_tokens_depend_on_what_follows(chunks, gap):
    # "ĐBQH." is one token before a word, two at the end; the table keeps the
    # first, the last chunk is read by the pattern itself
    text = gap.join(chunks)
    assert segment.syllables(text) == segment.regex_syllables(text)
    assert segment.syllables(text + gap) == segment.regex_syllables(text + gap)


def test_a_range_that_starts_inside_a_word_is_read_by_the_pattern():
    text = "Đảng bộ xã Đông Hưng có 1.302 đảng viên."
    for start in range(len(text)):
        assert segment.syllables(text, start) == segment.regex_syllables(text, start)


def test_model_files_read_as_joblib_reads_them():
    for name in ("features.bin", "dictionary.bin"):
        path = segment._ws_path(name)
        assert segment.load_pickle(path) == joblib.load(path)


def test_dictionary_words_are_viet74k_lower_cased():
    assert crf.dictionary_words() == frozenset(w.lower() for w in DictionaryLoader("Viet74K.txt").words)


# --- tone folding ------------------------------------------------------------------

_PAIRS_RE = re.compile(r"(?<![qQ])(" + "|".join(sorted(TONE_FOLD, key=len, reverse=True)) + r")(?!\w)")


def _fold_by_pairs(text: str) -> str:
    """The table's 45 pairs as one alternation: what fold_tones did before."""
    return _PAIRS_RE.sub(lambda m: TONE_FOLD[m.group(0)], text)


@pytest.mark.parametrize("sentence", SENTENCES)
def test_fold_tones_equals_the_pair_alternation(sentence):
    assert fold_tones(sentence) == _fold_by_pairs(sentence)


def test_fold_tones_equals_the_pair_alternation_on_every_short_string():
    letters = sorted({c for pair in TONE_FOLD for c in pair} | set("qQaxy "))
    for n in (1, 2, 3):
        for chars in itertools.product(letters, repeat=n):
            text = "".join(chars)
            assert fold_tones(text) == _fold_by_pairs(text), text


def test_phrase_keys_cached_equal_computed():
    for phrase in ["Tổ chức cơ sở đảng", "đảng  viên", "Uỷ ban, nhân dân", "TCCSĐ"]:
        for comma_optional, exact_case in itertools.product((False, True), repeat=2):
            assert (phrase_key(phrase, comma_optional, exact_case)
                    == phrase_key.__wrapped__(phrase, comma_optional, exact_case))


# --- the words kept per sentence, the token offsets ------------------------------

def test_sentence_words_kept_equal_those_read_from_the_tokens(nlp):
    doc = nlp(" ".join(SENTENCES))
    sentences = list(segmented_sentences(doc))
    assert len(sentences) >= 3
    kept = [sentence_words(doc, s) for s in sentences]
    doc._.sentence_words = None  # the fallback: words rebuilt from the tokens
    rebuilt = [sentence_words(doc, s) for s in sentences]
    assert [(k.words, k.tokens) for k in kept] == [(r.words, r.tokens) for r in rebuilt]


def test_token_offsets_are_the_extension_value(nlp):
    doc = nlp(SENTENCES[0])
    assert token_offsets(doc) is doc._.token_offsets
    assert token_offsets(doc).starts == [t.idx for t in doc]


# --- spaCy without its command line ------------------------------------------------

def test_the_pipeline_imports_spacy_without_its_command_line():
    code = ("import sys, pipeline.language, spacy\n"
            "assert 'spacy.cli' not in sys.modules\n"
            "assert spacy.info(silent=True)['spacy_version'] == spacy.__version__\n"
            "assert callable(spacy.cli.setup_cli)\n"  # reached as an attribute: imported then
            "assert 'spacy.cli' in sys.modules\n"
            "import spacy.cli\n"
            "assert callable(spacy.cli.download)\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_words_spliced_into_the_syllable_tokens_equal_every_token_made_again(nlp):
    text = "  " + "\n\n".join(SENTENCES[:4]) + "  \t" + " ".join(SENTENCES[4:]) + "\n"
    doc = nlp.make_doc(text)
    spans = doc._.sentences.spans
    offsets = word_component.TokenOffsets(doc)
    sent_starts = {s.start for s in spans}
    for todo in (spans, spans[::2], spans[1::3]):
        words = {s.start: segment.segment(text, s.start, s.end) for s in todo}
        spliced = word_component._spliced(text, doc.user_data[SYLLABLE_TOKENS], offsets.starts,
                                          [(s, words[s.start]) for s in todo], sent_starts)
        remade = word_component._remade(text, offsets.starts, offsets.ends, todo, words, sent_starts)
        assert (spliced.words, spliced.spaces, spliced.norms) == (remade.words, remade.spaces, remade.norms)
        assert spliced.starts[1:] == remade.starts[1:] and "".join(
            w + " " * s for w, s in zip(spliced.words, spliced.spaces)) == text


def test_the_syllable_doc_starts_a_sentence_at_each_sentence_start(nlp):
    text = "\n " + "  ".join(SENTENCES) + "\n\n" + SENTENCES[0]
    doc = nlp.make_doc(text)
    starts = {s.start for s in doc._.sentences.spans}
    expected = [t.i for t in doc if t.i == 0 or (t.idx in starts and not t.is_space)]
    assert [t.i for t in doc if t.is_sent_start] == expected
    assert len(expected) > len(SENTENCES)
