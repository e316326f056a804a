"""Places: the article's province and district from the register, the places of
issuers and of facts' subjects, and the register's LOC entities.

Every passage is written for the test (other provinces, other wording than the
seeds); expected codes are read from the register, not typed in."""
from __future__ import annotations

import pytest

from pipeline.places.facts import register_entities, subject_place
from pipeline.places.issuers import with_issuer
from pipeline.places.mentions import find_mentions
from pipeline.places.register import DISTRICT, PROVINCE, ascii_key, load_register
from pipeline.places.resolve import make_place
from pipeline.records import DocumentRef, Entity
from pipeline.nlp.sentences import SentenceIndex, split_sentences

FILLER = ("góp phần nâng cao năng lực lãnh đạo, sức chiến đấu của tổ chức cơ sở đảng và chất lượng "
          "đội ngũ đảng viên trong tình hình mới.")


def unit(name: str, level: str, province: str | None = None):
    """The register's unit of that name (in that province)."""
    for u in load_register().units_by_key[ascii_key(name)]:
        if u.level == level and (province is None or u.province == province):
            return u
    raise LookupError(name)


# --- article place (the passages are in tests/cases/places.jsonl and place_mentions.jsonl) ---


def test_numbered_urban_district_only_after_quan():
    # the article's place is in tests/cases/places.jsonl; here: no number is taken for a district alone
    text = "Quận ủy Quận 3 vừa kết nạp 12 đảng viên mới, trong đó có 3 chi bộ khu phố đạt trong sạch vững mạnh, " + FILLER
    numbers = [m for m in find_mentions(text) if text[m.start:m.end] in ("12", "3") and m.unit_type is None]
    assert numbers == []


def test_common_district_name_takes_the_articles_province():
    text = ("Tỉnh ủy Trà Vinh đánh giá cao kết quả công tác dân vận của Đảng bộ huyện Châu Thành trong năm, "
            + FILLER)
    # the article's place is in tests/cases/places.jsonl; here: the name alone is ambiguous
    m = [m for m in find_mentions(text) if text[m.start:m.end] == "Châu Thành"][0]
    assert len(m.provinces()) > 1  # the name alone does not say which Châu Thành


def test_province_after_the_2025_mergers():
    p = make_place(unit("Hà Giang", PROVINCE), "tỉnh Hà Giang")
    assert (p.province, p.province_2025) == ("Hà Giang", "Tuyên Quang")


# --- issuers ---------------------------------------------------------------------------

def ref(code: str, issuer_code: str, issuer: str | None) -> DocumentRef:
    text = f"Nghị quyết số {code}" + (f" của {issuer}" if issuer else "")
    return DocumentRef(text=text, start=0, end=len(text), number=code.split("-")[0].split("/")[0],
                       code=code, issuer_code=issuer_code, issuer=issuer)


def district_article():
    return make_place(unit("Can Lộc", DISTRICT), "Huyện ủy Can Lộc")


def test_issuer_named_in_the_mention():
    out = with_issuer(ref("05-NQ/TU", "TU", "BTV Tỉnh ủy Quảng Trị"), district_article())
    assert (out.issuer_place.province, out.issuer_place.district) == ("Quảng Trị", None)
    assert out.issuer_key == "Ban Thường vụ Tỉnh ủy Quảng Trị"


def test_provincial_issuer_without_a_name_takes_the_articles_province_only():
    out = with_issuer(ref("12-CT/TU", "TU", "Ban Thường vụ Tỉnh ủy"), district_article())
    assert (out.issuer_place.province, out.issuer_place.district) == ("Hà Tĩnh", None)
    assert out.issuer_key == "Ban Thường vụ Tỉnh ủy Hà Tĩnh"
    bare = with_issuer(ref("12-CT/TU", "TU", None), district_article())
    assert bare.issuer_place.province == "Hà Tĩnh" and bare.issuer_key == "Tỉnh ủy Hà Tĩnh"


def test_district_issuer_takes_the_articles_district():
    out = with_issuer(ref("20-KL/HU", "HU", "BTV Huyện ủy"), district_article())
    assert (out.issuer_place.province, out.issuer_place.district) == ("Hà Tĩnh", "huyện Can Lộc")
    assert out.issuer_key == "Ban Thường vụ Huyện ủy Can Lộc, Hà Tĩnh"


def test_central_issuer_has_no_place():
    out = with_issuer(ref("35-QĐ/TW", "TW", "BCH TW"), district_article())
    assert out.issuer_place is None and out.issuer_key == "Ban Chấp hành Trung ương"
    out = with_issuer(ref("28-CT/TW", "TW", "Ban Bí thư"), district_article())
    assert out.issuer_place is None and out.issuer_key == "Ban Bí thư"


