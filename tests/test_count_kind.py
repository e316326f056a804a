"""Count kind (target / achieved / other), ranges, quotas and levels, part_of and
unit_key (FACTS.md, Count; GOLD.md "kind"), on passages written for the purpose."""
import pytest

from pipeline.language import load as load_pipeline
from pipeline.extract.counts import KIND_RULES
from pipeline.normalize import clean_document_text


def counts(text):
    doc = load_pipeline(entities="none")(clean_document_text(text))
    for c in doc._.counts:
        assert doc.text[c.start:c.end] == c.text
    return doc._.counts


def kinds(text):
    return [(c.value, c.kind) for c in counts(text)]


# --- target / achieved / other ------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Năm 2023, Đảng bộ huyện Thanh Chương kết nạp được 132 đảng viên.", [(132, "achieved")]),
    ("Đảng bộ huyện Con Cuông có trên 5.600 đảng viên.", [(5600, "achieved")]),
    ("Ủy ban Kiểm tra Huyện ủy Lục Nam đã khai trừ 3 đảng viên.", [(3, "achieved")]),
    ("Huyện ủy Đầm Hà phấn đấu năm 2025 kết nạp trên 160 đảng viên mới.", [(160, "target")]),
    ("Chỉ tiêu năm 2024 của Đảng bộ phường Đông Hải là kết nạp 45 đảng viên mới.", [(45, "target")]),
    ("Mục tiêu đến năm 2030, 100% thôn có chi bộ và toàn huyện có 4.500 đảng viên.", [(4500, "target")]),
    ("Dự kiến trong năm 2025, Đảng ủy Khu công nghiệp sẽ thành lập thêm 4 chi bộ.", [(4, "target")]),
    ("Năm 2023, Đảng bộ kết nạp được 132 đảng viên, đạt 110% chỉ tiêu; năm 2024 phấn đấu kết nạp 140 đảng viên.",
     [(132, "achieved"), (140, "target")]),
    ("Năm 2022, toàn tỉnh Tuyên Quang kết nạp 1.204 đảng viên, tăng 87 đảng viên so với năm 2021.",
     [(1204, "achieved"), (87, "other")]),
    ("Các cấp ủy đã kiểm tra 320 tổ chức đảng (tăng 14 tổ chức đảng và 56 đảng viên so với cùng kỳ).",
     [(320, "achieved"), (14, "other"), (56, "other")]),
    ("Toàn huyện Mỹ Xuyên có 4.210 đảng viên, giảm 35 đảng viên so với đầu nhiệm kỳ.",
     [(4210, "achieved"), (35, "other")]),
    ("Huyện ủy hướng dẫn tách các chi bộ có trên 50 đảng viên thành đảng bộ bộ phận.", [(50, "other")]),
    ("Đảng ủy xã chỉ đạo 4 chi bộ trên 30 đảng viên chia tổ đảng.", [(4, "achieved"), (30, "other")]),
    ("Theo quy định, chi bộ có từ 3 đảng viên chính thức trở lên được bầu chi ủy.", [(3, "other")]),
])
def test_kind(text, expected):
    assert kinds(text) == expected


def test_kind_rules_are_named_and_ordered():
    assert [name for name, _ in KIND_RULES] == ["decided", "threshold", "target", "change", "change_list"]


# --- ranges, quotas and levels (issue 11) --------------------------------------

def test_range_is_two_counts_at_least_and_up_to():
    found = counts("Phấn đấu mỗi năm Đảng bộ xã Tà Xùa kết nạp từ 25 - 30 đảng viên mới.")
    assert [(c.value, c.qualifier, c.kind, c.event) for c in found] == [
        (25, "at_least", "target", "admitted"), (30, "up_to", "target", "admitted")]


def test_range_with_den_and_no_target():
    found = counts("Mỗi năm, Đảng bộ xã Phong Thổ kết nạp từ 10 đến 15 đảng viên.")
    assert [(c.value, c.qualifier, c.kind) for c in found] == [(10, "at_least", "achieved"), (15, "up_to", "achieved")]


