"""JSON Lines output that survives being killed.

Each record is written as one ``write()`` of the whole line and flushed, so
a run killed at any moment (even ``kill -9``) leaves whole lines, except at
worst a partial last line. Opening for ``--resume`` cuts that partial line
off (truncates after the last newline) and appends after it.
"""
from __future__ import annotations

import io
import os
import sys
from typing import IO, Iterator, Optional

STDOUT = "-"


def truncate_partial_line(path: str) -> int:
    """Cut the file after its last newline; returns the bytes removed (0 if whole)."""
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


def read_lines(path: str) -> Iterator[bytes]:
    """The whole (newline-terminated) lines of a JSONL file; nothing if it is missing."""
    try:
        f = open(path, "rb")
    except FileNotFoundError:
        return
    with f:
        for line in f:
            if line.endswith(b"\n") and line.strip():
                yield line


class JsonlSink:
    """Append-or-create JSONL writer: one line per ``write``, flushed at once."""

    def __init__(self, path: str, append: bool = False):
        self.path = path
        self.count = 0
        if path == STDOUT:
            self._file: IO[bytes] = sys.stdout.buffer
            self._owned = False
        else:
            if append:
                truncate_partial_line(path)
            parent = os.path.dirname(os.path.abspath(path))
            os.makedirs(parent, exist_ok=True)
            self._file = open(path, "ab" if append else "wb", buffering=io.DEFAULT_BUFFER_SIZE)
            self._owned = True

    def write_json(self, line: str) -> None:
        """Write one already-serialized JSON object (no newline inside)."""
        self._file.write(line.encode("utf-8") + b"\n")
        self._file.flush()
        self.count += 1

    def close(self) -> None:
        if self._owned and not self._file.closed:
            self._file.close()

    def __enter__(self) -> "JsonlSink":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def errors_path_for(output: str) -> Optional[str]:
    """facts.jsonl → facts.errors.jsonl (beside the output); None for stdout."""
    if output == STDOUT:
        return None
    for ext in (".jsonl", ".ndjson", ".json"):
        if output.endswith(ext):
            return output[: -len(ext)] + ".errors.jsonl"
    return output + ".errors.jsonl"
