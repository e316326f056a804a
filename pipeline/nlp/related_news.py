"""Related-news blocks: the parts of a scraped text that list other articles.

News pages put "Đọc thêm", "Tin liên quan", "Xem thêm", "Tin cùng chuyên mục"
and a list of other articles' headlines (often each with its teaser) inside or
after the article; scrapers keep them as text. Facts found there belong to the
other articles. A block, by these ordered rules:

1. ``cue line``: a line that starts with a cue word standing alone or before
   ':', '>>', '-', '|' (``Xem thêm: Headline`` is a block of one line);
2. ``link line``: a line that starts with a link mark (``>> Headline``);
3. the lines under a cue line, while each is a bulleted item, a headline
   (a short line), or the teaser right under an unmarked headline; the first
   other line (a body paragraph) ends the block;
4. ``page header``: a cue line above the article's first paragraph is the
   site's navigation (the headline and dateline under it are the article's):
   the block is that line alone;
5. ``first paragraph``: the first line longer than a headline, or the first
   ``sentence line`` (one that ends with a full stop and has enough words)
   if it comes sooner. Headlines, menus and datelines end without a full
   stop, so a short article's own sentence starts its body: a cue under it is
   a block, not navigation (the length alone would make every cue of an
   article of short paragraphs navigation, and its headlines' facts its own);
6. ``article resumes``: inside a block, a sentence line where a headline is
   expected (after a bulleted item or a teaser, not right under an unmarked
   headline, where it is the teaser) is the article's: it ends the block, so
   the article's short lines after a list are not dropped with it. Not in a
   list whose first unmarked headline ends with a full stop itself.

Spans are character offsets of the text, whole lines.
"""
from __future__ import annotations

import re

from ..lexicon import Lexicon
from ..normalize import match_form
from ..tables import load_table

_T = load_table("related_news")


def _marks(name: str) -> str:
    """A related_news list as an alternation over the match form; a space in a
    cue is one space (a cue is read within its line)."""
    return Lexicon(f"related_news.{name}", _T[name], space="one").pattern


_CUE = rf"[ \t*•\-–]*(?:{_marks('cues')})[ \t]*(?:$|[:>»|\-–]|\.\.\.|…)"
_LINK = rf"[ \t]*(?:{_marks('link_marks')})"
_BLOCK_START = re.compile(rf"^(?:(?P<cue>{_CUE})|(?P<link>{_LINK}))", re.M)
_CUE_LINE = re.compile(_CUE, re.M)
_ITEM = re.compile(rf"[ \t]*(?:{_marks('item_marks')})\s")
_PARAGRAPH = re.compile(rf"^[^\n]{{{_T['headline_max_chars'] + 1},}}", re.M)
# A line ending with a full stop (maybe before a closing quote or bracket) after
# at least sentence_min_words words: an article's sentence, not a headline.
_SENTENCE_LINE = re.compile(
    rf"^[^\S\n]*(?:\S+[^\S\n]+){{{_T['sentence_min_words'] - 1},}}\S*[^\s.]\.[\"”’)\]]*[^\S\n]*$", re.M)


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


def _block_end(text: str, folded: str, pos: int) -> int:
    """End of the block whose cue line ends at pos: the end of its last listed line."""
    after_headline = False
    # Rule 6 holds once the first listed line shows this list's headlines end without
    # a full stop (None before it): where they end with one, a sentence is no sign.
    sentence_ends_block = None
    end = pos
    while pos < len(text):
        start = pos + 1
        pos = _line_end(text, start)
        size = len(text[start:pos].strip())
        if not size:
            continue
        sentence = _SENTENCE_LINE.match(text, start) is not None
        if _ITEM.match(folded, start) and size <= _T["teaser_max_chars"]:
            after_headline = False  # a bulleted list: headlines only
        elif sentence and sentence_ends_block and not after_headline:
            break  # article's sentence where a headline is expected (rule 6): the article goes on
        elif size <= _T["headline_max_chars"] and not _CUE_LINE.match(folded, start):
            after_headline = not (after_headline and sentence)  # a sentence under a headline is its teaser
        elif after_headline and size <= _T["teaser_max_chars"]:
            after_headline = False
        else:
            break  # a body paragraph: the article goes on
        end = pos
        if sentence_ends_block is None:
            sentence_ends_block = not sentence or _ITEM.match(folded, start) is not None
    return end


def _first_paragraph(text: str) -> int:
    """Offset of the article's first body line (rule 5), or the text's end if it has none."""
    starts = [m.start() for m in (_PARAGRAPH.search(text), _SENTENCE_LINE.search(text)) if m]
    return min(starts, default=len(text))


def related_news_spans(text: str, folded: str | None = None) -> list[tuple[int, int]]:
    """(start, end) of every related-news block in the text (whose match form is folded), in order."""
    folded = match_form(text) if folded is None else folded
    spans: list[tuple[int, int]] = []
    pos = 0
    first_paragraph = None
    while (m := _BLOCK_START.search(folded, pos)) is not None:
        line_end = _line_end(text, m.start())
        if first_paragraph is None:
            first_paragraph = _first_paragraph(text)
        listed = m.group("cue") is not None and m.start() > first_paragraph
        end = _block_end(text, folded, line_end) if listed else line_end
        spans.append((m.start(), end))
        pos = max(end, m.end()) + 1
    return spans


def blank_spans(folded: str, spans: list[tuple[int, int]]) -> str:
    """The match text with the spans blanked (same length): no rule finds a fact there."""
    for start, end in spans:
        folded = folded[:start] + re.sub(r"\S", " ", folded[start:end]) + folded[end:]
    return folded


def inside(spans: list[tuple[int, int]], offset: int) -> bool:
    return any(start <= offset < end for start, end in spans)
