"""HTML pages and CMS fragments: the publication date only where the page states it,
and never a blank document when the markup shows text."""
import json

import pytest

from pipeline.ingest import IngestOptions, RawDocument, to_article
from pipeline.webpage import read_page, visible_text, parse_markup
from conftest import extract_here, read_jsonl

BODY = ("<p>Năm 2023, Đảng bộ huyện Đức Thọ đã kết nạp 132 đảng viên mới, đạt 110% chỉ tiêu "
        "Nghị quyết Đại hội đề ra.</p>"
        "<p>Toàn Đảng bộ hiện có 61 tổ chức cơ sở đảng với 7.045 đảng viên; 88,5% chi bộ được "
        "xếp loại hoàn thành tốt nhiệm vụ trở lên.</p>")
TITLE = "Đức Thọ nâng cao chất lượng kết nạp đảng viên"


def page(head: str = "", article: str = BODY, around: str = "") -> str:
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{TITLE}</title>{head}</head>'
            f"<body><div class='top'>Thứ Hai, 02/12/2026 | Hà Tĩnh 24°C</div>"
            f"<article><h1>{TITLE}</h1>{article}</article>{around}</body></html>")


def html_article(html: str):
    return to_article(RawDocument(source="page.html", kind="html", data=html.encode("utf-8")))


# --------------------------------------------------------------------------- published

@pytest.mark.parametrize("html", [
    page(around="<footer><p>Giấy phép số 12/GP-BTTTT ngày 05/01/2018 của Bộ Thông tin và Truyền thông</p>"
                "<p>Ghi rõ nguồn khi phát hành lại thông tin từ website này.</p></footer>"),
    page(article=BODY + "<figure><img src='hoi-nghi.jpg'><figcaption>Hội nghị ngày 14/02/2024 tại "
                        "Trung tâm chính trị huyện. Ảnh: Minh Châu</figcaption></figure>"),
    page(article=BODY + "<p>Nghị quyết số 21-NQ/TW ngày 16/6/2022 của Hội nghị Trung ương 5 khóa XIII.</p>"),
    page(around="<aside><ul><li><a href='/a'>Can Lộc tổng kết công tác năm</a> <span>10/12/2023</span></li>"
                "</ul></aside>"),
    BODY,
    "<div class='noi-dung'>" + BODY + "<p><em>Nguồn: Ban Tổ chức Tỉnh ủy, 05/01/2024</em></p></div>",
], ids=["licence-footer", "caption", "cited-resolution", "related-news", "fragment", "fragment-source-line"])
def test_a_page_that_states_no_publication_date_has_none(html):
    assert html_article(html).published is None


@pytest.mark.parametrize("html, date, rule", [
    (page(head='<meta property="article:published_time" content="2024-03-18T07:30:00+07:00">'),
     "2024-03-18", "meta"),
    (page(head='<meta itemprop="datePublished" content="2023-11-02">'), "2023-11-02", "meta"),
    (page(head='<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
               '{"@type": "WebPage"}, {"@type": "NewsArticle", "datePublished": "2024-01-09T10:00:00+07:00"}]}'
               "</script>"), "2024-01-09", "json-ld"),
    (page(article='<time datetime="2022-07-21T16:05">16:05 21/07/2022</time>' + BODY,
          around="<aside><time datetime='2026-12-01'>1/12</time></aside>"), "2022-07-21", "time-element"),
    (page(article='<div class="date">Cập nhật: 09/05/2023 14:20</div>' + BODY), "2023-05-09", "dateline"),
    ('<p class="ngay">Thứ Ba, 19/09/2023</p>' + BODY, "2023-09-19", "dateline"),
], ids=["meta-property", "meta-itemprop", "json-ld-graph", "time-in-article", "article-dateline",
        "fragment-dateline"])
def test_the_publication_date_comes_from_the_page_metadata_or_dateline(html, date, rule):
    result = read_page(html)
    assert (result.published, result.published_by) == (date, rule)
    assert html_article(html).published == date


def test_site_header_date_is_not_the_article_date():
    # "Thứ Hai, 02/12/2026" is today's date in the site header, outside the article.
    assert read_page(page()).published is None


# --------------------------------------------------------------------------- never blank

