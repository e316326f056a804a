"""Where and when in the store, and the presets that aggregate by them, on stores
built from records written here (passages of other provinces, offsets found in
their own text): a fact's place defaults to its article's, documents_cited tells
two provinces' documents of one code apart, one text under two doc_ids counts
once, and the presets leave targets out of results and breakdown items out of
totals unless asked."""
from __future__ import annotations

import pandas as pd
import pytest

import pipeline
from pipeline.records import ArticleRecord


def place(province, district=None):
    return {"province": province, "district": district}


def period(start, end=None):
    return {"start": start, "end": start if end is None else end}


def facts(text: str, items) -> list[dict]:
    """Facts given as (surface, fields): offsets are where the surface stands in ``text``
    (searched from the previous fact on, so a repeated surface finds its next occurrence)."""
    out, pos = [], 0
    for surface, fields in items:
        start = text.find(surface, pos)
        assert start >= 0, f"{surface!r} is not in the passage"
        out.append({"text": surface, "start": start, "end": start + len(surface), **fields})
        pos = start + 1
    return out


def record(doc_id, text, published=None, where=None, counts=(), percentages=(), refs=(), sha1=""):
    """A record; its text digest is made from its doc_id unless given (None: no digest)."""
    return ArticleRecord(
        doc_id=doc_id, published=published, place=where, text=text, text_chars=len(text),
        text_sha1=f"sha1-of-{doc_id}" if sha1 == "" else sha1,
        counts=facts(text, counts), percentages=facts(text, percentages), document_refs=facts(text, refs))


def admitted(value, kind="achieved", when=None, **more):
    return {"value": value, "unit": "đảng viên", "category": "member", "event": "admitted",
            "kind": kind, "period": when, **more}


def store(tmp_path, *records):
    path = tmp_path / "facts.jsonl"
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    db = tmp_path / "facts.duckdb"
    with pipeline.open_db(db, read_only=False) as writable:
        report = writable.load([path])
    assert not report.errors
    return db


def preset(db, name, **params) -> list[dict]:
    with pipeline.open_db(db) as store_:
        df = store_.preset(name, **params)
    return [{k: (None if not isinstance(v, (list, str)) and pd.isna(v) else v) for k, v in row.items()}
            for row in df.to_dict("records")]


def sql(db, query) -> list[tuple]:
    with pipeline.open_db(db) as store_:
        return [tuple(None if pd.isna(v) else v for v in row) for row in store_.sql(query).itertuples(index=False)]


# -- the place of a fact ------------------------------------------------------------

GIA_LAI = ("Năm 2020, Đảng bộ tỉnh Gia Lai kết nạp 2.150 đảng viên mới. "
           "Riêng Đảng bộ huyện Kbang có 45 tổ chức cơ sở đảng và kết nạp 96 đảng viên; "
           "có 81,5% tổ chức cơ sở đảng của huyện đạt trong sạch vững mạnh.")


def test_a_fact_is_at_its_own_place_else_at_its_articles(tmp_path):
    kbang = place("Gia Lai", "huyện Kbang")
    rec = record("gialai", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=[
        ("kết nạp 2.150 đảng viên mới", admitted(2150, when=period("2020"), unit="đảng viên mới")),
        ("có 45 tổ chức cơ sở đảng", {"value": 45, "unit": "tổ chức cơ sở đảng", "category": "organization",
                                      "kind": "achieved", "place": kbang}),
        ("kết nạp 96 đảng viên", admitted(96, when=period("2020"), place=kbang)),
    ], percentages=[
        ("có 81,5% tổ chức cơ sở đảng", {"value": 81.5, "kind": "achieved", "subject": "tổ chức cơ sở đảng",
                                         "criterion": "đạt trong sạch vững mạnh", "place": kbang}),
    ])
    db = store(tmp_path, rec)
    assert sql(db, "SELECT value, province, district FROM counts ORDER BY ord") == [
        (2150, "Gia Lai", None), (45, "Gia Lai", "huyện Kbang"), (96, "Gia Lai", "huyện Kbang")]
    assert sql(db, "SELECT province, district FROM percentages") == [("Gia Lai", "huyện Kbang")]
    assert sql(db, "SELECT province, district FROM documents") == [("Gia Lai", None)]


