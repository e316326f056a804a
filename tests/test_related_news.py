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