def test_years_with_a_dash_are_not_a_range():
    found = counts("Nhiệm kỳ 2015 - 2020 toàn Đảng bộ có 36 chi bộ.")
    assert [(c.value, c.qualifier) for c in found] == [(36, "exact")]


def test_quota_after_the_done():
    found = counts("Năm 2024, Chi bộ Trường THCS Lê Lợi kết nạp được 8/10 đảng viên, đạt 80% chỉ tiêu.")
    assert [(c.value, c.kind) for c in found] == [(8, "achieved"), (10, "target")]


def test_levels_from_and_to_are_both_achieved():
    found = counts("Số đảng bộ trực thuộc đã giảm từ 72 đảng bộ xuống còn 64 đảng bộ.")
    assert [(c.value, c.kind) for c in found] == [(72, "achieved"), (64, "achieved")]


def test_level_reached_is_not_a_change():
    found = counts("Đến nay, Đảng bộ huyện Sìn Hồ tăng lên 3.100 đảng viên.")
    assert [(c.value, c.kind) for c in found] == [(3100, "achieved")]


# --- part_of -----------------------------------------------------------------

def test_breakdown_points_at_its_total():
    found = counts("Toàn tỉnh Hậu Giang có 820 tổ chức cơ sở đảng, trong đó có 410 đảng bộ cơ sở và 410 chi bộ cơ sở.")
    assert [(c.value, c.part_of) for c in found] == [(820, None), (410, 0), (410, 0)]


def test_breakdown_in_the_next_sentence_skips_a_total_of_members():
    found = counts("Đảng bộ thị xã Ba Đồn có 45 tổ chức cơ sở đảng với 3.900 đảng viên. Trong đó, có 16 tổ chức "
                   "cơ sở đảng ở xã, phường; 29 tổ chức cơ sở đảng ở cơ quan, doanh nghiệp.")
    assert [(c.value, c.part_of) for c in found] == [(45, None), (3900, None), (16, 0), (29, 0)]


def test_a_larger_number_after_gom_is_not_a_part():
    found = counts("Đảng bộ huyện Kbang có 120 tổ chức cơ sở đảng gồm 640 chi bộ trực thuộc.")
    assert [c.part_of for c in found] == [None, None]


def test_parts_stop_at_the_total():
    found = counts("Huyện có 30 chi bộ, trong đó có 20 chi bộ thôn, 10 chi bộ cơ quan và 12 chi bộ trường học mới sáp nhập.")
    assert [(c.value, c.part_of) for c in found][:3] == [(30, None), (20, 0), (10, 0)]
    assert found[3].part_of is None


def test_total_opened_by_trong_tong_so():
    found = counts("Trong tổng số 95 chi bộ đã tổ chức đại hội, có 60 chi bộ thôn và 35 chi bộ cơ quan.")
    assert [(c.value, c.part_of) for c in found] == [(95, None), (60, 0), (35, 0)]


def test_a_change_is_not_a_total_nor_a_part():
    found = counts("Toàn Đảng bộ có 2.100 đảng viên (tăng 120 đảng viên), trong đó có 300 đảng viên nữ.")
    assert [(c.value, c.part_of) for c in found] == [(2100, None), (120, None), (300, 0)]


# --- unit_key ------------------------------------------------------------------

@pytest.mark.parametrize("text, unit, key", [
    ("Năm 2023, Đảng bộ kết nạp 45 đảng viên mới.", "đảng viên mới", "đảng viên"),
    ("Đảng bộ huyện có 30 TCCSĐ.", "tổ chức cơ sở đảng", "tổ chức cơ sở đảng"),
    ("Toàn tỉnh tăng 9 cơ sở đảng so với năm 2021.", "cơ sở đảng", "tổ chức cơ sở đảng"),
    ("Chi bộ có 12 đảng viên dự bị.", "đảng viên dự bị", "đảng viên"),
    ("Đảng bộ xã có 14 chi bộ.", "chi bộ", "chi bộ"),
])
def test_unit_key(text, unit, key):
    found = counts(text)
    assert [(c.unit, c.unit_key) for c in found] == [(unit, key)]
