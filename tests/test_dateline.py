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
