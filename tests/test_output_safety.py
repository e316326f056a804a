"""Nothing the user has is lost: existing outputs are kept unless --resume or
--overwrite, every output path is checked before any is opened, .gz outputs are
gzip (resumable, loadable), and a full disk or a closed pipe ends in one line."""
import gzip
import json
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

import pipeline
from pipeline import cli
from pipeline.sinks import JsonlSink, OutputRefused, check_outputs, errors_path_for, read_lines, truncate_partial_line

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "quang_tri.txt": "Đảng bộ huyện Hải Lăng có 52 tổ chức cơ sở đảng với 3.120 đảng viên.",
    "lai_chau.txt": "Năm 2023, Đảng bộ tỉnh Lai Châu kết nạp 1.045 đảng viên mới.",
    "blank.txt": " \n\n ",
}


def corpus(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def extract(*args) -> int:
    """vnfacts extract in this process (one worker, models cached)."""
    return cli.main(["extract", *map(str, args), "-j", "1", "--entities", "none", "--quiet"])


def jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in read_lines(str(path))]


# -- existing outputs ---------------------------------------------------------------

def test_an_existing_output_is_refused_untouched(tmp_path, capsys):
    out = tmp_path / "facts.jsonl"
    out.write_text('{"doc_id": "kept from a long run"}\n', encoding="utf-8")
    assert extract(corpus(tmp_path / "in"), "-o", out) == 2
    assert out.read_text(encoding="utf-8") == '{"doc_id": "kept from a long run"}\n'
    assert not (tmp_path / "facts.errors.jsonl").exists()
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and "--resume" in err[0] and "--overwrite" in err[0] and str(out) in err[0]


def test_an_existing_errors_file_is_refused_too(tmp_path, capsys):
    out, errors = tmp_path / "facts.jsonl", tmp_path / "facts.errors.jsonl"
    errors.write_text('{"source": "old.txt", "error": "blank", "message": "m"}\n', encoding="utf-8")
    assert extract(corpus(tmp_path / "in"), "-o", out) == 2
    assert not out.exists() and errors.read_text(encoding="utf-8").startswith('{"source": "old.txt"')


def test_overwrite_replaces_and_resume_appends(tmp_path):
    root, out = corpus(tmp_path / "in"), tmp_path / "facts.jsonl"
    out.write_text('{"doc_id": "old"}\n', encoding="utf-8")
    assert extract(root, "-o", out, "--overwrite") == 0
    assert sorted(r["doc_id"] for r in jsonl(out)) == sorted(str(root / n) for n in ("quang_tri.txt", "lai_chau.txt"))
    (root / "son_la.txt").write_text("Đảng bộ tỉnh Sơn La có 698 tổ chức cơ sở đảng.", encoding="utf-8")
    assert extract(root, "-o", out, "--resume") == 0
    assert len(jsonl(out)) == 3 and len(jsonl(tmp_path / "facts.errors.jsonl")) == 1


def test_resume_and_overwrite_together_are_refused(tmp_path):
    assert extract(corpus(tmp_path / "in"), "-o", tmp_path / "f.jsonl", "--resume", "--overwrite") == 2
    assert not (tmp_path / "f.jsonl").exists()


# -- every path checked before any is opened -----------------------------------------

@pytest.mark.parametrize("bad_errors", ["/proc/vnfacts-e.jsonl", "{tmp}/a_file/e.jsonl", "{tmp}"])
def test_an_unwritable_errors_path_leaves_the_output_as_it_was(tmp_path, capsys, bad_errors):
    out = tmp_path / "keep.jsonl"
    out.write_text('{"doc_id": "a"}\n{"doc_id": "b"}\n', encoding="utf-8")
    (tmp_path / "a_file").write_text("not a folder", encoding="utf-8")
    errors = bad_errors.format(tmp=tmp_path)
    assert extract(corpus(tmp_path / "in"), "-o", out, "--errors", errors, "--overwrite") == 2
    assert out.read_text(encoding="utf-8") == '{"doc_id": "a"}\n{"doc_id": "b"}\n'
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and errors in err[0]


def test_the_output_and_errors_file_cannot_be_one_file(tmp_path):
    with pytest.raises(OutputRefused, match="same file"):
        check_outputs([str(tmp_path / "x.jsonl"), str(tmp_path / "." / "x.jsonl")])
    check_outputs(["/dev/null", "/dev/null"])     # devices are shared freely


# -- gzip ---------------------------------------------------------------------------

