"""The batch runner behind ``vnfacts extract``: inputs → workers → records, in input order.

Data flow, streaming end to end (memory stays flat as the corpus grows):

1. ``ingest.iter_documents`` yields one ``RawDocument`` per input document
   (cheap: paths and JSONL lines), grouped into small chunks.
2. An engine runs ``extract_document`` on each document: reading, decoding,
   HTML extraction and the spaCy pipeline, each document giving one ``Outcome``
   (a record's JSON, or an error reason) within ``--doc-timeout`` seconds
   (else a ``timeout`` error). A bounded window of documents is in flight;
   outcomes are yielded in input order.

   * ``local``: ``-j N`` worker processes of our own (``_Pool``: on Linux forked
     from this process once it has loaded the models, elsewhere spawned, each
     loading them once; a pipe per worker, so the parent knows the document each
     worker is on); in this process for ``-j 1`` or when the input is a couple
     of chunks. A worker that dies (segfault, OOM kill, SIGKILL) costs the one
     document it was on (``worker-crashed``) and is replaced; a worker whose
     document runs past the deadline is killed (``timeout``) and replaced. The
     workers are killed when the run ends, however it ends, and exit by
     themselves if the parent dies. (Not ``concurrent.futures``: it cannot say
     which document killed a worker, cannot stop a running task, and its
     ``shutdown(wait=False)`` leaves a manager thread that races the interpreter's
     exit hook on the wake-up pipe: the "Bad file descriptor" traceback.)
   * ``dask``: ``process_chunk`` on Dask distributed (``--scheduler`` address,
     else a ``LocalCluster`` of processes without a dashboard), submitted in the
     same bounded, ordered window. Files are read here and shipped as bytes, so
     workers need not see this machine's disk; models load once per worker
     (``pipeline.language.load`` is cached per process, warmed by ``client.run``).
     The deadline there is ``Deadline`` only (a task thread cannot be killed).

3. This process de-duplicates (same doc_id and text, or same NFC text by
   SHA-1: the first in input order is kept, later ones become "duplicate"
   error lines; the same doc_id with another text is an "id-conflict" error
   line naming both inputs) and writes each outcome as one flushed line to the output or the errors
   file: records + error lines = input documents.

``--resume`` reads both files (after cutting a partial last line), skips
every input document already written (by source and line) and seeds the
duplicate check with the doc_ids and text hashes of the records there.
"""
from __future__ import annotations

import ctypes
import gc
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import forkserver
from multiprocessing.connection import wait
from typing import Callable, Iterable, Iterator, Optional

from tqdm import tqdm

from .article import Article
from .ingest import IngestError, IngestOptions, RawDocument, input_name, iter_documents, load, to_article
from .errors import ErrorCode
from .records import FACT_MODELS, ErrorRecord
from .settings import ExtractSettings
from .sinks import JsonlSink, read_objects, truncate_partial_line

ENGINES = ("local", "dask")
CHUNK_SIZE = 4          # documents per task: small, so order and progress stay smooth
CHUNKS_PER_WORKER = 4   # tasks in flight per worker: keeps workers busy while the head waits
SMALL_INPUT_CHUNKS = 2  # inputs this small run in this process: a pool would take longer to start
DEFAULT_DOC_TIMEOUT = 120.0  # seconds one document may take (--doc-timeout)
HARD_TIMEOUT_MARGIN = 5.0    # the pool kills a worker this long after the worker's own deadline passed
PARENT_WATCH_SECONDS = 0.5   # how often a worker checks that the parent is alive
MAX_START_RETRIES = 3        # workers that may die while loading the models before the run gives up
# Workers are forked from this process after it has loaded the models (Linux: fork is
# safe there and the models are then loaded once, shared copy-on-write, however many
# workers start or are replaced); elsewhere each spawned worker loads them itself.
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"
DASK_LOCAL_CONFIG = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": [],
                     "distributed.worker.multiprocessing-method": "forkserver"}


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


# --------------------------------------------------------------------------- one document