def test_a_facts_own_province_is_never_paired_with_its_articles_district(tmp_path):
    text = ("Đảng bộ huyện Xuân Lộc kết nạp 120 đảng viên trong năm 2022, "
            "góp phần để Đảng bộ tỉnh Đồng Nai kết nạp 3.012 đảng viên.")
    rec = record("xuanloc", text, "2023-01-05", place("Đồng Nai", "huyện Xuân Lộc"), counts=[
        ("kết nạp 120 đảng viên", admitted(120, when=period("2022"))),
        ("kết nạp 3.012 đảng viên", admitted(3012, when=period("2022"), place=place("Đồng Nai"))),
    ])
    db = store(tmp_path, rec)
    assert sql(db, "SELECT value, province, district FROM counts ORDER BY ord") == [
        (120, "Đồng Nai", "huyện Xuân Lộc"), (3012, "Đồng Nai", None)]


def test_a_national_article_leaves_its_facts_without_a_place(tmp_path):
    text = "Năm 2022, toàn Đảng kết nạp 176.000 đảng viên."
    db = store(tmp_path, record("national", text, "2023-01-10", None, counts=[
        ("kết nạp 176.000 đảng viên", admitted(176000, when=period("2022")))]))
    assert sql(db, "SELECT province, district FROM counts") == [(None, None)]


# -- members admitted ----------------------------------------------------------------

KON_TUM_TERM = ("Nhiệm kỳ 2015 - 2020, Đảng bộ tỉnh phấn đấu kết nạp trên 5.000 đảng viên. "
                "Sau 5 năm, toàn tỉnh đã kết nạp 509 đảng viên, đạt thấp so với chỉ tiêu.")


def test_members_admitted_by_year_counts_the_result_not_the_target(tmp_path):
    rec = record("kontum", KON_TUM_TERM, "2020-09-01", place("Kon Tum"), counts=[
        ("kết nạp trên 5.000 đảng viên", admitted(5000, "target", period("2015", "2020"), qualifier="more_than")),
        ("kết nạp 509 đảng viên", admitted(509, "achieved", period("2015", "2020"))),
    ])
    db = store(tmp_path, rec)
    rows = preset(db, "members_admitted")
    assert [(r["province"], r["year"], r["period"], r["members"]) for r in rows] == \
        [("Kon Tum", 2020, "2015–2020", 509)]
    targets = preset(db, "members_admitted", kind="target")
    assert [r["members"] for r in targets] == [5000]


def test_members_admitted_leaves_breakdown_items_out_unless_asked(tmp_path):
    text = ("Năm 2021, Đảng bộ tỉnh Sơn La kết nạp 2.860 đảng viên, "
            "trong đó có 1.920 đảng viên là người dân tộc thiểu số.")
    rec = record("sonla", text, "2022-01-12", place("Sơn La"), counts=[
        ("kết nạp 2.860 đảng viên", admitted(2860, when=period("2021"))),
        ("có 1.920 đảng viên", admitted(1920, when=period("2021"), part_of=0)),
    ])
    db = store(tmp_path, rec)
    assert [(r["members"], r["figures"], r["mentions"]) for r in preset(db, "members_admitted")] == \
        [(2860, None, 1)]
    with_parts = preset(db, "members_admitted", parts="include")
    assert [(r["members"], r["figures"], r["mentions"]) for r in with_parts] == [(2860, "1920, 2860", 2)]


