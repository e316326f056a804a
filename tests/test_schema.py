"""schemas/*.schema.json are generated from the pydantic models and must not drift."""
import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.records import ArticleRecord, Count
from pipeline.schema import render_schemas

SCHEMAS = Path(__file__).resolve().parent.parent / "schemas"


@pytest.mark.parametrize("name, text", sorted(render_schemas().items()))
def test_committed_schema_matches_models(name, text):
    path = SCHEMAS / name
    assert path.exists(), f"{name} missing: run `vnfacts schema`"
    assert json.loads(path.read_text(encoding="utf-8")) == json.loads(text), \
        f"{name} drifted from the pydantic models: run `vnfacts schema`"


def test_contract_fields_are_present():
    fields = set(ArticleRecord.model_fields)
    assert {"schema_version", "doc_id", "source", "title", "published", "document_refs",
            "counts", "percentages", "entities", "warnings"} <= fields


def test_count_rejects_unknown_enum_values():
    with pytest.raises(ValidationError):
        Count(text="38 đảng viên", start=0, end=12, value=38, unit="đảng viên",
              category="member", event="promoted")


def test_fact_text_must_fit_its_offsets():
    with pytest.raises(ValidationError):
        Count(text="38 đảng viên", start=0, end=5, value=38, unit="đảng viên", category="member")
