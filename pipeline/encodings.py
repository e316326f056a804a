"""Bytes to text for Vietnamese articles, and the inputs that are not text.

Scraped Vietnamese collections mix encodings: UTF-8 (with or without a BOM),
UTF-16 from Windows tools (with a BOM), Windows-1258 from older sites (often
in decomposed form: a base letter followed by a combining tone mark), and
files from the 1990s font encodings TCVN3 (ABC, ``.VnTime``) and VNI. The
legacy font encodings reuse Latin-1 code points for Vietnamese letters, so
they decode "successfully" as any 8-bit code page and would go through the
pipeline as garbage (``§¶ng bé`` for ``Đảng bộ``, ``Ñaûng boä`` in VNI).
They are detected by their byte patterns and reported, not extracted.

``decode(data)`` returns text or raises ``DecodeError(reason, message)``;
``check_text(text)`` raises ``DecodeError`` for legacy-font text that reached
us already as Unicode code points (from a JSON field or an HTML page).
"""
from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from .errors import DocumentError

# A Windows-1258 article must look like Vietnamese after decoding: enough words
# carrying Vietnamese letters, and almost no foreign letters inside words.
MIN_VIETNAMESE_WORDS = 0.15
MAX_FOREIGN_LETTERS = 0.03
# Legacy font text: this share of its words carry the encoding's marks.
MIN_LEGACY_WORDS = 0.05
# Control bytes (other than tab, newlines, form feed) above this share mean binary.
MAX_CONTROL_BYTES = 0.01

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

MAGIC = (
    (b"%PDF", "PDF"), (b"PK\x03\x04", "ZIP/Office"), (b"\x1f\x8b", "gzip"),
    (b"\x89PNG", "PNG"), (b"GIF8", "GIF"), (b"\xff\xd8\xff", "JPEG"),
    (b"\x7fELF", "ELF"), (b"\xd0\xcf\x11\xe0", "OLE (old Office)"), (b"Rar!", "RAR"),
    (b"7z\xbc\xaf", "7-Zip"), (b"BZh", "bzip2"), (b"\xfd7zXZ", "xz"),
)


class DecodeError(DocumentError):
    """The bytes are not text we can read."""


def _vietnamese_letters() -> frozenset[str]:
    """Every NFC letter that only Vietnamese writing uses (beyond ASCII)."""
    bases = "aăâeêioôơuưy"
    tones = ("", "\u0300", "\u0301", "\u0303", "\u0309", "\u0323")
    letters = {"đ", "Đ"}
    for base in bases:
        for tone in tones:
            for b in (base, base.upper()):
                ch = unicodedata.normalize("NFC", b + tone)
                if len(ch) == 1 and ord(ch) > 127:
                    letters.add(ch)
    return frozenset(letters)


VIETNAMESE_LETTERS = _vietnamese_letters()
_WORD = re.compile(r"[^\W\d_]+")

# TCVN3 (ABC) puts its most frequent letters (ă â ê ô ơ ư đ, à ả ã á ạ, ...) on
# 0xA1-0xBF, which in every Latin code page are symbols (§ ¶ µ ¸ ® ©...) that
# never stand inside a word. VNI writes a letter as an ASCII vowel followed by
# a mark byte; the marks it shares with no Vietnamese code page are these
# (ø û ï ä ë å ü as tone marks, ö for ư, ñ for đ).
LEGACY_SAMPLE_CHARS = 20_000
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 32), 127])
_TCVN3_MARKS = re.compile(r"[\u00a1-\u00bf]")
_VNI_MARKS = re.compile(r"[aeiouyAEIOUY][\u00f8\u00fb\u00ef\u00e4\u00eb\u00e5\u00fc]|[\u00f6\u00d6\u00f1\u00d1]")
# A word of a legacy-font text read as Latin-1: letters and high Latin-1 code points.
_LEGACY_WORD = re.compile(r"[A-Za-z\u00a1-\u00ff]*[A-Za-z][A-Za-z\u00a1-\u00ff]*")


def legacy_encoding(text: str) -> str | None:
    """'TCVN3' or 'VNI' when the text is a legacy-font article read as Latin-1, else None."""
    # A legacy font shows on every line; a sample decides as well as the whole.
    text = text[:LEGACY_SAMPLE_CHARS]
    # Fast path for the usual case: Unicode text without a single legacy mark.
    if not _TCVN3_MARKS.search(text) and not _VNI_MARKS.search(text):
        return None
    words = _LEGACY_WORD.findall(text)
    if len(words) < 5:
        return None
    # Genuine Unicode Vietnamese has its own letters (ư ơ ạ ế ...); legacy text has none.
    unicode_vn = sum(1 for w in _WORD.findall(text) if any(c in VIETNAMESE_LETTERS and ord(c) > 0xFF for c in w))
    tcvn3 = sum(1 for w in words if _TCVN3_MARKS.search(w))
    vni = sum(1 for w in words if _VNI_MARKS.search(w))
    for name, hits in (("TCVN3", tcvn3), ("VNI", vni)):
        if hits >= 3 and hits >= MIN_LEGACY_WORDS * len(words) and hits > unicode_vn:
            return name
    return None


