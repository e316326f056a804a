"""Title and publication date from article headers, in the formats scraped sites use."""
import pytest

from pipeline.dateline import read_dateline

BODY = "Sau khi tổ chức thành công Đại hội đại biểu Đảng bộ huyện nhiệm kỳ 2020-2025, " * 5


@pytest.mark.parametrize("header, title, date", [
    ("Tìm kiếm thông tin\nXây dựng Đảng về công tác cán bộ\nNgày cập nhật 02/08/2019\n\n",
     "Xây dựng Đảng về công tác cán bộ", "2019-08-02"),
    ("09/11/2015 - 05:34\n\nNâng cao chất lượng đội ngũ đảng viên\n\n",
     "Nâng cao chất lượng đội ngũ đảng viên", "2015-11-09"),
    ("Truy cập nội dung luôn\nĐăng nhập\n\nNâng cao sức chiến đấu của tổ chức đảng\n\n2020-08-24 08:14:00.0\n\n",
     "Nâng cao sức chiến đấu của tổ chức đảng", "2020-08-24"),
    ("Chất lượng hoạt động của tổ chức đảng ở cơ sở\n\n23/09/2016 09:05\n\n",
     "Chất lượng hoạt động của tổ chức đảng ở cơ sở", "2016-09-23"),
    ("Thứ Hai, 05/10/2020 | 10:15\nHuyện ủy tổng kết công tác kết nạp đảng viên\n\n",
     "Huyện ủy tổng kết công tác kết nạp đảng viên", "2020-10-05"),
    ("Tiếp tục nâng cao năng lực hệ thống chính trị cơ sở\n\n", "Tiếp tục nâng cao năng lực hệ thống chính trị cơ sở", None),
    ("Kết nạp đảng viên trong học sinh, sinh viên\n2021-03-12T08:30:00+07:00\n\n",
     "Kết nạp đảng viên trong học sinh, sinh viên", "2021-03-12"),
    ("Thứ 6, 12/03/2021 08:30 GMT+7\nKết nạp đảng viên trong học sinh, sinh viên\n\n",
     "Kết nạp đảng viên trong học sinh, sinh viên", "2021-03-12"),
    ("Kết nạp đảng viên trong học sinh, sinh viên\nThứ Sáu, 12/03/2021, 08:30 (GMT+7)\n\n",
     "Kết nạp đảng viên trong học sinh, sinh viên", "2021-03-12"),
])
def test_dateline_formats(header, title, date):
    assert read_dateline(header + BODY) == (title, date)


def test_a_date_inside_the_body_is_not_the_publication_date():
    text = BODY + "\nNgày 19/8/2009 Ban Thường vụ Tỉnh ủy ban hành Nghị quyết số 09-NQ/TU."
    assert read_dateline(text)[1] is None


def test_impossible_date_is_ignored():
    assert read_dateline("Tiêu đề bài viết về Đảng bộ\n31/02/2020 10:00\n\n" + BODY)[1] is None


