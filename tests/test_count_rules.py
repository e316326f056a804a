"""Counts decide through ordered, named rules, and every attribute of a count names the
rule that set it (``vnfacts explain``). The values themselves are tested in
tests/cases/counts.jsonl; here, which rule decided them."""
import json
import re
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.extract import counts
from pipeline.language import load as load_pipeline
from pipeline.rules import NO_RULE, Rules, trace_of

# Reports of other provinces than the corpus, one phrasing of each reading per line.
PASSAGES = [
    "Đến cuối năm 2023, Đảng bộ huyện Quản Bạ có 48 tổ chức cơ sở đảng, trong đó có 20 đảng bộ "
    "cơ sở và 28 chi bộ cơ sở với 3.215 đảng viên.",
    "Năm 2023, Huyện ủy Sìn Hồ kết nạp được 95/110 đảng viên, đạt 86% chỉ tiêu.",
    "Ủy ban Kiểm tra Huyện ủy Phong Thổ đề nghị kỷ luật 9 đảng viên (khiển trách 6, cảnh cáo 3).",
    "Tổng số tổ chức cơ sở đảng toàn huyện Than Uyên là 57; số đảng viên là 4.120.",
    "Năm 2025, Đảng bộ huyện Bắc Yên phấn đấu kết nạp khoảng 150 đảng viên mới.",
    "Mỗi chi bộ thôn có từ 12 - 18 đảng viên.",
    "Đảng bộ xã Nậm Ty có hai mươi ba chi bộ trực thuộc, so với năm 2020 tăng 4 chi bộ.",
    "Cả tỉnh Hà Giang có hơn 1,2 vạn đảng viên.",
    "Năm 2022, huyện Yên Minh có 2 tổ chức đảng và 11 đảng viên bị kỷ luật.",
    "Đảng bộ thị xã Nghĩa Lộ có 64 tổ chức cơ sở đảng (đảng bộ cơ sở 19; chi bộ cơ sở 45).",
    "Trong tổng số đảng viên được kết nạp năm 2023, có 37 đảng viên nữ.",
    "Trong đó: đảng viên kết nạp ở các xã vùng cao 214, chiếm 71%.",
    "Ủy ban Kiểm tra Thị ủy đã thi hành kỷ luật 14 đảng viên; 5 đảng viên khác đang được xem xét.",
    "Hình thức kỷ luật đảng viên: khiển trách 7, cảnh cáo 4.",
    "Đảng ủy Khối Doanh nghiệp tỉnh tiếp nhận 1 chi bộ là Công ty Cổ phần Chè Nghĩa Lộ với 31 đảng viên.",
    "Huyện ủy Mường La đã hợp nhất 6 chi bộ, giải thể 3 chi bộ.",
    "Đảng bộ huyện Mù Cang Chải có 2.870 đảng viên, trong đó: đảng viên nữ 1.012; đảng viên là người "
    "dân tộc Mông 2.406.",
    "Năm 2024, Đảng bộ thị xã Sa Pa thi hành kỷ luật 7 đảng viên, khiển trách 4, cảnh cáo 3.",
    "Ủy ban Kiểm tra Huyện ủy Văn Bàn đề nghị kỷ luật 5 đảng viên, khiển trách 3, cảnh cáo 2.",
    "Năm 2025, Đảng ủy xã Bảo Hà đặt chỉ tiêu kết nạp 30 đảng viên; đến tháng 8, đã kết nạp 19 đảng viên.",
    "Huyện ủy Bảo Yên xây dựng kế hoạch thành lập 2 chi bộ trong doanh nghiệp.",
    "Số đảng viên được kết nạp trong năm 2024: 86 đồng chí.",
]
TRACED = ["value", "qualifier", "unit", "unit_key", "category", "event", "subject", "kind", "part_of"]


def traced_counts(text):
    """(count, {attribute: rule}) for each count of text."""
    doc = load_pipeline(entities="none")(text)
    return [(c, trace_of(doc, "counts", c)) for c in doc._.counts]


