"""Places: the article's province and district from the register, the places of
issuers and of facts' subjects, and the register's LOC entities.

Every passage is written for the test (other provinces, other wording than the
seeds); expected codes are read from the register, not typed in."""
from __future__ import annotations

import pytest

from pipeline.places import place_of_article
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


def place(text: str, title: str | None = None, url: str | None = None):
    return place_of_article(text, title, url)


def where(text: str, title: str | None = None, url: str | None = None):
    p, _ = place(text, title, url)
    return (p.province, p.district) if p else None


# --- article place: provinces and districts -------------------------------------------

def test_title_naming_a_province_organ():
    p, rules = place("Trong năm qua, cấp ủy các cấp đã tập trung lãnh đạo công tác xây dựng Đảng, " + FILLER,
                     title="Tỉnh ủy Nghệ An tổng kết công tác xây dựng Đảng năm 2023")
    assert (p.province, p.district) == ("Nghệ An", None)
    assert p.province_code == unit("Nghệ An", PROVINCE).code
    assert rules == "province:title"


def test_lead_district_party_committee_gives_district_and_its_province():
    text = ("Đại hội đại biểu Đảng bộ huyện Xuân Lộc lần thứ XII đã bầu Ban Chấp hành gồm 45 đồng chí, "
            + FILLER)
    p, rules = place(text)
    assert (p.province, p.district) == ("Đồng Nai", "huyện Xuân Lộc")
    assert p.district_code == unit("Xuân Lộc", DISTRICT).code
    assert p.evidence == "Đảng bộ huyện Xuân Lộc"
    assert rules == "province:lead-organ district:lead-subject"


def test_town_infers_its_province():
    text = "Thị ủy Hương Thủy vừa tổ chức hội nghị sơ kết 6 tháng đầu năm về công tác phát triển đảng viên, " + FILLER
    assert where(text) == ("Thừa Thiên Huế", "thị xã Hương Thủy")


def test_district_merged_away_keeps_its_name_with_the_holders_code():
    text = ("Ban Thường vụ Huyện ủy Nam Đông thường xuyên kiện toàn các chi bộ thôn, bản vùng đồng bào "
            "Cơ Tu, " + FILLER)
    p, _ = place(text)
    assert (p.province, p.district) == ("Thừa Thiên Huế", "huyện Nam Đông")
    assert p.district_code == unit("Phú Lộc", DISTRICT).code


def test_district_named_by_its_old_type_is_the_same_unit():
    text = ("Năm 2009, Đảng bộ huyện Hương Trà đã kết nạp 210 đảng viên mới, chủ yếu là đoàn viên thanh niên, "
            + FILLER)
    assert where(text) == ("Thừa Thiên Huế", "thị xã Hương Trà")


def test_former_district_number_of_thu_duc():
    text = "Quận ủy Quận 9 tổ chức hội nghị triển khai nghị quyết về công tác cán bộ trên địa bàn quận, " + FILLER
    p, _ = place(text)
    assert (p.province, p.district) == ("Hồ Chí Minh", "quận 9")
    assert p.district_code == unit("Thủ Đức", DISTRICT).code


def test_city_inside_province_of_the_same_name_by_its_committee():
    text = "Thành ủy Kon Tum chỉ đạo các phường, xã rà soát chất lượng sinh hoạt chi bộ định kỳ, " + FILLER
    p, _ = place(text)
    assert (p.province, p.district) == ("Kon Tum", "thành phố Kon Tum")
    assert p.district_code == unit("Kon Tum", DISTRICT).code


def test_province_of_the_same_name_by_its_committee():
    text = "Tỉnh ủy Kon Tum chỉ đạo các huyện, thành phố rà soát chất lượng sinh hoạt chi bộ định kỳ, " + FILLER
    assert where(text) == ("Kon Tum", None)


def test_bare_name_shared_by_province_and_city_is_the_province():
    text = "Kon Tum hoàn thành sớm kế hoạch kết nạp đảng viên mới của năm, vượt chỉ tiêu đề ra, " + FILLER
    assert where(text) == ("Kon Tum", None)