@dataclass
class Outcome:
    """What one input document became: a record (``json``) or an error (``reason``)."""

    source: str
    line: Optional[int]
    doc_id: Optional[str] = None
    text_sha1: Optional[str] = None
    json: Optional[str] = None
    facts: Optional[dict] = None
    reason: Optional[ErrorCode] = None
    message: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.json is not None


def _failure(raw: RawDocument, reason: ErrorCode, message: str, doc_id: Optional[str] = None) -> Outcome:
    return Outcome(source=raw.source, line=raw.line, doc_id=doc_id, reason=reason, message=message)


def _one_line(exc: BaseException, limit: int = 300) -> str:
    text = " ".join(f"{type(exc).__name__}: {exc}".split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def process_document(raw: RawDocument, nlp, options: IngestOptions) -> Outcome:
    """Read, decode and extract one document; never raises for a bad document."""
    from .process import build_record  # spaCy: only in the processes that extract

    try:
        article = to_article(raw, options)
    except IngestError as e:
        return _failure(raw, e.reason, e.message, e.doc_id)
    except Exception as e:  # a reader bug must cost one document, not the run
        return _failure(raw, "unreadable", _one_line(e))
    try:
        record = build_record(article, nlp, with_text=options.with_text)
    except Exception as e:  # an extractor bug: report the document, go on
        return _failure(raw, "extract-failed", _one_line(e), article.doc_id)
    return Outcome(source=raw.source, line=raw.line, doc_id=record.doc_id, text_sha1=record.text_sha1,
                   json=record.model_dump_json(),
                   facts={f: len(getattr(record, f)) for f in FACT_MODELS})


class DocumentTimeout(BaseException):
    """Raised in the thread extracting a document that ran past --doc-timeout.

    A BaseException, so that the extractors' ``except Exception`` (a bug costs one
    document) cannot swallow it."""


class Deadline:
    """Raise DocumentTimeout in the calling thread once ``seconds`` have passed (None: never).

    Works in any thread (the in-process engine, Dask's task threads), but only between
    Python bytecodes: a document stuck inside one C call (a regular expression, the CRF)
    is stopped when that call returns. The local pool does not rely on it alone: it kills
    a worker whose document runs past the deadline (see ``_Pool``)."""

    def __init__(self, seconds: Optional[float]):
        self.seconds = seconds
        self.thread_id = threading.get_ident()
        self.lock = threading.Lock()
        self.armed = False
        self.timer: Optional[threading.Timer] = None

    def __enter__(self) -> "Deadline":
        if self.seconds:
            self.armed = True
            self.timer = threading.Timer(self.seconds, self._fire)
            self.timer.daemon = True
            self.timer.start()
        return self

    def _fire(self) -> None:
        with self.lock:
            if self.armed:
                self.armed = False
                _set_async_exc(self.thread_id, ctypes.py_object(DocumentTimeout))

    def __exit__(self, *exc) -> None:
        if self.timer is None:
            return
        with self.lock:
            self.timer.cancel()
            if not self.armed:   # fired: drop the exception if it has not been raised yet
                _set_async_exc(self.thread_id, None)
            self.armed = False


def _set_async_exc(thread_id: int, exc) -> None:
    ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(thread_id), exc)


def timeout_outcome(raw: RawDocument, seconds: float) -> Outcome:
    return _failure(raw, "timeout", f"extraction took longer than --doc-timeout {seconds:g} s")


def extract_document(raw: RawDocument, settings: ExtractSettings, options: IngestOptions, doc_timeout: Optional[float],
                     extractor: Callable = process_document) -> Outcome:
    """One document under its deadline: what every engine runs. ``extractor`` is
    ``process_document``; tests put a slow or crashing one in its place."""
    from .language import load  # spaCy and the models: only in the processes that extract

    nlp = load(settings)  # cached: loads once per process, not timed
    try:
        with Deadline(doc_timeout):
            return extractor(raw, nlp, options)
    except DocumentTimeout:
        return timeout_outcome(raw, doc_timeout)


def process_chunk(chunk: list[RawDocument], settings: ExtractSettings, options: IngestOptions,
                  doc_timeout: Optional[float] = None) -> list[Outcome]:
    """The Dask task: one Outcome per document, in order."""
    return [extract_document(raw, settings, options, doc_timeout) for raw in chunk]


