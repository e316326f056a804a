"""The store says what happened: loads that replace another source's record or store
one text under two doc_ids warn; preset parameters match without diacritics and
refuse values an enum does not have; query and export outputs are named by their
extension and never overwrite a file unasked."""
import json
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

import pipeline
from pipeline.records import ArticleRecord, Count
from pipeline.store import RequestRefused

ROOT = Path(__file__).resolve().parent.parent
TEXT_HT = "Đảng bộ tỉnh Hà Tĩnh kết nạp 2.315 đảng viên mới trong năm 2022."
TEXT_TH = "Năm 2021, Đảng bộ tỉnh Thanh Hoá kết nạp 6.120 đảng viên."


def count(text: str, surface: str, value: int, subject: str) -> Count:
    start = text.index(surface)
    return Count(text=surface, start=start, end=start + len(surface), value=value, unit="đảng viên",
                 category="member", event="admitted", subject=subject, kind="achieved")


def record(doc_id: str, source: str, text: str, sha1: str, counts=()) -> ArticleRecord:
    return ArticleRecord(doc_id=doc_id, source=source, text_chars=len(text), text_sha1=sha1,
                         published="2023-01-10", counts=list(counts))


def write(path: Path, *records) -> Path:
    path.write_text("".join(r.model_dump_json() + "\n" for r in records), encoding="utf-8")
    return path


def load(db: Path, *files):
    with pipeline.open_db(db, read_only=False) as store:
        return store.load(files)


HT = record("ht-2022", "crawl-a/ha_tinh.txt", TEXT_HT, "a1" * 20,
            [count(TEXT_HT, "kết nạp 2.315 đảng viên mới", 2315, "Đảng bộ tỉnh Hà Tĩnh")])
TH = record("th-2021", "crawl-a/thanh_hoa.txt", TEXT_TH, "b2" * 20,
            [count(TEXT_TH, "kết nạp 6.120 đảng viên", 6120, "Đảng bộ tỉnh Thanh Hoá")])


# -- load warnings --------------------------------------------------------------------

def test_a_record_from_another_source_replacing_one_warns(tmp_path):
    db = tmp_path / "s.duckdb"
    assert load(db, write(tmp_path / "a.jsonl", HT, TH)).warnings == []
    other = HT.model_copy(update={"source": "crawl-b/bai-viet-2315.html", "title": "Kết nạp đảng viên"})
    report = load(db, write(tmp_path / "b.jsonl", other))
    (warning,) = report.warnings
    assert (warning.file, warning.line) == (str(tmp_path / "b.jsonl"), 1)
    assert "'ht-2022'" in str(warning) and "crawl-b/bai-viet-2315.html" in str(warning) \
        and "crawl-a/ha_tinh.txt" in str(warning)
    assert report.replaced == 1


def test_same_doc_id_twice_in_one_load_from_two_sources_warns(tmp_path):
    other = HT.model_copy(update={"source": "crawl-b/ha_tinh.html"})
    report = load(tmp_path / "s.duckdb", write(tmp_path / "a.jsonl", HT, other))
    assert [w.line for w in report.warnings] == [2]


def test_the_same_text_under_another_doc_id_warns(tmp_path):
    db = tmp_path / "s.duckdb"
    load(db, write(tmp_path / "a.jsonl", HT, TH))
    copy = HT.model_copy(update={"doc_id": "mirror-77", "source": "mirror/77.txt"})
    report = load(db, write(tmp_path / "b.jsonl", copy))
    (warning,) = report.warnings
    assert "'ht-2022', 'mirror-77'" in str(warning) and warning.line == 1
    assert report.new == 1          # still loaded: the warning says, the store keeps both
    assert load(db, tmp_path / "b.jsonl").warnings == []   # nothing new loaded, nothing to say


def test_reloading_the_same_records_is_quiet(tmp_path):
    db = tmp_path / "s.duckdb"
    first = write(tmp_path / "a.jsonl", HT, TH)
    assert load(db, first).warnings == [] and load(db, first).warnings == []


