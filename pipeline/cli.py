"""The ``vnfacts`` command line. It only wires the pipeline's steps together."""
from __future__ import annotations

import argparse
import sys


def cmd_extract(args) -> int:
    import jsonlines

    from . import nlp as nlp_mod
    from .ingest import iter_articles
    from .process import build_record

    nlp = nlp_mod.load(entities=args.entities)
    with jsonlines.open(args.output, "w") as out:
        for article in iter_articles(args.paths):
            out.write(build_record(article, nlp).model_dump(mode="json"))
    return 0


def cmd_schema(args) -> int:
    from .schema import write_schemas

    for path in write_schemas(args.dir):
        if not args.quiet:
            print(path)
    return 0


def cmd_eval(args) -> int:
    from .evaluate import evaluate, format_report

    report = evaluate(args.gold, args.predictions)
    print(format_report(report, as_json=args.json, verbose=args.verbose))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="vnfacts",
        description="Extract document numbers, Party organization and member counts, "
                    "percentages and entities from Vietnamese articles into JSON Lines.")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    e = sub.add_parser("extract", help="extract facts from articles into JSON Lines")
    e.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    e.add_argument("-o", "--output", required=True, help="output .jsonl file")
    e.add_argument("--entities", choices=["facts", "all", "none"], default="facts",
                   help="named entities from the sentences holding facts (default), all sentences, or none")
    e.add_argument("--quiet", action="store_true", help="print nothing but errors")
    e.set_defaults(func=cmd_extract)

    s = sub.add_parser("schema", help="write JSON Schema files for the records")
    s.add_argument("--dir", default="schemas", help="output folder (default: schemas)")
    s.add_argument("--quiet", action="store_true")
    s.set_defaults(func=cmd_schema)

    v = sub.add_parser("eval", help="precision, recall and F1 against gold annotations")
    v.add_argument("--gold", required=True, help="folder of gold .json files")
    v.add_argument("predictions", help="facts .jsonl from vnfacts extract")
    v.add_argument("--json", action="store_true", help="print the report as JSON")
    v.add_argument("-v", "--verbose", action="store_true", help="list every miss, false alarm and wrong attribute")
    v.set_defaults(func=cmd_eval)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args) or 0


if __name__ == "__main__":
    sys.exit(main())
