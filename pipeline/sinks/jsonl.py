"""JSON Lines output that survives being killed.

Each record is written as one ``write()`` of the whole line and flushed, so
a run killed at any moment (even ``kill -9``) leaves whole lines, except at
worst a partial last line. Opening for ``--resume`` cuts that partial line
off (truncates after the last newline) and appends after it.

A path ending in ``.gz`` is written gzip-compressed: each line is flushed
with a zlib sync flush, so everything written is readable even when the run
is killed before the gzip trailer; ``--resume`` appends a new gzip member
(a file of several members is one valid gzip stream), after rewriting the
whole lines of a file that a killed run left without its trailer.
"""
from __future__ import annotations

import errno
import gzip
import io
import os
import sys
import zlib
from typing import IO, Iterator, Optional

import jsonlines

STDOUT = "-"
GZIP_MAGIC = b"\x1f\x8b"
_BLOCK = 1 << 16


class OutputWriteError(OSError):
    """An output that could not be written (full disk, closed pipe ...); one-line message."""

    def __init__(self, path: str, err: OSError):
        super().__init__(err.errno, err.strerror or str(err), path)
        self.path = path

    def __str__(self) -> str:
        if self.path == STDOUT:
            if self.errno == errno.EPIPE:
                return "stdout was closed by the reader (broken pipe) before the run finished"
            return f"cannot write to stdout: {self.strerror}"
        return f"cannot write {self.path}: {self.strerror}"


def is_gzip_path(path: str) -> bool:
    return path != STDOUT and path.endswith(".gz")


def _is_gzip_file(path: str) -> bool:
    """What an existing file holds (its first bytes), whatever its name says."""
    try:
        with open(path, "rb") as f:
            return f.read(2) == GZIP_MAGIC
    except OSError:
        return False


def _gzip_chunks(f: IO[bytes], state: dict) -> Iterator[bytes]:
    """The decompressed bytes of every gzip member in ``f``, up to where it breaks off.
    ``state["intact"]`` tells afterwards whether every member ended with its trailer."""
    state["intact"] = True
    inflate, pending = zlib.decompressobj(31), False
    while data := f.read(_BLOCK):
        while data:
            try:
                out = inflate.decompress(data)
            except zlib.error:
                state["intact"] = False
                return
            pending = True
            if out:
                yield out
            if not inflate.eof:
                break
            data, inflate, pending = inflate.unused_data, zlib.decompressobj(31), False
    if pending:
        state["intact"] = False


def _whole_lines(chunks: Iterator[bytes], state: dict) -> Iterator[bytes]:
    """Newline-terminated lines of a byte stream; ``state["tail"]`` holds an unfinished last line."""
    rest = b""
    for chunk in chunks:
        rest += chunk
        *lines, rest = rest.split(b"\n")
        for line in lines:
            yield line + b"\n"
    state["tail"] = rest


def _gzip_lines(path: str, state: dict) -> Iterator[bytes]:
    with open(path, "rb") as f:
        yield from _whole_lines(_gzip_chunks(f, state), state)


def truncate_partial_line(path: str) -> int:
    """Cut the file after its last newline; returns the bytes removed (0 if whole)."""
    if _is_gzip_file(path):
        return _repair_gzip(path)
    try:
        size = os.path.getsize(path)
    except FileNotFoundError:
        return 0
    if size == 0:
        return 0
    block = 1 << 16
    with open(path, "r+b") as f:
        end = size
        while end > 0:
            start = max(0, end - block)
            f.seek(start)
            chunk = f.read(end - start)
            i = chunk.rfind(b"\n")
            if i >= 0:
                keep = start + i + 1
                break
            end = start
        else:
            keep = 0
        if keep < size:
            f.truncate(keep)
        return size - keep


