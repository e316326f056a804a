"""The rule stages' short cuts give exactly what the slow paths gave, on passages
written for these tests (other provinces and wording than the corpus): the
lexicons' prefix trees, the period pattern's lookahead, match_form without the
look-alike pass, place names folded run by run, the percentage and count readings
skipped where what they need is not written, the sentence splitter's look-back."""
from __future__ import annotations

import itertools
import re

import pytest

from pipeline.extract import counts, percentages, period
from pipeline.language import load
from pipeline.lexicon import _SPACE_PATTERNS, alternation, phrase_key
from pipeline.nlp import sentences
from pipeline.normalize import _LOOKALIKES, _lower_same_length, fold_tones, key_form, match_form
from pipeline.places import mentions
from pipeline.places.register import ascii_fold
from pipeline.tables import load_table

PASSAGES = [
    "Năm 2023, Đảng bộ huyện Mường Tè (tỉnh Lai Châu) kết nạp 215 đảng viên mới, đạt 107,5% chỉ tiêu; "
    "6 tháng đầu năm 2024 kết nạp thêm 98 đảng viên, 6 tháng cuối năm phấn đấu kết nạp 120 đảng viên.",
    "Trong nhiệm kỳ 2020 - 2025, Ban Thường vụ Huyện ủy Con Cuông đã thi hành kỷ luật 14 đảng viên "
    "(khiển trách 9, cảnh cáo 4, cách chức 1); so với nhiệm kỳ trước giảm 3 trường hợp.",
    "Tính đến hết tháng 9/2024, toàn Đảng bộ tỉnh Bình Phước có 512 tổ chức cơ sở đảng với hơn bốn mươi "
    "nghìn đảng viên; tỷ lệ đảng viên nữ chiếm ba mươi phần trăm, cao hơn năm 2019 là 2,5 điểm %.",
    "Từ đầu nhiệm kỳ đến nay, Đảng uỷ xã Pà Cò (huyện Mai Châu, tỉnh Hoà Bình) đã kết nạp mười hai "
    "đảng viên; hiện nay xã có 7 chi bộ trực thuộc, trong đó có 5 chi bộ thôn bản.",
    "Ðảng ủy phường Thanh Khê Tây tổ chức hội nghị tổng kết, 100% chi bộ hoàn thành tốt nhiệm vụ "
    "năm 2022; so với năm 2021 tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ tăng 5%.",
    "Đồng chí Nguyễn Văn Hoà, ThS. Kinh tế, Bí thư Thị uỷ Ba Đồn, dự hội nghị tại TP. Đồng Hới. "
    "Hội nghị kết thúc lúc 11 giờ cùng ngày. Tr. 3 của báo cáo nêu rõ: 9 tháng đầu năm 2023 có 41 "
    "quần chúng ưu tú được kết nạp.",
    "Quý III/2023, Thành uỷ Phan Thiết tổ chức 3 lớp bồi dưỡng cho 412 quần chúng ưu tú; giai đoạn "
    "2016-2020 đã kết nạp 1.135 đảng viên, bình quân mỗi năm 227 đảng viên (đạt 113% Nghị quyết).",
    "Những năm qua, Đảng bộ Khối Cơ quan và Doanh nghiệp tỉnh Tuyên Quang luôn quan tâm công tác phát "
    "triển đảng viên. Trong năm, Đảng bộ kết nạp 86 đảng viên; thời gian tới tiếp tục chỉ đạo các chi "
    "bộ trực thuộc, phấn đấu đến năm 2025 có trên 95% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
    "Tổng số đảng viên toàn huyện Krông Pắc là 5.412; số tổ chức cơ sở đảng là 61. Đảng viên kết nạp ở "
    "cấp xã 183, chiếm 62%. Từ năm 2021 đến năm 2023, khiển trách 12, cảnh cáo 5 đảng viên vi phạm.",
    "TIN LIÊN QUAN\n- Huyện uỷ Hải Hà sơ kết 6 tháng\n- Đảng bộ TP Móng Cái kết nạp 45 đảng viên\n"
    "Cùng ngày, Ban Tổ chức Tỉnh uỷ Quảng Ninh và UBND huyện Vân Đồn làm việc với Đảng uỷ Khu kinh tế.",
]
MATCH_TEXTS = [match_form(p) for p in PASSAGES]


@pytest.fixture(scope="module")
def nlp():
    return load(entities="facts")


# --- alternations as prefix trees ---------------------------------------------------

def flat_alternation(phrases, comma_optional=False, space="any", exact_case=False) -> str:
    """What ``alternation`` wrote before the prefix trees: the phrases one by one, longest first."""
    keys = sorted({phrase_key(p, comma_optional, exact_case) for p in phrases}, key=lambda k: (-len(k), k))
    joiner = (",?" if comma_optional else "") + _SPACE_PATTERNS[space]
    return "|".join(joiner.join(re.escape(w) for w in k.split()) for k in keys)


