"""The ``vnfacts`` command line. It only wires the pipeline's steps together.

The steps that need spaCy and the models (extraction runs load them in their
workers), DuckDB or the web server are imported by the commands that use
them, so that every other command starts without loading them."""
from __future__ import annotations

import argparse
import os
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .evaluate import EvalError, evaluate, format_report
from .ingest import DEFAULT_MAX_CHARS, IngestOptions, field_names, parse_id_prefixes
from .runner import RunConfig, WorkerStartError, default_jobs, run
from .schema import write_schemas
from .settings import ENTITY_MODES, ExtractSettings
from .sinks import OutputRefused, OutputWriteError, check_output, check_outputs, errors_path_for

FIELD_DEFAULTS = (("text", "text"), ("html", "html"), ("id", "id"), ("url", "url"),
                  ("title", "title"), ("published", "published"))


def cmd_extract(args) -> int:
    if args.resume and args.output == "-":
        print("vnfacts extract: --resume needs -o FILE, not stdout", file=sys.stderr)
        return 2
    if args.scheduler and args.engine == "local":
        print("vnfacts extract: --scheduler is for --engine dask, not --engine local", file=sys.stderr)
        return 2
    args.engine = "dask" if args.scheduler else (args.engine or "local")   # --scheduler implies dask
    errors = args.errors or errors_path_for(args.output)
    try:
        if args.resume and args.overwrite:
            raise OutputRefused("--resume appends to the output, --overwrite replaces it: give one")
        check_outputs((args.output, errors), keep=args.resume, overwrite=args.overwrite,
                      hint="give --resume to continue it or --overwrite to replace it")
    except OutputRefused as err:
        print(f"vnfacts extract: {err}", file=sys.stderr)
        return 2
    try:
        id_prefixes = parse_id_prefixes(args.id_prefix, args.paths)
    except ValueError as err:
        print(f"vnfacts extract: {err}", file=sys.stderr)
        return 2
    fields = {name: field_names(",".join(getattr(args, f"{name}_field") or [default]))
              for name, default in FIELD_DEFAULTS}
    config = RunConfig(
        paths=args.paths, output=args.output,
        errors=errors,
        jobs=args.jobs or default_jobs(), engine=args.engine, scheduler=args.scheduler,
        settings=ExtractSettings(entities=args.entities, named_refs=args.named_refs),
        resume=args.resume, doc_timeout=args.doc_timeout, progress=not args.quiet and sys.stderr.isatty(),
        ingest=IngestOptions(**{f"{name}_field": names for name, names in fields.items()},
                             max_chars=args.max_chars, id_prefixes=id_prefixes, with_text=args.with_text))
    try:
        summary = run(config)
    except KeyboardInterrupt:
        print("vnfacts extract: interrupted; whole lines are kept, continue with --resume", file=sys.stderr)
        return 130
    except OutputWriteError as err:   # a full disk, a closed pipe: whole lines are kept
        print(f"vnfacts extract: {err}", file=sys.stderr)
        _quiet_stdout()
        return 1
    except (OSError, ImportError, WorkerStartError) as err:  # an unwritable output, an unreachable scheduler ...
        print(f"vnfacts extract: {type(err).__name__}: {err}", file=sys.stderr)
        return 1
    failure = summary.failed(strict=args.strict)
    if failure:
        print(f"vnfacts extract: {failure}", file=sys.stderr)
        return 1
    return 0