@pytest.mark.parametrize("html, lines", [
    ("<p><em>Chiều 12/3, Huyện ủy Hương Khê tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I.</em></p>",
     ["Chiều 12/3, Huyện ủy Hương Khê tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I."]),
    ("<p><em>Huyện ủy Vũ Quang kết nạp 27 đảng viên mới.</em></p><p><strong>Đảng bộ có 35 chi bộ.</strong></p>",
     ["Huyện ủy Vũ Quang kết nạp 27 đảng viên mới.", "Đảng bộ có 35 chi bộ."]),
    ("<p>Thị ủy Kỳ Anh kết nạp 45 đảng viên mới trong quý II năm 2024.</p>",
     ["Thị ủy Kỳ Anh kết nạp 45 đảng viên mới trong quý II năm 2024."]),
    ("<div>Xã Thạch Kim có 12 chi bộ<br>với 318 đảng viên.<script>var x = 1;</script></div>",
     ["Xã Thạch Kim có 12 chi bộ", "với 318 đảng viên."]),
], ids=["em-fragment", "two-paragraphs", "single-paragraph", "br-and-script"])
def test_markup_with_visible_text_never_ends_blank(html, lines):
    article = html_article(html)
    assert [line.strip() for line in article.text.split("\n")] == lines


def test_visible_text_puts_blocks_on_their_own_lines_and_hides_scripts():
    tree = parse_markup("<html><head><title>T</title><style>p{}</style></head><body><h2>Tiêu đề</h2>"
                  "<p>Đoạn <b>một</b>   có   khoảng trắng.</p><ul><li>Mục 1</li><li>Mục 2</li></ul>"
                  "<noscript>bật JavaScript</noscript></body></html>")
    assert visible_text(tree) == "Tiêu đề\nĐoạn một có khoảng trắng.\nMục 1\nMục 2"


def test_markup_without_any_text_is_still_blank():
    with pytest.raises(Exception) as e:
        html_article("<div><img src='a.png'><script>var chi_bo = 12;</script></div>")
    assert e.value.reason == "blank"


# --------------------------------------------------------------------------- JSONL

def json_article(obj: dict, **options):
    data = json.dumps(obj, ensure_ascii=False).encode()
    return to_article(RawDocument(source="crawl.jsonl", line=3, kind="json", data=data), IngestOptions(**options))


def test_a_jsonl_text_field_holding_html_is_read_as_html():
    html = page(head='<meta property="article:published_time" content="2024-03-18T07:30:00+07:00">')
    article = json_article({"id": "bt-1", "text": html})
    assert "<p>" not in article.text and "kết nạp 132 đảng viên mới" in article.text
    assert article.published == "2024-03-18" and article.title == TITLE
    fragment = json_article({"id": "bt-2", "content": "<p><em>Huyện ủy Vũ Quang kết nạp 27 đảng viên.</em></p>"},
                            text_field="content")
    assert fragment.text == "Huyện ủy Vũ Quang kết nạp 27 đảng viên."


def test_a_jsonl_text_with_angle_brackets_but_no_markup_stays_text():
    text = "Tỷ lệ chi bộ có dưới 5 đảng viên giảm: từ 12 xuống còn 7 (tức là < 3% và > 1%)."
    assert json_article({"text": text}).text == text


def test_the_record_of_a_page_with_only_a_licence_date_has_no_published(monkeypatch, tmp_path):
    path = tmp_path / "trang.html"
    path.write_text(page(around="<footer><p>Giấy phép số 12/GP-BTTTT ngày 05/01/2018</p></footer>"), encoding="utf-8")
    assert extract_here(monkeypatch, path, "-o", tmp_path / "f.jsonl") == 0
    (record,) = read_jsonl(tmp_path / "f.jsonl")
    assert record["published"] is None and record["title"] == TITLE


@pytest.mark.parametrize("html", [
    "<html><body><div class='top'>Thứ Hai, 02/12/2026</div><div class='noi-dung'><h1>Đức Thọ kết nạp đảng viên</h1>"
    + BODY + "</div></body></html>",
    "<html><body><div class='top'>02/12/2026</div><div class='noi-dung'><h1>Đức Thọ kết nạp đảng viên</h1>"
    "<p><em>Huyện ủy Đức Thọ kết nạp 12 đảng viên.</em></p></div></body></html>",
], ids=["site-header-weekday", "site-header-date"])
def test_a_site_header_date_kept_in_the_main_text_is_not_published(monkeypatch, tmp_path, html):
    # trafilatura keeps the header's date line at the end of a short page's text.
    path = tmp_path / "trang.html"
    path.write_text(html, encoding="utf-8")
    assert extract_here(monkeypatch, path, "-o", tmp_path / "f.jsonl") == 0
    (record,) = read_jsonl(tmp_path / "f.jsonl")
    assert record["published"] is None