def test_centrally_run_city_abbreviation():
    text = "Theo Ban Tổ chức Thành ủy, TP.HCM hiện có hơn 480 nghìn đảng viên sinh hoạt ở các chi bộ, " + FILLER
    assert where(text) == ("Hồ Chí Minh", None)
    assert where("Đảng bộ TPHCM đã hoàn thành đại hội cấp cơ sở nhiệm kỳ mới trước thời hạn, " + FILLER) == (
        "Hồ Chí Minh", None)


def test_numbered_urban_district_only_after_quan():
    text = "Quận ủy Quận 3 vừa kết nạp 12 đảng viên mới, trong đó có 3 chi bộ khu phố đạt trong sạch vững mạnh, " + FILLER
    p, _ = place(text)
    assert (p.province, p.district) == ("Hồ Chí Minh", "quận 3")
    numbers = [m for m in find_mentions(text) if text[m.start:m.end] in ("12", "3") and m.unit_type is None]
    assert numbers == []


def test_name_right_after_a_number_or_inside_a_code_word():
    text = "Đến hết năm 2022 Hà Nam có 412 tổ chức cơ sở đảng; văn bản số 12CVHà Giang không phải địa danh."
    found = [text[m.start:m.end] for m in find_mentions(text)]
    assert found == ["Hà Nam"]


def test_old_tone_placement():
    text = "Tỉnh uỷ Thanh Hoá vừa ban hành kế hoạch thực hiện nghị quyết về công tác cán bộ, " + FILLER
    assert where(text) == ("Thanh Hóa", None)


def test_dak_and_dak_with_tone_are_one_name():
    text = "Đảng bộ huyện Đăk Tô đã kết nạp 95 đảng viên mới trong năm, đạt 118% chỉ tiêu nghị quyết, " + FILLER
    assert where(text) == ("Kon Tum", "huyện Đắk Tô")
    assert where("Tỉnh ủy Đăk Lăk chỉ đạo các huyện ủy, thị ủy triển khai kế hoạch kiểm tra, giám sát, " + FILLER) == (
        "Đắk Lắk", None)


def test_unaccented_capitals_headline():
    p, _ = place("Năm qua, công tác phát triển đảng viên ở vùng đồng bào dân tộc thiểu số có nhiều chuyển biến, " + FILLER,
                 title="HUYEN UY KRONG NO KET NAP 120 DANG VIEN MOI")
    assert (p.province, p.district) == ("Đắk Nông", "huyện Krông Nô")


def test_district_name_shared_by_two_provinces_is_settled_by_the_province():
    cao_bang = ("Ban Thường vụ Tỉnh ủy Cao Bằng làm việc với Huyện ủy Bảo Lâm về công tác xây dựng Đảng, " + FILLER
                + "\nHuyện Bảo Lâm hiện có 38 tổ chức cơ sở đảng.")
    p, _ = place(cao_bang, title="Bảo Lâm nâng chất lượng sinh hoạt chi bộ")
    assert (p.province, p.district) == ("Cao Bằng", "huyện Bảo Lâm")
    assert p.district_code == unit("Bảo Lâm", DISTRICT, "Cao Bằng").code
    lam_dong = cao_bang.replace("Cao Bằng", "Lâm Đồng")
    p, _ = place(lam_dong, title="Bảo Lâm nâng chất lượng sinh hoạt chi bộ")
    assert p.district_code == unit("Bảo Lâm", DISTRICT, "Lâm Đồng").code


def test_common_district_name_takes_the_articles_province():
    text = ("Tỉnh ủy Trà Vinh đánh giá cao kết quả công tác dân vận của Đảng bộ huyện Châu Thành trong năm, "
            + FILLER)
    p, _ = place(text)
    assert p.province == "Trà Vinh" and p.district is None
    m = [m for m in find_mentions(text) if text[m.start:m.end] == "Châu Thành"][0]
    assert len(m.provinces()) > 1  # the name alone does not say which Châu Thành


