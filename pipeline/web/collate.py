"""Vietnamese-aware ordering and the forms text search compares.

Vietnamese dictionaries order letters a ă â b c d đ e ê g h i k l m n o ô ơ p q
r s t u ư v x y, and words that differ only in tone as ngang, huyền, hỏi, ngã,
sắc, nặng. Python's default order (code points) puts "Đ" after "Z" and "ă"
after "z", so names are sorted with ``sort_key`` wherever they are listed.
"""
from __future__ import annotations

import re
import unicodedata

from ..normalize import key_form

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}
# Combining marks that make a new letter (ă â ê ô ơ ư) and the five tones, in dictionary order.
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_NOT_A_LETTER = len(_ALPHABET)


def _letter_and_tone(char: str) -> tuple[int, int]:
    parts = unicodedata.normalize("NFD", char.lower())
    base = parts[0] + "".join(m for m in parts[1:] if m in _LETTER_MARKS)
    tone = max((_TONE_RANK.get(m, 0) for m in parts[1:]), default=0)
    letter = unicodedata.normalize("NFC", base)
    rank = _LETTER_RANK.get(letter)
    return (rank if rank is not None else _NOT_A_LETTER + ord(letter[0])), tone


def _syllable_key(syllable: str) -> tuple:
    ranks = [_letter_and_tone(c) for c in syllable]
    return tuple(r for r, _ in ranks), tuple(t for _, t in ranks)


def sort_key(text) -> tuple:
    """Syllable by syllable, letters (Vietnamese alphabet) before tones; then case; None last."""
    if text is None:
        return (1,)
    text = unicodedata.normalize("NFC", str(text))
    return (0, tuple(_syllable_key(s) for s in text.split()), tuple(c.isupper() for c in text))


def plain_form(text: str | None) -> str | None:
    """Words without any diacritic, lower case: "Hà Tĩnh" and "Ha Tinh" both give "ha tinh"."""
    if text is None:
        return None
    stripped = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    stripped = stripped.replace("đ", "d").replace("Đ", "d").replace("\u00d0", "d").replace("\u00f0", "d")
    return " ".join(re.findall(r"\w+", stripped.lower()))


def has_diacritics(text: str) -> bool:
    return plain_form(text) != " ".join(re.findall(r"\w+", text.lower()))


def search_terms(query: str) -> tuple[str, str]:
    """(SQL function, needle) for a text search: a query typed with diacritics matches
    them (tone style and case ignored: vn_key); one typed without matches any (vn_plain)."""
    if has_diacritics(query):
        return "vn_key", " ".join(re.findall(r"\w+", key_form(query)))
    return "vn_plain", plain_form(query)
