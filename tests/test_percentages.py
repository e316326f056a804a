"""Percentages: value, comparator, kind, subject and criterion on short sentences
in the style of Party-building reports."""
from __future__ import annotations

import unicodedata

import pytest

from pipeline import nlp
from pipeline.normalize import clean_document_text


def percentages(text: str):
    doc = nlp.load(entities="none")(clean_document_text(text))
    facts = doc._.percentages
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
    return facts


def one(text: str):
    facts = percentages(text)
    assert len(facts) == 1, [f.text for f in facts]
    return facts[0]


@pytest.mark.parametrize("text, value", [
    ("Toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", 56.87),
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", 11.1),
    ("Tỷ lệ đảng viên hoàn thành nhiệm vụ đạt 50%.", 50.0),
    ("Tỷ lệ hộ nghèo còn 4,7 %.", 4.7),
    ("Tỷ lệ tham gia đạt 98.5%.", 98.5),
    ("Đã có 100 phần trăm chi bộ tổ chức sinh hoạt chuyên đề.", 100.0),
    ("Có năm mươi phần trăm số chi bộ đạt trong sạch vững mạnh.", 50.0),
    ("Tỷ lệ bao phủ bảo hiểm y tế đạt 92,35%.", 92.35),
])
def test_value(text, value):
    assert one(text).value == value


def test_range_gives_one_percentage_per_number():
    facts = percentages("Phấn đấu hằng năm kết nạp đảng viên mới tăng từ 3% đến 5%.")
    assert [(f.value, f.comparator, f.kind) for f in facts] == [(3.0, "ge", "target"), (5.0, "le", "target")]


@pytest.mark.parametrize("text", [
    "Số đảng viên mới tăng từ 3 đến 5% mỗi năm.",
    "Số đảng viên mới tăng 3 - 5% mỗi năm.",
])
def test_range_low_end_without_sign(text):
    assert [f.value for f in percentages(text)] == [3.0, 5.0]


def test_from_level_to_level_is_not_a_range():
    facts = percentages("Tỷ lệ chi bộ đạt trong sạch vững mạnh tăng từ 40% lên 60%.")
    assert [(f.value, f.kind, f.comparator) for f in facts] == [(40.0, "other", "eq"), (60.0, "achieved", "eq")]


def test_year_range_is_not_a_percentage_range():
    facts = percentages("Giai đoạn 2016 - 2020, vốn đầu tư tăng 18%.")
    assert [f.value for f in facts] == [18.0]