def _quiet_stdout() -> None:
    """Point stdout at devnull, so that Python's flush at exit does not complain about a
    pipe the reader has closed (`| head`)."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def cmd_explain(args) -> int:
    from .explain import explain  # spaCy: only the commands that read documents load it
    from .language import load  # spaCy and the models (seconds)

    options = IngestOptions(max_chars=args.max_chars)
    try:
        settings = ExtractSettings(entities=args.entities, named_refs=args.named_refs)
        failed = explain(args.paths, load(settings), sys.stdout, sys.stderr, options)
    except BrokenPipeError:   # "vnfacts explain ... | head"
        _quiet_stdout()
        return 0
    return 1 if failed else 0


def cmd_schema(args) -> int:
    for path in write_schemas(args.dir):
        if not args.quiet:
            print(path)
    return 0


def cmd_eval(args) -> int:
    try:
        report = evaluate(args.gold, args.predictions)
    except EvalError as err:
        print(f"vnfacts eval: {err}", file=sys.stderr)
        return 2
    print(format_report(report, as_json=args.json, verbose=args.verbose))
    if args.min_f1 is not None and report["min_f1"] < args.min_f1:
        print(f"vnfacts eval: min F1 {report['min_f1']:.3f} is below --min-f1 {args.min_f1}", file=sys.stderr)
        return 1
    return 0


def _parse_params(pairs: list[str]) -> dict[str, str]:
    params = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--param wants NAME=VALUE, got {pair!r}")
        params[name.strip()] = value
    return params


def cmd_load(args) -> int:
    from .store.db import QueryError, open_db  # DuckDB: only the store's commands load it

    def report(error) -> None:
        print(error, file=sys.stderr)

    Path(args.db).parent.mkdir(parents=True, exist_ok=True)
    try:
        with open_db(args.db, read_only=False) as db:
            result = db.load(args.files, on_error=report, on_warning=report)
    except QueryError as err:
        print(f"vnfacts load: {err}", file=sys.stderr)
        return 1
    if not args.quiet:
        print(result.summary(args.db))
    unreadable = any(e.line is None for e in result.errors)
    return 1 if unreadable or (args.strict and result.errors) else 0


def _list_presets() -> None:
    from .store.db import presets  # DuckDB: only the store's commands load it

    for name, spec in presets().items():
        print(f"{name}: {spec['question']}")
        for pname, pspec in spec.get("params", {}).items():
            default = (" (required)" if "default" not in pspec else " (optional)"
                       if pspec["default"] is None else f" (default: {pspec['default']})")
            print(f"    --param {pname}=<{pspec.get('type', 'str')}>{default}  {pspec.get('help', '')}")


def cmd_query(args) -> int:
    import duckdb  # only the store's commands load it

    from .store.db import QueryError, one_line, open_db  # DuckDB: only the store's commands load it
    from .store.output import format_for_path, write_result  # (in pipeline.store, which loads DuckDB)

    def fail(message: str, code: int) -> int:
        print(f"vnfacts query: {message}", file=sys.stderr)
        return code

    if args.list:
        _list_presets()
        return 0
    if bool(args.sql) == bool(args.preset):
        return fail("give either an SQL statement or --preset NAME (--list shows the presets)", 2)
    if not args.db:
        return fail("--db PATH is required", 2)
    try:
        params = _parse_params(args.param)
    except ValueError as err:
        return fail(str(err), 2)
    fmt = args.format or format_for_path(args.output) or ("table" if sys.stdout.isatty() else "csv")
    if fmt == "parquet" and not args.output:
        return fail("--format parquet needs -o FILE", 2)
    try:
        check_output(args.output or "-", overwrite=args.overwrite)
    except OutputRefused as err:
        return fail(str(err), 2)
    try:
        with open_db(args.db) as db:
            if args.preset:
                relation = db.preset_relation(args.preset, **params)
            else:
                relation = db.relation(args.sql, params)
            if relation is not None:
                write_result(relation, fmt, args.output, args.max_width)
    except QueryError as err:
        return fail(str(err), err.exit_code)
    except duckdb.Error as err:
        return fail(one_line(err), 1)
    except BrokenPipeError:
        # The reader (e.g. `| head`) has had enough: not an error.
        _quiet_stdout()
        return 0
    except OSError as err:
        return fail(f"{err.filename or ''}: {err.strerror or err}".lstrip(": "), 1)
    return 0


def cmd_export(args) -> int:
    from .store.db import QueryError  # DuckDB: only the store's commands load it
    from .store.export import export_parquet  # DuckDB, pyarrow

    try:
        written = export_parquet(args.db, args.parquet, overwrite=args.overwrite)
    except OutputRefused as err:
        print(f"vnfacts export: {err}", file=sys.stderr)
        return 2
    except (QueryError, FileNotFoundError) as err:
        print(f"vnfacts export: {err}", file=sys.stderr)
        return 1
    if not args.quiet:
        for path in written:
            print(path)
    return 0


def cmd_serve(args) -> int:
    from .store.db import QueryError  # DuckDB: only the store's commands load it
    from .web.server import serve  # uvicorn, starlette: only this command loads them

    try:
        serve(args.db, args.host, args.port)
    except (QueryError, FileNotFoundError) as err:
        print(f"vnfacts serve: {err}", file=sys.stderr)
        return 1
    except OSError as err:
        print(f"vnfacts serve: cannot listen on {args.host}:{args.port}: {err.strerror or err}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def _add_store_commands(sub) -> None:
    """load / query / export: the DuckDB store of the extracted facts (pipeline/store)."""
    ld = sub.add_parser("load", help="load facts .jsonl files into a DuckDB store")
    ld.add_argument("files", nargs="+", metavar="FILE.jsonl", help="ArticleRecord JSON Lines (.jsonl or .jsonl.gz)")
    ld.add_argument("--db", required=True, help="DuckDB file (created if missing)")
    ld.add_argument("--strict", action="store_true", help="exit 1 when any line was malformed")
    ld.add_argument("--quiet", action="store_true", help="print nothing but errors")
    ld.set_defaults(func=cmd_load)

    q = sub.add_parser("query", help="ask the DuckDB store: SQL or a preset question (read-only)")
    q.add_argument("sql", nargs="?", help="one SQL statement (SELECT ...); $name placeholders take --param values")
    q.add_argument("--db", help="DuckDB file written by vnfacts load")
    q.add_argument("--preset", metavar="NAME", help="a preset question (see --list)")
    q.add_argument("--param", action="append", metavar="NAME=VALUE", help="a parameter value (repeatable)")
    q.add_argument("--list", action="store_true", help="list the presets and their parameters")
    q.add_argument("--format", choices=["table", "csv", "json", "parquet"],
                   help="output: table on a terminal, csv otherwise; json is JSON Lines; parquet needs -o")
    q.add_argument("-o", "--output",
                   help="write to this file instead of stdout (.parquet, .json, .csv: the format, unless --format)")
    q.add_argument("--overwrite", action="store_true", help="replace the -o file if it exists")
    q.add_argument("--max-width", type=int, default=48, help="table format: widest cell (default 48)")
    q.set_defaults(func=cmd_query)

    x = sub.add_parser("export", help="write each table of the DuckDB store to a Parquet file")
    x.add_argument("--db", required=True, help="DuckDB file written by vnfacts load")
    x.add_argument("--parquet", required=True, metavar="DIR", help="output folder")
    x.add_argument("--overwrite", action="store_true", help="replace table files already in DIR")
    x.add_argument("--quiet", action="store_true")
    x.set_defaults(func=cmd_export)

    w = sub.add_parser("serve", help="browse the DuckDB store in a web browser (read-only)")
    w.add_argument("--db", required=True, help="DuckDB file written by vnfacts load")
    w.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    w.add_argument("--port", type=int, default=8000, help="port (default 8000; 0 picks a free one)")
    w.set_defaults(func=cmd_serve)


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if not 0 <= value < float("inf"):   # also refuses nan
        raise argparse.ArgumentTypeError(f"must be a number of seconds, 0 or more, not {text}")
    return value


def _version() -> str:
    try:
        return version("vnfacts")
    except PackageNotFoundError:   # run from a source tree that was not installed
        return "unknown"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vnfacts",
        description="Extract document numbers, Party organization and member counts, "
                    "percentages and entities from Vietnamese articles into JSON Lines.")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    e = sub.add_parser("extract", help="extract facts from articles into JSON Lines",
                       description="One JSON line per input document in the output, or one line in the "
                                   "errors file saying why not. Inputs: .txt, .html/.htm, .jsonl(.gz) "
                                   "(one document per line), folders (walked recursively), - for stdin.")
    e.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin (JSONL or text)")
    e.add_argument("-o", "--output", required=True, help="output .jsonl file (.jsonl.gz: gzipped; - for stdout)")
    e.add_argument("--errors", metavar="PATH",
                   help="errors .jsonl file (default: beside the output, facts.jsonl -> facts.errors.jsonl)")
    e.add_argument("-j", "--jobs", type=_positive_int, default=None,
                   help="worker processes (default: all cores)")
    e.add_argument("--resume", action="store_true",
                   help="continue an interrupted run: skip documents already in the output/errors files, append")
    e.add_argument("--overwrite", action="store_true",
                   help="replace existing output/errors files (without it, or --resume, they are never touched)")
    e.add_argument("--engine", choices=["local", "dask"], default=None,
                   help="local process pool (default) or Dask distributed (implied by --scheduler)")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="Dask scheduler address (tcp://host:8786); default: a local cluster of -j workers")
    e.add_argument("--doc-timeout", type=_seconds, default=120.0, metavar="SECONDS",
                   help="a document taking longer ends as a 'timeout' error line (default 120; 0: no limit)")
    e.add_argument("--entities", choices=ENTITY_MODES, default="facts",
                   help="named entities from the sentences holding facts (default), all sentences, or none")
    e.add_argument("--named-refs", action="store_true",
                   help="also documents cited by name without a number ('Nghị quyết Trung ương 4 khóa XII'): "
                        "document_refs with code null and plenum or congress set")
    e.add_argument("--max-chars", type=_positive_int, default=DEFAULT_MAX_CHARS,
                   help="documents with more characters are errors, not extracted (default %(default)s); "
                        "raw inputs over 10x this many bytes are refused unread")
    e.add_argument("--with-text", action="store_true",
                   help="add the NFC document text (what the offsets index) to each record as 'text'")
    e.add_argument("--quiet", action="store_true", help="print nothing but errors")
    e.add_argument("--strict", action="store_true",
                   help="exit 1 when any document ended as an error (duplicates aside)")
    f = e.add_argument_group("JSONL field names")
    for name, default in FIELD_DEFAULTS:
        f.add_argument(f"--{name}-field", action="append", metavar="NAME[,NAME...]",
                       help=f"field holding the {name} (default: {default}; several names: the first "
                            "present wins; a.b reaches into objects)")
    f.add_argument("--id-prefix", action="append", metavar="[PATH=]PREFIX",
                   help="input ids become PREFIX:id, for every input or only for the input PATH (repeatable)")
    e.set_defaults(func=cmd_extract)

    x = sub.add_parser("explain", help="each fact with its sentence marked and the rule behind each attribute",
                       description="For each document (read as extract reads it), each fact: its sentence "
                                   "with the fact between ⟦ ⟧, then each attribute with the rule that set it.")
    x.add_argument("paths", nargs="+", metavar="PATH", help="files, folders, or - for stdin")
    x.add_argument("--max-chars", type=_positive_int, default=DEFAULT_MAX_CHARS,
                   help="documents with more characters are errors (default %(default)s)")
    x.add_argument("--entities", choices=ENTITY_MODES, default="facts",
                   help="as for extract: entities of the sentences holding facts (default), all, or none")
    x.add_argument("--named-refs", action="store_true", help="as for extract: documents cited by name too")
    x.set_defaults(func=cmd_explain)

    s = sub.add_parser("schema", help="write JSON Schema files for the records")
    s.add_argument("--dir", default="schemas", help="output folder (default: schemas)")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_schema)

    v = sub.add_parser("eval", help="precision, recall and F1 against gold annotations")
    v.add_argument("--gold", required=True, help="folder of gold .json files")
    v.add_argument("predictions", help="facts .jsonl from vnfacts extract")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.add_argument("-v", "--verbose", action="store_true",
                   help="list the misses grouped by kind of error (missed, extra, wrong attribute), each with its sentence")
    v.add_argument("--min-f1", type=float, metavar="X", help="exit 1 when the lowest F1 of the fact types is below X")
    v.set_defaults(func=cmd_eval)
    _add_store_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
