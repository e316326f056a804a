"""Documents cited by name without a number (document_refs with code null, plenum/congress set),
found when the pipeline is loaded with named_refs=True; never by default.

The passages are in tests/cases/named_refs.jsonl (read with named_refs=True) and
document_refs.jsonl (read by default: "named references are off by default")."""
import pytest

from conftest import extract_here, read_jsonl
from pipeline.language import config
from pipeline.settings import ExtractSettings


def test_the_config_switches_named_references_on():
    assert config(ExtractSettings(entities="none"))["components"]["vnfacts_document_refs"]["named"] is False
    assert config(ExtractSettings(entities="none", named_refs=True))["components"]["vnfacts_document_refs"]["named"] is True


PASSAGE = ("Đảng ủy xã Ea Tiêu tổ chức học tập Nghị quyết Trung ương 4 khóa XII về tăng cường "
           "xây dựng, chỉnh đốn Đảng cho 215 đảng viên.\n")


@pytest.mark.parametrize("option, named", [((), []), (("--named-refs",), [("Nghị quyết Trung ương 4 khóa XII", 4, "XII")])])
def test_extract_finds_documents_cited_by_name_only_with_named_refs(tmp_path, monkeypatch, option, named):
    (tmp_path / "a.txt").write_text(PASSAGE, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert extract_here(monkeypatch, tmp_path / "a.txt", "-o", out, *option) == 0
    [record] = read_jsonl(out)
    assert [(r["text"], r["plenum"], r["term"]) for r in record["document_refs"]] == named
    assert all(r["code"] is None for r in record["document_refs"])
    assert [(c["value"], c["unit"]) for c in record["counts"]] == [(215, "đảng viên")]


def test_the_settings_are_validated_once_where_they_are_built():
    assert ExtractSettings() == ExtractSettings(entities="facts", named_refs=False)
    with pytest.raises(ValueError, match="entities must be one of"):
        ExtractSettings(entities="some")
    with pytest.raises(ValueError, match="named_refs"):
        ExtractSettings(named_refs="perhaps")
    with pytest.raises(ValueError):
        ExtractSettings(entites="none")   # a misspelt setting is an error, not a default