def test_peoples_committee_level_from_its_words():
    out = with_issuer(ref("1234/QĐ-UBND", "UBND", "UBND tỉnh Bình Định"), None)
    assert out.issuer_place.province == "Bình Định" and out.issuer_place.district is None
    assert out.issuer_key == "Ủy ban nhân dân tỉnh Bình Định"
    out = with_issuer(ref("88/QĐ-UBND", "UBND", "UBND tỉnh"), district_article())
    assert out.issuer_place.district is None and out.issuer_key == "Ủy ban nhân dân tỉnh Hà Tĩnh"


def test_mention_without_code_is_local_by_its_issuers_words():
    bare = DocumentRef(text="Nghị quyết 28 của Ban Thường vụ Thành ủy", start=0, end=40, number="28",
                       doc_type="Nghị quyết", issuer="Ban Thường vụ Thành ủy")
    city = make_place(unit("Đà Nẵng", PROVINCE), "Thành ủy Đà Nẵng")
    out = with_issuer(bare, city)
    assert out.issuer_place.province == "Đà Nẵng" and out.issuer_key == "Ban Thường vụ Thành ủy Đà Nẵng"
    central = bare.model_copy(update={"issuer": "Bộ Chính trị"})
    assert with_issuer(central, city).issuer_place is None


def test_the_issuers_words_give_its_level_over_the_codes():
    # a Thị ủy, and the Thành ủy of a provincial city, number their documents /TU as a Tỉnh ủy does
    out = with_issuer(ref("87-KH/TU", "TU", "Thị ủy Hồng Lĩnh"), district_article())
    assert (out.issuer_place.province, out.issuer_place.district) == ("Hà Tĩnh", "thị xã Hồng Lĩnh")
    out = with_issuer(ref("09-NQ/TU", "TU", "Thành ủy Vinh"), None)
    assert (out.issuer_place.province, out.issuer_place.district) == ("Nghệ An", "thành phố Vinh")


def test_an_unnamed_city_committee_is_the_articles_city_else_its_province():
    city = make_place(unit("Vinh", DISTRICT), "Thành ủy Vinh")
    out = with_issuer(ref("12-NQ/TU", "TU", "Ban Thường vụ Thành ủy"), city)
    assert (out.issuer_place.province, out.issuer_place.district) == ("Nghệ An", "thành phố Vinh")
    urban_district = make_place(unit("Ba Đình", DISTRICT), "Quận ủy Ba Đình")
    out = with_issuer(ref("15-CT/TU", "TU", "Ban Thường vụ Thành ủy"), urban_district)
    assert (out.issuer_place.province, out.issuer_place.district) == ("Hà Nội", None)


def test_a_unit_of_the_issuer_numbering_for_it_is_the_issuers():
    # '4567/UBND-NC': the UBND's internal-affairs office numbers its công văn
    out = with_issuer(ref("4567/UBND-NC", "UBND-NC", "UBND tỉnh Kiên Giang"), None)
    assert (out.issuer_place.province, out.issuer_place.district) == ("Kiên Giang", None)


def test_a_code_of_no_one_level_is_local_by_its_issuers_words():
    gia_lai_board = with_issuer(ref("15-KH/BCĐ", "BCĐ", "Ban Chỉ đạo 35 Tỉnh ủy Gia Lai"), None)
    assert gia_lai_board.issuer_place.province == "Gia Lai"
    assert with_issuer(ref("15-KH/BCĐ", "BCĐ", "Ban Chỉ đạo Trung ương"), None).issuer_place is None
    military = with_issuer(ref("12-KH/ĐUQS", "ĐUQS", "Đảng ủy Quân sự tỉnh Nghệ An"), district_article())
    assert (military.issuer_place.province, military.issuer_place.district) == ("Nghệ An", None)
    assert with_issuer(ref("05-KL/BCSĐ", "BCSĐ", "Ban Cán sự đảng Bộ Y tế"), None).issuer_place is None


def test_local_issuer_in_an_article_without_place():
    out = with_issuer(ref("03-NQ/TU", "TU", "Tỉnh ủy"), None)
    assert out.issuer_place is None and out.issuer_key == "Tỉnh ủy"


# --- facts' own places -------------------------------------------------------------------

def gia_lai():
    return make_place(unit("Gia Lai", PROVINCE), "Tỉnh ủy Gia Lai")


def test_subject_naming_another_unit():
    p = subject_place("Đảng bộ huyện Kbang", gia_lai())
    assert (p.province, p.district) == ("Gia Lai", "huyện KBang")
    assert p.evidence == "Đảng bộ huyện Kbang"


def test_subject_without_a_name_or_naming_the_article_is_the_articles():
    assert subject_place("Đảng bộ", gia_lai()) is None
    assert subject_place("Đảng bộ tỉnh Gia Lai", gia_lai()) is None
    assert subject_place(None, gia_lai()) is None


def test_subject_naming_the_province_of_a_district_article():
    p = subject_place("toàn tỉnh Hà Tĩnh", district_article())
    assert (p.province, p.district) == ("Hà Tĩnh", None)


# --- register entities -------------------------------------------------------------------

def entities_of(text: str, existing: list[Entity], mode_all: bool = True):
    sentences = SentenceIndex(text, split_sentences(text))
    wanted = None if mode_all else set()
    return register_entities(text, find_mentions(text), existing, sentences.span_at, wanted)


