"""The test cases kept as data: every line of tests/cases/*.jsonl, one passage
with the facts expected from it (the format is described in conftest.py)."""
import json

import pytest


def test_case(passage_case):
    passage_case.check()


def write_case(tmp_path, name, **data):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def test_a_wrong_expectation_fails_showing_passage_expected_and_got(tmp_path, read_case_file):
    path = write_case(tmp_path, "counts.jsonl", note="a wrong value", text="Đảng bộ xã Ea Tu có 15 chi bộ.",
                      facts=[{"value": 16, "unit": "chi bộ"}])
    case, = read_case_file(path)
    with pytest.raises(pytest.fail.Exception) as failure:
        case.check()
    message = str(failure.value)
    assert "counts.jsonl:1 a wrong value" in message
    assert "Đảng bộ xã Ea Tu có 15 chi bộ." in message
    assert '"value": 16' in message and '"value": 15' in message
    assert "fact 0: value: expected 16, got 15" in message


@pytest.mark.parametrize("facts, more, problem", [
    ([], None, "1 facts, expected 0"),
    ([{}, {}], None, "1 facts, expected 2"),
    ([{}, {}], True, "1 facts, expected at least 2"),
    ([{"valeu": 15}], None, "fact 0: valeu: no such attribute"),
    ([{"text_starts_with": "có 16"}], None, "fact 0: text_starts_with: 'có 15 chi bộ' does not start with 'có 16'"),
])
def test_counts_attributes_and_prefixes_are_checked(tmp_path, read_case_file, facts, more, problem):
    extra = {"more": more} if more else {}
    path = write_case(tmp_path, "counts.jsonl", note="n", text="Đảng bộ xã Ea Tu có 15 chi bộ.", facts=facts, **extra)
    case, = read_case_file(path)
    with pytest.raises(pytest.fail.Exception, match=problem):
        case.check()


def test_more_lets_further_facts_follow(tmp_path, read_case_file):
    path = write_case(tmp_path, "counts.jsonl", note="n", text="Đảng bộ có 15 chi bộ với 420 đảng viên.",
                      facts=[{"value": 15}], more=True)
    case, = read_case_file(path)
    case.check()


@pytest.mark.parametrize("line, error", [
    ('{"note": "n", "text": "t"}', "counts.jsonl:1: a case needs note, text and facts"),
    ('{"note": "n", "text": "t", "facts": [], "fact": []}', r"counts.jsonl:1: unknown keys \['fact'\]"),
    ('{"note": "n", "text": "t", "facts": [1]}', "counts.jsonl:1: facts must be a list of objects"),
    ('{"note": "n", "text": "t", "facts": [],}', "counts.jsonl:1: not a JSON object"),
])
def test_a_malformed_line_names_its_file_and_line(tmp_path, read_case_file, line, error):
    path = tmp_path / "counts.jsonl"
    path.write_text(line + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=error):
        read_case_file(path)