def test_url_only_evidence():
    text = "Trong 9 tháng, toàn Đảng bộ đã kết nạp 1.150 đảng viên mới, đạt 82% kế hoạch năm, " + FILLER
    p, rules = place(text, url="https://baonghean.vn/xay-dung-dang/ket-nap-dang-vien-post12345.html")
    assert (p.province, p.district) == ("Nghệ An", None)
    assert rules == "province:url" and p.evidence.startswith("https://baonghean.vn")


def test_url_of_a_portal_subdomain():
    text = "Huyện ủy chỉ đạo các chi bộ tổ chức sinh hoạt chuyên đề hằng quý theo hướng dẫn mới, " + FILLER
    assert where(text, url="http://yenthe.bacgiang.gov.vn/tin-tuc/123") == ("Bắc Giang", None)
    assert where(text, url="https://binhdinh.dcs.vn/bai-viet/9") == ("Bình Định", None)


def test_url_of_a_national_paper_is_no_evidence():
    text = "Ban Bí thư yêu cầu các cấp ủy tổ chức quán triệt chỉ thị đến toàn thể cán bộ, đảng viên, " + FILLER
    assert place(text, url="https://vnexpress.net/thoi-su/abc-123.html") == (None, None)


def test_newspaper_tag_opening_the_lead():
    text = "(Baothanhhoa.vn) - Sáng nay, Ban Thường vụ đã tổ chức hội nghị sơ kết công tác kiểm tra, " + FILLER
    p, rules = place(text)
    assert p.province == "Thanh Hóa" and rules == "province:lead-tag"
    text = "GLO - Chiều 12-3, hội nghị sơ kết việc thực hiện nghị quyết về công tác dân vận được tổ chức, " + FILLER
    assert where(text) == ("Gia Lai", None)


def test_provincial_newspaper_named_in_the_lead():
    text = "(Báo Bình Thuận) - Đến nay, toàn tỉnh có 112 doanh nghiệp ngoài khu vực nhà nước có tổ chức đảng, " + FILLER
    p, rules = place(text)
    assert p.province == "Bình Thuận" and rules == "province:lead-organ"


def test_national_article_has_no_place():
    text = ("Ban Bí thư vừa ban hành Chỉ thị về tăng cường công tác phát triển đảng viên trong toàn Đảng. "
            "Chỉ thị yêu cầu các cấp ủy, tổ chức đảng quán triệt sâu sắc, " + FILLER)
    assert place(text) == (None, None)


def test_national_article_naming_one_province_in_passing_stays_national():
    text = ("Bộ Chính trị yêu cầu toàn Đảng đổi mới phương thức lãnh đạo, " + FILLER
            + "\nHội nghị được tổ chức tại Hà Nội với sự tham dự của đại biểu các ban đảng Trung ương.")
    assert place(text) == (None, None)


def test_unknown_place_name_gives_no_place_and_no_error():
    text = "Đảng bộ huyện Hoa Mai Xanh đã kết nạp 40 đảng viên mới, đạt 110% chỉ tiêu nghị quyết, " + FILLER
    assert place(text) == (None, None)
    assert place("") == (None, None)


def test_commune_street_and_school_of_a_districts_name_are_not_the_district():
    text = "Đảng ủy xã Phú Lộc và chi bộ trường Lục Ngạn cùng tổ chức hội nghị trên đường Xuân Lộc. " + FILLER
    assert find_mentions(text) == []


def test_people_named_like_places_are_not_places():
    text = ("Đồng chí Nguyễn Xuân Lộc phát biểu về việc học tập và làm theo tư tưởng, đạo đức, phong cách "
            "Chủ tịch Hồ Chí Minh. Chủ trương này được đồng tình, " + FILLER)
    assert find_mentions(text) == []
    city = "Thành ủy Thành phố Hồ Chí Minh họp."
    assert [city[m.start:m.end] for m in find_mentions(city)] == ["Hồ Chí Minh"]


