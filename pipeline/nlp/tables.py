"""Tables in article text: rows of cells, as trafilatura writes an HTML ``<table>``
(``| Đơn vị | Năm 2021 | Năm 2022 |`` lines, a ``|---|`` line under the header)
and as flattened tables come in plain text (cells separated by tabs).

A table is two or more consecutive rows with the same number of cells (at least
two); its first row is the header. Cells are character spans of the text, so a
fact read from a cell has offsets like any other. Report tables are the densest
source of counts and percentages; pipeline/extract/tables.py reads them, and the
tokenizer blanks their number cells in the match text so that no sentence rule
reads a number without its headers (cells of words stay for the sentence rules).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

_PIPE_ROW = re.compile(r"[ \t]*\|(.*)\|[ \t]*$")
_RULE_ROW = re.compile(r"[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")
_NUMBER_CELL = re.compile(r"\d[\d.,]*\s*%?")


@dataclass
class Table:
    start: int                     # first character of the header row
    end: int                       # end of the last row
    header: list[tuple[int, int]]  # cell spans of the header row
    rows: list[list[tuple[int, int]]] = field(default_factory=list)  # cell spans of each data row
    caption: tuple[int, int] | None = None  # the line right above the table


def _cells(text: str, start: int, end: int, sep: str) -> list[tuple[int, int]]:
    """Spans of the cells of one row (whitespace trimmed; empty cells keep their place)."""
    spans, pos = [], start
    for part in text[start:end].split(sep):
        s, e = pos, pos + len(part)
        pos = e + 1
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        spans.append((s, e))
    return spans


def _row(text: str, start: int, end: int):
    """(cell spans, kind) of a table row line, or None."""
    m = _PIPE_ROW.match(text, start, end)
    if m:
        return _cells(text, m.start(1), m.end(1), "|"), "pipe"
    if text.count("\t", start, end) >= 1 and text[start:end].strip():
        return _cells(text, start, end, "\t"), "tab"
    return None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def find_tables(text: str) -> list[Table]:
    """Every table in the text, in order."""
    if "|" not in text and "\t" not in text:
        return []
    lines = _lines(text)
    tables: list[Table] = []
    i = 0
    while i < len(lines):
        first = _row(text, *lines[i])
        if first is None or len(first[0]) < 2:
            i += 1
            continue
        header, kind = first
        rows, j = [], i + 1
        while j < len(lines):
            s, e = lines[j]
            if kind == "pipe" and _RULE_ROW.match(text, s, e):
                j += 1
                continue
            row = _row(text, s, e)
            if row is None or row[1] != kind or len(row[0]) != len(header):
                break
            rows.append(row[0])
            j += 1
        if rows:
            caption = next(((s, e) for s, e in reversed(lines[:i]) if text[s:e].strip()), None)
            tables.append(Table(lines[i][0], lines[j - 1][1], header, rows, caption))
            i = j
        else:
            i += 1
    return tables


def number_cells(text: str, table: Table) -> list[tuple[int, int]]:
    """The cells of the data rows that hold only a number or a percentage."""
    return [(s, e) for row in table.rows for s, e in row[1:] if _NUMBER_CELL.fullmatch(text, s, e)]
