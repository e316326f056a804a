"""Counts and percentages in report tables, read with their row and column headers."""
import pytest

from pipeline import ingest
from pipeline.language import load as load_pipeline
from pipeline.nlp.tables import find_tables
from pipeline.process import build_record


def facts(text):
    doc = load_pipeline(entities="none")(text)
    for fact in [*doc._.counts, *doc._.percentages]:
        assert doc.text[fact.start:fact.end] == fact.text
    return doc._.counts, doc._.percentages


def period(fact):
    return (fact.period.start, fact.period.end) if fact.period else None


# A table as trafilatura writes an HTML <table>, under its caption.
ADMITTED = ("Kết nạp đảng viên mới của các đảng bộ trực thuộc Huyện ủy Krông Năng như sau:\n"
            "| Đơn vị | Năm 2021 | Năm 2022 |\n|---|---|---|\n"
            "| Đảng bộ xã Ea Hồ | 12 | 15 |\n| Đảng bộ thị trấn Krông Năng | 20 | 18 |\n")


def test_cells_take_unit_event_period_and_subject_from_the_headers():
    counts, percentages = facts(ADMITTED)
    assert [(c.value, c.unit, c.category, c.event, c.kind, period(c), c.subject) for c in counts] == [
        (12, "đảng viên mới", "member", "admitted", "achieved", ("2021", "2021"), "Đảng bộ xã Ea Hồ"),
        (15, "đảng viên mới", "member", "admitted", "achieved", ("2022", "2022"), "Đảng bộ xã Ea Hồ"),
        (20, "đảng viên mới", "member", "admitted", "achieved", ("2021", "2021"), "Đảng bộ thị trấn Krông Năng"),
        (18, "đảng viên mới", "member", "admitted", "achieved", ("2022", "2022"), "Đảng bộ thị trấn Krông Năng"),
    ]
    assert percentages == []
    assert counts[0].sentence == "Đảng bộ xã Ea Hồ | 12 | 15"


def test_target_and_result_columns_unit_rows_and_a_share_column():
    text = ("Kết quả thực hiện chỉ tiêu công tác xây dựng Đảng năm 2023 của Đảng bộ huyện Mường Chà\n"
            "| Nội dung | Kế hoạch | Thực hiện | Tỷ lệ hoàn thành tốt nhiệm vụ (%) |\n|---|---|---|---|\n"
            "| Số tổ chức cơ sở đảng | 45 | 47 | 91,5 |\n"
            "| Số đảng viên | 1.850 | 1.902 | 88,2 |\n")
    counts, percentages = facts(text)
    assert [(c.value, c.unit, c.kind, period(c), c.subject) for c in counts] == [
        (45, "tổ chức cơ sở đảng", "target", ("2023", "2023"), None),
        (47, "tổ chức cơ sở đảng", "achieved", ("2023", "2023"), None),
        (1850, "đảng viên", "target", ("2023", "2023"), None),
        (1902, "đảng viên", "achieved", ("2023", "2023"), None),
    ]
    assert [(p.value, p.kind, p.subject, p.criterion, period(p)) for p in percentages] == [
        (91.5, "achieved", "tổ chức cơ sở đảng", "hoàn thành tốt nhiệm vụ", ("2023", "2023")),
        (88.2, "achieved", "đảng viên", "hoàn thành tốt nhiệm vụ", ("2023", "2023")),
    ]


def test_a_flattened_table_with_tabs_and_a_term_in_the_header():
    text = ("Kết quả kỷ luật đảng viên nhiệm kỳ 2015-2020\n"
            "Đơn vị\tKhiển trách\tCảnh cáo\tKhai trừ\n"
            "Đảng bộ huyện Lộc Hà\t14\t6\t2\n")
    counts, _ = facts(text)
    assert [(c.value, c.unit, c.event, period(c)) for c in counts] == [
        (14, "đảng viên", "reprimanded", ("2015", "2020")),
        (6, "đảng viên", "warned", ("2015", "2020")),
        (2, "đảng viên", "expelled", ("2015", "2020")),
    ]


