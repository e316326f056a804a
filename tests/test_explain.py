"""Named rules, the trace of which rule set each attribute, and ``vnfacts explain``."""
import io
import json
import re
import sys

import pytest

from pipeline.cli import main
from pipeline.extract import document_refs as refs
from pipeline.language import load as load_pipeline
from pipeline.rules import NO_RULE, Rules, trace_of


def traced_refs(text):
    doc = load_pipeline(entities="none")(text)
    return [(r.code, trace_of(doc, "document_refs", r)) for r in doc._.document_refs], doc


# --- the rule framework ---------------------------------------------------------

def test_rules_are_tried_in_order_and_the_first_that_applies_wins():
    sizes = Rules("test.sizes")

    @sizes.rule("large")
    def _large(n):
        return "L" if n >= 100 else None

    @sizes.rule("any positive")
    def _positive(n):
        return "S" if n > 0 else None

    assert (sizes.first(500).rule, sizes.first(500).value) == ("large", "L")
    assert (sizes.first(7).rule, sizes.first(7).value) == ("any positive", "S")
    assert sizes.first(-3) is None
    assert [r.name for r in sizes] == ["large", "any positive"]


def test_two_rules_of_one_list_cannot_share_a_name():
    checks = Rules("test.checks")
    checks.rule("same")(lambda x: x)
    with pytest.raises(ValueError, match="test.checks: two rules named 'same'"):
        checks.rule("same")


# --- document references record their rules ------------------------------------

def test_issuer_term_and_date_before_the_verb_and_carried_along_the_list():
    found, _ = traced_refs("Ngày 5/3/2022, Ban Thường vụ Huyện ủy Krông Búk (khóa XV) đã ban hành "
                           "Chỉ thị số 07-CT/HU và Kế hoạch số 31-KH/HU về công tác phát triển đảng viên.")
    (first_code, first), (second_code, second) = found
    assert (first_code, second_code) == ("07-CT/HU", "31-KH/HU")
    assert first["issuer"] == refs.ISSUER_BEFORE and first["term"] == refs.TERM_BEFORE
    assert first["issued_date"] == refs.DATE_BEFORE
    assert first["code"] == first["issuer_code"] == refs.PARTY_NUMBER
    assert second["issuer"] == second["term"] == second["issued_date"] == refs.CARRIED


def test_date_issuer_and_term_shared_along_a_list_of_one_kind():
    found, doc = traced_refs("Thực hiện Chỉ thị số 05-CT/TU, 06-CT/TU ngày 12/7/2023 của Ban Thường vụ "
                             "Tỉnh ủy Lai Châu, các chi bộ đã tổ chức học tập.")
    (_, first), (_, second) = found
    assert first["issued_date"] == first["issuer"] == refs.SHARED
    assert second["issued_date"] == "signing date after the identifier"
    assert second["issuer"] == "issuer after 'của'/'do'"
    assert doc._.document_refs[0].issuer == "Ban Thường vụ Tỉnh ủy Lai Châu"


def test_an_event_date_after_a_comma_is_no_signing_date_and_no_rule_claims_it():
    found, doc = traced_refs("Quán triệt Kế hoạch số 14-KH/ĐU, ngày 20/9/2024 Ban Thường vụ Đảng ủy xã "
                             "Tân Lập tổ chức hội nghị sơ kết.")
    assert doc._.document_refs[0].issued_date is None
    assert found[0][1]["issued_date"] == NO_RULE


def test_state_numbers_and_their_untyped_doc_types_name_their_rules():
    found, doc = traced_refs("Theo quy định tại 21/2012/QH13 và văn bản số 1582/UBND-NC của tỉnh, "
                             "huyện đã triển khai.")
    law, letter = found
    assert law[1]["doc_type"] == "the issuer's one document type (QH: Luật)"
    assert law[1]["term"] == "term in the issuer code (QH14)"
    assert letter[1]["code"] == refs.STATE_NUMBER
    assert letter[1]["doc_type"] == "a number with neither type nor year is a công văn"
    assert [r.doc_type for r in doc._.document_refs] == ["Luật", "Công văn"]


# --- vnfacts explain ------------------------------------------------------------

PASSAGE = ("Huyện ủy Mù Cang Chải tổ chức sơ kết 3 năm thực hiện Nghị quyết số 11-NQ/HU ngày 4/5/2021 "
           "của Ban Chấp hành Đảng bộ huyện khóa XXI. Đến nay toàn huyện có 2.140 đảng viên, "
           "92,4% chi bộ hoàn thành tốt nhiệm vụ.\n")


