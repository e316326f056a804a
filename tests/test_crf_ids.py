"""Featurizing to attribute ids and scoring in NumPy give underthesea_core's
compiled tagger's results exactly: the same ids as the feature strings, the
same tags, and the same best-path score to the last bit, on every sentence of
the corpus (seeds and development set) and on passages written for these tests."""
from __future__ import annotations

import glob
import os
import random

import numpy as np
import pytest
from underthesea_core import CRFTagger

from pipeline.nlp import crf, segment, viterbi
from pipeline.nlp.crfsuite import CrfsuiteModel, NotACrfsuiteModel, model_attributes, read_model
from pipeline.nlp.sentences import corpus_sentences

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS_SENTENCES = corpus_sentences(sorted(glob.glob(os.path.join(ROOT, "corpus", "articles", "*.txt")))
                                    + sorted(glob.glob(os.path.join(ROOT, "corpus", "dev", "raw", "*.txt"))))

PASSAGES = [
    "Sáng 14/3, Đảng ủy xã Tân Phú (huyện Đồng Phú, tỉnh Bình Phước) tổ chức lễ kết nạp 7 đảng viên mới.",
    "Năm 2023, Đảng bộ huyện Mường Nhé đã phát triển được 186 đảng viên, vượt 12,5% chỉ tiêu Nghị quyết đề ra.",
    "Bà Lò Thị Hoa, Trưởng Ban Tổ chức Huyện uỷ Tuần Giáo, cho biết: “Chúng tôi rà soát từng chi bộ thôn, bản”.",
    "ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH CÀ MAU TỔNG KẾT CÔNG TÁC NĂM 2024",
    "Xem thêm tại www.baocamau.vn/chinh-tri hoặc gọi 0290.3831.234 (từ 7h30 - 11h00).",
    "Trong 6 tháng, toàn Đảng bộ Quân sự tỉnh Kon Tum có 98,2% chi bộ đạt trong sạch, vững mạnh;",
    "Ông A Pớt (xã Đăk Năng) và ông Y Thịnh Niê (buôn Ea Bông) được tặng Huy hiệu 40 năm tuổi Đảng.",
    "Hội nghị lần thứ 15 Ban Chấp hành Trung ương Đảng khóa XIII thảo luận Đề án số 05-ĐA/TW ngày 2/8/2024.",
    "Vâng.",
    "…",
]
ALL = CORPUS_SENTENCES + PASSAGES


def test_corpus_has_the_seeds_and_the_development_set():
    assert len(CORPUS_SENTENCES) > 400


# --- the model reader -------------------------------------------------------------

MODEL_PATHS = {**{name: crf._model_path(name) for name in ("pos", "chunk", "ner")}, "ws": segment._ws_path("models.bin")}


@pytest.mark.parametrize("name", sorted(MODEL_PATHS))
def test_the_model_reader_has_the_taggers_labels_and_attributes(name):
    path = MODEL_PATHS[name]
    model = read_model(path)
    tagger = CRFTagger()
    tagger.load(path)
    assert model.labels == tagger.labels()
    assert frozenset(model.attributes) == model_attributes(path) and len(model.attributes) > 1000
    assert model.state.shape == (model.unknown + 1, len(model.labels))
    assert model.transition.shape == (len(model.labels),) * 2
    assert not model.state[model.unknown].any() and model.state.any() and model.transition.any()


def test_a_file_that_is_not_a_crfsuite_model_is_refused(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"lCRF" + b"\x00" * 60)
    with pytest.raises(NotACrfsuiteModel):
        read_model(str(path))


# --- the id featurizers ---------------------------------------------------------

def _ids_of_strings(rows: list[list[str]], model: CrfsuiteModel) -> list[list[int]]:
    ids = {a: i for i, a in enumerate(model.attributes)}
    return [[ids[f] for f in row] for row in rows]


def _known_ids(matrix: np.ndarray, model: CrfsuiteModel) -> list[list[int]]:
    return [[i for i in column if i != model.unknown] for column in matrix.T.tolist()]


@pytest.fixture(scope="module")
def segmented():
    return [[w.norm for w in segment.segment(s)] for s in ALL]


@pytest.fixture(scope="module")
def syllable_norms():
    return [[segment._normalize(s[a:b]) for a, b in segment.syllables(s)] for s in ALL]


def test_segmentation_ids_are_the_feature_strings_ids(syllable_norms):
    featurizer = segment.ws_id_featurizer()
    for norms in syllable_norms:
        expected = _ids_of_strings(segment.ws_featurizer().features([norms]), featurizer.model)
        assert _known_ids(featurizer.ids([[norms]]), featurizer.model) == expected


@pytest.mark.parametrize("name,width", [("pos", 0), ("chunk", 1), ("ner", 2)])
def test_ner_chain_ids_are_the_feature_strings_ids(segmented, name, width):
    featurizer = crf.id_featurizer(name)
    for words in segmented:
        rows = crf.tag_by_strings(words)
        columns = [list(words)] + [[r[1 + c] for r in rows] for c in range(width)] + [["X"] * len(words)]
        expected = _ids_of_strings(crf.featurizer(name).features(columns), featurizer.model)
        assert _known_ids(featurizer.ids([[c] for c in columns]), featurizer.model) == expected