def vietnamese_score(text: str) -> tuple[float, float]:
    """(share of words with a Vietnamese letter, share of non-ASCII letters that are foreign)."""
    words = _WORD.findall(text)
    if not words:
        return 0.0, 1.0
    vn_words = sum(1 for w in words if any(c in VIETNAMESE_LETTERS for c in w))
    foreign = vn_letters = 0
    for w in words:
        for c in w:
            if ord(c) > 127:
                if c in VIETNAMESE_LETTERS:
                    vn_letters += 1
                else:
                    foreign += 1
    return vn_words / len(words), foreign / max(1, foreign + vn_letters)


def looks_vietnamese(text: str) -> bool:
    vn_share, foreign_share = vietnamese_score(text)
    return vn_share >= MIN_VIETNAMESE_WORDS and foreign_share <= MAX_FOREIGN_LETTERS


def check_text(text: str) -> None:
    """Raise DecodeError for legacy-font text already in Unicode code points."""
    name = legacy_encoding(text)
    if name:
        raise DecodeError(f"legacy-encoding: {name}",
                          f"text is in the {name} font encoding (shows as Latin-1 symbols); convert it to Unicode first")


def _binary_kind(data: bytes) -> str | None:
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    head = data[:65536]
    if b"\x00" in head:
        return "NUL bytes"
    control = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if control > MAX_CONTROL_BYTES * len(head):
        return "control bytes"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """Text from UTF-16 without a BOM: every other byte NUL in ASCII-heavy text."""
    head = data[:4096]
    if len(head) < 4:
        return None
    for codec, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) >= 0.6 * len(zeros):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                continue
            if _binary_kind(text.encode("utf-8")) is None:
                return text
    return None


def _declared_charset(data: bytes) -> str | None:
    m = re.search(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", data[:4096], re.I)
    if not m:
        return None
    try:
        return codecs.lookup(m.group(1).decode("ascii")).name
    except LookupError:
        return None


def decode(data: bytes, html: bool = False) -> str:
    """Decode an article's bytes; raise DecodeError when they are not readable text.

    Order: a BOM decides; then binary is refused; then (HTML) the declared
    charset, UTF-8, a legacy font encoding (refused), Windows-1258 when the
    result reads as Vietnamese, and charset-normalizer's guess under the same
    condition. Anything else is not UTF-8 and not Vietnamese: refused.
    """
    if not data:
        raise DecodeError("empty", "the file is empty (0 bytes)")
    for bom, codec in BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(codec)
            except UnicodeDecodeError as e:
                raise DecodeError("invalid-encoding", f"starts with a {codec} BOM but is not {codec}: {e.reason} at byte {e.start}") from None
    kind = _binary_kind(data)
    if kind:
        text = _utf16_without_bom(data) if kind == "NUL bytes" else None
        if text is not None:
            return text
        raise DecodeError("binary", f"not text ({kind})")
    if html:
        declared = _declared_charset(data)
        if declared and declared not in ("utf-8", "ascii"):
            try:
                text = data.decode(declared)
            except UnicodeDecodeError:
                text = None
            if text is not None and not legacy_encoding(text):
                return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    if utf8_error.reason == "unexpected end of data" and utf8_error.start >= len(data) - 3:
        # Cut in the middle of the last character (a scraper's byte limit): drop it.
        return data[:utf8_error.start].decode("utf-8")
    if _mostly_utf8(data):
        raise DecodeError("invalid-utf8", f"UTF-8 with invalid bytes ({utf8_error.reason} at byte {utf8_error.start})")
    latin = data.decode("latin-1")
    name = legacy_encoding(latin)
    if name:
        raise DecodeError(f"legacy-encoding: {name}",
                          f"bytes are in the {name} font encoding; convert the file to Unicode first")
    for candidate in _fallback_decodings(data):
        if looks_vietnamese(unicodedata.normalize("NFC", candidate)):
            return candidate
    raise DecodeError("invalid-utf8", f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) "
                                      "and no Vietnamese encoding fits")


def _mostly_utf8(data: bytes) -> bool:
    """UTF-8 with a few bad bytes (corrupted), as against another 8-bit encoding."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if ord(c) > 127) - bad
    return good >= bad


def _fallback_decodings(data: bytes):
    try:
        yield data.decode("cp1258")
    except UnicodeDecodeError:
        pass
    try:
        best = from_bytes(data[:1_000_000]).best()
    except Exception:  # a detector failure must not fail the document
        best = None
    if best is not None and best.encoding not in ("utf_8", "cp1258"):
        try:
            yield data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
