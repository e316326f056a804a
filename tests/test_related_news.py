"""Related-news blocks ("Đọc thêm", "Tin liên quan", "Xem thêm", ...): the headlines and
teasers listed there are other articles', so none of their facts is this article's."""
import pytest

from pipeline.language import load as load_pipeline
from pipeline.nlp.related_news import related_news_spans

ARTICLE = ("Sơ kết công tác xây dựng Đảng 6 tháng đầu năm\n\n"
           "Sáng 12/7, Đảng ủy xã Phú Mỹ (huyện Phú Tân) tổ chức hội nghị sơ kết công tác xây dựng Đảng. "
           "Trong 6 tháng, Đảng bộ xã đã kết nạp 14 đảng viên mới, đạt 70% chỉ tiêu năm.\n\n")


def facts(text, entities="none"):
    doc = load_pipeline(entities=entities)(text)
    return doc._.document_refs, doc._.counts, doc._.percentages, doc._.entities


def values(text):
    refs, counts, percentages, _ = facts(text)
    return [r.code or r.number for r in refs], [c.value for c in counts], [p.value for p in percentages]


OTHER_ARTICLES = [
    # a cue alone on its line, unmarked headlines each with its teaser
    "Đọc thêm\n\nChâu Thành kết nạp 210 đảng viên\n\nNăm 2022, Đảng bộ huyện Châu Thành kết nạp 210 đảng "
    "viên, vượt 5% chỉ tiêu; 96% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\n"
    "Học tập Nghị quyết số 18-NQ/TW\n\nCán bộ chủ chốt huyện Thoại Sơn học tập Nghị quyết số 18-NQ/TW.\n",
    # a cue with a colon and a bulleted list
    "Tin liên quan:\n- Tân Châu thành lập 3 chi bộ trong doanh nghiệp\n- Kết luận 21-KL/TW về xây dựng Đảng\n"
    "- 98% đảng viên học tập nghị quyết\n",
    # the cue and the headline on one line
    "Xem thêm: Long Xuyên: 120 đảng viên được tặng Huy hiệu Đảng\n",
    "Bài viết liên quan\nChợ Mới: 45 chi bộ ấp đạt trong sạch vững mạnh\nAn Phú có 1.250 đảng viên\n",
    "Tin cùng chuyên mục\nTịnh Biên kỷ luật 6 đảng viên vi phạm\n",
    "Các tin khác\n» Tri Tôn: 87% chi bộ hoàn thành tốt nhiệm vụ\n» Thông báo 12-TB/TU của Tỉnh ủy\n",
]


@pytest.mark.parametrize("block", OTHER_ARTICLES)
def test_facts_under_a_related_news_cue_are_not_the_articles(block):
    refs, counts, percentages = values(ARTICLE + block)
    assert (refs, counts, percentages) == ([], [14], [70.0])


def test_the_article_resumes_after_a_block_inside_it():
    text = (ARTICLE + "Xem thêm:\n- Phú Tân kết nạp 96 đảng viên\n- Chợ Mới có 45 chi bộ ấp\n\n"
            "Cũng trong 6 tháng, Ban Thường vụ Đảng ủy xã đã kiểm tra 5 chi bộ trực thuộc và giám sát chuyên đề "
            "việc thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị tại 12 đảng viên là người đứng đầu cơ quan, "
            "đơn vị; qua đó, 100% tổ chức đảng được kiểm tra đều chấp hành tốt chủ trương, nghị quyết của Đảng.\n")
    refs, counts, percentages = values(text)
    assert refs == ["05-CT/TW"]
    assert counts == [14, 5, 12]
    assert percentages == [70.0, 100.0]


def test_a_link_line_names_another_article():
    refs, counts, _ = values(ARTICLE + ">> Thoại Sơn khai trừ 3 đảng viên\n")
    assert counts == [14]


@pytest.mark.parametrize("line", [
    "Xem thêm các quy định tại Điều 8 Quy định số 22-QĐ/TW, có 3 chi bộ chưa thực hiện.\n",   # a verb, not a cue
    "Trong đó có 3 chi bộ; đọc thêm tài liệu tại Quy định số 22-QĐ/TW.\n",                  # not at a line start
])
def test_cue_words_inside_the_text_open_no_block(line):
    refs, counts, _ = values(ARTICLE + line)
    assert refs == ["22-QĐ/TW"] and counts == [14, 3]


def test_entities_of_every_sentence_skip_the_block():
    text = ARTICLE + "Tin liên quan\nĐồng chí Nguyễn Thanh Bình làm việc tại huyện Tri Tôn\n"
    entities = facts(text, entities="all")[3]
    assert not any("Nguyễn Thanh Bình" in e.text or "Tri Tôn" in e.text for e in entities)