# One short article through the whole pipeline: every model and table is loaded,
# those loaded on first use too (places, dictionaries), before the first document.
WARM_UP_TEXT = "Đảng bộ tỉnh Hà Giang có 12 chi bộ với 340 đảng viên, đạt 95% kế hoạch theo Nghị quyết số 05-NQ/TU."


def _warm_up(settings: ExtractSettings) -> str:
    from .language import load  # spaCy and the models: only in the processes that extract
    from .process import build_record  # spaCy: only in the processes that extract

    build_record(Article(text=WARM_UP_TEXT, doc_id="warm-up"), load(settings))
    return "ok"


def ready_process(settings: ExtractSettings) -> str:
    """Make this process ready to extract: the models loaded and warmed up (a model
    that does not load is left for the documents to report, each as its error), then
    everything alive frozen out of the garbage collector. The models, dictionaries and
    tables live as long as the process; unfrozen, every full collection walks all of
    them again (measured: about a tenth of a warm pass), and in forked workers it
    writes to their pages, so each worker would copy them."""
    try:
        _warm_up(settings)
    except Exception:
        pass
    gc.collect()  # what is garbage now is not frozen with the rest
    gc.freeze()
    return "ok"


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


def _numbered(chunks: Iterable[list]) -> Iterator[list[tuple[int, RawDocument]]]:
    """Each chunk as (input position, document) pairs."""
    seq = itertools.count()
    for chunk in chunks:
        yield [(next(seq), raw) for raw in chunk]


# --------------------------------------------------------------------------- worker processes

@contextmanager
def workers_ignore_ctrl_c() -> Iterator[None]:
    """Processes started in this block inherit an ignored SIGINT, so that a Ctrl-C in the
    terminal (sent to the whole process group) reaches only this process, which stops the
    workers, instead of making each of them print a KeyboardInterrupt traceback. Keep the
    block to the start of a process: a Ctrl-C pressed meanwhile is lost."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, handler)


def start_forkserver() -> None:
    """Start multiprocessing's fork server (if not yet running) with SIGINT ignored: the
    Dask workers forked from it inherit that (Dask starts them from its own thread, at
    moments this process does not see). The server exits with this process."""
    with workers_ignore_ctrl_c():
        forkserver.ensure_running()


def _exit_with_parent() -> None:
    """In a worker: exit as soon as the parent is gone (even by kill -9), never linger."""
    parent = os.getppid()

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(PARENT_WATCH_SECONDS)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True, name="vnfacts-parent-watch").start()


def _worker_main(conn, extractor: Callable, settings: ExtractSettings, options: IngestOptions,
                 doc_timeout: Optional[float]) -> None:
    """A worker process: load the models, say "ready", then answer each document of
    each job with ("done", Outcome) as soon as it is done, until told to stop (None).
    Ctrl-C is the parent's business: the parent stops the workers."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()
    try:
        _warm_up(settings)
    except Exception as e:
        conn.send(("failed", _one_line(e)))
        return
    gc.freeze()  # the models, out of the collector's walks (ready_process)
    try:
        conn.send(("ready", None))
        while (job := conn.recv()) is not None:
            for raw in job:
                conn.send(("done", extract_document(raw, settings, options, doc_timeout, extractor)))
    except (EOFError, OSError):  # the parent is gone
        pass


class WorkerStartError(RuntimeError):
    """The worker processes cannot start (their models do not load, ...)."""


