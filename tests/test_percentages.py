"""Percentages: what a passage line cannot say. The passages (value, comparator, kind,
subject and criterion on short sentences in the style of Party-building reports) are in
tests/cases/percentages.jsonl."""
from __future__ import annotations

import re
import unicodedata

import pytest

from conftest import doc_of
from pipeline.cli import main
from pipeline.extract import percentages as pct
from pipeline.language import load as load_pipeline
from pipeline.normalize import clean_document_text
from pipeline.rules import NO_RULE, trace_of


def test_nfd_input_offsets_index_nfc_text():
    text = "Mục tiêu phấn đấu hằng năm có 50% TCCSĐ đạt trong sạch vững mạnh; kết quả năm 2015 đạt 48,5%."
    doc = load_pipeline(entities="none")(clean_document_text(unicodedata.normalize("NFD", text)))
    assert doc.text == unicodedata.normalize("NFC", text)
    facts = doc._.percentages
    assert [(f.value, f.kind) for f in facts] == [(50.0, "target"), (48.5, "achieved")]
    for f in facts:
        assert f.text == doc.text[f.start:f.end]
        assert f.sentence is not None and f.text in f.sentence
    assert facts[0].subject == "tổ chức cơ sở đảng"


# --- every attribute names the rule that set it (vnfacts explain) ----------------


TRACED = ("value", "comparator", "criterion", "kind", "subject")

# A report of its own wording (Cà Mau, Điện Biên, Bắc Kạn, Quảng Trị), one shape of share a line.
REPORT = "\n".join([
    "Ngày 14/5/2024",
    "",
    "Mục tiêu đến năm 2030, Đảng bộ tỉnh Bắc Kạn phấn đấu có trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.",
    "Năm 2023, toàn huyện Mường Chà có tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 91,6%.",
    "Thu ngân sách trên địa bàn tỉnh Cà Mau năm 2023 tăng 12,4% so với cùng kỳ.",
    "Hằng năm, các chi bộ ở huyện Ba Bể kết nạp từ 3 đến 5% đảng viên mới.",
    "Thu ngân sách huyện Trần Đề năm 2022 vượt 6,5% kế hoạch.",
    "Số đảng viên được học tập nghị quyết của thị xã Ngã Năm đạt 95% trở lên.",
    "Mục tiêu cụ thể đến năm 2030:",
    "- 100% chi bộ có cấp ủy viên phụ trách.",
    "- Trên 70% đảng viên được bồi dưỡng.",
    "Kết quả đánh giá năm 2023 ở huyện Vĩnh Linh: 45,2% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, "
    "50,1% hoàn thành nhiệm vụ.",
    "Đối với đảng viên: 88,4% hoàn thành tốt nhiệm vụ.",
    "Huyện Tuần Giáo có bảy mươi phần trăm hộ dân tham gia bảo hiểm y tế.",
    "Tỷ lệ hộ nghèo giảm từ 42,1% xuống còn 30,5%.",
    "Các xã có trên 50% hộ là đồng bào Mông được hỗ trợ.",
    "Đến năm 2030, tỷ lệ hộ nghèo của huyện Nậm Pồ giảm xuống còn 25%.",
    "Các chi bộ ở xã Thanh Nưa phải bảo đảm 100% đảng viên được học tập nghị quyết.",
    "Huyện Cái Nước chưa đạt chỉ tiêu đề ra là 95% hộ dân tham gia bảo hiểm y tế.",
    "Năm 2024, 100% chi bộ phải được kiểm tra.",
    "Trong năm, số hộ nuôi tôm ở xã Tân Ân tăng 6,1% và 4,8%.",
    "So với năm 2022, số hộ khá giàu ở xã Khánh Hưng vượt 4,5%.",
    "",
])


def shares_with_rules(text):
    doc = doc_of(text)
    return [(f, trace_of(doc, "percentages", f)) for f in doc._.percentages]


def test_every_attribute_of_every_share_names_the_rule_that_set_it():
    found = shares_with_rules(REPORT)
    assert len(found) == 23
    for fact, trace in found:
        for attribute in TRACED:
            rule = trace.get(attribute, NO_RULE)
            assert rule != NO_RULE and rule.startswith(f"{attribute}: "), (fact.text, attribute, rule)
    kinds = {trace["kind"] for _, trace in found}
    assert {pct.UNDER_TARGET_HEADING, pct.AFTER_TARGET_PHRASE, pct.FUTURE_YEAR, pct.NAMED_BY_TARGET_NOUN,
            pct.LOCAL_TARGET_CUE, pct.CHANGE_LIST} <= kinds
    assert len(kinds) == 14


def _rules_of(text, value):
    (fact, trace), = [(f, t) for f, t in shares_with_rules(text) if f.value == value]
    return fact, trace


