"""``vnfacts eval``: precision, recall and F1 per fact type against gold files.

Gold files are in the format of shared/gold (one JSON file per document:
``doc``, optional ``published``, and lists ``document_refs``, ``counts``,
``percentages``; items marked ``"optional": true`` are neither required nor
counted against). Matching follows the contract (FACTS.md): within a document
as multisets, document refs by canonical code (by type + number when the gold
code is null), counts by (value, category), percentages by (value, kind); the
accuracy of issued_date, qualifier, event, count kind, comparator and period on
matched pairs, and of the article's place (province, district) on every gold file
that has one, compared as score.py compares them.
"""
from __future__ import annotations

import gzip
import json
import os
import re
import unicodedata
from collections import Counter
from pathlib import Path

import jsonlines

from .records import FACT_MODELS

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
    "counts": (lambda c: (int(c.get("value")), c.get("category")), ("qualifier", "event", "kind", "period")),
    "percentages": (lambda p: (round(float(p.get("value")), 2), p.get("kind")), ("comparator", "period")),
}
PLACE_LEVELS = ("province", "district")
_PLACE_TYPE = re.compile(r"^(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|thị trấn)\s+")
_PLACE_ALIASES = {"thừa thiên huế": "huế", "tp.hcm": "hồ chí minh", "tphcm": "hồ chí minh",
                  "tp hcm": "hồ chí minh", "hcm": "hồ chí minh"}


def _norm_period(value) -> tuple:
    """A period as (start, end); null and {start: null, end: null} are the same."""
    if not isinstance(value, dict):
        return (None, None)
    return tuple(str(value[k]).strip() or None if value.get(k) is not None else None for k in ("start", "end"))


def _same(field: str, gold_value, predicted, gold_item: dict) -> bool:
    if field == "period":
        (gs, ge), (ps, pe) = _norm_period(gold_value), _norm_period(predicted)
        # a target is judged by its horizon; a gold period open at the start accepts a stated start
        if gold_item.get("kind") == "target":
            return ge == pe
        return ge == pe and (gs == ps or gs is None)
    return gold_value == predicted


def _norm_place_name(name):
    """Place names without type word, case or diacritics (Đắk Glei = Đăk Glei = Dak Glei)."""
    if not name:
        return None
    n = unicodedata.normalize("NFC", str(name)).strip().lower()
    n = re.sub(r"\s+", " ", _PLACE_TYPE.sub("", n))
    n = _PLACE_ALIASES.get(n, n)
    n = "".join(c for c in unicodedata.normalize("NFD", n) if not unicodedata.combining(c))
    return n.replace("đ", "d").replace("-", " ")


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
        with _open_text(path) as f, jsonlines.Reader(f) as reader:
            return list(reader.iter(type=dict, skip_empty=True))
    except jsonlines.InvalidLineError as err:
        raise EvalError(f"{path}:{err.lineno}: not a JSON record ({err})") from None
    except (OSError, EOFError, UnicodeDecodeError) as err:
        raise EvalError(f"cannot read predictions {path}: {getattr(err, 'strerror', None) or err}") from None


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


def _sentence_of(quote, rec: dict):
    """The sentence of a prediction that holds a gold item's quote (missed facts have no sentence of their own)."""
    if not quote:
        return None
    for kind in FACT_MODELS:
        for fact in rec.get(kind) or []:
            if quote in (fact.get("sentence") or ""):
                return fact["sentence"]
    text = rec.get("text") or ""
    at = text.find(quote)
    if at < 0:
        return None
    start = max(text.rfind(". ", 0, at) + 1, text.rfind("\n", 0, at) + 1)
    ends = [e for e in (text.find(". ", at + len(quote)), text.find("\n", at + len(quote))) if e >= 0]
    return text[start:min(ends) + 1 if ends else len(text)].strip()


def _miss(doc: str, kind: str, error: str, item: dict, key, sentence) -> dict:
    return {"doc": doc, "kind": kind, "error": error, "key": list(key),
            "text": item.get("text"), "sentence": sentence}


def _place_errors(gold: dict, rec: dict, place: dict) -> list[dict]:
    gp, pp = gold["place"] or {}, rec.get("place") or {}
    errors = []
    for level in PLACE_LEVELS:
        ok = _norm_place_name(gp.get(level)) == _norm_place_name(pp.get(level))
        place[level].update(n=1, ok=int(ok))
        if not ok:
            errors.append({"doc": gold["doc"], "kind": "place", "error": "wrong attribute", "field": level,
                           "gold": gp.get(level), "predicted": pp.get(level),
                           "text": pp.get("evidence"), "sentence": None})
    return errors