class _Worker:
    """One worker process, the parent's end of its pipe, and the documents given to it:
    ``docs[0]`` is the one in progress, since ``since``."""

    def __init__(self, ctx, args: tuple):
        self.conn, child_end = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child_end, *args), daemon=True,
                                   name="vnfacts-worker")
        sys.stdout.flush()   # a forked child must not inherit (and write again) buffered output
        sys.stderr.flush()
        with workers_ignore_ctrl_c():
            self.process.start()
        child_end.close()
        self.ready = False
        self.gone = False            # found dead when given a job
        self.docs: deque = deque()   # (seq, RawDocument) given and not yet answered
        self.since = 0.0

    @property
    def idle(self) -> bool:
        return self.ready and not self.docs and not self.gone

    def give(self, job: list) -> None:
        self.docs.extend(job)
        self.since = time.monotonic()
        self.conn.send([raw for _, raw in job])

    def died_how(self) -> str:
        self.process.join(timeout=5)
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit status {code}"

    def stop(self) -> None:
        """Kill the process now and wait for it: nothing of a run outlives it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


class _Pool:
    """``jobs`` worker processes fed jobs of numbered documents; outcomes by number.

    The parent knows which document each worker is on, so a worker that dies
    (segfault, out of memory, SIGKILL) costs exactly that document (``worker-crashed``),
    and a document running past the deadline is stopped by killing its worker
    (``timeout``) even inside a C call; the rest of the worker's job goes back to the
    queue and a new worker takes its place."""

    def __init__(self, jobs: int, args: tuple, doc_timeout: Optional[float]):
        self.ctx = multiprocessing.get_context(START_METHOD)
        self.args = args
        self.doc_timeout = doc_timeout
        self.queue: deque = deque()   # jobs waiting for a worker; given back ones go first
        self.done: dict = {}          # seq → Outcome, waiting for its turn in input order
        self.start_failures = 0
        self.jobs = jobs
        self.workers: list[_Worker] = []

    def start(self) -> None:
        if START_METHOD == "fork":
            self._load_before_fork()
        while len(self.workers) < self.jobs:
            self.workers.append(_Worker(self.ctx, self.args))

    def _load_before_fork(self) -> None:
        """Load the models here once, so that forked workers start ready (``-j N`` pays
        the start-up once). A model that does not load is the workers' error to report,
        as with spawn; the objects loaded so far are frozen out of the garbage collector,
        so that it does not touch (and copy) their pages in every worker."""
        ready_process(self.args[1])

    def dispatch(self) -> None:
        for worker in self.workers:
            if not self.queue:
                return
            if worker.idle:
                job = self.queue.popleft()
                try:
                    worker.give(job)
                except OSError:   # it died since it said ready: wait() replaces it
                    worker.docs.clear()
                    worker.gone = True
                    self.queue.appendleft(job)

    def wait(self) -> None:
        """Wait for the next message, death or deadline, and act on it."""
        by_conn = {w.conn: w for w in self.workers}
        by_sentinel = {w.process.sentinel: w for w in self.workers}
        for ready in wait(list(by_conn) + list(by_sentinel), timeout=self._time_left()):
            worker = by_conn.get(ready) or by_sentinel.get(ready)
            if worker in self.workers:   # not replaced already in this round
                self._read(worker)
        self._stop_overdue()

    def close(self) -> None:
        for worker in self.workers:
            worker.stop()
        self.workers = []

    def _hard_deadline(self) -> Optional[float]:
        # Past the worker's own Deadline, with a margin: the worker stops a slow
        # document itself (and lives on) if it can.
        return self.doc_timeout + min(self.doc_timeout, HARD_TIMEOUT_MARGIN) if self.doc_timeout else None

    def _time_left(self) -> Optional[float]:
        limit = self._hard_deadline()
        starts = [w.since for w in self.workers if w.docs]
        if limit is None or not starts:
            return None
        return max(0.0, min(starts) + limit - time.monotonic())

    def _read(self, worker: _Worker) -> None:
        try:
            while worker.conn.poll():
                kind, value = worker.conn.recv()
                if kind == "done":
                    seq, _ = worker.docs.popleft()
                    self.done[seq] = value
                    worker.since = time.monotonic()
                elif kind == "ready":
                    worker.ready = True
                else:
                    raise WorkerStartError(f"a worker process could not start: {value}")
            dead = not worker.process.is_alive()
        except (EOFError, OSError):   # its end of the pipe closed: it is gone
            dead = True
        if dead:
            self._replace(worker, "worker-crashed", f"the worker process died on this document "
                                                    f"({worker.died_how()}): a crash, out of memory, or killed")

    def _stop_overdue(self) -> None:
        limit = self._hard_deadline()
        if limit is None:
            return
        now = time.monotonic()
        for worker in list(self.workers):
            if worker.docs and now - worker.since >= limit:
                worker.process.kill()
                self._replace(worker, "timeout", None)

    def _replace(self, worker: _Worker, reason: ErrorCode, message: Optional[str]) -> None:
        """A worker died or was killed: its document in progress ends as ``reason``,
        the rest of its job is queued again, a new worker takes its place."""
        worker.stop()
        if worker.docs:
            seq, raw = worker.docs.popleft()
            self.done[seq] = (timeout_outcome(raw, self.doc_timeout) if reason == "timeout"
                              else _failure(raw, reason, message))
            if worker.docs:
                self.queue.appendleft(list(worker.docs))
        elif not worker.ready:
            self.start_failures += 1
            if self.start_failures > len(self.workers) + MAX_START_RETRIES:
                raise WorkerStartError(f"worker processes keep dying while loading the models ({worker.died_how()})")
        self.workers[self.workers.index(worker)] = _Worker(self.ctx, self.args)


class LocalEngine:
    """Worker processes on this machine (``jobs`` of them), an ordered, bounded window."""

    def __init__(self, jobs: int, settings: ExtractSettings, options: IngestOptions,
                 doc_timeout: Optional[float] = DEFAULT_DOC_TIMEOUT, extractor: Callable = process_document):
        self.jobs = max(1, jobs)
        self.settings = settings
        self.options = options
        self.doc_timeout = doc_timeout or None
        self.extractor = extractor
        self.window = self.jobs * CHUNKS_PER_WORKER

    def run(self, chunks: Iterable[list[RawDocument]]) -> Iterator[Outcome]:
        chunks = iter(chunks)
        head = list(itertools.islice(chunks, SMALL_INPUT_CHUNKS + 1))
        if self.jobs == 1 or len(head) <= SMALL_INPUT_CHUNKS:  # workers cost seconds of start-up
            ready_process(self.settings)
            for raw in itertools.chain.from_iterable(itertools.chain(head, chunks)):
                yield extract_document(raw, self.settings, self.options, self.doc_timeout, self.extractor)
            return
        yield from self._run_pool(itertools.chain(head, chunks), window_docs=self.window * len(head[0]))

    def _run_pool(self, chunks: Iterator[list[RawDocument]], window_docs: int) -> Iterator[Outcome]:
        pool = _Pool(self.jobs, (self.extractor, self.settings, self.options, self.doc_timeout), self.doc_timeout)
        jobs = _numbered(chunks)
        read = taken = 0
        exhausted = False
        try:
            pool.start()
            while True:
                # Outcomes first, then new jobs: the outcomes just taken free room in
                # the window, so the jobs read next keep idle workers busy (waiting
                # with nothing given out would wait for ever).
                while taken in pool.done:
                    yield pool.done.pop(taken)
                    taken += 1
                while not exhausted and read - taken < window_docs and len(pool.queue) < self.jobs:
                    job = next(jobs, None)
                    exhausted = job is None
                    if job:
                        pool.queue.append(job)
                        read += len(job)
                pool.dispatch()
                if exhausted and taken == read:
                    return
                pool.wait()
        finally:
            pool.close()


def _in_helper_thread(start: Callable):
    """``start()`` (a cluster's start-up) in a helper thread, so that a Ctrl-C meanwhile does
    not cut it half-way (distributed's exit hook then fails with a traceback): the start
    is let finish, what it started is closed, and the KeyboardInterrupt goes on."""
    box: dict = {}

    def target() -> None:
        try:
            box["result"] = start()
        except BaseException as e:  # handed to the caller
            box["error"] = e

    thread = threading.Thread(target=target, daemon=True, name="vnfacts-dask-start")
    thread.start()
    try:
        while thread.is_alive():
            thread.join(0.1)
    except KeyboardInterrupt:
        thread.join()
        if "result" in box:
            box["result"].close()
        raise
    if "error" in box:
        raise box["error"]
    return box["result"]


class DaskEngine:
    """The same chunks on Dask distributed: a scheduler address, or a LocalCluster of processes."""

    def __init__(self, jobs: int, settings: ExtractSettings, options: IngestOptions, scheduler: Optional[str] = None,
                 doc_timeout: Optional[float] = DEFAULT_DOC_TIMEOUT):
        self.jobs = max(1, jobs)
        self.settings = settings
        self.options = options
        self.scheduler = scheduler
        self.doc_timeout = doc_timeout or None

    def _connect(self):
        from distributed import Client  # Dask (seconds to import): only for --engine dask

        if self.scheduler:
            return Client(self.scheduler), None
        start_forkserver()   # here, in the main thread: SIGINT can be ignored only from there
        cluster = _in_helper_thread(self._local_cluster)
        return Client(cluster), cluster

    def _local_cluster(self):
        import dask  # Dask (seconds to import): only for --engine dask
        from distributed import LocalCluster  # (Dask)

        # dashboard_address=None turns the dashboard off but the scheduler still serves
        # HTTP (health, metrics, info pages) on port 8787: serve nothing, on a free
        # loopback port. The workers' HTTP servers likewise.
        with dask.config.set(DASK_LOCAL_CONFIG):
            return LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                                dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
                                silence_logs=logging.CRITICAL)

    def run(self, chunks: Iterable[list[RawDocument]]) -> Iterator[Outcome]:
        client, cluster = self._connect()
        try:
            client.run(_warm_up, self.settings)  # models once per worker, before the first task
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            limit = workers * CHUNKS_PER_WORKER
            window: deque = deque()
            for chunk in chunks:
                shipped = [load(raw, self.options) for raw in chunk]
                keys = [(raw.source, raw.line) for raw in chunk]
                window.append((keys, client.submit(process_chunk, shipped, self.settings, self.options,
                                                   self.doc_timeout, pure=False)))
                while len(window) >= limit:
                    yield from self._take(*window.popleft())
            while window:
                yield from self._take(*window.popleft())
        finally:
            client.close()
            if cluster is not None:
                cluster.close()

    @staticmethod
    def _take(keys, future) -> list[Outcome]:
        try:
            return future.result()
        except Exception as e:  # KilledWorker after Dask's retries, a lost connection ...
            message = _one_line(e)
            return [Outcome(source=s, line=n, reason="worker-crashed", message=message) for s, n in keys]


# --------------------------------------------------------------------------- resume

@dataclass
class Seen:
    """What is already written: inputs done (by source, line), doc_ids and text hashes kept."""

    done: Counter = field(default_factory=Counter)
    doc_ids: dict = field(default_factory=dict)  # doc_id kept → (text key, source, line)
    texts: dict = field(default_factory=dict)   # first 64 bits of the SHA-1 → doc_id kept

    @staticmethod
    def text_key(sha1: str) -> int:
        return int(sha1[:16], 16)

    @classmethod
    def read(cls, output: str, errors: Optional[str]) -> "Seen":
        seen = cls()
        for path in filter(None, (output, errors)):
            truncate_partial_line(path)
            for obj in read_objects(path):
                if "source" not in obj:
                    continue
                source = input_name(obj["source"]) if isinstance(obj["source"], str) else obj["source"]
                seen.done[(source, obj.get("line"))] += 1
                if "error" not in obj and obj.get("doc_id") is not None:
                    seen.keep(obj["doc_id"], obj.get("text_sha1"), source, obj.get("line"))
        return seen

    def keep(self, doc_id: str, sha1: Optional[str], source: str, line: Optional[int]) -> None:
        key = self.text_key(sha1) if sha1 else None
        self.doc_ids[doc_id] = (key, sys.intern(source), line)
        if key is not None:
            self.texts.setdefault(key, doc_id)

    def skip_done(self, raws: Iterable[RawDocument], on_skip: Callable[[], None]) -> Iterator[RawDocument]:
        for raw in raws:
            if self.done.get(raw.key):
                self.done[raw.key] -= 1
                on_skip()
            else:
                yield raw


# --------------------------------------------------------------------------- the run

@dataclass
class RunConfig:
    paths: list[str]
    output: str
    errors: Optional[str] = None
    jobs: int = field(default_factory=default_jobs)
    engine: str = "local"
    scheduler: Optional[str] = None
    settings: ExtractSettings = field(default_factory=ExtractSettings)   # what is extracted (entities, named refs)
    resume: bool = False
    progress: bool = False          # progress bar and final summary (on a terminal)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    chunk_size: int = CHUNK_SIZE
    doc_timeout: Optional[float] = DEFAULT_DOC_TIMEOUT   # seconds per document; None or 0: no limit


@dataclass
class Summary:
    documents: int = 0
    records: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: Counter = field(default_factory=Counter)
    facts: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    skipped_extensions: Counter = field(default_factory=Counter)  # folder files not read, by extension

    @property
    def error_lines(self) -> int:
        return sum(self.errors.values())

    def failed(self, strict: bool = False) -> Optional[str]:
        """Why the run must exit 1, or None: a missing input, no record at all, --strict errors."""
        if self.errors.get("not-found"):
            missing = self.errors["not-found"]
            return f"{missing:,} input {'path does' if missing == 1 else 'paths do'} not exist"
        if self.documents == 0 and self.skipped == 0:
            return "no record was extracted: the paths hold no input document"
        if self.records == 0 and self.skipped == 0:
            return "no record was extracted: every document ended as an error line"
        if strict and self.error_lines > self.duplicates:
            return f"{self.error_lines - self.duplicates:,} documents ended as errors (--strict)"
        return None

    def skipped_line(self) -> Optional[str]:
        if not self.skipped_extensions:
            return None
        total = sum(self.skipped_extensions.values())
        by_ext = ", ".join(f"{ext} {n:,}" for ext, n in sorted(self.skipped_extensions.items(),
                                                                key=lambda kv: (-kv[1], kv[0])))
        files = "file" if total == 1 else "files"
        return f"skipped {total:,} {files} in folders for their extension (not an input kind): {by_ext}"

    def format(self, output: str, errors: Optional[str]) -> str:
        rate = self.documents / self.seconds if self.seconds > 0 else 0.0
        lines = [f"vnfacts extract: {self.documents:,} documents in {self.seconds:.1f} s ({rate:.1f}/s): "
                 f"{self.records:,} records, {self.error_lines - self.duplicates:,} errors, "
                 f"{self.duplicates:,} duplicates"]
        if self.skipped:
            lines.append(f"  skipped (already done, --resume): {self.skipped:,}")
        if self.skipped_extensions:
            lines.append("  " + self.skipped_line())
        lines.append("  facts: " + (", ".join(f"{k} {self.facts[k]:,}" for k in FACT_MODELS)))
        other = {k: v for k, v in self.errors.items() if k != "duplicate"}
        if other:
            lines.append("  errors: " + ", ".join(f"{k} {v:,}" for k, v in sorted(other.items(), key=lambda kv: -kv[1])))
        lines.append(f"  records: {output}" + (f"   errors: {errors}" if errors else ""))
        return "\n".join(lines)


def count_documents(paths: list[str], options: IngestOptions) -> int:
    """How many input documents (files, non-blank JSONL lines): the progress bar's total."""
    return sum(1 for _ in iter_documents([p for p in paths if p != "-"], options))


def make_engine(config: RunConfig):
    if config.engine == "local":
        return LocalEngine(config.jobs, config.settings, config.ingest, config.doc_timeout)
    if config.engine == "dask":
        return DaskEngine(config.jobs, config.settings, config.ingest, config.scheduler, config.doc_timeout)
    raise ValueError(f"engine must be one of {ENGINES}, not {config.engine!r}")


def error_line(source: str, line: Optional[int], reason: str, message: str) -> str:
    """The one stderr line for a document that gave no record."""
    return f"vnfacts: {_where(source, line)}: {reason}: {message}"


def run(config: RunConfig, stderr=None) -> Summary:
    """Extract every input document into config.output (records) and config.errors."""
    stderr = stderr or sys.stderr
    if config.resume and config.output == "-":
        raise ValueError("--resume needs an output file, not stdout")
    started = time.monotonic()
    summary = Summary()
    seen = Seen.read(config.output, config.errors) if config.resume else Seen()
    bar = _progress_bar(config, stderr) if config.progress else None

    def say(text: str) -> None:
        if bar is not None:
            bar.write(text, file=stderr)
        else:
            print(text, file=stderr, flush=True)

    def skipped() -> None:
        summary.skipped += 1
        if bar is not None:
            bar.update(1)

    out = JsonlSink(config.output, append=config.resume)
    err = JsonlSink(config.errors, append=config.resume) if config.errors else None
    engine = make_engine(config)
    inputs = iter_documents(config.paths, config.ingest, exclude=(config.output, config.errors),
                            skipped=summary.skipped_extensions)
    raws = seen.skip_done(inputs, skipped)
    try:
        for outcome in engine.run(_chunked(raws, config.chunk_size)):
            summary.documents += 1
            if outcome.ok:
                first = _duplicate_of(outcome, seen)
                if first is None:
                    out.write_json(outcome.json)
                    summary.records += 1
                    summary.facts.update(outcome.facts or {})
                    seen.keep(outcome.doc_id, outcome.text_sha1, outcome.source, outcome.line)
                else:
                    _write_error(outcome, err, summary, say, duplicate_of=first)
            else:
                _write_error(outcome, err, summary, say)
            if bar is not None:
                bar.update(1)
    finally:
        out.close()
        if err is not None:
            err.close()
        if bar is not None:
            bar.close()
        summary.seconds = time.monotonic() - started
    if config.progress:
        print(summary.format(config.output, config.errors), file=stderr, flush=True)
    elif summary.skipped_extensions:
        print(f"vnfacts extract: {summary.skipped_line()}", file=stderr, flush=True)
    return summary


def _duplicate_of(outcome: Outcome, seen: Seen) -> Optional[str]:
    """The doc_id of the kept document this one repeats, else None; sets the error on the outcome.

    Same doc_id and same text: a duplicate. Same doc_id, another text: an
    id-conflict (two documents that claim one id; neither is silently merged).
    Another doc_id, same text: a duplicate.
    """
    key = Seen.text_key(outcome.text_sha1)
    kept = seen.doc_ids.get(outcome.doc_id)
    if kept is not None and kept[0] not in (None, key):
        outcome.reason = "id-conflict"
        outcome.message = (f"doc_id {outcome.doc_id!r} is already the id of another text, "
                           f"from {_where(kept[1], kept[2])}; this one is from "
                           f"{_where(outcome.source, outcome.line)} (--id-prefix tells sources apart)")
        return outcome.doc_id
    first = outcome.doc_id if kept is not None else seen.texts.get(key)
    if first is not None:
        outcome.reason = "duplicate"
        outcome.message = (f"doc_id {first!r} was already extracted" if first == outcome.doc_id
                           else f"same text as doc_id {first!r}")
    return first


def _where(source: str, line: Optional[int]) -> str:
    return source if line is None else f"{source}:{line}"


def _write_error(outcome: Outcome, err: Optional[JsonlSink], summary: Summary, say, duplicate_of=None) -> None:
    summary.errors[outcome.reason] += 1
    if outcome.reason == "duplicate":
        summary.duplicates += 1
    record = ErrorRecord(source=outcome.source, line=outcome.line, doc_id=outcome.doc_id,
                         error=outcome.reason, message=outcome.message or outcome.reason,
                         duplicate_of=duplicate_of if outcome.reason == "duplicate" else None)
    if err is not None:
        err.write_json(record.model_dump_json())
    say(error_line(outcome.source, outcome.line, outcome.reason, record.message))


def _progress_bar(config: RunConfig, stderr):
    bar = tqdm(total=None, unit="doc", desc="extract", file=stderr, dynamic_ncols=True, smoothing=0.05)

    def count() -> None:  # the total for the ETA, counted while extraction runs
        try:
            total = count_documents(config.paths, config.ingest)
        except Exception:
            return
        bar.total = max(total, bar.n)
        bar.refresh()

    threading.Thread(target=count, daemon=True, name="vnfacts-count").start()
    return bar
