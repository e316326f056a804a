"""Vietnamese numbers: digit groups with dots or commas, and number words.

``1.742`` is 1742 (the dot groups thousands), ``56,87`` is 56.87 (the comma
is the decimal mark), ``02`` is 2; ``mười hai`` is 12, ``hai mươi lăm`` 25,
``một trăm linh năm`` 105, ``ba nghìn`` 3000. Tables: data/number_words.json.
"""
from __future__ import annotations

import re

from .tables import load_table  # the data loader: a leaf, importing nothing of the pipeline

_T = load_table("number_words")
_WORD_VALUES = {**_T["digits"], **_T["ten"], **_T["after_tens"], **_T["scales"]}
_ALL_WORDS = sorted({*_T["digits"], *_T["ten"], *_T["tens_marker"], *_T["after_tens"],
                     *_T["zero_tens"], *_T["scales"]}, key=len, reverse=True)
_WORD = r"(?:%s)" % "|".join(_ALL_WORDS)

# A run of number words in match form (lower-case, new tone style).
NUMBER_WORDS = rf"\b{_WORD}(?:\s+{_WORD})*\b"
# Digits with optional thousands dots (1.742, 24.300) or a plain run (02, 1742).
INTEGER = r"\d{1,3}(?:\.\d{3})+(?!\d)|\d+"
# A decimal with comma (56,87) or, as some sites write, dot (56.87); or an integer.
DECIMAL = r"\d+(?:[.,]\d+)?"



def parse_int(text: str) -> int:
    """'1.742' → 1742, '02' → 2, '24 300' → 24300."""
    digits = re.sub(r"[.\s\u00a0]", "", text)
    if not digits.isdigit():
        raise ValueError(f"not an integer: {text!r}")
    return int(digits)


def parse_decimal(text: str) -> float:
    """'56,87' → 56.87, '11,1' → 11.1, '50' → 50.0, '1.000,5' → 1000.5."""
    t = text.strip()
    if "," in t:
        t = t.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"\d{1,3}(?:\.\d{3})+", t):
        t = t.replace(".", "")
    return float(t)


def words_to_int(text: str) -> int | None:
    """Value of a run of Vietnamese number words, or None if it is not one."""
    words = text.split()
    if not words:
        return None
    total, current, last = 0, 0, None
    for w in words:
        if w in _T["zero_tens"]:
            last = w
            continue
        if w in _T["tens_marker"]:
            if current == 0:
                return None
            current = (current % 10) * 10 + (current - current % 10)
            last = w
            continue
        if w in _T["scales"]:
            scale = _T["scales"][w]
            if scale == 100:
                current = (current or 1) * 100
            else:
                total += (current or 1) * scale
                current = 0
            last = w
            continue
        if w in _T["ten"]:
            current += 10
            last = w
            continue
        if last in _T["tens_marker"] or last in _T["ten"]:
            value = _T["after_tens"].get(w, _T["digits"].get(w))
        else:
            value = _T["digits"].get(w)
        if value is None:
            return None
        if last is not None and last not in _T["zero_tens"] and last not in _T["tens_marker"] \
                and last not in _T["ten"] and last not in _T["scales"]:
            return None  # two digit words in a row ("hai ba") are not one number
        current += value
        last = w
    return total + current
