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
    p.add_argument("--site", help="only this site (the host a page lived on: n.news.naver.com for a Naver page)")
    p.add_argument("--publisher", metavar="NAME",
                   help="only this press, wherever it was read (e.g. 연합뉴스 on Naver and Daum)")
    p.add_argument("--since", metavar="DATE", help="published on or after DATE (YYYY-MM-DD or ISO time)")
    p.add_argument("--until", metavar="DATE", help="published on or before DATE (a date includes the whole day)")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE instead of stdout")
    p.set_defaults(func=run)


def run(args) -> int:
    from cleaners.model import Article
    from storage import Store
    from storage.store import EXPORT_COLUMNS, LIST_FIELDS

    store = Store(args.db, readonly=True)
    out = open(args.output, "w", encoding="utf-8", newline="") if args.output else sys.stdout
    count = 0
    rows = store.export(site=args.site, since=args.since, until=args.until, publisher=args.publisher)
    try:
        if args.format == "csv":
            writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS)
            writer.writeheader()
        for row in rows:
            if args.format == "jsonl":
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            elif args.format == "csv":
                writer.writerow({k: json.dumps(v, ensure_ascii=False) if k in LIST_FIELDS else v
                                 for k, v in row.items()})
            else:
                out.write(render(Article.from_dict(row), "text"))
            count += 1
        out.flush()
    finally:
        rows.close()  # before the connection goes, e.g. when `| head` closed the pipe early
        store.close()
        if out is not sys.stdout:
            out.close()
    print(f"declutter export: {count} articles", file=sys.stderr)
    return 0
