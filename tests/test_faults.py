"""Faults of a batch run: a worker killed, a document that takes too long, Ctrl-C,
kill -9 of the run itself, an error mid-run. Every input document still ends as one
record or one error line, and no worker process outlives the run."""
import json
import os
import signal
import subprocess
import sys
import threading
import time
from importlib.metadata import version
from pathlib import Path
from urllib.error import HTTPError
from urllib.parse import urlsplit
from urllib.request import urlopen

import psutil
import pytest

from pipeline import cli
from pipeline.ingest import IngestOptions, iter_documents
from pipeline.runner import DaskEngine, LocalEngine, RunConfig, extract_document, process_document, run
from pipeline.settings import ExtractSettings
from pipeline.sinks import JsonlSink

ROOT = Path(__file__).resolve().parent.parent
NO_ENTITIES = ExtractSettings(entities="none")


def article(i: int) -> str:
    """A short report of a commune Party committee, different for every i."""
    return (
        f"Đảng bộ xã Phước Hưng tổng kết công tác xây dựng Đảng năm {2015 + i % 9}\n"
        f"Năm {2015 + i % 9}, Đảng bộ xã Phước Hưng có {20 + i} chi bộ trực thuộc với {400 + 3 * i} đảng viên. "
        f"Ban Thường vụ Huyện ủy ban hành Kế hoạch số {i + 10}-KH/HU về phát triển đảng viên ở khu dân cư. "
        f"Trong năm, Đảng bộ kết nạp {15 + i} đảng viên mới, đạt {60 + i % 40}% chỉ tiêu. "
        "Các chi bộ giữ nền nếp sinh hoạt định kỳ và sinh hoạt chuyên đề hằng quý. "
        f"Phấn đấu đến cuối nhiệm kỳ có trên {70 + i % 25}% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ.\n"
    )


def write_corpus(root: Path, n: int, markers: dict[int, str] | None = None) -> list[Path]:
    """n articles 000.txt ...; markers[i] replaces article i by a line the test extractor obeys."""
    root.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = root / f"{i:03d}.txt"
        path.write_text((markers or {}).get(i, article(i)), encoding="utf-8")
        paths.append(path)
    return paths


def misbehaving_extractor(raw, nlp, options):
    """``process_document``, except for a file that starts with a marker:
    KILL: the worker process is killed (SIGKILL); STALL: it hangs inside one C call
    (nothing to interrupt between bytecodes); SPIN: it loops in Python."""
    head = Path(raw.path).read_bytes()[:5] if raw.path else b""
    if head.startswith(b"KILL"):
        os.kill(os.getpid(), signal.SIGKILL)
    if head.startswith(b"STALL"):
        time.sleep(3600)
    if head.startswith(b"SPIN"):
        while True:
            sum(range(1000))
    return process_document(raw, nlp, options)


def run_engine(engine, root: Path) -> tuple[list, list]:
    """(the inputs, the outcomes) of an engine over a folder, in chunks of 4."""
    raws = list(iter_documents([str(root)]))
    return raws, list(engine.run([raws[i:i + 4] for i in range(0, len(raws), 4)]))


def failures(outcomes) -> list[tuple[str, str]]:
    return [(Path(o.source).name, o.reason) for o in outcomes if not o.ok]


def worker_processes(parent: psutil.Process = None) -> list[psutil.Process]:
    """Live descendants that run documents: not multiprocessing's resource tracker or
    fork server (the processes forked from that server are workers)."""
    parent = parent or psutil.Process()
    found = []
    for child in parent.children(recursive=True):
        try:
            command = " ".join(child.cmdline())
            if child.status() == psutil.STATUS_ZOMBIE or "resource_tracker" in command:
                continue
            if "forkserver" in command and "forkserver" not in " ".join(child.parent().cmdline()):
                continue
            found.append(child)
        except psutil.NoSuchProcess:
            pass
    return found


def ignores_ctrl_c(process: psutil.Process) -> bool:
    """Whether SIGINT is ignored in that process (Linux: the SigIgn mask of /proc/PID/status)."""
    status = Path(f"/proc/{process.pid}/status").read_text()
    mask = int(next(line.split()[1] for line in status.splitlines() if line.startswith("SigIgn:")), 16)
    return bool(mask & (1 << (signal.SIGINT - 1)))


def assert_all_gone(processes: list[psutil.Process], within: float = 10.0) -> None:
    _, alive = psutil.wait_procs(processes, timeout=within)
    assert alive == [], f"still running: {[(p.pid, p.cmdline()) for p in alive]}"


# --------------------------------------------------------------------------- a worker dies

@pytest.mark.slow
def test_a_worker_killed_by_sigkill_costs_the_document_it_was_on(tmp_path):
    write_corpus(tmp_path, 14, {5: "KILL"})
    engine = LocalEngine(2, NO_ENTITIES, IngestOptions(), extractor=misbehaving_extractor)
    raws, outcomes = run_engine(engine, tmp_path)
    assert [o.source for o in outcomes] == [r.source for r in raws]     # all of them, in order
    assert failures(outcomes) == [("005.txt", "worker-crashed")]
    crashed = next(o for o in outcomes if not o.ok)
    assert "SIGKILL" in crashed.message
    assert worker_processes() == []