def _tables() -> list[tuple[str, list[str], dict]]:
    """Real tables of phrases, each with the options a rule compiles it with."""
    place_words = load_table("place_words")
    related = load_table("related_news")
    cues = load_table("percent_cues")
    return [
        ("count units", list(counts._UNITS), {}),
        ("count cues", list(counts._CUES), {}),
        ("period phrases", [p for name in ("vague", "refer_back", "present", "point_words") for p
                            in load_table("period_phrases")[name]], {}),
        ("place words", [*place_words["unit_types"], *place_words["organ_types"]], {"space": "optional"}),
        ("related news cues", related["cues"], {"space": "one"}),
        ("percent results", cues["result"], {"comma_optional": True}),
        ("abbreviations", list(load_table("abbreviations")["abbreviations"]), {"exact_case": True}),
        ("made up", ["tin liên quan", "tin", "tinh thần", "tin tức", "trong sạch, vững mạnh", "trong sạch",
                     "chi bộ", "chi bộ, đảng bộ", "chi, đảng bộ", "đảng", "đảng viên mới"], {}),
        ("made up, optional spaces", ["tin liên quan", "tin", "tinh thần", "tin tức", "t in"], {"space": "optional"}),
        ("made up, commas optional", ["trong sạch, vững mạnh", "trong sạch", "trong", "vững mạnh"],
         {"comma_optional": True}),
    ]


# Shapes a rule embeds an alternation in; the last two make the engine back
# out of a phrase into a shorter one (what a prefix tree must try in the same order).
_SHAPES = [
    r"(?<!\w)(?:{})(?!\w)",
    r"(?<!\w)(?P<p>{})\s+\d",
    r"(?<!\w)(?P<p>{})(?P<rest>\s*\S{{0,3}})$",
    r"(?P<p>{})\s*$",
]


def _texts(phrases: list[str], exact_case: bool) -> list[str]:
    """The passages, and the phrases run together in pairs with other spacing."""
    forms = phrases if exact_case else [key_form(p) for p in phrases]
    joined = [a + sep + b for a, b in itertools.islice(itertools.permutations(forms[:25], 2), 400)
              for sep in (" ", "  ", "\n", ", ", "")]
    spaced = [f.replace(" ", sep) for f in forms for sep in ("  ", "\t", "", ", ")]
    return (PASSAGES if exact_case else MATCH_TEXTS) + joined + spaced + [f + " 12" for f in forms]


@pytest.mark.parametrize("name,phrases,options", _tables(), ids=[t[0] for t in _tables()])
def test_prefix_tree_matches_what_the_flat_alternation_matches(name, phrases, options):
    tree, flat = alternation(phrases, **options), flat_alternation(phrases, **options)
    assert tree != flat  # phrases share prefixes: a tree, not the list again
    for shape in _SHAPES:
        fast, slow = re.compile(shape.format(tree)), re.compile(shape.format(flat))
        for text in _texts(phrases, options.get("exact_case", False)):
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == \
                   [(m.span(), m.groupdict()) for m in slow.finditer(text)], (shape, text)


def test_prefix_tree_keeps_the_longest_phrase_first():
    pattern = re.compile(rf"(?:{alternation(['đảng viên', 'đảng viên mới', 'đảng'])})")
    assert pattern.match("đảng viên mới kết nạp").group() == "đảng viên mới"
    assert pattern.match("đảng  viên được").group() == "đảng  viên"
    assert re.compile(rf"(?:{alternation(['đảng viên', 'đảng viên mới'])})\s+mới").match(
        "đảng viên mới").group() == "đảng viên mới"  # backs out of the longer phrase


# --- the period phrases' lookahead ------------------------------------------------

_PERIOD_WITHOUT_LOOKAHEAD = re.compile(rf"(?<![\w/.,-])(?:{period._FORMS_PATTERN})(?!\w)")


@pytest.mark.parametrize("mt", MATCH_TEXTS)
def test_period_pattern_matches_what_the_forms_alone_match(mt):
    fast = [(m.span(), m.groupdict()) for m in period._PATTERN.finditer(mt)]
    assert fast == [(m.span(), m.groupdict()) for m in _PERIOD_WITHOUT_LOOKAHEAD.finditer(mt)]


