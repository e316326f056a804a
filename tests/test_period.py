"""Fact periods (FACTS.md "Context: where and when"): the time each count and
percentage is about, from its own sentence or the lead that governs it. The passages are
in tests/cases/periods.jsonl (every count and percentage in text order) and the phrases
in tests/cases/period_phrases.jsonl; here what a passage line cannot say."""
from pipeline.language import load as load_pipeline
from pipeline.extract.period import explain
from pipeline.normalize import clean_document_text


def facts(text):
    doc = load_pipeline(entities="none")(clean_document_text(text))
    found = sorted(list(doc._.counts) + list(doc._.percentages), key=lambda f: f.start)
    return found, doc


def test_a_table_header_naming_a_year_does_not_govern_the_text_after_the_table():
    text = ("Kết quả kết nạp đảng viên mới giai đoạn 2021 - 2024 của các đảng bộ phường như sau:\n"
            "| Đảng bộ | Năm 2021 | Năm 2024 |\n|---|---|---|\n| Phường Tân Lợi | 6 | 8 |\n"
            "Toàn thành phố Buôn Ma Thuột kết nạp 420 đảng viên trong giai đoạn này.")
    found, _ = facts(text)
    after = [f for f in found if f.value == 420]
    assert [(f.period.start, f.period.end) for f in after] == [("2021", "2024")]


def test_explain_names_the_rule_that_decided():
    _, doc = facts("Năm 2022, Đảng bộ huyện kết nạp 90 đảng viên. Toàn huyện có 12 chi bộ; hiện có 3.000 đảng viên.")
    assert [(v, rule) for _, v, rule in explain(doc)] == [
        (("2022", "2022"), "sentence_lead"), (("2022", "2022"), "sentence_lead"), (None, "clause_phrase")]


def test_explain_names_the_rules_of_a_run_of_years_and_a_bracketed_time():
    _, doc = facts("Năm 2021, huyện Krông Búk kết nạp 88 đảng viên, năm 2022 kết nạp 93 đảng viên. "
                   "Số đảng viên nữ chiếm 41%. Đảng bộ huyện hiện có 3.120 đảng viên (tính đến ngày 30/11/2023).")
    assert [(v, rule) for _, v, rule in explain(doc)] == [
        (("2021", "2021"), "sentence_lead"), (("2022", "2022"), "clause_phrase"),
        (None, "after_a_run_of_times"), ((None, "2023-11"), "bracket_after")]


def test_a_lead_within_the_term_governs_its_sentence_and_leaves_the_term_in_force():
    found, _ = facts("Nhiệm kỳ 2020 - 2025, Đảng bộ huyện Ea Súp phấn đấu kết nạp 600 đảng viên. "
                     "Từ đầu nhiệm kỳ, đã kết nạp 410 đảng viên. Đầu nhiệm kỳ, toàn Đảng bộ có 31 tổ chức cơ sở đảng. "
                     "Đến cuối nhiệm kỳ, phấn đấu 100% thôn, buôn có chi bộ.")
    assert [(f.value, f.period.start, f.period.end) for f in found] == [
        (600, "2020", "2025"), (410, "2020", None), (31, None, "2020"), (100.0, "2020", "2025")]


def test_explain_names_the_rules_of_a_body_term_and_a_quotation():
    _, doc = facts("Nghị quyết Đại hội Đảng bộ thị xã Kỳ Anh nhiệm kỳ 2020 - 2025 đề ra chỉ tiêu kết nạp 600 đảng viên. "
                   "Ban Thường vụ Thị ủy Kỳ Anh nhiệm kỳ 2020 - 2025 đã thi hành kỷ luật 5 đảng viên. "
                   "Đồng chí Bí thư Thị ủy cho biết: “Năm 2021, thị xã kết nạp 130 đảng viên”.")
    assert [(v, rule) for _, v, rule in explain(doc)] == [
        (("2020", "2025"), "named_term_target"), (None, "none"), (("2021", "2021"), "quoted")]