def test_spans_are_whole_lines_and_the_text_keeps_them():
    text = ARTICLE + "Đọc thêm\nPhú Tân kết nạp 96 đảng viên\n"
    (start, end), = related_news_spans(text)
    assert text[start:end] == "Đọc thêm\nPhú Tân kết nạp 96 đảng viên"
    doc = load_pipeline(entities="none")(text)
    assert doc.text == text and doc._.match_text[start:end].strip() == ""


def test_a_cue_in_the_page_header_is_navigation_not_a_block():
    text = ("Trang chủ | Xây dựng Đảng\nXem thêm:\nĐảng bộ huyện Phú Tân kết nạp 96 đảng viên mới\n"
            "Cập nhật lúc 08:15, 12/07/2023\n" + ARTICLE.split("\n\n", 1)[1])
    refs, counts, percentages = values(text)
    assert counts == [96, 14] and percentages == [70.0]


# Short articles: every line under the 160 characters of a headline, so the length of a
# line alone never shows where the article's body starts (rule 5: its first sentence does).
SHORT_ARTICLES = [
    # (article, related-news block, the article's own counts, the article's own percentages)
    ("Huyện ủy Si Ma Cai trao Huy hiệu Đảng\n"
     "Ngày 3/2, Huyện ủy Si Ma Cai trao Huy hiệu 40 năm tuổi Đảng cho 27 đảng viên.\n",
     "Đọc thêm:\nXã Sín Chéng kết nạp 9 đảng viên là người Mông\nThành lập 4 chi bộ thôn mới ở Cán Cấu\n",
     [27], []),
    ("Đảng bộ xã Nậm Pồ tổng kết năm 2023\n\n"
     "Năm 2023, Đảng bộ xã Nậm Pồ có 92% chi bộ hoàn thành tốt nhiệm vụ.\n\n"
     "Xã phấn đấu kết nạp 15 đảng viên trong năm 2024.\n\n",
     "Tin liên quan:\n- Mường Chà khai trừ 2 đảng viên\n- 85% đảng viên huyện Tủa Chùa học nghị quyết\n",
     [15], [92.0]),
    ("Kiểm tra chi bộ ở Quảng Điền\n"
     "Ủy ban Kiểm tra Huyện ủy Quảng Điền đã kiểm tra 6 chi bộ trong quý I.\n",
     "Xem thêm:\nPhong Điền có 1.340 đảng viên\nHương Trà: 98% đảng viên được xếp loại\n",
     [6], []),
    ("Chi bộ thôn Đông Hòa đạt trong sạch vững mạnh\n"
     "Chi bộ thôn Đông Hòa (xã Tịnh Khê) hiện có 48 đảng viên.\n",
     "TIN LIÊN QUAN\nSơn Tịnh kết nạp 110 đảng viên\nBa Tơ có 37 chi bộ thôn\n",
     [48], []),
    ("Bình Liêu kết nạp đảng viên trong đồng bào\n"
     "Năm 2023, Huyện ủy Bình Liêu kết nạp 63 đảng viên, đạt 105% kế hoạch.\n",
     "Xem thêm\nTiên Yên thành lập 2 đảng bộ cơ sở\nĐầm Hà: 120 quần chúng học lớp cảm tình Đảng\n",
     [63], [105.0]),
    ("Đảng ủy phường Vĩnh Quang học tập nghị quyết\n"
     "Sáng 8/4, Đảng ủy phường Vĩnh Quang tổ chức học tập cho 230 đảng viên.\n",
     "Đọc thêm\n\nBắc Quang: 42 chi bộ đạt trong sạch\n\n"
     "Ban Thường vụ Huyện ủy Bắc Quang đánh giá 42 chi bộ đạt trong sạch, vững mạnh.\n",
     [230], []),
]


SHORT_ARTICLE_CUES = ["doc-them-colon", "tin-lien-quan-bullets", "xem-them-colon", "TIN-LIEN-QUAN-caps",
                      "xem-them-alone", "doc-them-headline-teaser"]


@pytest.mark.parametrize("article, block, counts, percentages", SHORT_ARTICLES, ids=SHORT_ARTICLE_CUES)
def test_a_block_after_a_short_article_is_found(article, block, counts, percentages):
    text = article + block
    assert values(text)[1:] == (counts, percentages)
    (start, end), = related_news_spans(text)
    assert text[start:end].strip() == block.strip()


