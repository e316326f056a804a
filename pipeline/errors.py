"""Why an input document gave no record: one code per reason, one exception.

Every error line of a run (the errors file, ``ErrorRecord.error``) carries one
of these codes; the README's list ("Errors file") is checked against it. The
readers raise ``DocumentError``; the runner adds the codes of its own
(``extract-failed``, ``worker-crashed``, ``timeout``, ``duplicate``,
``id-conflict``). This module imports nothing of the pipeline, so every layer
can use it.
"""
from __future__ import annotations

from typing import Literal, Optional, get_args

ErrorCode = Literal[
    # reading and decoding
    "empty", "blank", "binary", "invalid-utf8", "invalid-encoding",
    "legacy-encoding: TCVN3", "legacy-encoding: VNI",
    "bad-json", "no-text", "bad-gzip", "truncated-gzip", "bad-html", "too-large", "not-found", "unreadable",
    # extraction and the run
    "extract-failed", "worker-crashed", "timeout", "duplicate", "id-conflict",
]
ERROR_CODES: tuple[str, ...] = get_args(ErrorCode)


class DocumentError(ValueError):
    """An input document that cannot be read: ``reason`` is its errors-file code."""

    def __init__(self, reason: ErrorCode, message: str, doc_id: Optional[str] = None):
        if reason not in ERROR_CODES:
            raise ValueError(f"unknown error code {reason!r}")  # a programming error, not a document's
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.doc_id = doc_id  # the input's own id, when it has one (a JSONL line's id field)