def test_a_figure_repeated_across_articles_is_not_added(tmp_path):
    lead = "Năm 2020, Đảng bộ tỉnh Gia Lai kết nạp 2.150 đảng viên mới."
    body = "Trong năm 2020, toàn tỉnh kết nạp được 2.150 đảng viên, vượt chỉ tiêu đề ra."
    other = "Theo báo cáo sơ bộ, năm 2020 toàn tỉnh kết nạp 2.105 đảng viên."
    gia_lai = place("Gia Lai")
    db = store(
        tmp_path,
        record("a", lead + " " + body, "2021-01-20", gia_lai, counts=[
            ("kết nạp 2.150 đảng viên mới", admitted(2150, when=period("2020"))),
            ("kết nạp được 2.150 đảng viên", admitted(2150, when=period("2020")))]),
        record("b", other, "2020-12-30", gia_lai, counts=[
            ("kết nạp 2.105 đảng viên", admitted(2105, when=period("2020")))]),
    )
    rows = preset(db, "members_admitted")
    assert [(r["province"], r["year"], r["members"], r["figures"], r["mentions"], r["articles"]) for r in rows] == \
        [("Gia Lai", 2020, 2150, "2105, 2150", 3, 2)]


def test_members_admitted_keeps_districts_periods_and_provinces_apart(tmp_path):
    son_tinh = ("Nhiệm kỳ 2015 - 2020, Đảng bộ huyện Sơn Tịnh kết nạp 412 đảng viên; "
                "riêng năm 2020 kết nạp 85 đảng viên.")
    commune = "Đảng bộ xã Nghĩa Lâm kết nạp 12 đảng viên, trong đó có 7 đoàn viên thanh niên."
    db = store(
        tmp_path,
        record("sontinh", son_tinh, "2020-12-28", place("Quảng Ngãi", "huyện Sơn Tịnh"), counts=[
            ("kết nạp 412 đảng viên", admitted(412, when=period("2015", "2020"))),
            ("kết nạp 85 đảng viên", admitted(85, when=period("2020")))]),
        record("nghialam", commune, "2019-06-03", place("Quảng Ngãi", "huyện Tư Nghĩa"), counts=[
            ("kết nạp 12 đảng viên", admitted(12))]),
        record("gialai", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=[
            ("kết nạp 2.150 đảng viên mới", admitted(2150, when=period("2020")))]),
    )
    got = [(r["province"], r["district"], r["year"], r["period"], r["members"])
           for r in preset(db, "members_admitted")]
    assert got == [
        ("Gia Lai", None, 2020, "2020", 2150),
        ("Quảng Ngãi", "huyện Sơn Tịnh", 2020, "2015–2020", 412),
        ("Quảng Ngãi", "huyện Sơn Tịnh", 2020, "2020", 85),
        ("Quảng Ngãi", "huyện Tư Nghĩa", 2019, None, 12),   # no period: the year it was published
    ]
    assert [r["members"] for r in preset(db, "members_admitted", province="Quảng Ngãi")] == [412, 85, 12]


# -- members disciplined ---------------------------------------------------------------

def disciplined(value, event, **more):
    return {"value": value, "unit": "đảng viên", "category": "member", "event": event,
            "kind": "achieved", "period": period("2021"), **more}


def test_members_disciplined_takes_the_total_and_shows_its_forms(tmp_path):
    binh_dinh = ("Năm 2021, các cấp ủy trong tỉnh Bình Định thi hành kỷ luật 57 đảng viên, "
                 "trong đó khiển trách 40 đảng viên, cảnh cáo 12 đảng viên, khai trừ 5 đảng viên.")
    phu_yen = "Năm 2021, Đảng bộ tỉnh Phú Yên khiển trách 21 đảng viên, cảnh cáo 6 đảng viên và khai trừ 3 đảng viên."
    db = store(
        tmp_path,
        record("binhdinh", binh_dinh, "2022-01-10", place("Bình Định"), counts=[
            ("kỷ luật 57 đảng viên", disciplined(57, "disciplined")),
            ("khiển trách 40 đảng viên", disciplined(40, "reprimanded", part_of=0)),
            ("cảnh cáo 12 đảng viên", disciplined(12, "warned", part_of=0)),
            ("khai trừ 5 đảng viên", disciplined(5, "expelled", part_of=0))]),
        record("phuyen", phu_yen, "2022-01-15", place("Phú Yên"), counts=[
            ("khiển trách 21 đảng viên", disciplined(21, "reprimanded")),
            ("cảnh cáo 6 đảng viên", disciplined(6, "warned")),
            ("khai trừ 3 đảng viên", disciplined(3, "expelled"))]),
    )
    got = [(r["province"], r["year"], r["members"], r["reprimanded"], r["warned"], r["expelled"], r["articles"])
           for r in preset(db, "members_disciplined")]
    assert got == [("Bình Định", 2021, 57, 40, 12, 5, 1), ("Phú Yên", 2021, 30, 21, 6, 3, 1)]