def _attribute_lines(out, kind):
    blocks = re.split(r"\n(?=\S)", out)
    return [line for b in blocks if b.startswith(kind) for line in b.splitlines()[2:]]


def test_explain_a_file_names_a_rule_for_every_attribute_of_a_document_ref(tmp_path, capsys):
    path = tmp_path / "mu_cang_chai.txt"
    path.write_text(PASSAGE, encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"== {path}")
    assert "Nghị quyết số 11-NQ/HU ngày 4/5/2021 của Ban Chấp hành Đảng bộ huyện khóa XXI" in out
    assert "thực hiện ⟦Nghị quyết số 11-NQ/HU ngày 4/5/2021 của Ban Chấp hành Đảng bộ huyện khóa XXI⟧." in out
    lines = _attribute_lines(out, "document_refs")
    assert len(lines) == len(refs._TRACED) + 2       # and issuer_place, issuer_key from places
    assert all("  <- " in line for line in lines)
    by_name = {line.split()[0]: line for line in lines}
    assert by_name["issued_date"].split("<- ")[1] == "signing date after the identifier"
    assert "2021-05-04" in by_name["issued_date"]
    assert by_name["term"].split("<- ")[1] == "term after the identifier: khóa …"
    assert "counts 1/1" in out and "percentages 1/1" in out
    assert "⟦92,4% chi bộ hoàn thành tốt nhiệm vụ⟧" in out.split("percentages 1/1")[1]


def test_explain_reads_stdin_and_jsonl_and_reports_unreadable_documents(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PASSAGE.encode("utf-8"))))
    assert main(["explain", "-"]) == 0
    assert "document_refs 1/1" in capsys.readouterr().out

    lines = tmp_path / "crawl.jsonl"
    lines.write_text(json.dumps({"id": "yb-1", "text": PASSAGE}, ensure_ascii=False) + "\n"
                     + '{"id": "yb-2", "text": \n', encoding="utf-8")
    assert main(["explain", str(lines)]) == 1
    captured = capsys.readouterr()
    assert captured.out.count("\n== ") + captured.out.startswith("== ") == 1
    assert "document_refs 1/1" in captured.out
    assert re.search(r"vnfacts explain: .*crawl\.jsonl:2: \S+: ", captured.err)


def test_explain_escapes_control_characters_of_scraped_text(tmp_path, capsys):
    path = tmp_path / "scraped.txt"
    # one escape sequence in a page of text (more control bytes make it a binary file)
    path.write_text(PASSAGE * 3 + "Thực hiện Chỉ thị số 09-CT/TU ngày 2/6/2022 \x1b[31mcủa Tỉnh ủy Yên Bái.\n",
                    encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\u001b[31m" in out


def test_a_text_without_facts_says_so(tmp_path, capsys):
    path = tmp_path / "plain.txt"
    path.write_text("Buổi sáng, người dân xã Nậm Có ra đồng gặt lúa.\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    assert capsys.readouterr().out.rstrip().endswith("(no facts)")


def test_counts_and_percentages_show_the_rule_that_gave_their_period(tmp_path, capsys):
    path = tmp_path / "period.txt"
    path.write_text("Năm 2023, Đảng bộ huyện Tủa Chùa kết nạp 118 đảng viên mới.\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    lines = _attribute_lines(capsys.readouterr().out, "counts")
    period = [line for line in lines if line.split()[0] == "period"]
    assert len(period) == 1 and '"2023"' in period[0]
    assert period[0].endswith("<- period: sentence_lead")


def test_explain_names_the_step_behind_each_entity_and_follows_the_entity_mode(tmp_path, capsys):
    path = tmp_path / "tra_vinh.txt"
    path.write_text("Chiều 12/4, đồng chí Nguyễn Văn Hai, Phó Bí thư Tỉnh ủy Trà Vinh, dự hội nghị của "
                    "Đảng ủy xã Long Hòa; năm 2023, xã kết nạp 14 đảng viên mới.\n", encoding="utf-8")
    assert main(["explain", str(path)]) == 0
    out = capsys.readouterr().out
    lines = _attribute_lines(out, "entities")
    assert lines and all("  <- " in line for line in lines)
    by_source = {line.split()[1]: line for line in lines if line.split()[0] == "source"}
    assert "CRF" in by_source["ner"] and "gazetteer" in by_source["gazetteer"]
    assert "⟦Nguyễn Văn Hai⟧" in out
    assert main(["explain", "--entities", "none", str(path)]) == 0
    out = capsys.readouterr().out
    assert "entities" not in out and "counts 1/1" in out
