"""underthesea words in a spaCy Doc, aligned to the NFC text."""
import unicodedata
from pathlib import Path

from underthesea import word_tokenize

from pipeline.language import load as load_pipeline
from pipeline.nlp.segment import segment
from pipeline.normalize import clean_document_text

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "articles"


def test_doc_text_is_the_input_text_exactly():
    text = "Ban Thường vụ Tỉnh uỷ  (khoá XVI)\n\nkết nạp 509 đảng viên mới.\tHết."
    doc = load_pipeline(entities="none")(text)
    assert doc.text == text
    assert len(doc._.match_text) == len(text)


def test_fact_sentences_are_word_segmented_and_others_syllable_split():
    text = "Đảng bộ tỉnh có 684 tổ chức cơ sở đảng. Công tác xây dựng Đảng được quan tâm."
    doc = load_pipeline(entities="facts")(text)
    sents = list(doc.sents)
    assert [t.text for t in sents[0]][:3] == ["Đảng bộ", "tỉnh", "có"]
    assert "xây dựng" not in [t.text for t in sents[1]]
    assert doc._.segmented == {0}
    assert doc.text == text


def test_entities_none_segments_nothing_and_all_segments_everything():
    text = "Đảng bộ tỉnh có 684 tổ chức cơ sở đảng. Công tác xây dựng Đảng được quan tâm."
    assert load_pipeline(entities="none")(text)._.segmented == set()
    doc = load_pipeline(entities="all")(text)
    assert len(doc._.segmented) == 2
    assert "xây dựng" in [t.text for t in doc]


def test_candidate_mode_segments_sentences_that_may_hold_a_fact():
    from pipeline.nlp.doc import VnTokenizer

    text = "Đảng bộ tỉnh có 684 tổ chức cơ sở đảng. Công tác xây dựng Đảng được quan tâm."
    doc = VnTokenizer(load_pipeline(entities="none").vocab, segment="candidates")(text)
    assert doc._.segmented == {0}


def test_token_norm_is_underthesea_form_and_text_is_the_source_slice():
    text = "Ban Thường vụ Tỉnh uỷ có 12 đảng viên."
    doc = load_pipeline(entities="facts")(text)
    token = next(t for t in doc if t.text == "Tỉnh uỷ")
    assert token.norm_ == "Tỉnh ủy"
    assert text[token.idx:token.idx + len(token.text)] == "Tỉnh uỷ"


def test_segmentation_equals_underthesea_word_tokenize_on_corpus_sentences():
    from pipeline.nlp.sentences import split_sentences

    checked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        text = clean_document_text(path.read_text(encoding="utf-8"))
        for span in split_sentences(text)[:40]:
            words = segment(text, span.start, span.end)
            assert [w.norm for w in words] == word_tokenize(text[span.start:span.end])
            assert all(text[w.start:w.end] == w.text for w in words)
            checked += 1
    assert checked > 50


def test_nfd_document_is_processed_as_nfc():
    nfc = "Huyện ủy kết nạp 25 đảng viên mới."
    doc = load_pipeline(entities="none")(clean_document_text(unicodedata.normalize("NFD", nfc)))
    assert doc.text == nfc


def test_fact_sentences_of_the_corpus_carry_underthesea_words():
    """After vnfacts_words, each sentence holding a fact is underthesea's words
    (norm_ = word_tokenize's form), the rest syllables, and the text intact."""
    pipe = load_pipeline(entities="facts")
    checked = 0
    for path in sorted(CORPUS.glob("*.txt"))[:3]:
        text = clean_document_text(path.read_text(encoding="utf-8"))
        doc = pipe(text)
        assert doc.text == text
        for sent in doc.sents:
            start = sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            if start not in doc._.segmented:
                continue
            words = [t for t in sent if not t.is_space]
            forms = [t.norm_ for t in words]
            assert forms == word_tokenize(text[start:sent.end_char].rstrip())
            checked += 1
    assert checked > 10