def test_a_cell_is_read_once():
    text = ("Tỷ lệ chi bộ đạt trong sạch vững mạnh qua các năm\n"
            "| Năm | 2022 | 2023 |\n|---|---|---|\n| Tỷ lệ chi bộ trong sạch vững mạnh | 82% | 85,5% |\n")
    counts, percentages = facts(text)
    assert counts == []
    assert [(p.value, period(p)) for p in percentages] == [(82.0, ("2022", "2022")), (85.5, ("2023", "2023"))]


@pytest.mark.parametrize("text", [
    # no counted unit anywhere: phone numbers, money
    "Danh bạ các chi bộ\n| Chi bộ | Điện thoại |\n|---|---|\n| Chi bộ thôn 1 | 0912345678 |\n| Chi bộ thôn 2 | 0987654321 |\n",
    "Kinh phí hoạt động năm 2023 (triệu đồng)\n| Khoản | Số tiền |\n|---|---|\n| Hội nghị | 120 |\n| Tập huấn | 85 |\n",
    # people in general count only with their event
    "Số cán bộ theo độ tuổi\n| Độ tuổi | Số cán bộ |\n|---|---|\n| Dưới 30 | 12 |\n| Từ 30 đến 45 | 40 |\n",
])
def test_tables_that_hold_no_fact(text):
    counts, percentages = facts(text)
    assert counts == [] and percentages == []


@pytest.mark.parametrize("text", [
    "Đảng bộ có 35 chi bộ | 1.120 đảng viên.",                         # one line with a bar
    "Số 125-KH/TU\tHà Tĩnh, ngày 20 tháng 3 năm 2024\nKẾ HOẠCH\n",      # a heading with a tab
])
def test_text_that_is_no_table(text):
    assert find_tables(text) == []


def test_an_html_table_end_to_end():
    html = ("<html><head><title>Kết quả phát triển đảng viên</title></head><body><article>"
            "<h1>Kết quả phát triển đảng viên ở Bảo Lâm</h1>"
            "<p>Kết quả kết nạp đảng viên mới giai đoạn 2020 - 2023 của các đảng bộ xã như sau:</p>"
            "<table><tr><th>Đảng bộ</th><th>Năm 2020</th><th>Năm 2023</th></tr>"
            "<tr><td>Xã Lộc Bắc</td><td>7</td><td>11</td></tr>"
            "<tr><td>Xã Lộc Bảo</td><td>5</td><td>9</td></tr></table>"
            "<p>Toàn huyện đã kết nạp 312 đảng viên trong giai đoạn này.</p></article></body></html>")
    raw = ingest.RawDocument(source="bao-lam.html", kind="html", data=html.encode("utf-8"))
    record = build_record(ingest.to_article(raw), load_pipeline(entities="none"))
    table = [(c.value, c.subject, period(c)) for c in record.counts]
    # the sentence after the table: the period of the lead that introduces the table
    assert table == [(312, None, ("2020", "2023")),
                     (7, "Xã Lộc Bắc", ("2020", "2020")), (11, "Xã Lộc Bắc", ("2023", "2023")),
                     (5, "Xã Lộc Bảo", ("2020", "2020")), (9, "Xã Lộc Bảo", ("2023", "2023"))]
    assert all(c.event == "admitted" for c in record.counts)


def test_cells_of_words_are_read_as_sentences():
    text = ("Kết quả nổi bật năm 2023\n| Stt | Nội dung |\n|---|---|\n"
            "| 1 | Kết nạp 120 đảng viên mới |\n| 2 | 95% chi bộ đạt trong sạch vững mạnh |\n")
    counts, percentages = facts(text)
    assert [c.value for c in counts] == [120]
    assert [p.value for p in percentages] == [95.0]


def test_a_row_number_column_is_not_the_row_label():
    text = ("Số đảng viên của các chi bộ trực thuộc năm 2024\n| STT | Chi bộ | Số đảng viên |\n|---|---|---|\n"
            "| 1 | Chi bộ thôn Pa Cheng | 23 |\n| 2 | Chi bộ thôn A Ho | 17 |\n")
    counts, _ = facts(text)
    assert [(c.value, c.unit, c.subject, period(c)) for c in counts] == [
        (23, "đảng viên", "Chi bộ thôn Pa Cheng", ("2024", "2024")),
        (17, "đảng viên", "Chi bộ thôn A Ho", ("2024", "2024")),
    ]
