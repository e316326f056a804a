"""Fact periods (FACTS.md "Context: where and when"): the time each count and
percentage is about, from its own sentence or the lead that governs it."""
import pytest

from pipeline.language import load as load_pipeline
from pipeline.extract.period import explain, find_phrases
from pipeline.normalize import clean_document_text, match_form


def facts(text):
    doc = load_pipeline(entities="none")(clean_document_text(text))
    found = sorted(list(doc._.counts) + list(doc._.percentages), key=lambda f: f.start)
    return found, doc


def periods(text):
    """(value, (start, end) or None) for every count and percentage, in text order."""
    found, _ = facts(text)
    return [(f.value, (f.period.start, f.period.end) if f.period else None) for f in found]


# --- every period form, stated in the fact's own sentence ---------------------

@pytest.mark.parametrize("text, expected", [
    ("Năm 2021, Đảng bộ huyện Krông Pắc kết nạp 215 đảng viên mới.", [(215, ("2021", "2021"))]),
    ("Trong nhiệm kỳ 2010 – 2015, Đảng bộ tỉnh Lào Cai đã kết nạp 7.200 đảng viên.",
     [(7200, ("2010", "2015"))]),
    ("Giai đoạn 2016-2020, toàn tỉnh Sóc Trăng thành lập mới 35 tổ chức cơ sở đảng.",
     [(35, ("2016", "2020"))]),
    ("Trong 5 năm (2011 - 2015), Đảng bộ huyện Tiên Lãng kết nạp 1.020 đảng viên.",
     [(1020, ("2011", "2015"))]),
    ("Từ năm 2016 đến năm 2020, Đảng bộ quận Ngô Quyền đã thành lập 9 chi bộ.", [(9, ("2016", "2020"))]),
    ("6 tháng đầu năm 2022, Đảng bộ thành phố Vinh kết nạp 184 đảng viên.", [(184, ("2022-01", "2022-06"))]),
    ("9 tháng năm 2020, Ủy ban Kiểm tra Tỉnh ủy Bắc Giang đã thi hành kỷ luật 48 đảng viên.",
     [(48, ("2020-01", "2020-09"))]),
    ("Trong 6 tháng cuối năm 2019, các cấp ủy ở Phú Yên đã kết nạp 640 đảng viên.",
     [(640, ("2019-07", "2019-12"))]),
    ("Trong quý II/2021, toàn Đảng bộ huyện Yên Minh kết nạp 96 đảng viên.", [(96, ("2021-04", "2021-06"))]),
    ("Tính đến hết quý III năm 2018, Đảng bộ huyện Bảo Yên có 412 chi bộ.", [(412, (None, "2018-09"))]),
    ("Đến tháng 9/2022, Đảng bộ huyện Mường Tè có 2.345 đảng viên.", [(2345, (None, "2022-09"))]),
    ("Tính đến ngày 31/12/2023, toàn tỉnh Bạc Liêu có 1.150 tổ chức cơ sở đảng.", [(1150, (None, "2023-12"))]),
    ("Đến cuối năm 2017, Đảng bộ huyện Hải Hậu có 9.870 đảng viên.", [(9870, (None, "2017"))]),
    ("Từ năm 2017 đến nay, Đảng bộ xã Tân Hiệp đã kết nạp 46 đảng viên.", [(46, ("2017", None))]),
    ("Từ tháng 3/2021 đến nay, Huyện ủy Đức Trọng đã thành lập 4 chi bộ.", [(4, ("2021-03", None))]),
    ("Chi bộ thôn Nà Lừa kết nạp 2 đảng viên mới trong tháng 8 năm 2022.", [(2, ("2022-08", "2022-08"))]),
    ("Phấn đấu đến năm 2030 có 95% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên.", [(95.0, (None, "2030"))]),
])
def test_period_stated_in_the_sentence(text, expected):
    assert periods(text) == expected


@pytest.mark.parametrize("text", [
    "Hiện nay, Đảng bộ huyện Đắk Song có 3.120 đảng viên.",
    "Những năm qua, Đảng bộ phường Phú Hội kết nạp 38 đảng viên.",
    "Thời gian qua, toàn huyện Krông Nô kết nạp hơn 200 đảng viên.",
    "Đảng bộ xã Ea Kar có 15 chi bộ trực thuộc.",
])
def test_no_time_stated_gives_null(text):
    assert [p for _, p in periods(text)] == [None]


@pytest.mark.parametrize("text", [
    "Năm 20222, Đảng bộ xã Phước Sơn kết nạp 30 đảng viên.",
    "Đến tháng 13/2021, Đảng bộ có 52 chi bộ.",
    "Giai đoạn 2025 - 2020, huyện thành lập 7 chi bộ.",
])
def test_malformed_period_is_null_not_a_crash(text):
    assert [p for _, p in periods(text)] == [None]


def test_publication_date_is_never_the_period():
    text = "Cập nhật: 12/03/2024\n\nĐảng bộ xã Nghĩa Lộ có 15 chi bộ và 420 đảng viên."
    assert [p for _, p in periods(text)] == [None, None]