# -- targets vs achieved -----------------------------------------------------------------

def share(value, kind, comparator="eq", when=None, subject="tổ chức cơ sở đảng"):
    return {"value": value, "kind": kind, "comparator": comparator, "subject": subject,
            "criterion": "đạt trong sạch vững mạnh", "period": when}


def test_targets_vs_achieved_by_province_and_year(tmp_path):
    dak_nong = ("Năm 2020, có 78,5% tổ chức cơ sở đảng đạt trong sạch vững mạnh; Đảng bộ phấn đấu "
                "đến năm 2025 có trên 85% tổ chức cơ sở đảng đạt trong sạch vững mạnh.")
    term = ("Nhiệm kỳ 2020 - 2025, Tỉnh ủy Đắk Nông đề ra chỉ tiêu hằng năm có từ 80% "
            "tổ chức cơ sở đảng trở lên đạt trong sạch vững mạnh.")
    lang_son = "Năm 2020, tỉnh Lạng Sơn có 83,2% tổ chức cơ sở đảng đạt trong sạch vững mạnh."
    db = store(
        tmp_path,
        record("daknong", dak_nong, "2021-03-01", place("Đắk Nông"), percentages=[
            ("có 78,5% tổ chức cơ sở đảng", share(78.5, "achieved", when=period("2020"))),
            ("có trên 85% tổ chức cơ sở đảng", share(85, "target", "gt", {"start": None, "end": "2025"}))]),
        record("daknong-term", term, "2020-10-20", place("Đắk Nông"), percentages=[
            ("có từ 80% tổ chức cơ sở đảng trở lên", share(80, "target", "ge", period("2020", "2025")))]),
        record("langson", lang_son, "2021-01-08", place("Lạng Sơn"), percentages=[
            ("có 83,2% tổ chức cơ sở đảng", share(83.2, "achieved", when=period("2020")))]),
    )
    got = [(r["province"], r["year"], r["target"], r["achieved"], r["articles"])
           for r in preset(db, "targets_vs_achieved", subject="tổ chức cơ sở đảng")]
    assert got == [("Lạng Sơn", 2020, None, "83.2%", 1),
                   ("Đắk Nông", 2020, None, "78.5%", 1),
                   ("Đắk Nông", 2025, ">85%, ≥80%", None, 2)]   # a target sits at its horizon
    only = preset(db, "targets_vs_achieved", province="Lạng Sơn")
    assert [r["achieved"] for r in only] == ["83.2%"]


# -- documents cited and their uptake -------------------------------------------------------

def ref(code, issued=None, issuer_province=None, issuer=None, doc_type="Nghị quyết"):
    number, rest = code.split("-", 1)
    return {"code": code, "number": number, "doc_type": doc_type, "type_code": rest.split("/")[0],
            "issuer_code": rest.split("/")[1], "system": "party", "issued_date": issued, "issuer": issuer,
            "issuer_place": place(issuer_province) if issuer_province else None}


HA_TINH = ("Nghị quyết số 09-NQ/TU ngày 10/3/2021 của Ban Thường vụ Tỉnh ủy Hà Tĩnh về phát triển đảng viên "
           "được triển khai sâu rộng; sau hai năm thực hiện Nghị quyết số 09-NQ/TU, toàn tỉnh đã kết nạp "
           "hơn 4.000 đảng viên. Tỉnh ủy cũng ban hành kế hoạch thực hiện Nghị quyết số 21-NQ/TW "
           "ngày 16/6/2022 của Ban Chấp hành Trung ương.")