def rule_of(rules: Rules, decide) -> str:
    return next(rule.name for rule in rules if rule.decide is decide)


def test_explain_names_a_rule_for_every_attribute_of_every_count(tmp_path, capsys):
    path = tmp_path / "bao_cao.txt"
    path.write_text("\n".join(PASSAGES) + "\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    blocks = [b for b in re.split(r"\n(?=\S)", capsys.readouterr().out) if b.startswith("counts ")]
    assert len(blocks) == 45
    for block in blocks:
        lines = {line.split()[0]: line for line in block.splitlines()[2:]}
        for attribute in TRACED:
            assert "  <- " in lines[attribute], (block.splitlines()[0], attribute)
            assert not lines[attribute].endswith(NO_RULE), (block.splitlines()[0], attribute)


def test_every_count_of_the_passage_cases_names_a_rule_for_every_attribute():
    lines = (Path(__file__).parent / "cases" / "counts.jsonl").read_text(encoding="utf-8").splitlines()
    cases = [json.loads(line) for line in lines if line.strip()]
    seen, missing = 0, []
    # Table cells included: extract.tables records its rules too.
    for text in (case["text"] for case in cases):
        for count, trace in traced_counts(text):
            seen += 1
            missing += [(count.text, a) for a in TRACED if trace.get(a, NO_RULE) == NO_RULE]
    assert seen > 300 and missing == []


def test_a_breakdown_after_trong_do_points_at_its_total_and_keeps_its_subject():
    (total, t), (party_committees, p), (cells, c), (members, m) = traced_counts(PASSAGES[0])
    assert (total.value, party_committees.value, cells.value, members.value) == (48, 20, 28, 3215)
    assert t["part_of"] == counts.NOT_PART and total.part_of is None
    assert p["part_of"] == c["part_of"] == "part_of: 'trong đó' breaks down the previous total"
    assert party_committees.part_of == cells.part_of == 0
    assert t["subject"] == rule_of(counts.SUBJECT, counts._body_before_cue)
    assert p["subject"] == c["subject"] == rule_of(counts.SUBJECT, counts._along_the_chain)
    assert {total.subject, party_committees.subject, cells.subject} == {"Đảng bộ huyện Quản Bạ"}
    assert t["event"] == rule_of(counts.EVENT, counts._total_word) and total.event is None
    assert members.part_of is None and m["event"] == rule_of(counts.EVENT, counts._total_without_event)


def test_the_number_after_the_slash_of_an_admission_is_its_quota():
    (done, d), (plan, p) = traced_counts(PASSAGES[1])
    assert (done.value, done.kind, plan.value, plan.kind) == (95, "achieved", 110, "target")
    assert d["value"] == rule_of(counts.NUMBER, counts._ratio)
    assert p["value"] == p["qualifier"] == p["kind"] == counts.QUOTA
    assert d["event"] == p["event"] == "event: the verb before the number ('kết nạp', 'khai trừ')"
    assert p["part_of"] == counts.NOT_PART_KIND


def test_numbers_after_discipline_verbs_take_the_noun_of_the_count_before():
    (whole, w), (reprimanded, r), (warned, _) = traced_counts(PASSAGES[2])
    assert [(f.value, f.unit, f.event) for f in (whole, reprimanded, warned)] == [
        (9, "đảng viên", "disciplined"), (6, "đảng viên", "reprimanded"), (3, "đảng viên", "warned")]
    assert w["value"] == rule_of(counts.NUMBER, counts._digits) and w["unit"] == counts.UNIT_NOUN
    assert r["value"] == counts.ELIDED_VALUE and r["event"] == counts.ELIDED_EVENT
    assert r["unit"] == r["subject"] == rule_of(counts.ELIDED_NOUN, counts._noun_of_count_before)


def test_the_noun_left_out_is_the_one_named_before_the_list():
    (reprimanded, r), (warned, w) = traced_counts(PASSAGES[13])
    assert (reprimanded.value, warned.value, warned.unit) == (7, 4, "đảng viên")
    assert r["unit"] == rule_of(counts.ELIDED_NOUN, counts._noun_without_number)
    assert w["unit"] == rule_of(counts.ELIDED_NOUN, counts._noun_of_count_before)


def test_a_noun_named_first_counts_the_number_after_its_verb():
    (cells, c), (members, m) = traced_counts(PASSAGES[3])
    assert (cells.value, cells.unit, members.value, members.unit) == (57, "tổ chức cơ sở đảng", 4120, "đảng viên")
    assert c["value"] == m["value"] == counts.NAMED_TOTAL_VALUE
    assert c["unit"] == counts.NAMED_TOTAL_UNIT and c["subject"] == counts.NAMED_TOTAL_SUBJECT
    assert c["event"] == counts.NO_EVENT


def test_a_target_verb_makes_the_count_a_target_and_a_qualifier_word_is_named():
    ((plan, p),) = traced_counts(PASSAGES[4])
    assert (plan.value, plan.qualifier, plan.kind, plan.unit_key) == (150, "about", "target", "đảng viên")
    assert p["kind"] == "kind: target verb before the number in its clause ('phấn đấu', 'dự kiến', 'sẽ')"
    assert p["qualifier"] == counts.QUALIFIER_WORD
    assert p["unit_key"] == counts.UNIT_KEY and p["category"] == counts.CATEGORY


def test_a_range_is_two_counts_with_their_bounds():
    (low, lo), (high, hi) = traced_counts(PASSAGES[5])
    assert [(f.value, f.qualifier) for f in (low, high)] == [(12, "at_least"), (18, "up_to")]
    assert lo["value"] == lo["qualifier"] == counts.RANGE_LOW
    assert hi["qualifier"] == counts.RANGE_HIGH and hi["value"] == rule_of(counts.NUMBER, counts._digits)


def test_number_words_a_scale_and_a_change_name_their_rules():
    (cells, c), (more, m) = traced_counts(PASSAGES[6])
    assert (cells.value, more.value, more.kind) == (23, 4, "other")
    assert c["value"] == rule_of(counts.NUMBER, counts._number_words)
    assert m["kind"] == rule_of(counts.KIND, counts._kind_change)
    assert c["kind"] == rule_of(counts.KIND, counts._kind_achieved)
    ((members, s),) = traced_counts(PASSAGES[7])
    assert (members.value, members.qualifier) == (12000, "more_than")
    assert s["value"] == rule_of(counts.NUMBER, counts._scaled_number)


def test_one_passive_after_a_pair_says_the_event_of_both():
    (bodies, b), (members, m) = traced_counts(PASSAGES[8])
    assert bodies.event == members.event == "disciplined"
    assert m["event"] == rule_of(counts.EVENT, counts._passive_after)
    assert b["event"] == counts.SHARED_PASSIVE


def test_items_in_brackets_and_a_lead_and_a_list_that_goes_on():
    (_, _), (first, f), (_, _) = traced_counts(PASSAGES[9])
    assert (first.value, first.unit, first.subject) == (19, "đảng bộ cơ sở", "Đảng bộ thị xã Nghĩa Lộ")
    assert f["value"] == f["unit"] == counts.BRACKETED and f["subject"] == counts.BRACKETED_SUBJECT
    ((women, w),) = traced_counts(PASSAGES[10])
    assert women.event == "admitted" and w["event"] == rule_of(counts.EVENT, counts._lead_names_total)
    ((row, r),) = traced_counts(PASSAGES[11])
    assert (row.value, row.event) == (214, "admitted")
    assert r["value"] == r["unit"] == counts.LABEL_FIRST and r["event"] == counts.LABEL_FIRST_EVENT
    (_, _), (pending, p) = traced_counts(PASSAGES[12])
    assert pending.event == "disciplined" and p["event"] == rule_of(counts.EVENT, counts._list_goes_on)
    assert p["subject"] == rule_of(counts.SUBJECT, counts._same_event_as_before)


def test_a_size_after_a_description_has_no_event_and_verbs_share_a_subject():
    (_, _), (size, s) = traced_counts(PASSAGES[14])
    assert (size.value, size.event) == (31, None)
    assert s["event"] == rule_of(counts.EVENT, counts._carry_after_description)
    (merged, _), (dissolved, d) = traced_counts(PASSAGES[15])
    assert (merged.event, dissolved.event) == ("merged", "dissolved")
    assert merged.subject == dissolved.subject == "Huyện ủy Mường La"
    assert d["subject"] == rule_of(counts.SUBJECT, counts._verbs_share_subject)


def test_a_breakdown_written_noun_first_points_at_its_total_across_semicolons():
    (total, t), (women, w), (hmong, h) = traced_counts(PASSAGES[16])
    assert (women.value, women.unit, hmong.value, hmong.unit) == (1012, "đảng viên", 2406, "đảng viên")
    assert w["value"] == w["unit"] == h["value"] == counts.NOUN_FIRST_ITEM
    assert w["event"] == counts.NOUN_FIRST_EVENT and w["subject"] == counts.NOUN_FIRST_SUBJECT
    assert women.subject == hmong.subject == total.subject == "Đảng bộ huyện Mù Cang Chải"
    assert women.part_of == hmong.part_of == 0 and t["part_of"] == counts.NOT_PART
    assert w["part_of"] == counts.PART_OF_BREAKDOWN and h["part_of"] == counts.PART_OF_OVERLAPPING


def test_discipline_forms_right_after_their_total_are_its_parts_without_a_breakdown_word():
    (_, _), (reprimanded, r), (warned, w) = traced_counts(PASSAGES[17])
    assert reprimanded.part_of == warned.part_of == 0
    assert r["part_of"] == counts.PART_OF_FORM_LIST and w["part_of"] == counts.PART_OF_VERB_LIST


def test_a_proposal_and_its_forms_are_targets_and_the_forms_are_its_parts():
    (whole, w), (reprimanded, r), (warned, _) = traced_counts(PASSAGES[18])
    assert [f.kind for f in (whole, reprimanded, warned)] == ["target"] * 3
    assert w["kind"] == rule_of(counts.KIND, counts._kind_proposal_verb)
    assert r["kind"] == rule_of(counts.KIND, counts._kind_item_of_target)
    assert reprimanded.part_of == warned.part_of == 0 and r["part_of"] == counts.PART_OF_FORM_LIST


def test_done_after_a_quota_is_achieved_and_a_plan_to_establish_is_a_target():
    (quota, _), (done, d) = traced_counts(PASSAGES[19])
    assert (quota.kind, done.kind, done.part_of) == ("target", "achieved", None)
    assert d["kind"] == rule_of(counts.KIND, counts._kind_done) and d["part_of"] == counts.NOT_PART
    ((plan, p),) = traced_counts(PASSAGES[20])
    assert (plan.value, plan.event, plan.kind) == (2, "established", "target")
    assert p["kind"] == rule_of(counts.KIND, counts._kind_plan_verb)


def test_a_named_total_after_a_colon_keeps_its_noun_past_a_word_for_people():
    ((admitted, a),) = traced_counts(PASSAGES[21])
    assert (admitted.value, admitted.unit, admitted.event) == (86, "đảng viên", "admitted")
    assert a["value"] == counts.NAMED_TOTAL_VALUE and admitted.text.endswith("86 đồng chí")


@pytest.mark.parametrize("rules", [counts.NUMBER, counts.QUALIFIER, counts.EVENT, counts.SUBJECT, counts.KIND])
def test_rule_names_say_the_attribute_they_decide(rules):
    attribute = {"counts.number_before_noun": "value", "counts.qualifier": "qualifier"}.get(
        rules.name, rules.name.split(".")[1])
    for rule in rules:
        assert re.match(rf"(no )?{attribute}: |exact: ", rule.name), rule.name