# The forms news sites print, on headers written for the purpose (other sites, other dates).
NEWS_SITE_HEADERS = [
    ("Đảng bộ huyện Krông Pắc kết nạp 212 đảng viên mới\nCập nhật lúc 08:05, Thứ Năm, 07/03/2019 (GMT+7)\n",
     "Đảng bộ huyện Krông Pắc kết nạp 212 đảng viên mới", "2019-03-07"),
    ("Sơ kết công tác xây dựng Đảng quý I\n\nĐăng lúc: 16:42:07 28/03/2021 (GMT+7)\n",
     "Sơ kết công tác xây dựng Đảng quý I", "2021-03-28"),
    ("Tân Uyên tổng kết công tác kiểm tra, giám sát\n\nChủ nhật, 05/01/2020, 07:30 [GMT+7]\n",
     "Tân Uyên tổng kết công tác kiểm tra, giám sát", "2020-01-05"),
    ("Print Thứ Sáu, 09/10/2015 14:47 Gốc\n", None, "2015-10-09"),
    ("Cập nhật lúc: 06:10, 31/05/2018 [GMT+7]\n.\n\nThành lập chi bộ trong doanh nghiệp tư nhân\n",
     "Thành lập chi bộ trong doanh nghiệp tư nhân", "2018-05-31"),
    ("Thứ Bảy, 3 tháng 5, 2014\n\nSóc Trăng chăm lo phát triển đảng viên người dân tộc\n",
     "Sóc Trăng chăm lo phát triển đảng viên người dân tộc", "2014-05-03"),
    ("Chi bộ thôn Bản Vược sinh hoạt chuyên đề\nTháng Bảy 15, 2014\n",
     "Chi bộ thôn Bản Vược sinh hoạt chuyên đề", "2014-07-15"),
    ("Chi bộ thôn Bản Vược sinh hoạt chuyên đề\n4 Tháng Mười Một, 2017 - 10:05 CH\n",
     "Chi bộ thôn Bản Vược sinh hoạt chuyên đề", "2017-11-04"),
    ("Ninh Bình kỷ luật 35 đảng viên trong 6 tháng\n\n11/08/2021 | 09:12 SA\n",
     "Ninh Bình kỷ luật 35 đảng viên trong 6 tháng", "2021-08-11"),
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12\nThu Trang\n14/07/2022 15:20 GMT+7\n",
     "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "2022-07-14"),
    ("Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12\nLê Thu Trang 14/07/2022 15:20 GMT+7\n",
     "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 12", "2022-07-14"),
    ("Xem với cỡ chữ\nBắc Kạn: Hội nghị giao ban công tác Đảng\nNgày đăng: 2019-11-20 10:15:33\n",
     "Bắc Kạn: Hội nghị giao ban công tác Đảng", "2019-11-20"),
]


@pytest.mark.parametrize("header, title, date", NEWS_SITE_HEADERS)
def test_news_site_datelines(header, title, date):
    test_dateline_formats(header, title, date)


def test_the_first_dateline_after_the_title_is_the_articles():
    # a related article's dateline under the first one belongs to that article
    header = ("Bình Phước kết nạp 1.500 đảng viên\n12/06/2023 08:00\nĐảng ủy xã Minh Hưng sơ kết\n"
              "01/06/2023 07:00\n")
    assert read_dateline(header + BODY)[1] == "2023-06-12"
    # the site's date bar above the headline gives way to the article's dateline under it
    header = "Thứ Tư, 14/06/2023\nTrang chủ\nBình Phước kết nạp 1.500 đảng viên\n12/06/2023 08:00\n"
    assert read_dateline(header + BODY)[1] == "2023-06-12"
    # with no dateline under the headline, the one just above it holds
    header = "25/12/2020 - 16:40\n\nĐảng bộ Quân sự tỉnh\n\nĐại hội Chi bộ Ban Chỉ huy Quân sự huyện\n"
    assert read_dateline(header + BODY)[1] == "2020-12-25"


@pytest.mark.parametrize("line", [
    "Sáng 14/1/2020, tại Hà Nội",                                # a lead with a place: body text
    "Kỷ niệm ngày 2/9/1945",                                     # a short headline about a date
    "Ngày 3/2/2020 Đảng bộ phường Tân Định kết nạp 9 đảng viên",  # a headline that starts with a date
])
def test_short_lines_with_a_date_are_not_datelines(line):
    assert read_dateline(line + "\n" + BODY)[1] is None


def test_a_short_body_line_with_a_date_after_a_long_line_is_body():
    text = "Chi bộ thôn Tà Lùng học tập nghị quyết\n" + BODY + "\nCập nhật lúc 09:00, 02/02/2022\n"
    assert read_dateline(text)[1] is None


def test_a_page_fragment_without_metadata_has_no_date_from_its_image_paths():
    from pipeline import ingest

    html = ('<p><strong>(BQT) - Đảng bộ tỉnh Quảng Trị có 593 tổ chức cơ sở đảng.</strong></p>'
            '<div><img src="http://example.vn/Uploads/images/2021/04/09/anh.jpg"></div>'
            '<p>Năm 2020, toàn Đảng bộ kết nạp 1.310 đảng viên mới, đạt 104% chỉ tiêu.</p>')
    raw = ingest.RawDocument(source="fragment.html", kind="html", data=html.encode("utf-8"))
    assert ingest.to_article(raw).published is None
