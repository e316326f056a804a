"""Unicode normalization for Vietnamese text.

Two forms of every document exist:

* the *document text*: NFC, whitespace kept as it is. Every offset in every record
  indexes this string.
* the *match text* (``match_form``): the document text with old-style tone
  placement folded to the new style (``uỷ`` → ``ủy``, ``khoá`` → ``khóa``,
  ``hoà`` → ``hòa``) and lower-cased. Folding swaps one precomposed letter for
  another, so the match text has exactly the length of the document text and an
  offset found in one is valid in the other. Rules match the match text and
  report offsets into the document text.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Old style puts the tone on the second vowel of oa/oe/uy ("hoà", "uỷ");
# the new style (and underthesea's token_normalize) puts it on the first
# letter that carries it in writing: "hòa", "ủy". The table maps each
# old-style pair to its new-style pair, both in NFC and of equal length.
_TONES = {
    "\u0300": "grave", "\u0301": "acute", "\u0303": "tilde", "\u0309": "hook", "\u0323": "dot",
}


def _fold_table() -> dict[str, str]:
    table: dict[str, str] = {}
    pairs = [("o", "a"), ("o", "e"), ("u", "y")]
    for first, second in pairs:
        for mark in _TONES:
            for up1, up2 in ((False, False), (True, False), (True, True)):
                a = first.upper() if up1 else first
                b = second.upper() if up2 else second
                old = unicodedata.normalize("NFC", a + b + mark)
                new = unicodedata.normalize("NFC", a + mark + b)
                if len(old) == len(new) == 2:
                    table[old] = new
    return table


TONE_FOLD = _fold_table()
# "quý", "quỳ": after q the u is a glide, so the tone sits on y in both styles.
# Only at the end of a syllable: in a closed syllable ("toàn", "hoạch") both
# styles put the tone on the same letter already.
# The pattern is a first letter (o, u) then a toned second (a, e, y): the
# regex engine scans for the first letter's class quickly, where an
# alternation of the 45 pairs behind a lookbehind is tried at every character.
# Its matches are a superset of the table's pairs ("uà"), kept as they are;
# such a match never hides a pair, as its second letter cannot start one.
_FOLD_RE = re.compile("[{}](?<![qQ].)[{}](?!\\w)".format(
    "".join(sorted({old[0] for old in TONE_FOLD})), "".join(sorted({old[1] for old in TONE_FOLD}))))


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _folded_pair(m: re.Match) -> str:
    return TONE_FOLD.get(m.group(0), m.group(0))


def fold_tones(text: str) -> str:
    """Old-style tone placement to new style; same length as the input."""
    return _FOLD_RE.sub(_folded_pair, text)


def _lower_same_length(text: str) -> str:
    low = text.lower()
    if len(low) == len(text):
        return low
    # A few letters (e.g. "İ") lower to two code points: keep those as they are.
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


# Some sites type Đ as the look-alike Icelandic eth (Ð U+00D0, ð U+00F0):
# "Ðảng" must match "Đảng". One letter for one, so lengths stay equal.
_LOOKALIKES = str.maketrans({"\u00d0": "đ", "\u00f0": "đ"})


def match_form(text: str) -> str:
    """The form rules match against: tone-folded, lower-cased, look-alike
    letters unified; same length as the input."""
    low = _lower_same_length(fold_tones(text))
    # str.translate looks every character up in the table (~50 ns each, most of
    # this function's time on a whole article); texts without a look-alike,
    # nearly all, need no pass at all.
    if "\u00f0" in low or "\u00d0" in low:
        return low.translate(_LOOKALIKES)
    return low


@lru_cache(maxsize=65_536)
def key_form(phrase: str) -> str:
    """Normalize a lookup-table phrase (any tone style, any case) to match form.
    Cached: the entity and place rules ask for the key of the same words again
    and again (each NER span's words, each place name)."""
    return match_form(nfc(phrase))


def clean_document_text(raw: str) -> str:
    """Document text from decoded input: NFC, no BOM, no NULs, unified newlines."""
    text = raw.replace("\ufeff", "").replace("\x00", "")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return nfc(text)
