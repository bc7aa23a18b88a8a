"""`declutter stats --db FILE`: what the database holds, per site and day, and its runs and errors."""
from __future__ import annotations

import json

from . import at_least, format_name


def register(sub) -> None:
    p = sub.add_parser("stats", help="articles per site and day, runs and errors",
                       description="Summarise a database: totals, articles per site and per day, "
                                   "the last runs and errors.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--days", type=at_least(1), default=14, metavar="N", help="show this many most recent days (default 14)")
    p.add_argument("--format", type=format_name, choices=["text", "json"], default="text",
                   help="text (default) or json: the figures as one JSON object")
    p.add_argument("--json", action="store_true", help="the same as --format json")
    p.set_defaults(func=run)


def run(args) -> int:
    from storage import Store

    with Store(args.db, readonly=True) as store:
        stats = store.stats(days=args.days)
    if args.json or args.format == "json":
        print(json.dumps(stats, ensure_ascii=False, indent=2))
        return 0
    print(f"{stats['pages']} pages, {stats['articles']} articles "
          f"({stats['duplicates']} duplicates, {stats['near_duplicates']} near-duplicates), "
          f"{stats['errors']['total']} errors")
    print("\nsite                          articles  first       last")
    for row in stats["sites"]:
        print(f"{row['site'] or '(none)':<28} {row['articles']:>9}  {(row['first'] or '')[:10]:<10}  {(row['last'] or '')[:10]}")
    # the day an article was published, else the day it was stored (undated articles)
    print("\npublished   site                          articles")
    for row in stats["days"]:
        print(f"{row['day'] or '':<10}  {row['site'] or '(none)':<28} {row['articles']:>9}")
    print("(by the day published; an undated article under the day it was stored)")
    print("\nrun  command  site            started                    pages     new  updated  unchanged  duplicate  errors")
    for run in stats["runs"]:
        cells = [run[k] if run[k] is not None else "-" for k in
                 ("pages", "articles_new", "articles_updated", "articles_unchanged", "articles_duplicate", "errors")]
        widths = (5, 7, 8, 10, 10, 7)
        site = run.get("site") or "-"
        print(f"{run['id']:<4} {run['command']:<8} {site[:15]:<15} {run['started']:<26} "
              + " ".join(f"{c!s:>{w}}" for c, w in zip(cells, widths)) + ("" if run["ended"] else "  (unfinished)"))
    if stats["errors"]["total"]:
        print("\nerrors by stage: " + ", ".join(f"{k}: {v}" for k, v in stats["errors"]["by_stage"].items()))
        for err in stats["errors"]["recent"]:
            print(f"  {err['time']}  {err['stage']}  {err['source']}: {err['reason']}")
    return 0
