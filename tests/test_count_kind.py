"""Count kind rules (target / achieved / other). The passages for kind, ranges, quotas,
levels, part_of and unit_key (FACTS.md, Count; GOLD.md "kind") are in tests/cases/counts.jsonl."""
from pipeline.extract.counts import KIND


def test_kind_rules_are_tried_threshold_target_change_then_achieved():
    # A threshold is checked before a target ("chi bộ sẽ có trên 30 đảng viên" sizes a rule);
    # "đã" before the verb (done) before any target phrase of the sentence; a plan or proposal word
    # right before the verb, and an item after a target, before the clause-wide target cues; the
    # surplus over a quota ("vượt chỉ tiêu 2 đảng viên") before them too, its plan noun no target;
    # a target before a change, and achieved is what no other rule claims (a mean per year
    # included: "bình quân mỗi năm kết nạp 209 đảng viên" is a result reported).
    assert [rule.decide.__name__ for rule in KIND] == [
        "_kind_threshold", "_kind_done", "_kind_plan_verb", "_kind_proposal_verb", "_kind_item_of_target",
        "_kind_surplus", "_kind_target_cue", "_kind_target_scope", "_kind_change", "_kind_change_list", "_kind_achieved"]
    assert all(rule.name.startswith("kind: ") for rule in KIND)