def _repair_gzip(path: str) -> int:
    """A gzip file a killed run left without its trailer, or with a partial last line:
    its whole lines rewritten as a complete gzip file (via a temporary file beside it,
    so a failure leaves the original as it was). Returns the uncompressed bytes dropped."""
    state: dict = {}
    for _ in _gzip_lines(path, state):
        pass
    if state["intact"] and not state["tail"]:
        return 0
    temporary = path + ".resume-tmp"
    with open(temporary, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb") as out:
        for line in _gzip_lines(path, {}):
            out.write(line)
    os.replace(temporary, path)
    return len(state["tail"])


def read_lines(path: str) -> Iterator[bytes]:
    """The whole (newline-terminated) lines of a JSONL file, gzipped or not; nothing if it is missing."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return
    with f:
        lines = _whole_lines(_gzip_chunks(f, {}), {}) if f.read(2) == GZIP_MAGIC else f
        f.seek(0)
        for line in lines:
            if line.endswith(b"\n") and line.strip():
                yield line


class JsonlSink:
    """Append-or-create JSONL writer: one line per ``write``, flushed at once.

    A ``.gz`` path is written gzipped (appending to an existing file keeps the
    format it already has). A failed write raises ``OutputWriteError``; after
    one, ``close()`` gives up quietly: the lines already written stay whole."""

    def __init__(self, path: str, append: bool = False):
        self.path = path
        self.count = 0
        self._broken = False
        self._gzip: Optional[gzip.GzipFile] = None
        if path == STDOUT:
            self._file: IO[bytes] = sys.stdout.buffer
            self._owned = False
            self._writer = _line_writer(self._file)
            return
        compressed = is_gzip_path(path)
        if append:
            truncate_partial_line(path)
            if os.path.isfile(path) and os.path.getsize(path) > 0:
                compressed = _is_gzip_file(path)
        parent = os.path.dirname(os.path.abspath(path))
        os.makedirs(parent, exist_ok=True)
        self._file = open(path, "ab" if append else "wb", buffering=io.DEFAULT_BUFFER_SIZE)
        self._owned = True
        if compressed:
            self._gzip = gzip.GzipFile(fileobj=self._file, mode="wb")
        self._writer = _line_writer(self._gzip or self._file)

    def write_json(self, line: str) -> None:
        """Write one already-serialized JSON object (no newline inside)."""
        try:
            self._writer.write(line)   # flushed: GzipFile.flush is a zlib sync flush, then the file's
        except OSError as err:
            self._broken = True
            raise OutputWriteError(self.path, err) from None
        self.count += 1

    def close(self) -> None:
        if not self._owned or self._file.closed:
            return
        try:
            if self._gzip is not None:
                self._gzip.close()
            self._file.close()
        except OSError as err:
            if not self._broken:
                raise OutputWriteError(self.path, err) from None
        finally:
            if not self._file.closed:   # the gzip trailer failed: the file still needs closing
                _close_quietly(self._file)

    def __enter__(self) -> "JsonlSink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _line_writer(target: IO[bytes]) -> jsonlines.Writer:
    """One JSON line per write, flushed at once. The records come serialized
    (pydantic's model_dump_json, in the worker that made them): written as they are."""
    return jsonlines.Writer(target, flush=True, dumps=str)


def read_objects(path: str) -> Iterator[dict]:
    """The JSON objects of a JSONL file's whole lines (gzipped or not); lines that
    are not a JSON object are skipped (a record cut by a kill is not a record)."""
    with jsonlines.Reader(read_lines(path)) as reader:
        yield from reader.iter(type=dict, skip_invalid=True)


def _close_quietly(f: IO[bytes]) -> None:
    """Close a file whose buffered bytes cannot be written any more (full disk): they are
    dropped (a buffered file closes its descriptor even when the last flush fails)."""
    try:
        f.close()
    except OSError:
        pass


def errors_path_for(output: str) -> Optional[str]:
    """facts.jsonl → facts.errors.jsonl (beside the output), facts.jsonl.gz →
    facts.errors.jsonl.gz; None for stdout."""
    if output == STDOUT:
        return None
    if is_gzip_path(output):
        return errors_path_for(output[: -len(".gz")]) + ".gz"
    for ext in (".jsonl", ".ndjson", ".json"):
        if output.endswith(ext):
            return output[: -len(ext)] + ".errors.jsonl"
    return output + ".errors.jsonl"