@pytest.mark.parametrize("article, block, counts, percentages", SHORT_ARTICLES, ids=SHORT_ARTICLE_CUES)
def test_a_short_article_without_a_block_keeps_every_line(article, block, counts, percentages):
    assert related_news_spans(article) == []
    assert values(article)[1:] == (counts, percentages)


@pytest.mark.parametrize("cue", ["Đọc thêm:", "Tin liên quan", "XEM THÊM:"])
def test_a_cue_at_the_very_end_takes_only_its_own_line(cue):
    article = ("Hội nghị Đảng ủy xã Hòa Bắc\n"
               "Đảng ủy xã Hòa Bắc (huyện Hòa Vang) đã kết nạp 7 đảng viên trong năm 2023.\n")
    text = article + cue
    assert related_news_spans(text) == [(len(article), len(text))]
    assert values(text)[1] == [7]


def test_a_cue_word_starting_a_sentence_of_a_short_article_cuts_nothing():
    text = ("Chi bộ khu phố 3 sinh hoạt chuyên đề\n"
            "Đọc thêm tài liệu, chi bộ khu phố 3 hiện có 31 đảng viên đã học tập nghị quyết.\n"
            "Xem thêm các văn bản, chi bộ đã kết nạp 2 đảng viên trong quý I.\n")
    assert related_news_spans(text) == []
    assert values(text)[1] == [31, 2]


@pytest.mark.parametrize("article, block, after", [
    # the article resumes after a bulleted list with a sentence of its own (rule 6)
    ("Đảng bộ huyện Krông Pắc sơ kết 6 tháng\n"
     "Trong 6 tháng, Đảng bộ huyện Krông Pắc kết nạp 81 đảng viên.\n",
     "Tin liên quan:\n- Ea Kar có 25 chi bộ doanh nghiệp\n- Buôn Đôn kỷ luật 3 đảng viên",
     "\nHuyện ủy Krông Pắc cũng đã kiểm tra 14 tổ chức đảng.\n"),
    # a short teaser ending with a full stop right under its headline is the teaser: the block goes on
    ("Trao quyết định kết nạp đảng viên ở Cư M'gar\n"
     "Chiều 2/3, Huyện ủy Cư M'gar trao quyết định kết nạp cho 18 đảng viên.\n",
     "Đọc thêm\nKrông Búk có 12 chi bộ mới\nNăm 2023, huyện thành lập 12 chi bộ trong doanh nghiệp.\n"
     "Lắk kết nạp 30 đảng viên",
     "\n"),
], ids=["article-resumes-after-bullets", "short-teaser-in-block"])
def test_where_a_block_after_a_short_article_ends(article, block, after):
    text = article + block + after
    assert related_news_spans(text) == [(len(article), len(article) + len(block))]
    assert values(text)[1] == values(article + after)[1]


def test_through_the_command_line(tmp_path):
    import json
    import subprocess
    import sys
    from pathlib import Path
    source = tmp_path / "muong_khuong.txt"
    source.write_text("Huyện ủy Mường Khương kết nạp 45 đảng viên mới\n"
                      "Năm 2024, Đảng bộ huyện Mường Khương kết nạp 45 đảng viên, đạt 112% chỉ tiêu.\n"
                      "Đọc thêm:\nXã Bản Lầu kết nạp 12 đảng viên là người dân tộc thiểu số\n"
                      "Thành lập 3 chi bộ thôn mới ở Pha Long\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract", str(source), "-o", "-", "--entities", "none"],
                          cwd=Path(__file__).resolve().parent.parent, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    record = json.loads(done.stdout)
    assert [c["value"] for c in record["counts"]] == [45, 45]
    assert [p["value"] for p in record["percentages"]] == [112.0]


def test_headlines_that_end_with_a_full_stop_stay_in_the_block():
    text = ("Đại hội Chi bộ trường THCS Cam Nghĩa\n"
            "Chi bộ trường THCS Cam Nghĩa hiện có 21 đảng viên, tổ chức đại hội sáng 5/5.\n"
            "Tin liên quan\nCam Lộ kết nạp 64 đảng viên trong năm 2023.\n"
            "Hải Lăng thành lập 5 chi bộ trong doanh nghiệp tư nhân.\n"
            "Gio Linh có 96% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\n")
    refs, counts, percentages = values(text)
    assert (counts, percentages) == ([21], [])


def test_a_sentence_line_over_crlf_or_no_break_spaces_starts_the_article():
    text = ("Kết nạp đảng viên ở Hướng Hóa\r\n"
            "Năm\xa02023,\xa0Đảng bộ huyện Hướng Hóa kết nạp 150 đảng viên.\r\n"
            "Xem thêm:\r\nĐakrông có 2.400 đảng viên\r\n")
    assert values(text)[1] == [150]