NGHE_AN = ("Ngày 05/8/2021, Ban Thường vụ Tỉnh ủy Nghệ An ban hành Nghị quyết số 09-NQ/TU về chuyển đổi số. "
           "Đến nay, các huyện đã cụ thể hóa Nghị quyết số 09-NQ/TU bằng các chương trình hành động.")
QUANG_TRI = ("Tỉnh ủy Quảng Trị đã ban hành Chương trình hành động thực hiện Nghị quyết số 21-NQ/TW "
             "ngày 16/6/2022 của Hội nghị Trung ương 5 khóa XIII.")


def cited_store(tmp_path, *extra):
    return store(
        tmp_path,
        record("hatinh", HA_TINH, "2023-03-15", place("Hà Tĩnh"), refs=[
            ("Nghị quyết số 09-NQ/TU ngày 10/3/2021", ref("09-NQ/TU", "2021-03-10", "Hà Tĩnh",
                                                          "Ban Thường vụ Tỉnh ủy Hà Tĩnh")),
            ("Nghị quyết số 09-NQ/TU", ref("09-NQ/TU")),   # the article names its issuer once
            ("Nghị quyết số 21-NQ/TW", ref("21-NQ/TW", "2022-06-16", issuer="Ban Chấp hành Trung ương"))]),
        record("nghean", NGHE_AN, "2021-09-02", place("Nghệ An"), refs=[
            ("Nghị quyết số 09-NQ/TU", ref("09-NQ/TU", "2021-08-05", "Nghệ An", "Ban Thường vụ Tỉnh ủy Nghệ An")),
            ("Nghị quyết số 09-NQ/TU", ref("09-NQ/TU", None, "Nghệ An"))]),
        record("quangtri", QUANG_TRI, "2022-08-10", place("Quảng Trị"), refs=[
            ("Nghị quyết số 21-NQ/TW", ref("21-NQ/TW", "2022-06-16", issuer="Hội nghị Trung ương 5"))]),
        *extra,
    )


def test_two_provinces_documents_of_one_code_are_two_rows(tmp_path):
    db = cited_store(tmp_path)
    got = sql(db, "SELECT code, issuer_province, issued_year, issuer, citing_articles, mentions "
                  "FROM documents_cited ORDER BY code, issuer_province")
    assert got == [
        ("09-NQ/TU", "Hà Tĩnh", 2021, "Ban Thường vụ Tỉnh ủy Hà Tĩnh", 1, 2),
        ("09-NQ/TU", "Nghệ An", 2021, "Ban Thường vụ Tỉnh ủy Nghệ An", 1, 2),
        ("21-NQ/TW", None, 2022, "Hội nghị Trung ương 5", 2, 2),   # a tie: the earliest mention's
    ]


def test_one_text_under_two_doc_ids_is_cited_and_counted_once(tmp_path):
    copy = record("copies/quangtri", QUANG_TRI, "2022-08-10", place("Quảng Trị"), refs=[
        ("Nghị quyết số 21-NQ/TW", ref("21-NQ/TW", "2022-06-16", issuer="Hội nghị Trung ương 5"))],
        sha1="sha1-of-quangtri")
    db = cited_store(tmp_path, copy)
    assert sql(db, "SELECT count(*) FROM documents") == [(4,)]
    assert sql(db, "SELECT citing_articles, mentions FROM documents_cited WHERE code = '21-NQ/TW'") == [(2, 2)]
    uptake = preset(db, "document_uptake", code="21-NQ/TW")
    assert [(r["province"], r["articles"], r["first_article"]) for r in uptake] == \
        [("Quảng Trị", 1, "copies/quangtri"), ("Hà Tĩnh", 1, "hatinh")]


