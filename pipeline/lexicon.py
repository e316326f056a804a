"""A lexicon: the phrases of one lookup table, compiled once into one pattern.

Every rule that looks for words from a table (cue words, type words, issuing
bodies, unit nouns) goes through a ``Lexicon``: the table is read from
``pipeline/data/``, validated by a pydantic model (a bad entry is an error that
names the table and the entry), and its phrases are compiled, on first use,
into one alternation over the match text (``normalize.match_form``: lower
case, old and new tone placement folded, same length as the document text).
A match comes back as a ``LexMatch`` that carries the entry it came from, so
no rule has to turn matched text back into a table key by hand.

Phrases are written in any case and either tone style ("Uỷ ban", "ủy ban"); a
space in a phrase matches any run of whitespace in the text (``space="any"``),
or exactly one space (``"one"``: readers of a line as it is written), or any
whitespace or none (``"optional"``). The longest phrase wins where several match at one position.
A lexicon with ``exact_case`` keeps its phrases as written and is matched
against the document text itself: abbreviations whose capitals are what makes
them abbreviations ("BTV", "NQ21").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable, Generic, Iterable, Iterator, Literal, Mapping, Optional, TypeVar

from pydantic import TypeAdapter, ValidationError

from .normalize import key_form, nfc
from .tables import load_table

E = TypeVar("E")


class LexiconError(ValueError):
    """A table entry that cannot be used, named by its table and entry."""


@dataclass(frozen=True)
class LexMatch(Generic[E]):
    """A phrase found in the match text: where, its key (match form, one space
    between words) and the entry of the table it came from."""
    start: int
    end: int
    key: str
    entry: E


Spacing = Literal["any", "one", "optional"]
# What a space between two words of a phrase matches in the text.
_SPACE_PATTERNS: dict[str, str] = {"any": r"\s+", "one": " ", "optional": r"\s*"}


def _words(phrase: str, comma_optional: bool, exact_case: bool = False) -> list[str]:
    key = nfc(phrase) if exact_case else key_form(phrase)
    return key.replace(",", " ").split() if comma_optional else key.split()


@lru_cache(maxsize=65_536)
def phrase_key(phrase: str, comma_optional: bool = False, exact_case: bool = False) -> str:
    """A phrase (or matched text) as a table key: match form (with
    ``exact_case``, NFC as written), one space between words (with
    ``comma_optional``, commas dropped). Cached: the rules ask for the key of
    the same few phrases (unit nouns, cue words) thousands of times."""
    return " ".join(_words(phrase, comma_optional, exact_case))


def alternation(phrases: Iterable[str], comma_optional: bool = False, space: Spacing = "any",
                exact_case: bool = False) -> str:
    """Regex alternation of phrases in match form (with ``exact_case``, as
    written), longest first; a space in a phrase matches ``space`` (by default
    any run of whitespace; with ``comma_optional``, a comma before it too:
    "trong sạch, vững mạnh" = "trong sạch vững mạnh"). Written as a tree of the
    phrases' shared prefixes (below), which matches what the phrases one by one would."""
    keys = sorted({phrase_key(p, comma_optional, exact_case) for p in phrases}, key=lambda k: (-len(k), k))
    joiner = (",?" if comma_optional else "") + _SPACE_PATTERNS[space]
    return "|".join(_prefix_tree([_atoms(k, joiner) for k in keys]))


# --- the alternation as a prefix tree ----------------------------------------------
# The regex engine tries the branches of an alternation one by one at every
# position it reaches (a branch that opens with another letter is skipped
# quickly, but each is looked at): a table of 100 phrases costs 100 looks at
# every word start of a document. Written as a tree of shared prefixes
# ("chi\s+(?:bộ|đảng\s+bộ)|đảng(?:\s+viên|)"), a position costs one look per
# distinct first letter, then only the phrases that share it.
#
# The tree matches exactly what the flat alternation matches, the same branch
# winning: a branch is moved next to an earlier one with its first atom only past
# branches that no text can open both with (two different letters; a letter and a
# run of whitespace), so the branches that can match at a position keep their
# order. An atom is one letter (raw) or the joiner between two words, which
# always stands before a letter of the next word: a run of whitespace that must
# end where that letter is, so it matches one way only and factoring it out of
# several branches leaves their tries in the same order.