def test_gz_output_is_gzip_with_its_errors_file_beside_it_and_loads(tmp_path):
    root, out = corpus(tmp_path / "in"), tmp_path / "facts.jsonl.gz"
    assert errors_path_for(str(out)) == str(tmp_path / "facts.errors.jsonl.gz")
    assert extract(root, "-o", out) == 0
    errors = tmp_path / "facts.errors.jsonl.gz"
    with gzip.open(out, "rt", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    with gzip.open(errors, "rt", encoding="utf-8") as f:
        (error,) = [json.loads(line) for line in f]
    assert len(records) == 2 and error["error"] == "blank"

    (root / "son_la.txt").write_text("Đảng bộ tỉnh Sơn La có 698 tổ chức cơ sở đảng.", encoding="utf-8")
    assert extract(root, "-o", out, "--resume") == 0
    with gzip.open(out, "rt", encoding="utf-8") as f:   # two gzip members, one stream
        assert len(f.readlines()) == 3

    db = tmp_path / "facts.duckdb"
    with pipeline.open_db(db, read_only=False) as store:
        report = store.load([out, errors])
    assert (report.records, report.error_lines, report.errors) == (3, 1, [])


def test_a_gz_file_cut_by_a_kill_resumes_from_its_whole_lines(tmp_path):
    path = str(tmp_path / "facts.jsonl.gz")
    sink = JsonlSink(path)
    for i in range(3):
        sink.write_json(json.dumps({"doc_id": f"d{i}", "source": f"{i}.txt"}))
    sink._file.write(zlib.compressobj().compress(b"x" * 10))   # what a kill leaves: no gzip trailer
    sink._file.flush()
    with pytest.raises(EOFError):
        with gzip.open(path, "rb") as f:
            f.read()
    assert [json.loads(x)["doc_id"] for x in read_lines(path)] == ["d0", "d1", "d2"]
    truncate_partial_line(path)
    with gzip.open(path, "rb") as f:
        assert f.read().count(b"\n") == 3
    sink = JsonlSink(path, append=True)
    sink.write_json('{"doc_id": "d3"}')
    sink.close()
    with gzip.open(path, "rb") as f:
        assert [json.loads(x)["doc_id"] for x in f] == ["d0", "d1", "d2", "d3"]


def test_load_reads_an_old_plain_file_named_gz(tmp_path):
    """Earlier versions wrote plain JSON under a .gz name: such files still load."""
    out = tmp_path / "old.jsonl"
    assert extract(corpus(tmp_path / "in"), "-o", out) == 0
    renamed = out.rename(tmp_path / "old.jsonl.gz")
    with pipeline.open_db(tmp_path / "s.duckdb", read_only=False) as store:
        report = store.load([renamed])
    assert (report.records, report.errors) == (2, [])


# -- full disk, closed pipe ------------------------------------------------------------

def vnfacts_extract(*args, **kw):
    return subprocess.run([sys.executable, "-m", "pipeline", "extract", *map(str, args), "-j", "1",
                           "--entities", "none"], cwd=ROOT, capture_output=True, timeout=300, **kw)


@pytest.mark.slow
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_disk_is_one_line_naming_the_output(tmp_path):
    root = corpus(tmp_path / "in")
    (root / "blank.txt").unlink()
    done = vnfacts_extract(root, "-o", "/dev/full", "--errors", tmp_path / "e.jsonl")
    assert done.returncode == 1
    assert done.stderr.decode().splitlines() == ["vnfacts extract: cannot write /dev/full: No space left on device"]


@pytest.mark.slow
def test_a_closed_pipe_is_one_line(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    for i in range(40):   # more than a pipe buffer of records
        (root / f"{i:02d}.txt").write_text(
            f"Đảng bộ xã Tân Lập số {i} có {i + 20} đảng viên. " + "Xây dựng Đảng trong sạch vững mạnh. " * 60,
            encoding="utf-8")
    reader = "import sys; sys.stdin.buffer.readline()"      # reads one record, then closes the pipe
    extractor = subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(root), "-o", "-", "-j", "1",
                                  "--entities", "none"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    subprocess.run([sys.executable, "-c", reader], stdin=extractor.stdout, timeout=300)
    extractor.stdout.close()
    err = extractor.stderr.read().decode()
    assert extractor.wait(timeout=300) != 0
    assert err.splitlines() == ["vnfacts extract: stdout was closed by the reader (broken pipe) "
                                "before the run finished"], err