def test_one_syllable_name_opening_a_sentence_is_a_word():
    text = "Vinh dự được đón nhận Huân chương Lao động, Đảng bộ phường tiếp tục phấn đấu. Tại TP Vinh, " + FILLER
    assert [(text[m.evidence_start:m.end], m.units[0].province) for m in find_mentions(text)] == [("TP Vinh", "Nghệ An")]


def test_apostrophe_names_and_other_vowel_marks():
    assert where("Huyện ủy Cư M'gar tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2022, " + FILLER) == (
        "Đắk Lắk", "huyện Cư M'gar")
    assert where("Huyện ủy Mù Cang Chải tổ chức hội nghị tổng kết công tác xây dựng Đảng năm 2022, " + FILLER) == (
        "Yên Bái", "huyện Mù Căng Chải")
    assert where("Tỉnh ủy Thừa Thiên - Huế chỉ đạo tổng kết công tác xây dựng Đảng năm 2019, " + FILLER) == (
        "Thừa Thiên Huế", None)


def test_end_of_a_longer_proper_name_is_not_the_place():
    text = "Đảng bộ cơ sở KCN Nam Tân Uyên và Trường THPT Lê Lợi Quảng Trị đã kết nạp 15 đảng viên."
    assert find_mentions(text) == []


def test_title_district_with_province_from_the_text():
    text = "Thực hiện nghị quyết của Tỉnh ủy Yên Bái, huyện đã tập trung củng cố chi bộ thôn, bản, " + FILLER
    assert where(text, title="Lục Yên: kết nạp hơn 300 đảng viên mới") == ("Yên Bái", "huyện Lục Yên")


def test_provincial_body_first_in_the_lead_keeps_the_whole_province():
    text = ("Ban Thường vụ Tỉnh ủy Quảng Bình làm việc với Ban Thường vụ Huyện ủy Minh Hóa về công tác "
            "xây dựng Đảng, " + FILLER)
    assert where(text) == ("Quảng Bình", None)


def test_district_in_a_caption_is_not_the_subject():
    text = ("Điện Biên TV - Năm 2023, toàn tỉnh kết nạp được 1.720 đảng viên mới, đạt 108% kế hoạch, " + FILLER
            + "\nLễ kết nạp đảng viên tại xã Mường Nhé, huyện Mường Nhé.")
    assert where(text) == ("Điện Biên", None)


def test_province_after_the_2025_mergers_and_display_names():
    p = make_place(unit("Hà Giang", PROVINCE), "tỉnh Hà Giang")
    assert (p.province, p.province_2025) == ("Hà Giang", "Tuyên Quang")
    assert where("Riêng với Huế, các trường đại học là nguồn phát triển đảng viên trẻ dồi dào, " + FILLER) == (
        "Thừa Thiên Huế", None)


def test_province_with_a_hyphenated_name():
    text = "Tỉnh ủy Bà Rịa - Vũng Tàu tổ chức hội nghị sơ kết công tác tổ chức xây dựng Đảng, " + FILLER
    assert where(text) == ("Bà Rịa - Vũng Tàu", None)


def test_body_votes_when_only_the_body_names_the_province():
    text = ("Năm qua, Đảng bộ Khối đã lãnh đạo các chi bộ hoàn thành nhiệm vụ chính trị được giao, " + FILLER
            + "\nCác cơ quan của tỉnh Phú Yên đã thực hiện tốt quy chế dân chủ ở cơ sở."
            + "\nPhú Yên đặt mục tiêu giữ vững tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.")
    p, rules = place(text)
    assert p.province == "Phú Yên" and rules == "province:body-votes"


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
    record = build_record(text_article(text, source="test"), load("facts"))
    assert (record.place.province, record.place.district) == ("Đắk Lắk", "huyện Krông Pắc")
    refs = [r for r in record.document_refs if r.code == "10-CT/TU"]
    assert refs and refs[0].issuer_place.province == "Đắk Lắk" and refs[0].issuer_place.district is None
    assert any(e.source == "register" and e.label == "LOC" for e in record.entities)