def test_signing_date_of_a_document_is_not_the_period():
    text = ("Thực hiện Chỉ thị số 28-CT/TW ngày 21/01/2019 của Ban Bí thư, huyện Thạch Thành "
            "đã kết nạp 120 đảng viên.")
    assert periods(text) == [(120, None)]


def test_a_period_inside_a_quoted_name_is_not_the_facts():
    text = 'Đề án "Nâng cao chất lượng đảng viên giai đoạn 2021 - 2025" được triển khai ở 64 chi bộ.'
    assert periods(text) == [(64, None)]


def test_the_base_of_a_comparison_is_not_the_period():
    text = "Năm 2023, toàn tỉnh Hưng Yên thi hành kỷ luật 62 đảng viên, giảm 11 đảng viên so với năm 2022."
    assert periods(text) == [(62, ("2023", "2023")), (11, ("2023", "2023"))]


# --- carried from the lead that governs ---------------------------------------

def test_sentence_lead_carries_to_the_rest_of_the_paragraph():
    text = "Năm 2022, Đảng bộ tỉnh Hòa Bình kết nạp 1.430 đảng viên. Toàn tỉnh thành lập mới 12 chi bộ."
    assert periods(text) == [(1430, ("2022", "2022")), (12, ("2022", "2022"))]


def test_reporting_period_carries_to_the_following_paragraphs():
    text = ("Trong 9 tháng đầu năm 2023, cấp ủy các cấp tỉnh Ninh Bình tập trung công tác kiểm tra.\n\n"
            "Ủy ban Kiểm tra các cấp đã kiểm tra 85 tổ chức đảng.\n\n"
            "Các cấp ủy đã thi hành kỷ luật 27 đảng viên.")
    assert periods(text) == [(85, ("2023-01", "2023-09")), (27, ("2023-01", "2023-09"))]


def test_a_state_at_a_date_governs_its_own_paragraph_only():
    text = ("Đến ngày 15/6/2021, huyện Cái Nước có 52 chi bộ hoàn thành đại hội.\n\n"
            "Kết quả đánh giá, có 31 chi bộ hoàn thành tốt nhiệm vụ.")
    assert periods(text) == [(52, (None, "2021-06")), (31, None)]


def test_section_lead_ending_with_a_colon_governs_the_list_below():
    text = ("Nhiệm kỳ 2015 - 2020, Đảng bộ huyện Quỳnh Lưu đạt nhiều kết quả, cụ thể:\n\n"
            "Toàn Đảng bộ kết nạp 1.870 đảng viên mới.\n\n"
            "Huyện ủy thành lập 6 tổ chức cơ sở đảng.")
    assert periods(text) == [(1870, ("2015", "2020")), (6, ("2015", "2020"))]


def test_section_lead_about_the_years_ahead_stops_the_carried_term():
    text = ("Nhiệm kỳ 2015 - 2020, Đảng bộ thị xã kết nạp 640 đảng viên mới.\n\n"
            "Để thực hiện thắng lợi nghị quyết, trong những năm tới Đảng bộ tập trung các giải pháp sau:\n\n"
            "Phấn đấu mỗi năm kết nạp khoảng 150 đảng viên mới.")
    assert periods(text) == [(640, ("2015", "2020")), (150, None)]


def test_heading_with_a_year_governs_what_follows():
    text = ("KẾT QUẢ CÔNG TÁC XÂY DỰNG ĐẢNG NĂM 2023\n\n"
            "Đảng bộ khối có 48 chi bộ được xếp loại hoàn thành tốt nhiệm vụ.")
    assert periods(text) == [(48, ("2023", "2023"))]


def test_heading_naming_a_congress_term_does_not_govern():
    text = ("Đại hội Đảng bộ xã Hòa Bình nhiệm kỳ 2025 - 2030\n\n"
            "Đảng bộ xã có 215 đảng viên sinh hoạt tại 12 chi bộ.")
    assert periods(text) == [(215, None), (12, None)]


def test_a_table_header_naming_a_year_does_not_govern_the_text_after_the_table():
    text = ("Kết quả kết nạp đảng viên mới giai đoạn 2021 - 2024 của các đảng bộ phường như sau:\n"
            "| Đảng bộ | Năm 2021 | Năm 2024 |\n|---|---|---|\n| Phường Tân Lợi | 6 | 8 |\n"
            "Toàn thành phố Buôn Ma Thuột kết nạp 420 đảng viên trong giai đoạn này.")
    found, _ = facts(text)
    after = [f for f in found if f.value == 420]
    assert [(f.period.start, f.period.end) for f in after] == [("2021", "2024")]


def test_paragraph_opening_with_trong_do_continues_the_one_before():
    text = ("Từ đầu nhiệm kỳ đến nay (cuối tháng 5-2024), toàn tỉnh Lai Châu kết nạp 3.100 đảng viên.\n\n"
            "Ảnh: lễ kết nạp đảng viên tại xã Mường So\n\n"
            "Trong đó, cấp xã kết nạp 1.900 đảng viên.")
    assert periods(text) == [(3100, (None, "2024-05")), (1900, (None, "2024-05"))]


