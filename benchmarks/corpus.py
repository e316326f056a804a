"""Build a benchmark corpus from the bundled articles.

Every generated article is different text, so the run's duplicate detection
does not skip any of it: each one takes the header of one bundled article
and a deterministic shuffle of paragraphs drawn from all of them, plus a
line that names it.
"""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = ROOT / "corpus" / "articles"


def _paragraphs() -> tuple[list[str], list[str]]:
    headers, paragraphs = [], []
    for path in sorted(ARTICLES.glob("*.txt")):
        parts = [p.strip() for p in path.read_text(encoding="utf-8").split("\n") if p.strip()]
        headers.append("\n".join(parts[:3]))
        paragraphs.extend(p for p in parts[3:] if len(p) > 80)
    return headers, paragraphs


def build(directory: Path, total_chars: int, seed: int = 7) -> tuple[int, int]:
    """Write .txt articles into directory until total_chars; returns (files, chars)."""
    directory.mkdir(parents=True, exist_ok=True)
    headers, paragraphs = _paragraphs()
    rng = random.Random(seed)
    chars = files = 0
    while chars < total_chars:
        body = rng.sample(paragraphs, k=min(len(paragraphs), rng.randint(8, 16)))
        text = f"{headers[files % len(headers)]}\n\nBài tổng hợp số {files + 1}.\n\n" + "\n\n".join(body) + "\n"
        (directory / f"bench_{files:06d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
        files += 1
    return files, chars