def test_every_period_form_opens_with_an_opening_word():
    opening = re.compile(rf"[\d(]|{alternation(period._OPENING_WORDS)}")
    phrases = ["năm 2022", "nhiệm kỳ 2015 - 2020", "(2016 - 2020)", "9 tháng đầu năm 2021", "quý I/2013",
               "đến hết tháng 6/2020", "tính đến 30/6/2024", "từ năm 2016 đến nay", "hiện nay", "những năm qua",
               "trong nhiệm kỳ", "gần 5 năm qua", "trong năm", "ngày 21/01/2019", "kể từ đầu nhiệm kỳ đến nay",
               "giai đoạn 2021-2025", "6 tháng cuối năm", "tháng 3 năm 2022", "cả nhiệm kỳ", "vừa qua",
               "chín tháng năm 2024", "đầu nhiệm kỳ", "đầu giai đoạn", "từ đầu nhiệm kỳ", "sau 4 năm", "9 tháng qua",
               "năm 2023 và 6 tháng đầu năm 2024", "năm 2021, 2022 và 2023", "từ tháng 1 đến tháng 9/2024",
               "tháng 9", "tám tháng qua", "giữa nhiệm kỳ", "sau nửa nhiệm kỳ"]
    for phrase in phrases:
        phrase = key_form(phrase)
        m = _PERIOD_WITHOUT_LOOKAHEAD.match(phrase)
        assert m is not None and m.end() == len(phrase), phrase
        assert opening.match(phrase), phrase
        assert period._PATTERN.match(phrase).span() == m.span()


# --- match form ----------------------------------------------------------------------

@pytest.mark.parametrize("text", PASSAGES + ["ÐẢNG ỦY ðảng uỷ", "Ð", "ð", ""])
def test_match_form_equals_the_look_alike_pass_on_every_text(text):
    assert match_form(text) == _lower_same_length(fold_tones(text)).translate(_LOOKALIKES)


def test_key_form_cached_equals_computed():
    for phrase in ["Đảng uỷ", "ÐẢNG ỦY Khoá XV", "tổ chức cơ sở đảng", ""]:
        assert key_form(phrase) == key_form.__wrapped__(phrase) == match_form(phrase)


# --- place names folded run by run ------------------------------------------------

def _name_spans_folding_the_whole_text(text: str, t) -> list:
    """What _name_spans did before: the whole text folded, tokens read in it."""
    keys, prefixes = t.register.units_by_key, t.prefixes
    folded, out = ascii_fold(text), []
    for run in mentions._CAPITALIZED_RUN.finditer(text):
        base, stop = run.span()
        if base and (text[base - 1].isalnum() or text[base - 1] == "_"):
            continue
        toks = mentions._TOKEN.findall(folded, base, stop)
        spans = [m.span() for m in mentions._TOKEN.finditer(folded, base, stop)]
        i = 0
        while i < len(toks):
            key, best, j = toks[i], None, i
            while key in prefixes:
                best = j if key in keys else best
                j += 1
                if j >= len(toks):
                    break
                key += toks[j]
            if best is None:
                i += 1
                continue
            out.append((spans[i][0], spans[best][1], "".join(toks[i:best + 1]),
                        i > 0 and not run.group().isupper()))
            i = best + 1
    return out


@pytest.mark.parametrize("text", PASSAGES + ["HUYỆN ỦY ĐĂK GLEI VÀ THỊ XÃ BUÔN HỒ", "CV12 Bắc Ninh-Bắc Giang"])
def test_place_names_folded_by_run_equal_the_whole_text_folded(text):
    found = list(mentions._name_spans(text, mentions.tables()))
    assert found == _name_spans_folding_the_whole_text(text, mentions.tables())


def test_place_names_are_found_in_the_passages():
    keys = {key for p in PASSAGES for _, _, key, _ in mentions._name_spans(p, mentions.tables())}
    assert {"laichau", "binhphuoc", "tuyenquang", "quangninh"} <= keys


_NUMBERED_DISTRICT_AS_WRITTEN = re.compile(r"(?:[Qq]uận|QUẬN|Q\.)(?<![^\W_][Qq]uận)[ \t]*(\d{1,2})(?![\d\w])")


@pytest.mark.parametrize("text", PASSAGES + [
    "UBND Quận 1, quận 12, QUẬN 3 (TP.HCM), Q.5, Q. 7, qUẬN 4, tổng quận 9, quận10, Q 2, QUẬN 11, Q.Bình Thạnh"])
def test_numbered_district_pattern_opening_with_q_equals_it_as_written(text):
    found = [m.span(1) for m in mentions._NUMBERED_DISTRICT.finditer(text)]
    assert found == [m.span(1) for m in _NUMBERED_DISTRICT_AS_WRITTEN.finditer(text)]


def test_numbered_districts_are_read():
    text = "UBND Quận 1, quận 12, QUẬN 3 (TP.HCM), Q.5, Q. 7, qUẬN 4, tổng quận 9, quận10, Q 2, QUẬN 11"
    assert [key for _, _, key, _ in mentions._numbered_spans(text)] == ["1", "12", "3", "5", "7", "9", "10", "11"]


# --- percentages in words, counts of bare numbers ------------------------------------

