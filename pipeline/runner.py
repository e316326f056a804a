"""The batch runner behind ``vnfacts extract``: inputs → workers → records, in input order.

Data flow, streaming end to end (memory stays flat as the corpus grows):

1. ``ingest.iter_documents`` yields one ``RawDocument`` per input document
   (cheap: paths and JSONL lines), grouped into small chunks.
2. An engine runs ``process_chunk`` on the chunks: reading, decoding, HTML
   extraction and the spaCy pipeline, each document giving one ``Outcome``
   (a record's JSON, or an error reason). A bounded window of chunks is in
   flight; results are taken from the window's head, so output keeps input
   order and at most ``window`` chunks are held at once.

   * ``local``: a process pool (``-j N`` processes, models loaded once per
     process by the pool initializer); in this process for ``-j 1`` or when
     the input is a single chunk. A worker that dies (segfault, OOM kill) is
     replaced and the documents of its chunk are retried one by one; the one
     that kills its worker again becomes an error line.
   * ``dask``: the same function on Dask distributed (``--scheduler`` address,
     else a ``LocalCluster`` of processes), submitted in the same bounded,
     ordered window. Files are read here and shipped as bytes, so workers
     need not see this machine's disk; models load once per worker
     (``pipeline.language.load`` is cached per process, warmed by ``client.run``).

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

import itertools
import json
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter, deque
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, Optional

from .ingest import IngestError, IngestOptions, RawDocument, input_name, iter_documents, load, to_article
from .records import FACT_MODELS, ErrorRecord
from .sinks import JsonlSink, read_lines, truncate_partial_line

ENGINES = ("local", "dask")
CHUNK_SIZE = 4          # documents per task: small, so order and progress stay smooth
CHUNKS_PER_WORKER = 4   # tasks in flight per worker: keeps workers busy while the head waits
SMALL_INPUT_CHUNKS = 2  # inputs this small run in this process: a pool would take longer to start


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
    reason: Optional[str] = None
    message: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.json is not None


def _failure(raw: RawDocument, reason: str, message: str, doc_id: Optional[str] = None) -> Outcome:
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
        record = build_record(article, nlp)
    except Exception as e:  # an extractor bug: report the document, go on
        return _failure(raw, "extract-failed", _one_line(e), article.doc_id)
    return Outcome(source=raw.source, line=raw.line, doc_id=record.doc_id, text_sha1=record.text_sha1,
                   json=record.model_dump_json(),
                   facts={f: len(getattr(record, f)) for f in FACT_MODELS})


def process_chunk(chunk: list[RawDocument], entities: str, options: IngestOptions) -> list[Outcome]:
    """The task every engine runs: one Outcome per document, in order."""
    from .language import load  # spaCy and the models: only in the processes that extract

    nlp = load(entities=entities)  # cached: loads once per process
    return [process_document(raw, nlp, options) for raw in chunk]


def _worker_init(entities: str) -> None:
    """Process-pool initializer: load the models once, leave Ctrl-C to the parent,
    and exit if the parent dies (kill -9) instead of lingering as an orphan."""
    from .language import load  # spaCy and the models: only in the processes that extract

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = os.getppid()

    def watch_parent() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent:
                os._exit(1)

    threading.Thread(target=watch_parent, daemon=True, name="vnfacts-parent-watch").start()
    load(entities=entities)


def _warm_up(entities: str) -> str:
    from .language import load  # spaCy and the models: only in the processes that extract

    load(entities=entities)
    return "ok"


def _chunked(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while chunk := list(itertools.islice(it, size)):
        yield chunk


# --------------------------------------------------------------------------- engines

class LocalEngine:
    """A process pool on this machine, ``jobs`` processes, ordered bounded window."""

    def __init__(self, jobs: int, entities: str, options: IngestOptions):
        self.jobs = max(1, jobs)
        self.entities = entities
        self.options = options
        self.window = self.jobs * CHUNKS_PER_WORKER

    def run(self, chunks: Iterable[list[RawDocument]]) -> Iterator[Outcome]:
        chunks = iter(chunks)
        head = list(itertools.islice(chunks, SMALL_INPUT_CHUNKS + 1))
        if self.jobs == 1 or len(head) <= SMALL_INPUT_CHUNKS:  # a pool costs seconds of start-up
            for chunk in itertools.chain(head, chunks):
                yield from process_chunk(chunk, self.entities, self.options)
            return
        yield from self._run_pool(itertools.chain(head, chunks))

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=self.jobs, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_worker_init, initargs=(self.entities,))

    def _submit(self, pool, chunk):
        return pool.submit(process_chunk, chunk, self.entities, self.options)

    def _run_pool(self, chunks: Iterator[list[RawDocument]]) -> Iterator[Outcome]:
        pool = self._new_pool()
        window: deque = deque()
        try:
            for chunk in chunks:
                window.append([chunk, self._submit(pool, chunk)])
                while len(window) >= self.window:
                    results, pool = self._take(window, pool)
                    yield from results
            while window:
                results, pool = self._take(window, pool)
                yield from results
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _take(self, window: deque, pool):
        chunk, future = window.popleft()
        try:
            return future.result(), pool
        except BrokenProcessPool:
            pass
        # A worker died. Find the document that killed it: one by one on a fresh pool.
        pool.shutdown(wait=False, cancel_futures=True)
        pool = self._new_pool()
        results = []
        for raw in chunk:
            try:
                results.extend(self._submit(pool, [raw]).result())
            except BrokenProcessPool:
                results.append(_failure(raw, "worker-crashed",
                                        "the worker process died on this document (crash or out of memory)"))
                pool.shutdown(wait=False, cancel_futures=True)
                pool = self._new_pool()
        for entry in window:  # the rest ran on the dead pool: run them again
            done = entry[1].done() and not entry[1].cancelled() and entry[1].exception() is None
            if not done:
                entry[1] = self._submit(pool, entry[0])
        return results, pool


class DaskEngine:
    """The same chunks on Dask distributed: a scheduler address, or a LocalCluster of processes."""

    def __init__(self, jobs: int, entities: str, options: IngestOptions, scheduler: Optional[str] = None):
        self.jobs = max(1, jobs)
        self.entities = entities
        self.options = options
        self.scheduler = scheduler

    def _connect(self):
        from distributed import Client, LocalCluster

        if self.scheduler:
            return Client(self.scheduler), None
        cluster = LocalCluster(n_workers=self.jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=logging.ERROR)
        return Client(cluster), cluster

    def run(self, chunks: Iterable[list[RawDocument]]) -> Iterator[Outcome]:
        client, cluster = self._connect()
        try:
            client.run(_warm_up, self.entities)  # models once per worker, before the first task
            workers = max(1, len(client.scheduler_info().get("workers", {})))
            limit = workers * CHUNKS_PER_WORKER
            window: deque = deque()
            for chunk in chunks:
                shipped = [load(raw, self.options) for raw in chunk]
                keys = [(raw.source, raw.line) for raw in chunk]
                window.append((keys, client.submit(process_chunk, shipped, self.entities, self.options, pure=False)))
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
            for raw_line in read_lines(path):
                try:
                    obj = json.loads(raw_line)
                except ValueError:
                    continue
                if not isinstance(obj, dict) or "source" not in obj:
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
    entities: str = "facts"
    resume: bool = False
    progress: bool = False          # progress bar and final summary (on a terminal)
    ingest: IngestOptions = field(default_factory=IngestOptions)
    chunk_size: int = CHUNK_SIZE


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
        return LocalEngine(config.jobs, config.entities, config.ingest)
    if config.engine == "dask":
        return DaskEngine(config.jobs, config.entities, config.ingest, config.scheduler)
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
    from tqdm import tqdm

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