@pytest.mark.parametrize("text, comparator", [
    ("Toàn tỉnh có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "eq"),
    ("Toàn tỉnh có khoảng 60% chi bộ đạt trong sạch vững mạnh.", "eq"),
    ("Toàn tỉnh có trên 60% chi bộ đạt trong sạch vững mạnh.", "gt"),
    ("Tỷ lệ đảng viên được đánh giá, xếp loại đạt hơn 90%.", "gt"),
    ("Tỷ lệ thu gom rác thải vượt 90%.", "gt"),
    ("Tỷ lệ tham gia bảo hiểm y tế năm nay vượt 1% kế hoạch.", "eq"),
    ("Kết nạp đảng viên mới hằng năm đạt từ 3% trở lên.", "ge"),
    ("Tỷ lệ chi bộ sinh hoạt định kỳ đạt ít nhất 90%.", "ge"),
    ("Tỷ lệ này không dưới 80% trong cả nhiệm kỳ.", "ge"),
    ("Tỷ lệ đảng viên xếp loại yếu không thấp hơn 2% là không đạt.", "ge"),
    ("Tỷ lệ hộ nghèo giảm xuống dưới 3%.", "lt"),
    ("Số chi bộ yếu kém chiếm chưa đến 1%.", "lt"),
    ("Số đảng viên được miễn sinh hoạt tối đa 5%.", "le"),
    ("Tỷ lệ cán bộ được luân chuyển không quá 10%.", "le"),
    ("Tỷ lệ đảng viên xếp loại yếu từ 2% trở xuống.", "le"),
])
def test_comparator(text, comparator):
    assert one(text).comparator == comparator


@pytest.mark.parametrize("text, kind", [
    # targets
    ("Phấn đấu đến cuối nhiệm kỳ có 80% TCCSĐ đạt trong sạch vững mạnh.", "target"),
    ("Mục tiêu hằng năm có trên 70% đảng viên hoàn thành tốt nhiệm vụ.", "target"),
    ("Chỉ tiêu đề ra là 90% chi bộ sinh hoạt định kỳ.", "target"),
    ("Nghị quyết đề ra 95% đảng viên được học tập, quán triệt nghị quyết.", "target"),
    ("Các cấp ủy bảo đảm 100% đảng viên được học tập, quán triệt.", "target"),
    ("Hằng năm, tỷ lệ kết nạp đảng viên phải đạt từ 3% trở lên.", "target"),
    # achieved
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", "achieved"),
    ("Cả nhiệm kỳ kết nạp được 953 đảng viên, chiếm 5% so với đảng viên toàn đảng bộ.", "achieved"),
    ("Đến cuối năm 2015, toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "achieved"),
    ("Năm 2020, số TCCSĐ hoàn thành tốt nhiệm vụ đạt tỷ lệ 95%.", "achieved"),
    ("Đã nhận xét, đánh giá cán bộ cho 100% cán bộ lãnh đạo, quản lý.", "achieved"),
    ("Tỷ lệ hộ nghèo giảm còn 2,5%.", "achieved"),
    ("Tỷ lệ che phủ rừng tăng lên 45%.", "achieved"),
    ("Các chỉ tiêu đều đạt và vượt kế hoạch; tốc độ tăng trưởng bình quân đạt 8,5%.", "achieved"),
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 97,67%, vượt chỉ tiêu đề ra.", "achieved"),
    # other: a change or a comparison
    ("Tổng vốn đầu tư đạt 238 nghìn tỷ đồng, tăng 18% so với giai đoạn 2011 - 2015.", "other"),
    ("Số vụ vi phạm giảm 12,5% so với cùng kỳ.", "other"),
    ("Thu ngân sách bằng 105% so với cùng kỳ năm trước.", "other"),
    ("Số đảng viên vi phạm thấp hơn 3% so với nhiệm kỳ trước.", "other"),
    ("Số đảng viên kết nạp mới vượt 2,5% so với chỉ tiêu.", "other"),
    ("Huyện đã hoàn thành 105% kế hoạch thu ngân sách.", "achieved"),
])
def test_kind(text, kind):
    assert one(text).kind == kind


def test_target_phrase_governs_whole_list():
    text = ("Với mục tiêu phấn đấu hằng năm có 50% TCCSĐ và trên 60% tổ chức đảng trực thuộc "
            "đảng ủy cơ sở đạt trong sạch vững mạnh (trong đó có trên 15% TCCSĐ đạt trong sạch, "
            "vững mạnh tiêu biểu); trên 70% đảng viên hoàn thành tốt nhiệm vụ, Ban Thường vụ "
            "Tỉnh ủy chỉ đạo các cấp ủy tập trung thực hiện.")
    facts = percentages(text)
    assert [(f.value, f.kind, f.comparator) for f in facts] == [
        (50.0, "target", "eq"), (60.0, "target", "gt"), (15.0, "target", "gt"), (70.0, "target", "gt")]


def test_results_list_is_all_achieved():
    text = ("Theo kết quả đánh giá chất lượng, toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững "
            "mạnh (22,88% đạt trong sạch vững mạnh tiêu biểu), 36,11% hoàn thành tốt nhiệm vụ, "
            "5,85% hoàn thành nhiệm vụ; 53,54% chi bộ trực thuộc đảng bộ cơ sở đạt trong sạch vững mạnh.")
    facts = percentages(text)
    assert [f.value for f in facts] == [56.87, 22.88, 36.11, 5.85, 53.54]
    assert {f.kind for f in facts} == {"achieved"}
    assert [f.criterion for f in facts] == [
        "đạt trong sạch vững mạnh", "đạt trong sạch vững mạnh tiêu biểu", "hoàn thành tốt nhiệm vụ",
        "hoàn thành nhiệm vụ", "đạt trong sạch vững mạnh"]
    # items that name no subject share the first item's
    assert [f.subject for f in facts] == ["tổ chức cơ sở đảng"] * 4 + ["chi bộ trực thuộc đảng bộ cơ sở"]


def test_result_after_target_in_next_sentence():
    facts = percentages("Nghị quyết đặt mục tiêu có 60% TCCSĐ đạt trong sạch vững mạnh. "
                        "Năm 2019, toàn tỉnh có 58% TCCSĐ đạt trong sạch vững mạnh.")
    assert [(f.value, f.kind) for f in facts] == [(60.0, "target"), (58.0, "achieved")]


def test_result_phrase_closes_target_scope():
    facts = percentages("Nghị quyết đề ra mục tiêu có 80% chi bộ đạt trong sạch vững mạnh; "
                        "sau 5 năm thực hiện, tỷ lệ này đạt 85%.")
    assert [(f.value, f.kind) for f in facts] == [(80.0, "target"), (85.0, "achieved")]


def test_target_stated_after_a_result_is_a_target():
    facts = percentages("Năm 2022 có 89% TCCSĐ hoàn thành tốt nhiệm vụ, vượt chỉ tiêu Nghị quyết đề ra là 85%.")
    assert [(f.value, f.kind) for f in facts] == [(89.0, "achieved"), (85.0, "target")]


@pytest.mark.parametrize("text, kinds", [
    # "đề ra" after "vượt chỉ tiêu" names the target met: it does not reach the next clause
    ("Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 97,67%, vượt chỉ tiêu đề ra; tỷ lệ kết nạp đạt 3,5%.",
     ["achieved", "achieved"]),
    # counted targets with a result verb report results
    ("Nghị quyết đề ra 17 chỉ tiêu, có 15 chỉ tiêu đạt và 2 chỉ tiêu không đạt, tỷ lệ đạt 88%.", ["achieved"]),
    # "bảo đảm" reaches only a number in its own clause
    ("Công tác tổ chức đại hội bảo đảm đúng tiến độ, 100% chi bộ tổ chức đại hội thành công.", ["achieved"]),
    ("Các cấp ủy bảo đảm 100% đảng viên được học tập, quán triệt.", ["target"]),
    ("Các cấp ủy đã bảo đảm 100% đảng viên được học tập, quán triệt.", ["achieved"]),
])
def test_target_cue_reach(text, kinds):
    assert [f.kind for f in percentages(text)] == kinds


def test_future_year_is_a_target_past_year_is_not():
    text = ("Ngày 02/08/2019\n\n"
            "Đến năm 2025, tỷ lệ đảng viên có trình độ đại học đạt 90%. "
            "Đến cuối năm 2018, tỷ lệ này đạt 75%.")
    assert [(f.value, f.kind) for f in percentages(text)] == [(90.0, "target"), (75.0, "achieved")]


def test_change_list_items_follow_first_item():
    facts = percentages("Thu ngân sách năm 2019 tăng 12% và năm 2020 là 15%.")
    assert [(f.value, f.kind) for f in facts] == [(12.0, "other"), (15.0, "achieved")]
    facts = percentages("Số vụ vi phạm giảm lần lượt 12%, 15% so với cùng kỳ.")
    assert [(f.value, f.kind) for f in facts] == [(12.0, "other"), (15.0, "other")]


@pytest.mark.parametrize("text, subject, criterion", [
    ("Toàn tỉnh có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"),
    ("Có 53,54% chi bộ trực thuộc đảng bộ cơ sở đạt trong sạch vững mạnh.",
     "chi bộ trực thuộc đảng bộ cơ sở", "đạt trong sạch vững mạnh"),
    ("Phấn đấu trên 70% đảng viên hoàn thành tốt nhiệm vụ.", "đảng viên", "hoàn thành tốt nhiệm vụ"),
    ("Bình quân hằng năm số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%.", "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ"),
    ("Đảng viên hoàn thành tốt nhiệm vụ trở lên đạt 97,67%.", "đảng viên", "hoàn thành tốt nhiệm vụ trở lên"),
    ("Đã đánh giá cho 100% cán bộ lãnh đạo, quản lý diện Ban Thường vụ quản lý.", "cán bộ lãnh đạo, quản lý", None),
    ("Tốc độ tăng trưởng kinh tế bình quân đạt 11,1%.", None, None),
    ("Có 92,5% TCCSĐ được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
     "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ trở lên"),
    ("Phấn đấu 100% xã đạt chuẩn nông thôn mới.", "xã", "đạt chuẩn nông thôn mới"),
    ("Tỷ lệ TCCSĐ được xếp loại hoàn thành tốt nhiệm vụ đạt 90%.", "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ"),
    ("Có trên 60% tổ chức đảng trực thuộc đảng uỷ cơ sở đạt trong sạch, vững mạnh.",
     "tổ chức đảng trực thuộc đảng ủy cơ sở", "đạt trong sạch vững mạnh"),
])
def test_subject_and_criterion(text, subject, criterion):
    fact = one(text)
    assert (fact.subject, fact.criterion) == (subject, criterion)


def test_coordinated_items_share_a_criterion_stated_once():
    facts = percentages("Mục tiêu có 50% TCCSĐ và trên 60% chi bộ đạt trong sạch vững mạnh.")
    assert [(f.subject, f.criterion) for f in facts] == [
        ("tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"), ("chi bộ", "đạt trong sạch vững mạnh")]


@pytest.mark.parametrize("text, mention", [
    ("Tổng vốn đầu tư tăng 18% so với giai đoạn 2011 - 2015.", "tăng 18% so với giai đoạn 2011 - 2015"),
    ("Toàn Đảng bộ có 56,87% TCCSĐ đạt trong sạch vững mạnh.", "có 56,87% TCCSĐ đạt trong sạch vững mạnh"),
    ("Bình quân số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%.", "số TCCSĐ hoàn thành tốt nhiệm vụ đạt 95%"),
    ("Kết nạp mới đảng viên tăng từ 3% trở lên.", "tăng từ 3% trở lên"),
])
def test_mention_span(text, mention):
    assert one(text).text == mention


def test_old_tone_style_and_eth_letter():
    # "uỷ" (old tone placement) and "Ð" (U+00D0, typed for Đ) still match.
    fact = one("Có 56,87% TCCSÐ thuộc đảng uỷ cơ sở đạt trong sạch vững mạnh.")
    assert fact.subject == "tổ chức cơ sở đảng thuộc đảng ủy cơ sở"
    assert fact.criterion == "đạt trong sạch vững mạnh"


def test_nfd_input_offsets_index_nfc_text():
    text = "Mục tiêu phấn đấu hằng năm có 50% TCCSĐ đạt trong sạch vững mạnh; kết quả năm 2015 đạt 48,5%."
    doc = nlp.load(entities="none")(clean_document_text(unicodedata.normalize("NFD", text)))
    assert doc.text == unicodedata.normalize("NFC", text)
    facts = doc._.percentages
    assert [(f.value, f.kind) for f in facts] == [(50.0, "target"), (48.5, "achieved")]
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
        assert f.sentence is not None and f.text in f.sentence
    assert facts[0].subject == "tổ chức cơ sở đảng"


@pytest.mark.parametrize("text", [
    "Thành lập 5 đảng bộ trên cơ sở chi bộ có trên 30 đảng viên.",
    "Đường dẫn http://example.vn/tin%20tuc không phải tỷ lệ.",
    "Năm phần việc trọng tâm được triển khai.",
])
def test_no_percentage(text):
    assert percentages(text) == []


def test_heading_that_states_a_target_governs_its_bullet_list():
    text = ("Mục tiêu cụ thể đến năm 2025:\n"
            "- 100% chi bộ sinh hoạt định kỳ đúng quy định.\n"
            "- Trên 90% đảng viên hoàn thành tốt nhiệm vụ.\n"
            "Kết quả năm 2020:\n"
            "- 95% chi bộ sinh hoạt định kỳ.\n"
            "Năm 2020, 80% đảng viên hoàn thành tốt nhiệm vụ.\n")
    assert [(f.value, f.kind) for f in percentages(text)] == [
        (100.0, "target"), (90.0, "target"), (95.0, "achieved"), (80.0, "achieved")]
