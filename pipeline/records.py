"""The record contract (shared/spec/FACTS.md) as pydantic v2 models.

One ``ArticleRecord`` per input document; each fact kind is one model. Field
names and enum values are fixed by the contract: fields may be added, never
renamed. ``vnfacts schema`` writes these models to ``schemas/*.schema.json``.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .errors import ErrorCode

SCHEMA_VERSION = "2"
# Records written under an earlier contract still validate: every field added
# since then has a null default (FACTS.md, "schema version 2").
READABLE_SCHEMA_VERSIONS = ("1", "2")

Qualifier = Literal["exact", "more_than", "at_least", "about", "less_than", "up_to"]
Category = Literal["organization", "member"]
Event = Literal[
    "admitted", "reprimanded", "warned", "expelled", "disciplined", "removed",
    "established", "dissolved", "merged", "received", "transferred", "rotated",
]
FactKind = Literal["target", "achieved", "other"]
PercentKind = FactKind  # the name schema version 1 used
Comparator = Literal["eq", "gt", "ge", "lt", "le"]
EntityLabel = Literal["PER", "LOC", "ORG"]
System = Literal["party", "state"]
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
YEAR_OR_MONTH = r"^\d{4}(-(0[1-9]|1[0-2]))?$"


class Place(BaseModel):
    """An administrative unit from the official register (before the 1 July 2025 mergers)."""

    model_config = ConfigDict(extra="forbid")

    province: str = Field(description="province or centrally-run city, short official name: Hà Tĩnh, Hồ Chí Minh")
    province_code: Optional[str] = Field(default=None, description="two-digit statistics code (42 Hà Tĩnh)")
    district: Optional[str] = Field(default=None, description="district-level unit with its type word in lower case: huyện Xuân Lộc")
    district_code: Optional[str] = Field(default=None, description="three-digit statistics code of the district (of the unit that holds it now)")
    province_2025: Optional[str] = Field(default=None, description="the province it belongs to after the 2025 mergers")
    evidence: Optional[str] = Field(default=None, description="the words (or url) the place was read from")


class Period(BaseModel):
    """The time a fact is about: YYYY or YYYY-MM at each end, either end open (null)."""

    model_config = ConfigDict(extra="forbid")

    start: Optional[str] = Field(default=None, pattern=YEAR_OR_MONTH)
    end: Optional[str] = Field(default=None, pattern=YEAR_OR_MONTH)


class Fact(BaseModel):
    """What every fact carries: its surface text and where it stands."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(description="surface string, equal to the NFC document text [start:end]")
    start: int = Field(ge=0, description="character offset into the NFC document text")
    end: int = Field(ge=0, description="character offset (exclusive) into the NFC document text")
    sentence: Optional[str] = Field(default=None, description="the sentence the fact was found in")

    @model_validator(mode="after")
    def _span_is_ordered(self):
        if self.end < self.start:
            raise ValueError(f"end {self.end} before start {self.start}")
        if self.end - self.start != len(self.text):
            raise ValueError("text length does not match start/end")
        return self


class DocumentRef(Fact):
    code: Optional[str] = Field(default=None, description="canonical identifier, e.g. 09-NQ/TU, 34/2019/NĐ-CP")
    doc_type: Optional[str] = Field(default=None, description="document type in Vietnamese, e.g. Nghị quyết")
    number: str = Field(description="the number as written, leading zeros kept")
    year: Optional[int] = Field(default=None, description="year inside a State-style identifier")
    type_code: Optional[str] = None
    issuer_code: Optional[str] = None
    system: Optional[System] = None
    issued_date: Optional[str] = Field(default=None, pattern=ISO_DATE)
    issuer: Optional[str] = None
    term: Optional[str] = Field(default=None, description="committee term in Roman numerals")
    plenum: Optional[int] = Field(default=None, description="plenum number of a named resolution (Nghị quyết Trung ương 4)")
    congress: Optional[str] = Field(default=None, description="congress term of a named resolution (Nghị quyết Đại hội XIII), Roman numerals")
    issuer_place: Optional[Place] = Field(default=None, description="(schema 2) the place of a local issuing body; null for central bodies")
    issuer_key: Optional[str] = Field(default=None, description="(schema 2) canonical issuing body (BTV = Ban Thường vụ), with its place for local bodies")