def test_load_prints_warnings_on_stderr_and_exits_0(tmp_path):
    db = tmp_path / "s.duckdb"
    load(db, write(tmp_path / "a.jsonl", HT))
    other = write(tmp_path / "b.jsonl", HT.model_copy(update={"doc_id": "ht-copy", "source": "b.txt"}))
    done = subprocess.run([sys.executable, "-m", "pipeline", "load", str(other), "--db", str(db), "--strict"],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert done.returncode == 0
    assert done.stderr.splitlines() == [
        f"{other}:1: warning: the same text (text_sha1 {'a1' * 6}…) is stored under doc_ids 'ht-2022', 'ht-copy'"]
    assert "1 warning(s)" in done.stdout


# -- preset parameters ---------------------------------------------------------------------

@pytest.fixture
def store(tmp_path) -> Path:
    db = tmp_path / "facts.duckdb"
    load(db, write(tmp_path / "facts.jsonl", HT, TH))
    return db


@pytest.mark.parametrize("organization, doc_ids", [
    ("Ha Tinh", ["ht-2022"]),            # no diacritics
    ("ha tinh", ["ht-2022"]),
    ("Hà Tĩnh", ["ht-2022"]),
    ("Thanh Hóa", ["th-2021"]),          # new tone placement finds the old "Hoá"
    ("thanh hoa", ["th-2021"]),
    ("Hà Tình", []),                     # diacritics given are diacritics meant
])
def test_text_parameters_match_without_diacritics_and_across_tone_styles(store, organization, doc_ids):
    with pipeline.open_db(store) as db:
        got = db.preset("counts_over_time", organization=organization)
    assert list(got.doc_id) == doc_ids


def test_an_enum_parameter_with_an_unknown_value_lists_the_allowed_ones(store):
    with pipeline.open_db(store) as db:
        with pytest.raises(RequestRefused, match=r"event must be one of admitted, .*expelled.*, none \(got 'bogus'\)"):
            db.preset("counts_over_time", event="bogus")
        with pytest.raises(RequestRefused, match="organization, member"):
            db.preset("counts_over_time", category="members")
        assert len(db.preset("counts_over_time", event="admitted")) == 2
        assert len(db.preset("counts_over_time", event="none")) == 0


def vnfacts(*args):
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8")


def test_unknown_enum_value_from_the_command_line_is_one_line_exit_2(store):
    done = vnfacts("query", "--preset", "counts_over_time", "--param", "event=bogus", "--db", store)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "admitted" in done.stderr


# -- query and export outputs --------------------------------------------------------------

SQL = "SELECT doc_id, value FROM counts ORDER BY doc_id"


@pytest.mark.parametrize("name", ["x.parquet", "x.json", "x.csv"])
def test_query_output_format_comes_from_the_extension(store, tmp_path, name):
    out = tmp_path / name
    done = vnfacts("query", SQL, "--db", store, "-o", out)
    assert done.returncode == 0, done.stderr
    if name.endswith(".parquet"):
        assert pq.read_table(out).to_pylist() == [{"doc_id": "ht-2022", "value": 2315},
                                                  {"doc_id": "th-2021", "value": 6120}]
    elif name.endswith(".json"):
        assert [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()] == [
            {"doc_id": "ht-2022", "value": 2315}, {"doc_id": "th-2021", "value": 6120}]
    else:
        assert out.read_text(encoding="utf-8").splitlines() == ["doc_id,value", "ht-2022,2315", "th-2021,6120"]


def test_query_does_not_overwrite_a_file_unasked(store, tmp_path):
    out = tmp_path / "answer.csv"
    out.write_text("a table someone made by hand\n", encoding="utf-8")
    done = vnfacts("query", SQL, "--db", store, "-o", out)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "--overwrite" in done.stderr
    assert out.read_text(encoding="utf-8") == "a table someone made by hand\n"
    assert vnfacts("query", SQL, "--db", store, "-o", out, "--overwrite").returncode == 0
    assert out.read_text(encoding="utf-8").startswith("doc_id,value")


def test_export_onto_an_existing_file_is_one_line_exit_2(store, tmp_path):
    target = tmp_path / "facts.parquet"
    target.write_bytes(b"PAR1 someone's file")
    done = vnfacts("export", "--db", store, "--parquet", target)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1 and "Traceback" not in done.stderr
    assert target.read_bytes() == b"PAR1 someone's file"


def test_export_keeps_existing_table_files_unless_overwrite(store, tmp_path):
    folder = tmp_path / "pq"
    folder.mkdir()
    (folder / "counts.parquet").write_bytes(b"an earlier export")
    done = vnfacts("export", "--db", store, "--parquet", folder)
    assert done.returncode == 2 and len(done.stderr.splitlines()) == 1
    assert sorted(p.name for p in folder.iterdir()) == ["counts.parquet"]
    assert vnfacts("export", "--db", store, "--parquet", folder, "--overwrite").returncode == 0
    assert pq.read_table(folder / "counts.parquet").num_rows == 2


def test_a_parameter_with_declared_values_refuses_others(store):
    declared = [(name, pname, spec["values"]) for name, preset in pipeline.store.presets().items()
                for pname, spec in preset.get("params", {}).items() if spec.get("values")]
    if not declared:
        pytest.skip("no preset declares its parameter values")
    name, pname, values = declared[0]
    with pipeline.open_db(store) as db:
        with pytest.raises(RequestRefused, match=", ".join(values)):
            db.preset(name, **{pname: "bogus"})
