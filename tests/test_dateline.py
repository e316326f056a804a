"""Title and publication date from article headers, in the formats scraped sites use:
the headers are in tests/cases/datelines.jsonl; here a page read through ingest."""
from pipeline import ingest


def test_a_page_fragment_without_metadata_has_no_date_from_its_image_paths():
    html = ('<p><strong>(BQT) - Đảng bộ tỉnh Quảng Trị có 593 tổ chức cơ sở đảng.</strong></p>'
            '<div><img src="http://example.vn/Uploads/images/2021/04/09/anh.jpg"></div>'
            '<p>Năm 2020, toàn Đảng bộ kết nạp 1.310 đảng viên mới, đạt 104% chỉ tiêu.</p>')
    raw = ingest.RawDocument(source="fragment.html", kind="html", data=html.encode("utf-8"))
    assert ingest.to_article(raw).published is None