def test_present_state_after_a_carried_year_is_null():
    text = "Năm 2020, Đảng bộ huyện Tam Nông kết nạp 300 đảng viên; đến nay, toàn Đảng bộ có 5.400 đảng viên."
    assert periods(text) == [(300, ("2020", "2020")), (5400, None)]


def test_trong_nhiem_ky_points_back_to_the_term_in_force():
    text = ("Nhiệm kỳ 2020 - 2025, Đảng bộ tỉnh Gia Lai tập trung xây dựng tổ chức đảng. "
            "Trong nhiệm kỳ, toàn tỉnh thành lập 21 tổ chức cơ sở đảng.")
    assert periods(text) == [(21, ("2020", "2025"))]


def test_trong_nam_points_back_to_the_year_in_force():
    text = ("Năm 2022, Đảng bộ huyện Nho Quan tập trung công tác phát triển đảng viên. "
            "Trong năm, toàn huyện kết nạp 245 đảng viên; trong năm qua có 12 đảng viên bị kỷ luật.")
    assert periods(text) == [(245, ("2022", "2022")), (12, None)]


def test_trong_nam_without_a_year_is_null():
    assert periods("Trong năm, Đảng bộ xã Gia Sinh kết nạp 14 đảng viên.") == [(14, None)]


def test_tu_dau_nhiem_ky_after_a_few_months_is_null():
    text = ("Trong 6 tháng đầu năm 2024, Đảng bộ Khu kinh tế thành lập 3 chi bộ. "
            "Tính từ đầu nhiệm kỳ, toàn Đảng bộ kết nạp 640 đảng viên.")
    assert periods(text) == [(3, ("2024-01", "2024-06")), (640, None)]


def test_years_back_with_a_bracket_names_the_years():
    text = "Trong 8 năm qua (từ 2015 đến nay), Đảng bộ huyện Di Linh kết nạp 1.240 đảng viên."
    assert periods(text) == [(1240, ("2015", None))]


def test_target_under_a_term_has_the_term():
    text = ("Nhiệm kỳ 2020 - 2025, Đảng bộ huyện Vĩnh Linh phấn đấu có 90% tổ chức cơ sở đảng "
            "hoàn thành tốt nhiệm vụ trở lên.")
    found, _ = facts(text)
    assert [(f.value, f.kind, (f.period.start, f.period.end)) for f in found] == [(90.0, "target", ("2020", "2025"))]


def test_share_at_the_end_of_a_year_and_a_change_against_the_year_before():
    text = ("Đến cuối năm 2023, đảng viên nữ của Đảng bộ tỉnh Kiên Giang chiếm 38,5%, "
            "tăng 1,2% so với năm 2022.")
    assert periods(text) == [(38.5, (None, "2023")), (1.2, (None, "2023"))]


# --- two levels, each with its own time ---------------------------------------

def test_levels_compared_between_two_terms():
    text = ("Tỷ lệ cán bộ có trình độ đại học nhiệm kỳ 2020 - 2025 so với nhiệm kỳ 2015 - 2020 "
            "tăng từ 61,5% lên 78,4%.")
    found, _ = facts(text)
    assert [(f.value, f.kind, (f.period.start, f.period.end)) for f in found] == [
        (61.5, "achieved", ("2015", "2020")), (78.4, "achieved", ("2020", "2025"))]


def test_levels_with_their_years_in_brackets():
    text = "Số chi bộ trực thuộc giảm từ 214 chi bộ (năm 2019) xuống còn 186 chi bộ (năm 2023)."
    found, _ = facts(text)
    assert [(f.value, f.kind, (f.period.start, f.period.end)) for f in found] == [
        (214, "achieved", ("2019", "2019")), (186, "achieved", ("2023", "2023"))]


# --- the phrases themselves, and the rule that decided ------------------------

@pytest.mark.parametrize("phrase, value", [
    ("nhiệm kỳ mới 2020 – 2025", ("2020", "2025")),
    ("năm học 2022-2023", ("2022", "2023")),
    ("quý 4/2019", ("2019-10", "2019-12")),
    ("tháng 7-2023", ("2023-07", "2023-07")),
    ("trước ngày 20/3/2020", (None, "2020-03")),
    ("đến năm 2025", (None, "2025")),
    ("từ đầu nhiệm kỳ 2015-2020 đến nay", ("2015", None)),
])
def test_phrase_values(phrase, value):
    found = find_phrases(match_form(phrase))
    assert [(p.kind, p.value) for p in found] == [("explicit", value)]


@pytest.mark.parametrize("phrase", ["thực hiện có hiệu quả", "xuất hiện nay", "biểu hiện"])
def test_hien_inside_another_word_is_not_the_present(phrase):
    assert find_phrases(match_form(phrase)) == []


def test_explain_names_the_rule_that_decided():
    _, doc = facts("Năm 2022, Đảng bộ huyện kết nạp 90 đảng viên. Toàn huyện có 12 chi bộ; hiện có 3.000 đảng viên.")
    assert [(v, rule) for _, v, rule in explain(doc)] == [
        (("2022", "2022"), "sentence_lead"), (("2022", "2022"), "sentence_lead"), (None, "clause_phrase")]
