"""Facts marked in place in an article's text.

The text is cut at every fact's start and end into pieces of plain text and
opening and closing marks, properly nested for HTML. A fact that crosses the
end of another is closed with it and opened again after (a continuation), so
every fact has exactly one first mark, which carries its id.

An article stored without its text (extracted without ``--with-text``) is shown
as its facts' sentences in order: each sentence is placed at the offset its facts
agree on, and the facts are marked inside it.
"""
from __future__ import annotations

from dataclasses import dataclass, field

SENTENCE_GAP = "\n\n"


@dataclass
class Span:
    key: str          # "counts-3": kind and position in the record; the first mark's id
    kind: str
    start: int
    end: int
    text: str
    sentence: str | None = None
    fields: dict = field(default_factory=dict)


@dataclass
class Piece:
    text: str | None = None       # plain text
    span: Span | None = None      # a mark opens (with first telling whether it is the fact's first mark)
    first: bool = False
    close: bool = False           # a mark closes


def _placed(text: str, spans: list[Span]) -> tuple[list[Span], list[Span]]:
    """Spans whose offsets hold their text, and the others."""
    good = [s for s in spans if 0 <= s.start < s.end <= len(text) and text[s.start:s.end] == s.text]
    keys = {s.key for s in good}
    return good, [s for s in spans if s.key not in keys]


def _close_at(position: int, stack: list[Span], pieces: list[Piece]) -> list[Span]:
    """Close the marks ending here; marks opened inside them that go on are opened again."""
    ending = [i for i, s in enumerate(stack) if s.end == position]
    if not ending:
        return stack
    lowest = ending[0]
    above = stack[lowest:]
    pieces.extend(Piece(close=True) for _ in above)
    stack = stack[:lowest]
    for span in above:
        if span.end != position:
            pieces.append(Piece(span=span, first=False))
            stack.append(span)
    return stack


def mark_pieces(text: str, spans: list[Span]) -> tuple[list[Piece], list[Span]]:
    """The text as nested pieces with every placeable span marked, and the spans that could not be placed."""
    good, unplaced = _placed(text, spans)
    starting: dict[int, list[Span]] = {}
    for span in sorted(good, key=lambda s: (s.start, -s.end, s.key)):
        starting.setdefault(span.start, []).append(span)
    boundaries = sorted(set(starting) | {s.end for s in good})
    pieces: list[Piece] = []
    stack: list[Span] = []
    position = 0
    for boundary in boundaries:
        if boundary > position:
            pieces.append(Piece(text=text[position:boundary]))
            position = boundary
        stack = _close_at(boundary, stack, pieces)
        for span in starting.get(boundary, []):
            pieces.append(Piece(span=span, first=True))
            stack.append(span)
    if position < len(text):
        pieces.append(Piece(text=text[position:]))
    return pieces, unplaced


def _sentence_start(sentence: str, spans: list[Span]) -> int | None:
    """The document offset of the sentence that places most of its facts."""
    candidates = set()
    for span in spans:
        found = sentence.find(span.text)
        while found >= 0:
            candidates.add(span.start - found)
            found = sentence.find(span.text, found + 1)

    def placed(origin: int) -> int:
        return sum(sentence[s.start - origin:s.end - origin] == s.text for s in spans if s.start >= origin)

    return max(sorted(candidates), key=placed, default=None)


def sentences_text(spans: list[Span]) -> tuple[str, list[Span]]:
    """Without the article text: its facts' sentences in order, and the spans moved into that text."""
    groups: dict[str, list[Span]] = {}
    for span in sorted(spans, key=lambda s: s.start):
        if span.sentence:
            groups.setdefault(span.sentence, []).append(span)
    parts: list[str] = []
    moved: list[Span] = []
    base = 0
    for sentence, members in groups.items():
        origin = _sentence_start(sentence, members)
        for span in members:
            local = span.start - origin if origin is not None else -1
            if not (0 <= local and sentence[local:local + len(span.text)] == span.text):
                local = sentence.find(span.text)
            if local >= 0:
                moved.append(Span(span.key, span.kind, base + local, base + local + len(span.text),
                                  span.text, span.sentence, span.fields))
        parts.append(sentence)
        base += len(sentence) + len(SENTENCE_GAP)
    return SENTENCE_GAP.join(parts), moved
