"""The error codes: one list, used by every raiser, the errors file and the README."""
import re
from pathlib import Path

import pytest
from pydantic import ValidationError

from pipeline.encodings import DecodeError, decode
from pipeline.errors import ERROR_CODES, DocumentError
from pipeline.records import ErrorRecord

README = Path(__file__).resolve().parent.parent / "README.md"


def readme_error_codes() -> set[str]:
    """The codes of the README's sentence "`error` is one of ..." (its code spans, options aside)."""
    text = re.sub(r"\s+", " ", README.read_text(encoding="utf-8"))
    start = text.index("`error` is one of") + len("`error` is one of")
    sentence = text[start:re.compile(r"\.\s+[A-Z]").search(text, start).start()]
    return {code for code in re.findall(r"`([^`]+)`", sentence) if not code.startswith("-")}


def test_the_readme_lists_exactly_the_error_codes():
    assert readme_error_codes() == set(ERROR_CODES)


def test_an_errors_file_line_with_an_unknown_code_is_invalid():
    ErrorRecord(source="a.txt", error="blank", message="only whitespace")
    with pytest.raises(ValidationError):
        ErrorRecord(source="a.txt", error="kaput", message="?")


def test_a_raiser_cannot_invent_a_code():
    with pytest.raises(ValueError, match="unknown error code"):
        DocumentError("kaput", "no such reason")


def test_decoding_errors_are_document_errors_with_a_listed_code():
    with pytest.raises(DocumentError) as err:
        decode(b"")
    assert isinstance(err.value, DecodeError) and err.value.reason in ERROR_CODES