# What a joiner can start with: whitespace (and a comma, where commas are optional);
# None: it can match nothing at all, so it excludes no branch.
_JOINER_OPENS: dict[str, Optional[str]] = {
    r"\s+": "", r",?\s+": ",", " ": "", ",? ": ",", r"\s*": None, r",?\s*": None,
}


def _atoms(key: str, joiner: str) -> list[str]:
    atoms: list[str] = []
    for i, word in enumerate(key.split()):
        if i:
            atoms.append(joiner)
        atoms.extend(word)
    return atoms


def _is_joiner(atom: str) -> bool:
    """A joiner that is a pattern ("\\s+"); the one-space joiner is the letter " "."""
    return len(atom) > 1


def _exclusive(a: Optional[str], b: Optional[str]) -> bool:
    """Whether no text can open both atoms (None: the end of a phrase, which matches anywhere)."""
    if a is None or b is None or a == b:
        return False
    if not _is_joiner(a) and not _is_joiner(b):
        return True  # two different letters
    if _is_joiner(a) and _is_joiner(b):
        return False  # both open with whitespace
    joiner, letter = (a, b) if _is_joiner(a) else (b, a)
    opens = _JOINER_OPENS[joiner]
    return opens is not None and not letter.isspace() and letter not in opens


def _escaped(atom: str) -> str:
    return atom if _is_joiner(atom) else re.escape(atom)


def _prefix_tree(branches: list[list[str]]) -> list[str]:
    """The top-level branches of the tree of ``branches`` (atom lists, in the order tried)."""
    groups: list[tuple[Optional[str], list[list[str]]]] = []  # (first atom, the rests after it)
    for branch in branches:
        first = branch[0] if branch else None
        home = None
        for i in range(len(groups) - 1, -1, -1):
            if first is not None and groups[i][0] == first:
                home = i
                break
            if not _exclusive(groups[i][0], first):
                break  # it may not pass this group: they can match at one position
        if home is None:
            groups.append((first, []))
            home = len(groups) - 1
        if branch:
            groups[home][1].append(branch[1:])
    out = []
    for first, rests in groups:
        if first is None:
            out.append("")
        elif len(rests) == 1:
            out.append("".join(map(_escaped, [first, *rests[0]])))
        else:
            below = _prefix_tree(rests)
            out.append(_escaped(first) + (below[0] if len(below) == 1 else "(?:" + "|".join(below) + ")"))
    return out


def _entry_name(entry: Any, index: Any) -> str:
    if isinstance(entry, str):
        return repr(entry)
    if isinstance(entry, Mapping):
        for field in ("phrase", "words", "forms", "cues", "name"):
            if field in entry:
                return f"{index} ({entry[field]!r})"
    return str(index)


@lru_cache(maxsize=None)
def _adapter(model: Any) -> TypeAdapter:
    """One adapter per model: building one costs about a millisecond, and a
    module reads many tables of one shape (list[str])."""
    return TypeAdapter(model)


def validate_table(name: str, data: Any, model: Any) -> Any:
    """``data`` validated as ``model`` (a pydantic model or type); errors name
    the table and the entry."""
    try:
        return _adapter(model).validate_python(data)
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = err["loc"]
            where, entry = data, None
            for step in loc[:1]:
                try:
                    entry = where[step]
                except (KeyError, IndexError, TypeError):
                    entry = None
            label = _entry_name(entry, loc[0]) if loc else "(table)"
            rest = ".".join(str(x) for x in loc[1:])
            problems.append(f"entry {label}{' field ' + rest if rest else ''}: {err['msg']}")
        raise LexiconError(f"table {name}: " + "; ".join(problems)) from None