@pytest.mark.parametrize("text, value, attribute, got, rule", [
    ("Đảng bộ tỉnh Bắc Kạn phấn đấu có trên 85% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.", 85.0,
     "comparator", "gt", "comparator: a comparator word before the number ('trên', 'ít nhất', 'tối đa')"),
    ("Năm 2023, huyện Mường Chà có 70% chi bộ đạt trong sạch vững mạnh.", 70.0,
     "comparator", "eq", "comparator: exact: no comparator word"),
    ("Số đảng viên được học tập nghị quyết của thị xã Ngã Năm đạt 95% trở lên.", 95.0,
     "comparator", "ge", pct.COMPARATOR_AFTER),
    ("Năm 2023 có 60% đảng viên trở lên dự sinh hoạt chi bộ ở xã Mường Phăng.", 60.0,
     "comparator", "ge", pct.COMPARATOR_AFTER_SUBJECT),
    ("Hằng năm, các chi bộ ở huyện Ba Bể kết nạp từ 3 đến 5% đảng viên mới.", 3.0,
     "comparator", "ge", pct.RANGE_LOW_AT_LEAST),
    ("Hằng năm, các chi bộ ở huyện Ba Bể kết nạp từ 3 đến 5% đảng viên mới.", 5.0,
     "comparator", "le", pct.RANGE_HIGH_AT_MOST),
    ("Thu ngân sách huyện Trần Đề năm 2022 vượt 6,5% kế hoạch.", 6.5, "comparator", "eq", pct.EXCEEDED_EXACT),
    ("Hằng năm, các chi bộ ở huyện Ba Bể kết nạp từ 3 đến 5% đảng viên mới.", 3.0,
     "value", 3.0, pct.VALUE_RANGE_LOW),
    ("Huyện Tuần Giáo có bảy mươi phần trăm hộ dân tham gia bảo hiểm y tế.", 70.0, "value", 70.0, pct.VALUE_WORDS),
    ("Năm 2023, toàn huyện Mường Chà có tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 91,6%.", 91.6,
     "subject", "đảng viên", pct.SUBJECT_BEFORE_VERB),
    ("Năm 2023, toàn huyện Mường Chà có tỷ lệ đảng viên hoàn thành tốt nhiệm vụ đạt 91,6%.", 91.6,
     "criterion", "hoàn thành tốt nhiệm vụ", pct.CRITERION_BEFORE_VERB),
    ("Đối với đảng viên: 88,4% hoàn thành tốt nhiệm vụ.", 88.4, "subject", "đảng viên", pct.SUBJECT_BEFORE_COLON),
    ("Ở huyện Vĩnh Linh, 45,2% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ, 50,1% hoàn thành nhiệm vụ.", 50.1,
     "subject", "tổ chức cơ sở đảng", pct.SUBJECT_OF_LIST),
    ("Thu ngân sách trên địa bàn tỉnh Cà Mau năm 2023 tăng 12,4% so với cùng kỳ.", 12.4,
     "subject", None, pct.NO_SUBJECT),
    ("Huyện Điện Biên Đông có 40% chi bộ và 55% đảng bộ đạt trong sạch vững mạnh.", 40.0,
     "criterion", "đạt trong sạch vững mạnh", pct.CRITERION_OF_LIST),
    ("Thu ngân sách trên địa bàn tỉnh Cà Mau năm 2023 tăng 12,4% so với cùng kỳ.", 12.4,
     "kind", "other", "kind: a change verb before the number ('tăng', 'giảm', 'cao hơn')"),
    ("Năm 2024, 100% chi bộ phải được kiểm tra.", 100.0,
     "kind", "target", "kind: a modal verb right after the share ('100% chi bộ phải ...', 'sẽ')"),
    ("Tỷ lệ hộ nghèo giảm từ 42,1% xuống còn 30,5%.", 42.1,
     "kind", "achieved", "kind: the earlier level of 'từ 48% lên 73%' is reported"),
    ("Các xã có trên 50% hộ là đồng bào Mông được hỗ trợ.", 50.0,
     "kind", "other", "kind: a condition that says which units are meant ('các xã có trên 50% hộ ...')"),
    ("Huyện Phú Tân phấn đấu tăng 15% số hộ dân tham gia bảo hiểm.", 15.0, "kind", "target", pct.AFTER_TARGET_PHRASE),
    ("So với năm 2022, số hộ khá giàu ở xã Khánh Hưng vượt 4,5%.", 4.5,
     "kind", "other", "kind: 'vượt' an earlier time by that much is a change ('vượt 3% so với cùng kỳ')"),
])
def test_the_rule_named_is_the_one_that_decided(text, value, attribute, got, rule):
    fact, trace = _rules_of(text, value)
    assert getattr(fact, attribute) == got
    assert trace[attribute] == rule


def test_a_target_phrase_is_tried_before_the_change_verb_and_a_result_closes_it():
    # "phấn đấu" before "tăng": aimed for; "đã đạt" after it: reported
    found = shares_with_rules("Huyện Mường Nhé phấn đấu tăng 10% số hộ có nước sạch, năm 2023 đã đạt 8,2%.")
    assert [(f.value, f.kind, t["kind"]) for f, t in found] == [
        (10.0, "target", pct.AFTER_TARGET_PHRASE),
        (8.2, "achieved", "kind: a level verb before the number ('đạt', 'chiếm', 'có')")]


def test_counts_read_the_same_target_scope_with_its_rule():
    doc = doc_of("Đảng bộ xã Na Sang phấn đấu kết nạp 12 đảng viên, đến nay đã kết nạp 9 đảng viên.")
    text = doc.text
    scope = pct.target_scope(doc, 0, len(text), None)
    assert scope.cover(text.index("12")) == pct.AFTER_TARGET_PHRASE and scope.covers(text.index("12"))
    assert scope.cover(text.index("9 đảng")) is None


def test_explain_names_a_rule_for_every_attribute_of_every_share(tmp_path, capsys):
    path = tmp_path / "ca_mau.txt"
    path.write_text(REPORT, encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    blocks = [b for b in re.split(r"\n(?=\S)", out) if b.startswith("percentages ")]
    assert len(blocks) == 23
    for block in blocks:
        lines = block.splitlines()[2:]
        assert sorted(line.split()[0] for line in lines) == sorted([*TRACED, "period", "place"])
        assert all("  <- " in line and NO_RULE not in line for line in lines), block