def _score_kind(doc: str, kind: str, gold_items: list, rec: dict, totals: Counter, attrs: dict) -> list[dict]:
    key, fields = KINDS[kind]
    pairs, missed, extra = _match(gold_items, rec.get(kind) or [], key)
    totals.update(tp=len(pairs), fp=len(extra), fn=len(missed))
    errors = []
    for g, p in pairs:
        for f in fields:
            if f in g:
                ok = _same(f, g.get(f), p.get(f), g)
                attrs[f].update(n=1, ok=int(ok))
                if not ok:
                    errors.append({"doc": doc, "kind": kind, "error": "wrong attribute", "field": f,
                                   "gold": g.get(f), "predicted": p.get(f),
                                   "text": p.get("text"), "sentence": p.get("sentence")})
    errors += [_miss(doc, kind, "missed", g, key(g), _sentence_of(g.get("text"), rec)) for g in missed]
    errors += [_miss(doc, kind, "extra", p, key(p), p.get("sentence")) for p in extra]
    return errors


def _ratio(c: Counter):
    return round(c["ok"] / c["n"], 3) if c["n"] else None


def evaluate(gold_dir: str | Path, predictions: str | Path) -> dict:
    """The report; ``EvalError`` when the gold folder is missing or empty, or when not
    one gold document has a prediction (nothing would be scored)."""
    gold_paths = _gold_files(gold_dir)
    records = load_records(predictions)
    totals = {k: Counter() for k in KINDS}
    attrs = {k: {a: Counter() for a in KINDS[k][1]} for k in KINDS}
    published = Counter()
    place = {level: Counter() for level in PLACE_LEVELS}
    missing, errors = [], []
    for gold_path in gold_paths:
        gold = _read_gold(gold_path)
        rec = _find_record(gold["doc"], records)
        if rec is None:
            missing.append(gold["doc"])
        if "published" in gold:   # no prediction: wrong, even where the gold date is null
            ok = rec is not None and gold["published"] == rec.get("published")
            published.update(n=1, ok=int(ok))
            if not ok:
                errors.append({"doc": gold["doc"], "kind": "published", "error": "wrong attribute",
                               "field": "published", "gold": gold["published"],
                               "predicted": (rec or {}).get("published"), "text": None, "sentence": None})
        rec = rec or {}
        if "place" in gold:
            errors += _place_errors(gold, rec, place)
        for kind in KINDS:
            errors += _score_kind(gold["doc"], kind, gold.get(kind, []), rec, totals[kind], attrs[kind])
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
                        "attributes": {f: _ratio(c) for f, c in attrs[kind].items()}}
    report["min_f1"] = round(worst, 3)
    report["published_accuracy"] = _ratio(published)
    report["place_accuracy"] = {level: _ratio(c) for level, c in place.items()}
    report["errors"] = errors
    return report


ERROR_GROUPS = ("missed", "extra", "wrong attribute")
_KIND_ORDER = {k: i for i, k in enumerate((*KINDS, "published", "place"))}


def _short(value) -> str:
    if isinstance(value, dict):
        value = "–".join(str(v) if v is not None else "…" for v in _norm_period(value))
    return json.dumps(value, ensure_ascii=False)


def _error_line(e: dict) -> str:
    what = (f"{e['kind']}.{e['field']}: gold {_short(e['gold'])} got {_short(e['predicted'])}"
            if e["error"] == "wrong attribute" else f"{e['kind']} {tuple(e['key'])}")
    line = f"    {e['doc']}  {what}"
    if e.get("text"):
        line += f"  «{e['text']}»"
    if e.get("sentence") and e["sentence"] != e.get("text"):
        line += f"\n        in: {e['sentence']}"
    return line


def format_errors(errors: list[dict]) -> list[str]:
    """Misses grouped by kind of error (missed, extra, wrong attribute), each with its sentence."""
    lines = []
    for group in ERROR_GROUPS:
        members = [e for e in errors if e["error"] == group]
        if not members:
            continue
        lines.append(f"{group} ({len(members)}):")
        members.sort(key=lambda e: (_KIND_ORDER.get(e["kind"], 99), e.get("field") or "", e["doc"]))
        heading = None
        for e in members:
            if group == "wrong attribute" and (e["kind"], e["field"]) != heading:
                heading = (e["kind"], e["field"])
                same = sum(1 for m in members if (m["kind"], m.get("field")) == heading)
                lines.append(f"  {e['kind']}.{e['field']} ({same}):")
            lines.append(_error_line(e))
    return lines


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
    if any(v is not None for v in report["place_accuracy"].values()):
        lines.append("place accuracy " + " ".join(f"{lv}={v}" for lv, v in report["place_accuracy"].items()))
    if report["missing_documents"]:
        lines.append("no prediction for: " + ", ".join(report["missing_documents"]))
    lines.append(f"min F1 {report['min_f1']:.3f}")
    if verbose:
        lines += format_errors(report["errors"])
    return "\n".join(lines)
