"""`vnfacts load / query / export` on the real extraction of the bundled corpus.

The README's example answers are run for real and compared with what the
README shows; the same answers are checked against the gold files, so the
README's numbers are the corpus's facts, not whatever the code printed once."""
import hashlib
import json
import re
import shlex
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.store import open_db, presets

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
README_DB = "out/facts.duckdb"
TABLES = ("documents", "document_refs", "counts", "percentages", "entities")

pytestmark = pytest.mark.slow


def vnfacts(*args, cwd=ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8")


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory) -> Path:
    """The bundled corpus extracted (as `make run` does, from corpus/articles) and loaded."""
    work = tmp_path_factory.mktemp("corpus_store")
    facts, db = work / "facts.jsonl", work / "facts.duckdb"
    extracted = vnfacts("extract", "corpus/articles", "-o", facts)
    assert extracted.returncode == 0, extracted.stderr
    loaded = vnfacts("load", facts, "--db", db)
    assert loaded.returncode == 0 and not loaded.stderr, loaded.stderr
    return db


def rows(db, *query_args) -> list[dict]:
    result = vnfacts("query", *query_args, "--db", db, "--format", "json")
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def gold_files():
    return {json.loads(p.read_text(encoding="utf-8"))["doc"]: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted(GOLD.glob("*.json"))}


def required(items):
    return [i for i in items if not i.get("optional")]


def article(doc_id: str) -> str:
    return Path(doc_id).name


# -- the README's examples --------------------------------------------------------