def _numbers_without_the_guard(mt: str) -> list:
    found = [n for n in percentages._numbers(mt) if n.rule == percentages.VALUE_DIGITS]
    for m in percentages._WORD_PERCENT.finditer(mt):
        value = percentages.words_to_int(m.group("words"))
        if value is not None:
            found.append(percentages._Number(m.start(), m.end(), float(value), percentages.VALUE_WORDS))
    return found


@pytest.mark.parametrize("mt", MATCH_TEXTS + ["chiếm hai mươi lăm  phần\ntrăm số đảng viên"])
def test_percentages_read_with_the_guard_equal_those_read_without(mt):
    assert list(percentages._numbers(mt)) == _numbers_without_the_guard(mt)


def test_percentages_in_words_are_read():
    values = [n.value for n in percentages._numbers(MATCH_TEXTS[2]) if n.rule == percentages.VALUE_WORDS]
    assert values == [30.0]


_DIGIT_PERCENT_AS_WRITTEN = re.compile(rf"(?<![\w.,])(?P<num>{percentages._NUM}){percentages._SIGN}")


@pytest.mark.parametrize("mt", MATCH_TEXTS + ["đạt 5%,tăng 3.5%  so với 12,5 phần trăm; x5% 1 điểm % ٣٥% a,7% 8%"])
def test_percent_pattern_opening_with_its_digit_equals_it_as_written(mt):
    assert [(m.span(), m.groupdict()) for m in percentages._DIGIT_PERCENT.finditer(mt)] == \
           [(m.span(), m.groupdict()) for m in _DIGIT_PERCENT_AS_WRITTEN.finditer(mt)]


def test_a_share_in_a_quoted_title_is_no_fact(nlp):
    text = ("Tỉnh ủy Sóc Trăng ban hành Đề án \"Nâng tỷ lệ đảng viên trẻ lên 30% vào năm 2025\"; "
            "năm 2023 tỷ lệ này đạt 21,4%.")
    assert [p.value for p in nlp(text)._.percentages] == [21.4]
    assert [p.value for p in nlp(text.replace('"', ""))._.percentages] == [30.0, 21.4]


def _counts(nlp, text: str) -> list[tuple]:
    return [(c.start, c.end, c.value, c.unit, c.event, c.qualifier, c.kind) for c in nlp(text)._.counts]


@pytest.mark.parametrize("text", PASSAGES + [
    "Đảng bộ xã Nậm Ban kết nạp mười lăm đảng viên, khiển trách hai đảng viên vi phạm.",
    "Số đảng viên là bốn trăm; kỷ luật ba đảng viên (khiển trách hai, cảnh cáo một)."])
def test_counts_with_the_digit_guard_equal_those_read_without(nlp, text, monkeypatch):
    guarded = _counts(nlp, text)
    monkeypatch.setattr(counts, "_has_digit", lambda mt, sent: True)
    assert guarded == _counts(nlp, text)


def test_bare_numbers_after_a_verb_are_still_counts(nlp):
    found = _counts(nlp, PASSAGES[1])
    assert [(value, event) for _, _, value, _, event, _, _ in found][:3] == \
           [(14, "disciplined"), (9, "reprimanded"), (4, "warned")]


@pytest.mark.parametrize("mt", [m.replace("\n", " ") for m in MATCH_TEXTS] + [
    "tại số nhà  12, tổ dân phố\t3 phường Hưng Bình; khoảng  hàng trăm đảng viên, lần thứ 2 -"])
def test_blockers_found_in_the_last_words_equal_those_found_in_the_whole_prefix(mt):
    for hi in range(len(mt) + 1):
        window = mt[counts._last_words_start(mt, 0, hi, counts._END_PHRASE_WORDS):hi]
        for pattern in (counts._BLOCKER_END, counts._APPROX_END):
            assert bool(pattern.search(window)) == bool(pattern.search(mt[:hi])), (pattern, mt[:hi])


def test_a_number_after_a_blocker_is_no_count(nlp):
    assert [c[2] for c in _counts(nlp, "Đảng bộ phường có 12 chi bộ, trụ sở tại tổ dân phố 5 đảng viên trực.")] == [12]


# --- the sentence splitter's look-back ----------------------------------------------

@pytest.mark.parametrize("text", [p.replace("\n", " ") for p in PASSAGES])  # the splitter reads lines
def test_word_before_equals_the_trailing_run_search(text):
    for hi in range(len(text) + 1):
        for lo in (0, max(0, hi - 7)):
            m = re.search(r"(\S+)$", text[lo:hi])
            assert sentences._word_before(text, lo, hi) == (m.group(1) if m else "")


def test_abbreviations_do_not_end_sentences():
    spans = sentences.split_sentences(PASSAGES[5])
    assert [PASSAGES[5][s.start:s.end][:12] for s in spans] == ["Đồng chí Ngu", "Hội nghị kết", "Tr. 3 của bá"]