def test_a_batch_is_its_sentences_one_after_the_other(syllable_norms):
    featurizer = segment.ws_id_featurizer()
    batch = [[], ["Cà", "Mau"], []] + syllable_norms[:30] + [["a"], []]
    alone = [featurizer.ids([[norms]]) for norms in batch]
    assert np.array_equal(featurizer.ids([batch]), np.concatenate(alone, axis=1))


# --- the tags and scores ------------------------------------------------------------

def _path_score(model: CrfsuiteModel, scores: np.ndarray, path: list[int]) -> float:
    """The best path's score added up in the Viterbi's order (previous score
    plus transition, plus emission), as the tagger returns it."""
    total = scores[0, path[0]]
    for t in range(1, len(path)):
        total = (total + model.transition[path[t - 1], path[t]]) + scores[t, path[t]]
    return float(total)


def test_segmentation_tags_and_scores_equal_the_compiled_tagger(syllable_norms):
    featurizer = segment.ws_id_featurizer()
    for norms in filter(None, syllable_norms):
        labels, score = segment._ws_tagger().tag_with_score(segment.ws_featurizer().features([norms]))
        scores = viterbi.emissions(featurizer.model, featurizer.ids([[norms]]))
        path = viterbi.best_paths(featurizer.model, scores, [len(norms)])[0]
        assert [featurizer.model.labels[y] for y in path] == labels
        assert _path_score(featurizer.model, scores, path) == score


@pytest.mark.parametrize("name,width", [("pos", 0), ("chunk", 1), ("ner", 2)])
def test_ner_chain_tags_and_scores_equal_the_compiled_tagger(segmented, name, width):
    featurizer = crf.id_featurizer(name)
    for words in filter(None, segmented):
        rows = crf.tag_by_strings(words)
        columns = [list(words)] + [[r[1 + c] for r in rows] for c in range(width)] + [["X"] * len(words)]
        labels, score = crf._model(name).tag_with_score(crf.featurizer(name).features(columns))
        scores = viterbi.emissions(featurizer.model, featurizer.ids([[c] for c in columns]))
        path = viterbi.best_paths(featurizer.model, scores, [len(words)])[0]
        assert [featurizer.model.labels[y] for y in path] == labels == [r[1 + width] for r in rows]
        assert _path_score(featurizer.model, scores, path) == score


def test_tag_sentences_equals_the_compiled_tagger_sentence_by_sentence(segmented):
    for start in range(0, len(segmented), 7):  # batches of 7, as a document's fact sentences
        batch = segmented[start:start + 7] + [[]]
        assert crf.tag_sentences(batch) == [crf.tag_by_strings(words) for words in batch]


def test_segment_ranges_equals_the_compiled_tagger_sentence_by_sentence():
    text = " ".join(PASSAGES) + "\n" + "\n".join(CORPUS_SENTENCES[:40])
    ranges = [(m.start(), m.end()) for m in segment._CHUNK.finditer(text)][:5]
    ranges += [(text.index(p), text.index(p) + len(p)) for p in PASSAGES] + [(3, 3)]
    for (start, end), words in zip(ranges, segment.segment_ranges(text, ranges)):
        norms = [segment._normalize(text[a:b]) for a, b in segment.syllables(text, start, end)]
        tags = segment.ws_tags_by_strings(norms) if norms else []
        assert [w.norm for w in words] == _joined(norms, tags)
        assert all(text[w.start:w.end] == w.text for w in words)


def _joined(norms: list[str], tags: list[str]) -> list[str]:
    words: list[list[str]] = []
    for norm, tag in zip(norms, tags):
        if tag == "I-W" and words:
            words[-1].append(norm)
        else:
            words.append([norm])
    return [" ".join(w) for w in words]


# --- the Viterbi's order of operations ------------------------------------------------

def _literal_viterbi(emission: list[list[float]], transition: list[list[float]]) -> list[int]:
    """underthesea_core's loop as written: a strict > from minus infinity."""
    labels = range(len(transition))
    score, back = list(emission[0]), []
    for row in emission[1:]:
        step, came = [], []
        for y in labels:
            best, best_x = float("-inf"), 0
            for x in labels:
                s = score[x] + transition[x][y]
                if s > best:
                    best, best_x = s, x
            step.append(best + row[y])
            came.append(best_x)
        score = step
        back.append(came)
    last = max(labels, key=lambda y: (score[y], -y))
    path = [last]
    for came in reversed(back):
        path.append(came[path[-1]])
    return path[::-1]


