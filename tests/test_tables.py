"""Counts and percentages in report tables, read with their row and column headers. The
tables as passages are in tests/cases/counts.jsonl and percentages.jsonl (notes "table: ...");
here what a passage line cannot say."""
import pytest

from pipeline import ingest
from pipeline.language import load as load_pipeline
from pipeline.nlp.tables import find_tables
from pipeline.process import build_record
from pipeline.rules import NO_RULE, trace_of


def period(fact):
    return (fact.period.start, fact.period.end) if fact.period else None


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




def test_every_attribute_of_a_table_fact_names_its_rule():
    text = ("Kết quả công tác xây dựng Đảng năm 2024 của Đảng bộ huyện Văn Bàn\n"
            "| Đơn vị | Số đảng viên | Kết nạp đảng viên | Tỷ lệ chi bộ trong sạch, vững mạnh (%) |\n"
            "|---|---|---|---|\n"
            "| Đảng bộ xã Khánh Yên Hạ | 412 | 9 | 87,5 |\n"
            "| Đảng bộ xã Dương Quỳ | 238 | 6 | 90 |\n")
    doc = load_pipeline(entities="none")(text)
    facts = [("counts", f) for f in doc._.counts] + [("percentages", f) for f in doc._.percentages]
    assert [f.value for _, f in facts] == [412, 9, 238, 6, 87.5, 90]
    for kind, fact in facts:
        trace = trace_of(doc, kind, fact)
        attributes = [a for a in type(fact).model_fields if a not in ("text", "start", "end", "sentence", "place")]
        assert [a for a in attributes if trace.get(a, NO_RULE) == NO_RULE] == [], (kind, fact.text)
    count_trace = trace_of(doc, "counts", doc._.counts[1])
    assert count_trace["event"] == "event: the event verb of the column header"
    assert count_trace["subject"].startswith("subject: the row label")
    assert doc._.counts[1].unit_key == "đảng viên" and doc._.counts[1].event == "admitted"
    share = doc._.percentages[0]
    assert share.subject == "Đảng bộ xã Khánh Yên Hạ"
    assert trace_of(doc, "percentages", share)["criterion"].startswith("criterion: the column header")
