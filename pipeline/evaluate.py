"""``vnfacts eval``: precision, recall and F1 per fact type against gold files.

Gold files are in the format of shared/gold (one JSON file per document:
``doc``, optional ``published``, and lists ``document_refs``, ``counts``,
``percentages``; items marked ``"optional": true`` are neither required nor
counted against). Matching follows the contract (FACTS.md): within a document
as multisets, document refs by canonical code (by type + number when the gold
code is null), counts by (value, category), percentages by (value, kind); the
accuracy of issued_date, qualifier, event and comparator on matched pairs.
"""
from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from pathlib import Path

_DASHES = re.compile(r"[\u2010-\u2015\u2212]")


def _norm_code(code):
    if not code:
        return None
    code = _DASHES.sub("-", code).replace(" ", "")
    m = re.match(r"^(\d+)-(.*)$", code)
    if m and "/" in code and not re.match(r"^\d+/", code):
        code = m.group(1).zfill(2) + "-" + m.group(2)
    return code.upper()


def _ref_key(r):
    code = _norm_code(r.get("code"))
    if code:
        return ("code", code)
    return ("typed", (r.get("doc_type") or "").lower(), str(r.get("number") or "").lstrip("0"))


KINDS = {
    "document_refs": (_ref_key, ("issued_date",)),
    "counts": (lambda c: (int(c.get("value")), c.get("category")), ("qualifier", "event")),
    "percentages": (lambda p: (round(float(p.get("value")), 2), p.get("kind")), ("comparator",)),
}


def _match(gold_items, pred_items, key):
    required = [g for g in gold_items if not g.get("optional")]
    optional = Counter(key(g) for g in gold_items if g.get("optional"))
    pool: dict = {}
    for p in pred_items:
        pool.setdefault(key(p), []).append(p)
    pairs, missed = [], []
    for g in required:
        cands = pool.get(key(g))
        if cands:
            pairs.append((g, cands.pop(0)))
        else:
            missed.append(g)
    extra = []
    for k, rest in pool.items():
        extra.extend(rest[optional.get(k, 0):])
    return pairs, missed, extra


def _find_record(doc_name: str, records: list[dict]):
    stem = os.path.splitext(doc_name)[0]
    for r in records:
        if os.path.basename(str(r.get("source") or "")) == doc_name:
            return r
    for r in records:
        if stem in str(r.get("doc_id") or ""):
            return r
    return None


class EvalError(ValueError):
    """Nothing to score (no gold, no predictions, or none that meet); a one-line message."""


def _open_text(path: str | Path):
    """A facts file as text, gzipped (as `-o facts.jsonl.gz` writes it) or not."""
    with open(path, "rb") as f:
        gzipped = f.read(2) == b"\x1f\x8b"
    return gzip.open(path, "rt", encoding="utf-8") if gzipped else open(path, encoding="utf-8")


def load_records(path: str | Path) -> list[dict]:
    try:
        with _open_text(path) as f:
            lines = list(enumerate(f, start=1))
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise EvalError(f"cannot read predictions {path}: {getattr(err, 'strerror', None) or err}") from None
    records = []
    for number, line in lines:
        if line.strip():
            try:
                records.append(json.loads(line))
            except ValueError as err:
                raise EvalError(f"{path}:{number}: not a JSON record ({err})") from None
    return records


def _gold_files(gold_dir: str | Path) -> list[Path]:
    if not Path(gold_dir).is_dir():
        raise EvalError(f"no gold folder {gold_dir}")
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise EvalError(f"no gold files (*.json) in {gold_dir}")
    return paths


def _read_gold(path: Path) -> dict:
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise EvalError(f"cannot read gold file {path}: {err}") from None
    if not isinstance(gold, dict) or "doc" not in gold:
        raise EvalError(f"gold file {path} has no \"doc\" (the article file it annotates)")
    return gold


def evaluate(gold_dir: str | Path, predictions: str | Path) -> dict:
    """The report; ``EvalError`` when the gold folder is missing or empty, or when not
    one gold document has a prediction (nothing would be scored)."""
    gold_paths = _gold_files(gold_dir)
    records = load_records(predictions)
    totals = {k: Counter() for k in KINDS}
    attrs = {k: {a: Counter() for a in KINDS[k][1]} for k in KINDS}
    published = Counter()
    missing, errors = [], []
    for gold_path in gold_paths:
        gold = _read_gold(gold_path)
        rec = _find_record(gold["doc"], records)
        if rec is None:
            missing.append(gold["doc"])
        if "published" in gold:   # no prediction: wrong, even where the gold date is null
            published.update(n=1, ok=int(rec is not None and gold["published"] == rec.get("published")))
        rec = rec or {}
        for kind, (key, fields) in KINDS.items():
            pairs, missed, extra = _match(gold.get(kind, []), rec.get(kind) or [], key)
            totals[kind].update(tp=len(pairs), fp=len(extra), fn=len(missed))
            for g, p in pairs:
                for f in fields:
                    if f in g:
                        ok = g.get(f) == p.get(f)
                        attrs[kind][f].update(n=1, ok=int(ok))
                        if not ok:
                            errors.append({"doc": gold["doc"], "kind": kind, "field": f,
                                           "gold": g.get(f), "predicted": p.get(f), "text": p.get("text")})
            errors += [{"doc": gold["doc"], "kind": kind, "missed": g.get("text")} for g in missed]
            errors += [{"doc": gold["doc"], "kind": kind, "extra": p.get("text")} for p in extra]
    if len(missing) == len(gold_paths):
        raise EvalError(f"none of the {len(gold_paths)} gold documents in {gold_dir} has a prediction in "
                        f"{predictions} (a gold \"doc\" is matched to a record's source file name)")
    report: dict = {"documents": len(gold_paths), "missing_documents": missing}
    worst = 1.0
    for kind, t in totals.items():
        tp, fp, fn = t["tp"], t["fp"], t["fn"]
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        worst = min(worst, f1)
        report[kind] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f1, 3),
                        "tp": tp, "fp": fp, "fn": fn,
                        "attributes": {f: (round(c["ok"] / c["n"], 3) if c["n"] else None)
                                       for f, c in attrs[kind].items()}}
    report["min_f1"] = round(worst, 3)
    report["published_accuracy"] = round(published["ok"] / published["n"], 3) if published["n"] else None
    report["errors"] = errors
    return report


def format_report(report: dict, as_json: bool = False, verbose: bool = False) -> str:
    if as_json:
        return json.dumps(report, ensure_ascii=False)
    lines = []
    for kind in KINDS:
        r = report[kind]
        at = " ".join(f"{f}={v}" for f, v in r["attributes"].items())
        lines.append(f"{kind:14s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                     f"tp={r['tp']} fp={r['fp']} fn={r['fn']}  {at}")
    lines.append(f"published date accuracy {report['published_accuracy']}")
    if report["missing_documents"]:
        lines.append("no prediction for: " + ", ".join(report["missing_documents"]))
    lines.append(f"min F1 {report['min_f1']:.3f}")
    if verbose:
        lines += ["  " + json.dumps(e, ensure_ascii=False) for e in report["errors"]]
    return "\n".join(lines)
