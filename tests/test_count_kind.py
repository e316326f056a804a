"""Count kind rules (target / achieved / other). The passages for kind, ranges, quotas,
levels, part_of and unit_key (FACTS.md, Count; GOLD.md "kind") are in tests/cases/counts.jsonl."""
from pipeline.extract.counts import KIND_RULES


def test_kind_rules_are_named_and_ordered():
    assert [name for name, _ in KIND_RULES] == ["decided", "threshold", "target", "change", "change_list"]
