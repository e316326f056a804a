"""Checks made on every output path before anything is opened for writing.

A run must not destroy what the user has: an existing file is only appended
to (``--resume``) or replaced (``--overwrite``) when asked for, and a path
that cannot be written (a folder, a read-only place, ``/proc``) is refused
while every output is still untouched, not after the first one has been
truncated.
"""
from __future__ import annotations

import os
import tempfile
from typing import Iterable, Optional

from .jsonl import STDOUT


class OutputRefused(Exception):
    """An output path that will not be written; the message is one line."""


def _nearest_existing(folder: str) -> str:
    while not os.path.exists(folder):
        folder = os.path.dirname(folder)
    return folder


def _check_folder_takes_files(path: str) -> None:
    """The folder ``path`` goes in (or the nearest one that exists: missing ones are
    created) is a folder where a new file can be made: tried with a probe file."""
    folder = _nearest_existing(os.path.dirname(os.path.abspath(path)))
    if not os.path.isdir(folder):
        raise OutputRefused(f"cannot write {path}: {folder} is a file, not a folder")
    try:
        fd, probe = tempfile.mkstemp(dir=folder, prefix=".vnfacts-probe-")
    except OSError as err:
        raise OutputRefused(f"cannot write {path}: no new file can be made in {folder} "
                            f"({err.strerror or err})") from None
    os.close(fd)
    os.unlink(probe)


def check_output(path: str, *, keep: bool = False, overwrite: bool = False,
                 hint: str = "give --overwrite to replace it") -> None:
    """Refuse ``path`` unless it can be written without losing anything unasked.

    ``keep``: the file will be appended to, so its content is safe. Otherwise an
    existing non-empty file is refused unless ``overwrite``; ``hint`` says how to ask."""
    if path == STDOUT:
        return
    if os.path.isdir(path):
        raise OutputRefused(f"cannot write {path}: it is a folder")
    if not os.path.exists(path):
        _check_folder_takes_files(path)
        return
    if not os.access(path, os.W_OK):
        raise OutputRefused(f"cannot write {path}: permission denied")
    if os.path.isfile(path) and os.path.getsize(path) > 0 and not keep and not overwrite:
        raise OutputRefused(f"{path} already exists and would be overwritten; {hint}")


def check_outputs(paths: Iterable[Optional[str]], **options) -> None:
    """``check_output`` on each path (None: no such output), and no path given twice."""
    seen: dict[str, str] = {}
    for path in filter(None, paths):
        check_output(path, **options)
        if path == STDOUT or (os.path.exists(path) and not os.path.isfile(path)):
            continue    # stdout, /dev/null, a pipe: several outputs may share them
        real = os.path.realpath(path)
        if real in seen:
            raise OutputRefused(f"{seen[real]} and {path} are the same file: give two different outputs")
        seen[real] = path