def test_one_text_under_two_doc_ids_gives_its_counts_once(tmp_path):
    counts = [("kết nạp 2.150 đảng viên mới", admitted(2150, when=period("2020")))]
    db = store(tmp_path,
               record("gialai", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=counts),
               record("mirror/gialai", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=counts,
                      sha1="sha1-of-gialai"))
    assert [(r["members"], r["mentions"], r["articles"]) for r in preset(db, "members_admitted")] == [(2150, 1, 1)]
    assert [r["doc_id"] for r in preset(db, "counts_over_time")] == ["gialai"]


def test_records_without_a_text_digest_are_each_their_own_article(tmp_path):
    counts = [("kết nạp 2.150 đảng viên mới", admitted(2150, when=period("2020")))]
    db = store(tmp_path,
               record("gialai-1", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=counts, sha1=None),
               record("gialai-2", GIA_LAI, "2021-01-20", place("Gia Lai"), counts=counts, sha1=None))
    assert [(r["members"], r["mentions"], r["articles"]) for r in preset(db, "members_admitted")] == [(2150, 2, 2)]


def test_document_uptake_gives_each_province_its_first_citation_and_delay(tmp_path):
    again = record("quangtri-again", "Quảng Trị triển khai Nghị quyết số 21-NQ/TW ngày 16/6/2022 đến chi bộ.",
                   "2022-11-30", place("Quảng Trị"), refs=[("Nghị quyết số 21-NQ/TW ngày 16/6/2022",
                                                            ref("21-NQ/TW", "2022-06-16"))])
    undated = record("quangtri-undated", "Quảng Trị tiếp tục quán triệt Nghị quyết số 21-NQ/TW trong toàn Đảng bộ.",
                     "2023-01-05", place("Quảng Trị"), refs=[("Nghị quyết số 21-NQ/TW", ref("21-NQ/TW"))])
    db = cited_store(tmp_path, again, undated)
    got = [(r["code"], r["issuer_province"], r["issued_year"], r["signed"], r["province"],
            str(r["first_cited"].date()), r["days_after"], r["articles"], r["first_article"])
           for r in preset(db, "document_uptake", code="21 - nq/tw")]
    signed = pd.Timestamp("2022-06-16")
    assert got == [("21-NQ/TW", None, 2022, signed, "Quảng Trị", "2022-08-10", 55, 2, "quangtri"),
                   ("21-NQ/TW", None, 2022, signed, "Hà Tĩnh", "2023-03-15", 272, 1, "hatinh"),
                   # a citation that dates the document nowhere is not guessed into the 2022 document
                   ("21-NQ/TW", None, None, None, "Quảng Trị", "2023-01-05", None, 1, "quangtri-undated")]
    assert len(preset(db, "document_uptake", code="21-NQ/TW", year=2022)) == 2


def test_document_uptake_of_a_local_code_tells_its_issuers_apart(tmp_path):
    db = cited_store(tmp_path)
    got = [(r["issuer_province"], r["province"], r["days_after"])
           for r in preset(db, "document_uptake", code="09-NQ/TU")]
    assert got == [("Hà Tĩnh", "Hà Tĩnh", 735), ("Nghệ An", "Nghệ An", 28)]
    assert [r["issuer_province"] for r in preset(db, "most_cited")][:3] == [None, "Hà Tĩnh", "Nghệ An"]


# -- counts listed one by one -----------------------------------------------------------------

def test_counts_over_time_lists_results_only_unless_asked(tmp_path):
    db = store(tmp_path, record("kontum", KON_TUM_TERM, "2020-09-01", place("Kon Tum"), counts=[
        ("kết nạp trên 5.000 đảng viên", admitted(5000, "target", period("2015", "2020"), qualifier="more_than")),
        ("kết nạp 509 đảng viên", admitted(509, "achieved", period("2015", "2020"), unit="đảng viên mới",
                                           unit_key="đảng viên"))]))
    results = preset(db, "counts_over_time", event="admitted")
    assert [(r["value"], r["province"], r["period"]) for r in results] == [(509, "Kon Tum", "2015–2020")]
    assert [r["value"] for r in preset(db, "counts_over_time", kind="all")] == [5000, 509]
    assert [r["value"] for r in preset(db, "counts_over_time", unit="đảng viên")] == [509]