@pytest.mark.parametrize("labels", [2, 3, 9])
def test_ties_go_to_the_first_label_as_in_the_tagger(labels):
    # small integer weights: equal scores everywhere, the tie rule decides
    rng = random.Random(labels)
    for _ in range(40):
        lengths = [rng.randint(0, 12) for _ in range(rng.randint(1, 5))]
        transition = np.array([[rng.randint(-1, 1) for _ in range(labels)] for _ in range(labels)], float)
        scores = np.array([[rng.randint(-2, 2) for _ in range(labels)] for _ in range(sum(lengths))], float).reshape(-1, labels)
        model = CrfsuiteModel([str(i) for i in range(labels)], [], np.zeros((1, labels)), transition)
        starts = np.cumsum([0] + lengths)
        expected = [_literal_viterbi(scores[a:b].tolist(), transition.tolist()) if b > a else []
                    for a, b in zip(starts, starts[1:])]
        assert viterbi.best_paths(model, scores, lengths) == expected


def test_emissions_add_the_templates_one_after_the_other():
    # weights whose sum depends on the order: 1e16 absorbs a 1.0 added after
    # it, not 1.0 + 1.0 added first, so pairwise summation would differ
    weights = np.array([[1.0, 1.0], [1e16, -1e16], [1.0, 1.0], [-1e16, 1e16], [0.0, 0.0]])
    model = CrfsuiteModel(["a", "b"], ["x"] * 4, weights, np.zeros((2, 2)))
    rng = random.Random(0)
    for templates in (2, 9, 17, 40):
        ids = np.array([[rng.randint(0, 4) for _ in range(23)] for _ in range(templates)])
        expected = []
        for column in ids.T:
            total = [0.0, 0.0]
            for i in column:
                total = [total[0] + weights[i][0], total[1] + weights[i][1]]
            expected.append(total)
        assert viterbi.emissions(model, ids).tolist() == expected


def _ner_ids(batch: list[list[str]]) -> np.ndarray:
    tags = [["O"] * len(words) for words in batch]
    return crf.id_featurizer("ner").ids([batch, tags, tags, [["X"] * len(words) for words in batch]])


def test_a_full_vocabulary_starts_over_with_the_same_ids(monkeypatch, segmented):
    # a limit smaller than one batch: the vocabulary starts over before every
    # batch, and between the three models of one batch
    from pipeline.nlp import attribute_ids, features

    batches = [segmented[k:k + 5] for k in range(0, 60, 5)]
    expected_tags = [crf.tag_sentences(b) for b in batches]
    expected_ids = [_ner_ids(b) for b in batches]
    with monkeypatch.context() as m:
        m.setattr(features, "TABLE_LIMIT", 40)
        start = attribute_ids.VOCABULARY.generation
        assert [crf.tag_sentences(b) for b in batches] == expected_tags
        assert all(np.array_equal(_ner_ids(b), ids) for b, ids in zip(batches, expected_ids))
        assert attribute_ids.VOCABULARY.generation > start + 2 * len(batches)
    assert [crf.tag_sentences(b) for b in batches] == expected_tags


class _Cut(Exception):
    """A document stopped by the runner's timeout, at an awkward point."""


class _CutOnce(dict):
    """The vocabulary's numbers, cut short at the first new one: before or
    right after it is set."""

    def __init__(self, numbers: dict, after: bool):
        super().__init__(numbers)
        self.armed, self.after = True, after

    def __setitem__(self, key, value):
        if self.armed and not self.after:
            self.armed = False
            raise _Cut
        super().__setitem__(key, value)
        if self.armed:
            self.armed = False
            raise _Cut


@pytest.mark.parametrize("after", [False, True])
def test_a_featurizer_cut_short_gives_the_same_ids_after(monkeypatch, after):
    # the runner's timeout raises in the worker thread at any point: here a
    # value added to the vocabulary but not numbered, then rows half filled
    from pipeline.nlp import attribute_ids, features

    # a name then a common word: their rows differ, so a number given to both shows
    first = [["Lò Văn Páo", "kết nạp", "17", "đảng viên"], ["Ban Dân vận", "Huyện ủy Phong Thổ", "."]]
    second = [["Chi bộ", "bản Nậm Cười", "đạt", "96,8%"], ["Đồng chí", "Sần Thị Mỷ", "."]]
    vocabulary = attribute_ids._Vocabulary()  # none of these values seen yet
    # a generation of its own, far from the real one's: the groups' rows start over, before and after
    vocabulary.generation = attribute_ids.VOCABULARY.generation + 10 ** 6
    with monkeypatch.context() as m:
        m.setattr(attribute_ids, "VOCABULARY", vocabulary)
        m.setattr(features, "TABLE_LIMIT", 10 ** 9)  # no starting over in between
        m.setattr(vocabulary, "number", _CutOnce(vocabulary.number, after))
        with pytest.raises(_Cut):
            _ner_ids(first)
        real_table, calls = features.value_table, iter(range(1))  # the second group with a function fails
        m.setattr(features, "value_table", lambda f: real_table(f) if next(calls, None) is not None else 1 / 0)
        with pytest.raises(ZeroDivisionError):
            _ner_ids(second)
        m.setattr(features, "value_table", real_table)
        made = [_ner_ids(first), _ner_ids(second)]
    with monkeypatch.context() as m:
        m.setattr(features, "TABLE_LIMIT", 0)  # a clean vocabulary for every batch
        assert all(np.array_equal(ids, _ner_ids(b)) for ids, b in zip(made, (first, second)))