class Count(Fact):
    value: int = Field(ge=0)
    qualifier: Qualifier = "exact"
    unit: str = Field(description="the counted noun, lower-case, abbreviations expanded")
    category: Category
    event: Optional[Event] = None
    subject: Optional[str] = None
    kind: Optional[FactKind] = Field(default=None, description="(schema 2) target, achieved, or other (a change or a threshold)")
    part_of: Optional[int] = Field(default=None, ge=0, description="(schema 2) index in counts of the total this count is a part of")
    unit_key: Optional[str] = Field(default=None, description="(schema 2) canonical unit for grouping: đảng viên mới → đảng viên")
    period: Optional[Period] = Field(default=None, description="(schema 2) the time the count is about")
    place: Optional[Place] = Field(default=None, description="(schema 2) the unit the count's subject names, when not the article's")


class Percentage(Fact):
    value: float = Field(ge=0)
    kind: FactKind
    comparator: Comparator = "eq"
    subject: Optional[str] = None
    criterion: Optional[str] = None
    period: Optional[Period] = Field(default=None, description="(schema 2) the time the share is about")
    place: Optional[Place] = Field(default=None, description="(schema 2) the unit the share's subject names, when not the article's")


class Entity(Fact):
    label: EntityLabel
    source: Optional[Literal["ner", "gazetteer", "register"]] = Field(
        default=None, description="underthesea's CRF NER, the gazetteer of Party and State bodies, or the register of administrative units")


class ArticleRecord(BaseModel):
    """One JSON line per input document."""

    model_config = ConfigDict(extra="forbid")

    schema_version: Literal[READABLE_SCHEMA_VERSIONS] = SCHEMA_VERSION
    doc_id: str
    source: Optional[str] = None
    line: Optional[int] = Field(default=None, description="line number inside a JSONL input, 1-based")
    url: Optional[str] = None
    title: Optional[str] = None
    published: Optional[str] = Field(default=None, pattern=ISO_DATE)
    text_chars: Optional[int] = Field(default=None, description="length of the NFC document text")
    text_sha1: Optional[str] = Field(default=None, description="SHA-1 of the NFC document text without leading and trailing whitespace (finds duplicates)")
    place: Optional[Place] = Field(default=None, description="(schema 2) the administrative unit the article mainly reports on")
    text: Optional[str] = Field(default=None, description="the NFC document text the offsets index (only with extract --with-text)")
    document_refs: list[DocumentRef] = Field(default_factory=list)
    counts: list[Count] = Field(default_factory=list)
    percentages: list[Percentage] = Field(default_factory=list)
    entities: list[Entity] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)


class ErrorRecord(BaseModel):
    """One line of the errors file: an input document that gave no record."""

    model_config = ConfigDict(extra="forbid")

    source: str
    line: Optional[int] = None
    doc_id: Optional[str] = None
    error: ErrorCode = Field(description="short machine-readable reason, e.g. invalid-utf8, empty, legacy-encoding: VNI")
    message: str = Field(description="what went wrong, for a person")
    duplicate_of: Optional[str] = Field(default=None, description="for error 'duplicate': the doc_id of the document kept")


# Fact kinds by their ArticleRecord field: how a new kind is added (one model here,
# one extractor module in pipeline/extract registered under the same name).
FACT_MODELS: dict[str, type[Fact]] = {
    "document_refs": DocumentRef,
    "counts": Count,
    "percentages": Percentage,
    "entities": Entity,
}

SCHEMA_MODELS: dict[str, type[BaseModel]] = {
    "ArticleRecord": ArticleRecord,
    "DocumentRef": DocumentRef,
    "Count": Count,
    "Percentage": Percentage,
    "Entity": Entity,
    "ErrorRecord": ErrorRecord,
    "Place": Place,
    "Period": Period,
}