def readme_examples() -> list[tuple[str, list[str]]]:
    """(command, printed lines) for each `$ vnfacts query` in the README's query section."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Querying the facts", 1)[1].split("\n## ", 1)[0]
    examples = []
    for block in re.findall(r"```console\n(.*?)```", section, flags=re.S):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, *printed = chunk.rstrip("\n").split("\n")
            if command.startswith("vnfacts query"):
                examples.append((command, printed))
    return examples


def squeeze(lines) -> list[str]:
    """Lines with runs of spaces collapsed: column widths depend on the longest cell."""
    return [" ".join(line.split()) for line in lines if line.strip()]


def test_the_readme_has_four_preset_questions_and_their_answers():
    commands = [c for c, _ in readme_examples()]
    assert len([c for c in commands if "--preset" in c]) == 4
    assert {shlex.split(c)[shlex.split(c).index("--preset") + 1] for c in commands if "--preset" in c} \
        <= set(presets())


@pytest.mark.parametrize("command, printed", readme_examples(), ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_readme_example_prints_what_the_readme_shows(corpus_db, command, printed):
    args = [str(corpus_db) if a == README_DB else a for a in shlex.split(command)[1:]]
    result = vnfacts(*args, "--format", "table")
    assert squeeze((result.stdout + result.stderr).splitlines()) == squeeze(printed), \
        "README query example is stale; it now prints:\n" + result.stdout + result.stderr


# -- the same answers, from the gold files ----------------------------------------

def test_most_cited_document_is_the_golds(corpus_db):
    mentions = Counter((doc, r["code"]) for doc, g in gold_files().items()
                       for r in required(g["document_refs"]) if r.get("code"))
    (doc, code), n = mentions.most_common(1)[0]
    assert (doc, code, n) == ("002_139f9ae7599cec40.txt", "09-NQ/TU", 7)   # the Hà Tĩnh article
    dates = {r["issued_date"] for r in gold_files()[doc]["document_refs"]
             if r.get("code") == code and r.get("issued_date")}
    top = rows(corpus_db, "--preset", "most_cited", "--param", "limit=1")[0]
    assert (top["code"], top["mentions"], top["citing_articles"]) == (code, n, 1)
    assert {top["issued_date"]} == dates


def test_articles_citing_21_nq_tw_match_the_gold(corpus_db):
    code = "21-NQ/TW"
    expected = {doc: sum(1 for r in required(g["document_refs"]) if r.get("code") == code)
                for doc, g in gold_files().items()}
    expected = {doc: n for doc, n in expected.items() if n}
    dates = {r["issued_date"] for g in gold_files().values() for r in g["document_refs"]
             if r.get("code") == code and r.get("issued_date")}
    got = rows(corpus_db, "--preset", "articles_citing", "--param", f"code={code}")
    assert {article(r["doc_id"]): r["mentions"] for r in got} == expected
    assert {r["issued_date"] for r in got} == dates


COMPARATOR_SIGNS = {"eq": "", "gt": ">", "ge": "≥", "lt": "<", "le": "≤"}


def share(p) -> str:
    return COMPARATOR_SIGNS[p["comparator"]] + f"{p['value']:g}%"


def test_targets_vs_achieved_match_the_gold(corpus_db):
    subject, criterion = "tổ chức cơ sở đảng", "đạt trong sạch vững mạnh"
    expected = defaultdict(lambda: {"target": set(), "achieved": set()})
    for doc, g in gold_files().items():
        for p in required(g["percentages"]):
            if p.get("subject") == subject and p.get("criterion") == criterion and p["kind"] != "other":
                expected[doc][p["kind"]].add(share(p))
    assert expected, "the gold files hold targets or results for this criterion"
    got = rows(corpus_db, "--preset", "targets_vs_achieved", "--param", f"subject={subject}")
    answer = {article(r["doc_id"]): {"target": set((r["target"] or "").split(", ")) - {""},
                                     "achieved": set((r["achieved"] or "").split(", ")) - {""}}
              for r in got if r["criterion"] == criterion}
    assert answer == dict(expected)


def test_members_admitted_over_time_match_the_gold(corpus_db):
    expected = sorted((g["published"] or "", doc, c["value"], c["qualifier"])
                      for doc, g in gold_files().items()
                      for c in required(g["counts"]) if c.get("event") == "admitted")
    got = rows(corpus_db, "--preset", "counts_over_time", "--param", "event=admitted")
    assert sorted((r["published"] or "", article(r["doc_id"]), r["value"], r["qualifier"])
                  for r in got) == expected
    assert [r["published"] for r in got] == sorted(r["published"] for r in got)


# -- read-only queries -------------------------------------------------------------

def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_rows(db) -> dict[str, int]:
    with open_db(db) as store:
        return {t: int(store.sql(f"SELECT count(*) AS n FROM {t}").n[0]) for t in TABLES}


@pytest.mark.parametrize("statement", [
    "DELETE FROM counts",
    "DELETE FROM documents WHERE true",
    "UPDATE counts SET value = 0",
    "DROP TABLE document_refs",
    "INSERT INTO documents (doc_id, record_sha1) VALUES ('x', 'y')",
    "CREATE TABLE notes AS SELECT 1",
    "SELECT 1; DELETE FROM counts",
    "ATTACH 'other.duckdb' AS other",
])
def test_a_write_through_query_fails_in_one_line_and_the_rows_stay(corpus_db, statement):
    before, digest = table_rows(corpus_db), file_digest(corpus_db)
    assert before["documents"] == 5 and before["counts"] > 0
    result = vnfacts("query", statement, "--db", corpus_db)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1 and result.stderr.startswith("vnfacts query: ")
    assert table_rows(corpus_db) == before
    assert file_digest(corpus_db) == digest


@pytest.mark.parametrize("statement, words", [
    ("SELEC * FROM counts", "syntax error"),
    ("SELECT * FROM no_such_table", "no_such_table"),
    ("SELECT no_such_column FROM counts", "no_such_column"),
    ("SELECT $missing", "missing"),
])
def test_bad_sql_fails_in_one_line(corpus_db, statement, words):
    result = vnfacts("query", statement, "--db", corpus_db)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_store_is_one_line_and_is_not_created(tmp_path):
    result = vnfacts("query", "SELECT 1", "--db", tmp_path / "none.duckdb")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "none.duckdb").exists()


def test_output_is_csv_when_piped_and_parquet_needs_a_file(corpus_db, tmp_path):
    piped = vnfacts("query", "SELECT code, mentions FROM documents_cited ORDER BY mentions DESC, code LIMIT 1",
                    "--db", corpus_db)
    assert piped.stdout.splitlines() == ["code,mentions", "09-NQ/TU,7"]
    assert vnfacts("query", "SELECT 1", "--db", corpus_db, "--format", "parquet").returncode == 2
    out = tmp_path / "cited.parquet"
    written = vnfacts("query", "SELECT * FROM documents_cited", "--db", corpus_db, "--format", "parquet", "-o", out)
    assert written.returncode == 0, written.stderr
    assert pq.read_table(out).num_rows == len(rows(corpus_db, "SELECT * FROM documents_cited"))


def test_sql_takes_params(corpus_db):
    got = rows(corpus_db, "SELECT count(*) AS n FROM document_refs WHERE code = $code", "--param", "code=09-NQ/TU")
    assert got == [{"n": 7}]


def test_list_shows_every_preset_and_parameter():
    listing = vnfacts("query", "--list").stdout
    for name, spec in presets().items():
        assert f"{name}:" in listing
        for param in spec.get("params", {}):
            assert f"--param {param}=" in listing


# -- load and export ----------------------------------------------------------------

def test_load_reports_a_bad_line_with_its_number_and_loads_the_rest(corpus_db, tmp_path):
    facts = [line for line in (corpus_db.parent / "facts.jsonl").read_text(encoding="utf-8").splitlines()]
    mixed = tmp_path / "mixed.jsonl"
    mixed.write_text("\n".join(facts[:2] + ["{not json"] + facts[2:]) + "\n", encoding="utf-8")
    db = tmp_path / "mixed.duckdb"
    result = vnfacts("load", mixed, "--db", db)
    assert result.returncode == 0
    assert result.stderr.splitlines() == [f"{mixed}:3: " + result.stderr.split(":3: ", 1)[1].strip()]
    assert table_rows(db) == table_rows(corpus_db)
    assert vnfacts("load", mixed, "--db", db, "--strict", "--quiet").returncode == 1
    assert table_rows(db) == table_rows(corpus_db)


def test_export_writes_the_five_tables(corpus_db, tmp_path):
    result = vnfacts("export", "--db", corpus_db, "--parquet", tmp_path / "pq")
    assert result.returncode == 0, result.stderr
    counts = {t: pq.read_metadata(tmp_path / "pq" / f"{t}.parquet").num_rows for t in TABLES}
    assert counts == table_rows(corpus_db)