# --------------------------------------------------------------------------- --doc-timeout

@pytest.mark.slow
def test_a_document_stuck_in_a_worker_past_the_deadline_is_a_timeout(tmp_path):
    write_corpus(tmp_path, 14, {6: "STALL"})
    engine = LocalEngine(2, NO_ENTITIES, IngestOptions(), doc_timeout=0.5, extractor=misbehaving_extractor)
    raws, outcomes = run_engine(engine, tmp_path)
    assert [o.source for o in outcomes] == [r.source for r in raws]
    assert failures(outcomes) == [("006.txt", "timeout")]
    assert "--doc-timeout 0.5 s" in next(o for o in outcomes if not o.ok).message
    assert worker_processes() == []


def test_a_slow_document_in_this_process_is_a_timeout_and_the_run_goes_on(tmp_path):
    write_corpus(tmp_path, 5, {1: "SPIN"})
    engine = LocalEngine(1, NO_ENTITIES, IngestOptions(), doc_timeout=0.3, extractor=misbehaving_extractor)
    raws, outcomes = run_engine(engine, tmp_path)
    assert [o.source for o in outcomes] == [r.source for r in raws]
    assert failures(outcomes) == [("001.txt", "timeout")]


def test_the_deadline_works_in_a_task_thread_as_dask_runs_it(tmp_path):
    spin, fast = write_corpus(tmp_path, 2, {0: "SPIN"})
    raw_spin, raw_fast = iter_documents([str(spin), str(fast)])
    got = []

    def task() -> None:
        for raw in (raw_spin, raw_fast):
            got.append(extract_document(raw, NO_ENTITIES, IngestOptions(), 0.3, misbehaving_extractor))
        time.sleep(0.5)   # past the second document's deadline: nothing may fire late
        got.append("still here")

    thread = threading.Thread(target=task)
    thread.start()
    thread.join(timeout=60)
    assert [g if isinstance(g, str) else g.reason for g in got] == ["timeout", None, "still here"]


# --------------------------------------------------------------------------- no worker outlives the run

@pytest.mark.slow
def test_no_worker_outlives_a_run_ended_by_an_error(tmp_path, monkeypatch):
    root = tmp_path / "in"
    write_corpus(root, 16)
    written = []

    def full_disk(self, text):
        if len(written) == 3:
            raise OSError(28, "No space left on device")
        written.append(text)

    monkeypatch.setattr(JsonlSink, "write_json", full_disk)
    with pytest.raises(OSError):
        run(RunConfig(paths=[str(root)], output=str(tmp_path / "facts.jsonl"), jobs=2, settings=NO_ENTITIES),
            stderr=open(os.devnull, "w"))
    assert worker_processes() == []


# --------------------------------------------------------------------------- the command line, as a user runs it

def start_extract(root: Path, out: Path, *extra) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "extract", str(root), "-o", str(out), "--quiet",
                             *extra], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)   # its own process group, as a shell job


