"""`vnfacts load / query / export` on the real extraction of the bundled corpus.

The README's example answers are run for real and compared with what the
README shows; the same answers are checked against the gold files (in
test_presets_corpus.py), so the README's numbers are the corpus's facts, not
whatever the code printed once."""
import hashlib
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from pipeline.store import open_db, presets

ROOT = Path(__file__).resolve().parent.parent
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


def test_the_readme_answers_a_question_with_every_preset():
    commands = [shlex.split(c) for c, _ in readme_examples()]
    assert {c[c.index("--preset") + 1] for c in commands if "--preset" in c} == set(presets())


@pytest.mark.parametrize("command, printed", readme_examples(), ids=lambda v: v[:60] if isinstance(v, str) else "")
def test_readme_example_prints_what_the_readme_shows(corpus_db, command, printed):
    args = [str(corpus_db) if a == README_DB else a for a in shlex.split(command)[1:]]
    result = vnfacts(*args, "--format", "table")
    assert squeeze((result.stdout + result.stderr).splitlines()) == squeeze(printed), \
        "README query example is stale; it now prints:\n" + result.stdout + result.stderr


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