class Lexicon(Generic[E]):
    """The phrases of a table, each with its entry; see the module doc.

    ``entries``: phrase → entry, or an iterable of phrases (each its own entry,
    the first spelling of a phrase kept). In a mapping, two phrases with one key
    (the same words in match form) must have one entry.
    """

    def __init__(self, name: str, entries: Mapping[str, E] | Iterable[str],
                 comma_optional: bool = False, space: Spacing = "any", exact_case: bool = False):
        self.name = name
        self.comma_optional = comma_optional
        if space not in _SPACE_PATTERNS:
            raise LexiconError(f"table {name}: space must be one of {tuple(_SPACE_PATTERNS)}, not {space!r}")
        self.space = space
        self.exact_case = exact_case
        self._glued: dict[str, str] = {}
        mapping = isinstance(entries, Mapping)
        pairs = entries.items() if mapping else ((p, p) for p in entries)
        self._entries: dict[str, E] = {}
        for phrase, entry in pairs:
            if not isinstance(phrase, str) or not phrase.strip():
                raise LexiconError(f"table {name}: entry {phrase!r}: not a phrase (a non-empty string)")
            key = self.key(phrase)
            if key in self._entries and not mapping:
                continue  # a list may spell one phrase twice ("Ban cán sự đảng", "Ban Cán sự Đảng")
            if key in self._entries and self._entries[key] != entry:
                raise LexiconError(f"table {name}: entry {phrase!r}: the same phrase as an earlier "
                                   f"entry with another value ({self._entries[key]!r} vs {entry!r})")
            self._entries[key] = entry
        # with optional spaces, a match may have lost them: "tinliên quan" is "tin liên quan"
        if space == "optional":
            self._glued = {k.replace(" ", ""): k for k in self._entries}
        self._pattern: Optional[str] = None
        self._compiled: dict[str, re.Pattern] = {}

    @classmethod
    def from_table(cls, table: str, *path: str, model: Any = list[str],
                   phrases: Callable[[Any], Iterable[tuple[str, Any]]] | None = None,
                   comma_optional: bool = False, space: Spacing = "any",
                   exact_case: bool = False) -> "Lexicon":
        """The lexicon of ``pipeline/data/TABLE.json`` at ``path`` (keys into the
        JSON), validated as ``model``. ``phrases`` turns the validated data into
        (phrase, entry) pairs; by default a list gives its strings and a mapping
        its items."""
        name = ".".join((table, *path))
        data = load_table(table)
        for step in path:
            if step not in data:
                raise LexiconError(f"table {table}: no entry {step!r}")
            data = data[step]
        value = validate_table(name, data, model)
        pairs = phrases(value) if phrases else (value.items() if isinstance(value, Mapping) else value)
        return cls(name, dict(pairs) if phrases or isinstance(value, Mapping) else list(pairs),
                   comma_optional=comma_optional, space=space, exact_case=exact_case)

    # --- the entries ------------------------------------------------------
    def key(self, matched: str) -> str:
        """Matched text (or a phrase) back to its key: match form, one space between words."""
        key = phrase_key(matched, self.comma_optional, self.exact_case)
        return self._glued.get(key.replace(" ", ""), key) if self._glued else key

    def entry(self, matched: str) -> E:
        """The entry of a phrase as matched in the match text."""
        return self._entries[self.key(matched)]

    def __contains__(self, matched: object) -> bool:
        return isinstance(matched, str) and self.key(matched) in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def lex_match(self, m: re.Match, group: int | str = 0) -> LexMatch[E]:
        """A LexMatch for a group of a larger regex that embeds ``pattern``."""
        key = self.key(m.group(group))
        return LexMatch(m.start(group), m.end(group), key, self._entries[key])

    # --- the compiled pattern ---------------------------------------------
    @property
    def pattern(self) -> str:
        """The alternation (no edges), to embed in a larger regex."""
        if self._pattern is None:
            self._pattern = alternation(self._entries, self.comma_optional, self.space, self.exact_case)
        return self._pattern

    def _regex(self, shape: str) -> re.Pattern:
        if shape not in self._compiled:
            self._compiled[shape] = re.compile(shape.format(self.pattern))
        return self._compiled[shape]

    def find(self, text: str, start: int = 0, end: Optional[int] = None) -> Iterator[LexMatch[E]]:
        """Every phrase in text[start:end] that stands as whole words."""
        regex = self._regex(r"(?<!\w)(?:{})(?!\w)")
        for m in regex.finditer(text, start, len(text) if end is None else end):
            yield self.lex_match(m)

    def starting_at(self, text: str, pos: int) -> Optional[LexMatch[E]]:
        """The longest phrase that starts exactly at pos, as whole words."""
        m = self._regex(r"(?<!\w)(?:{})(?!\w)").match(text, pos)
        return self.lex_match(m) if m else None

    def ending_at(self, text: str, pos: int, lo: int = 0) -> Optional[LexMatch[E]]:
        """The longest phrase that ends exactly at pos, starts a word and
        starts at or after lo."""
        # search finds the leftmost start, so the longest phrase ending at pos wins
        m = self._regex(r"(?<!\w)(?:{})\Z").search(text, lo, pos)
        return self.lex_match(m) if m else None

    def __repr__(self) -> str:
        return f"Lexicon({self.name!r}, {len(self._entries)} phrases)"
