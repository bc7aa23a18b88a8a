"""`declutter export --db FILE`: stored articles as JSON lines, CSV or text, streamed.

Rows are read and written one at a time, so memory stays flat however large the database."""
from __future__ import annotations

import csv
import json
import sys

from ..sinks import render
from . import format_name


def register(sub) -> None:
    p = sub.add_parser("export", help="write stored articles as jsonl, csv or text",
                       description="Write stored articles (duplicates included, marked by duplicate_of) "
                                   "in the order they were stored.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--format", type=format_name, choices=["jsonl", "csv", "text"], default="jsonl",
                   help="default jsonl (txt: an old name for text)")
    p.add_argument("--site", help="only this site: its name (naver) or any of its hosts")
    p.add_argument("--publisher", metavar="NAME",
                   help="only this press, wherever it was read (e.g. 연합뉴스 on Naver and Daum)")
    p.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD or ISO time)")
    p.add_argument("--until", metavar="DATE", help="published on or before DATE (a date includes the whole day)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write to FILE instead of stdout (replaced only once the export is complete)")
    p.add_argument("--raw-cells", action="store_true",
                   help="CSV: write cells exactly as stored; by default a cell starting with = + - @ "
                        "or a tab gets a leading ' so that spreadsheets do not run it as a formula")
    p.set_defaults(func=run)


def run(args) -> int:
    from itertools import chain

    from storage import Store

    from ..outputs import output_problem, replaced

    if args.output and (problem := output_problem(args.output, db=args.db)):
        print(f"declutter export: {problem}", file=sys.stderr)
        return 2
    store = Store(args.db, readonly=True)
    from ._site import site_hosts
    rows = store.export(site=site_hosts(store, args.site), since=args.since, until=args.until, publisher=args.publisher)
    try:
        first = next(rows, None)  # a bad --since/--until fails here, before any file is opened
        every = chain([first] if first is not None else [], rows)
        if args.output:
            with replaced(args.output, newline="" if args.format == "csv" else None) as out:
                count = write(every, out, args)
        else:
            count = write(every, sys.stdout, args)
    finally:
        rows.close()  # before the connection goes, e.g. when `| head` closed the pipe early
        store.close()
    print(f"declutter export: {count} articles", file=sys.stderr)
    return 0


# a cell starting with one of these is run as a formula by spreadsheets (=HYPERLINK(...),
# =cmd|...); a leading apostrophe makes it text there, and shows in other readers
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """A CSV cell a spreadsheet shows as text rather than runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def write(rows, out, args) -> int:
    from cleaners.model import Article
    from storage.store import EXPORT_COLUMNS, LIST_FIELDS

    count = 0
    if args.format == "csv":
        writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
        writer.writeheader()
        cell = (lambda v: v) if args.raw_cells else safe_cell  # noqa: E731
    for row in rows:
        if args.format == "jsonl":
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        elif args.format == "csv":
            writer.writerow({k: cell(json.dumps(v, ensure_ascii=False) if k in LIST_FIELDS else v)
                             for k, v in row.items()})
        else:
            out.write(render(Article.from_dict(row), "text"))
        count += 1
    out.flush()
    return count