def lines_of(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


def wait_for_lines(proc: subprocess.Popen, out: Path, n: int) -> list[psutil.Process]:
    """Wait until the run has written n lines; its worker processes then."""
    deadline = time.monotonic() + 180
    while lines_of(out) < n and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before the test could act: make the corpus bigger"
    return worker_processes(psutil.Process(proc.pid))


def read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def reap(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)


@pytest.fixture()
def corpus(tmp_path) -> tuple[Path, int]:
    root = tmp_path / "in"
    write_corpus(root, 80)
    return root, 80


@pytest.mark.slow
def test_a_worker_killed_from_outside_costs_one_document_and_the_run_completes(corpus, tmp_path):
    root, documents = corpus
    out = tmp_path / "facts.jsonl"
    proc = start_extract(root, out, "-j", "2")
    try:
        workers = wait_for_lines(proc, out, 5)
        workers[0].send_signal(signal.SIGKILL)
        assert proc.wait(timeout=300) == 0
        stderr = proc.stderr.read()
    finally:
        reap(proc)
    records, errors = read_jsonl(out), read_jsonl(out.with_suffix(".errors.jsonl"))
    assert len(records) + len(errors) == documents
    assert {e["error"] for e in errors} <= {"worker-crashed"} and len(errors) <= 1
    assert "Traceback" not in stderr


@pytest.mark.slow
def test_ctrl_c_ends_the_run_with_one_line_and_no_worker_left(corpus, tmp_path):
    root, documents = corpus
    out = tmp_path / "facts.jsonl"
    proc = start_extract(root, out, "-j", "2")
    try:
        workers = wait_for_lines(proc, out, 5)
        assert len(workers) == 2 and all(ignores_ctrl_c(w) for w in workers)
        os.killpg(proc.pid, signal.SIGINT)   # what Ctrl-C in a terminal does: the whole foreground group
        assert proc.wait(timeout=60) == 130
        stderr = proc.stderr.read()
    finally:
        reap(proc)
    assert stderr.splitlines() == ["vnfacts extract: interrupted; whole lines are kept, continue with --resume"]
    assert_all_gone(workers, within=5)
    assert 5 <= len(read_jsonl(out)) < documents


@pytest.mark.slow
def test_kill_9_of_the_run_leaves_whole_lines_and_no_worker(corpus, tmp_path):
    # That --resume then completes the run: test_cli_extract.test_killed_run_resumes_...
    root, documents = corpus
    out = tmp_path / "facts.jsonl"
    proc = start_extract(root, out, "-j", "2")
    try:
        workers = wait_for_lines(proc, out, 5)
        os.kill(proc.pid, signal.SIGKILL)    # the run itself only, as `kill -9 PID`
        proc.wait(timeout=30)
        assert_all_gone(workers)             # they notice by themselves
    finally:
        reap(proc)
    assert out.read_bytes().endswith(b"\n") and 5 <= len(read_jsonl(out)) < documents   # whole lines only


@pytest.mark.slow
def test_ctrl_c_on_a_dask_run_ends_with_one_line(corpus, tmp_path):
    root, _ = corpus
    out = tmp_path / "facts.jsonl"
    proc = start_extract(root, out, "-j", "1", "--engine", "dask")
    try:
        workers = wait_for_lines(proc, out, 2)
        assert workers and all(ignores_ctrl_c(w) for w in workers)   # Ctrl-C is for the run to act on
        os.killpg(proc.pid, signal.SIGINT)
        assert proc.wait(timeout=60) == 130
        stderr = proc.stderr.read()
    finally:
        reap(proc)
    assert stderr.splitlines() == ["vnfacts extract: interrupted; whole lines are kept, continue with --resume"]
    assert_all_gone(workers)


@pytest.mark.slow
def test_a_local_dask_cluster_opens_no_dashboard():
    client, cluster = DaskEngine(1, NO_ENTITIES, IngestOptions())._connect()
    try:
        listening = [c.laddr for p in [psutil.Process(), *psutil.Process().children(recursive=True)]
                     for c in p.net_connections(kind="inet") if c.status == psutil.CONN_LISTEN]
        assert listening and all(a.ip == "127.0.0.1" for a in listening)
        assert 8787 not in {a.port for a in listening}
        http = urlsplit(cluster.dashboard_link)
        for page in ("/status", "/health", "/info/main/workers.html", "/metrics"):
            with pytest.raises(HTTPError) as served:
                urlopen(f"http://{http.netloc}{page}", timeout=10)
            assert served.value.code == 404, page
    finally:
        client.close()
        cluster.close()


# --------------------------------------------------------------------------- flags

def test_version(capsys):
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.split() == ["vnfacts", version("vnfacts")]


class Captured(Exception):
    """What the fake run raises once it has the RunConfig: the run stops there."""


@pytest.fixture()
def captured_config(monkeypatch, tmp_path):
    """cli.main(extract ...) without running: (exit status, or None when it got to the
    run; the RunConfigs it would have run)."""
    got = []

    def fake_run(config):
        got.append(config)
        raise Captured

    monkeypatch.setattr(cli, "run", fake_run)   # the name the command line calls
    (tmp_path / "a.txt").write_text(article(1), encoding="utf-8")

    def extract(*args) -> tuple:
        try:
            return cli.main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), *args]), got
        except Captured:
            return None, got

    return extract


def test_scheduler_implies_the_dask_engine(captured_config):
    _, got = captured_config("--scheduler", "tcp://10.1.2.3:8786")
    assert (got[0].engine, got[0].scheduler) == ("dask", "tcp://10.1.2.3:8786")


def test_scheduler_with_the_local_engine_is_refused(captured_config, capsys):
    code, got = captured_config("--scheduler", "tcp://10.1.2.3:8786", "--engine", "local")
    assert (code, got) == (2, [])
    assert "--scheduler" in capsys.readouterr().err


def test_doc_timeout_defaults_to_120_seconds(captured_config):
    assert captured_config()[1][0].doc_timeout == 120
    assert captured_config("--doc-timeout", "2.5")[1][1].doc_timeout == 2.5


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon"])
def test_doc_timeout_must_be_seconds(captured_config, value):
    with pytest.raises(SystemExit) as done:
        captured_config("--doc-timeout", value)
    assert done.value.code == 2


@pytest.mark.slow
def test_the_pool_goes_on_after_a_slow_document_held_the_head_of_its_window(tmp_path):
    # Document 3 spins until its deadline while the other worker finishes every document
    # the window lets in; its outcome then completes all that was given out. The pool
    # must read the next jobs, not wait for a message no worker will send.
    write_corpus(tmp_path, 60, {3: "SPIN"})
    engine = LocalEngine(2, NO_ENTITIES, IngestOptions(), doc_timeout=3.0, extractor=misbehaving_extractor)
    box: dict = {}
    runner = threading.Thread(target=lambda: box.update(result=run_engine(engine, tmp_path)), daemon=True)
    runner.start()
    runner.join(timeout=180)
    assert not runner.is_alive(), "the pool stopped giving out documents"
    raws, outcomes = box["result"]
    assert [o.source for o in outcomes] == [r.source for r in raws]
    assert failures(outcomes) == [("003.txt", "timeout")]