def test_register_entities_with_type_word_and_after_an_organ():
    text = "Huyện ủy Lục Ngạn phối hợp với huyện Sơn Động tổ chức lớp bồi dưỡng."
    ents = entities_of(text, [])
    assert [(e.text, e.label, e.source) for e in ents] == [
        ("Lục Ngạn", "LOC", "register"), ("huyện Sơn Động", "LOC", "register")]
    assert all(text[e.start:e.end] == e.text for e in ents)


def test_register_entities_do_not_duplicate_ner_locations_and_may_sit_in_an_org():
    text = "UBND tỉnh Quảng Nam làm việc với huyện Nam Giang về chương trình."
    loc = Entity(text="Nam Giang", start=text.index("Nam Giang"), end=text.index("Nam Giang") + 9,
                 label="LOC", source="ner")
    org = Entity(text="UBND tỉnh Quảng Nam", start=0, end=19, label="ORG", source="gazetteer")
    ents = entities_of(text, [org, loc])
    registered = [(e.text, e.source) for e in ents if e.source == "register"]
    assert registered == [("tỉnh Quảng Nam", "register")]
    assert len([e for e in ents if e.label == "LOC"]) == 2


def test_register_entities_only_in_wanted_sentences():
    text = "Tỉnh ủy Sơn La họp phiên thường kỳ. Huyện Mộc Châu báo cáo kết quả."
    assert entities_of(text, [], mode_all=False) == []


@pytest.mark.slow
def test_extracted_record_has_places(tmp_path):
    from pipeline.ingest import text_article
    from pipeline.language import load
    from pipeline.process import build_record

    text = ("Nâng cao chất lượng sinh hoạt chi bộ ở Krông Pắc\n\n"
            "Thực hiện Chỉ thị số 10-CT/TU ngày 5/3/2019 của Ban Thường vụ Tỉnh ủy Đắk Lắk, Đảng bộ huyện "
            "Krông Pắc đã chỉ đạo 56 tổ chức cơ sở đảng nâng cao chất lượng sinh hoạt. Đến nay, Đảng bộ huyện "
            "Krông Pắc có 56 tổ chức cơ sở đảng với 4.120 đảng viên.\n")
    record = build_record(text_article(text, source="test"), load(entities="facts"))
    assert (record.place.province, record.place.district) == ("Đắk Lắk", "huyện Krông Pắc")
    refs = [r for r in record.document_refs if r.code == "10-CT/TU"]
    assert refs and refs[0].issuer_place.province == "Đắk Lắk" and refs[0].issuer_place.district is None
    assert any(e.source == "register" and e.label == "LOC" for e in record.entities)


@pytest.mark.slow
def test_a_count_whose_clause_opens_with_a_district_has_that_district_as_its_place():
    from pipeline.ingest import text_article
    from pipeline.language import load
    from pipeline.process import build_record

    text = ("Tỉnh ủy Yên Bái rà soát tổ chức cơ sở đảng\n\n"
            "Ban Thường vụ Tỉnh ủy Yên Bái đã rà soát các thôn, bản chưa có đảng viên trên địa bàn tỉnh. "
            "Huyện Mù Cang Chải có 9 chi bộ thôn chưa có đảng viên. "
            "Năm 2024, thị xã Nghĩa Lộ hiện có 32 tổ chức cơ sở đảng.\n")
    record = build_record(text_article(text, source="test"), load(entities="none"))
    assert (record.place.province, record.place.district) == ("Yên Bái", None)
    assert [(c.value, c.subject) for c in record.counts] == [(9, "Huyện Mù Cang Chải"), (32, "thị xã Nghĩa Lộ")]
    assert [c.place.district_code for c in record.counts] == [
        unit("Mù Cang Chải", DISTRICT, "Yên Bái").code, unit("Nghĩa Lộ", DISTRICT, "Yên Bái").code]


def test_a_place_named_only_in_a_related_news_block_is_not_the_articles():
    # the full pipeline (locate with the Doc's blocks), as tests/cases/places.jsonl checks place_of_article
    from pipeline.language import load as load_pipeline
    from pipeline.places import locate

    text = ("Năm học vừa qua, các chi bộ trường trung học phổ thông trên địa bàn đã kết nạp được 46 đảng viên "
            "là học sinh, tăng 12 đảng viên so với năm học trước, " + FILLER + "\n\nTin liên quan\n"
            "Tỉnh ủy Lai Châu chỉ đạo phát triển đảng viên là học sinh\nTỉnh ủy Lai Châu sơ kết công tác cán bộ\n")
    doc = load_pipeline(entities="none")(text)
    assert doc._.related_news
    assert locate(doc, text, None, None, {}, "none") is None
    # the same lines as part of the article do count
    kept = text.replace("Tin liên quan\n", "")
    assert locate(load_pipeline(entities="none")(kept), kept, None, None, {}, "none").province == "Lai Châu"
