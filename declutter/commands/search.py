"""`declutter search --db FILE QUERY`: full-text search on titles and bodies, best first."""
from __future__ import annotations

import json
import sys

from . import at_least, format_name


def register(sub) -> None:
    p = sub.add_parser("search", help="full-text search of stored articles",
                       description="Search titles and bodies. Plain words match word starts, so 금융사기 "
                                   "finds 금융사기를; FTS5 syntax (\"a phrase\", AND, OR, NOT, NEAR, pre*) "
                                   "is used as written. Duplicates of a stored article are left out.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("query", help="words to find, or an FTS5 query")
    p.add_argument("--limit", "-n", type=at_least(1), default=20, metavar="N", help="at most this many results (default 20)")
    p.add_argument("--format", type=format_name, choices=["text", "jsonl"], default="text", help="default text")
    p.set_defaults(func=run)


def run(args) -> int:
    from storage import Store

    with Store(args.db, readonly=True) as store:
        hits = store.search(args.query, limit=args.limit)
    for place, hit in enumerate(hits, 1):
        if args.format == "jsonl":
            print(json.dumps(hit, ensure_ascii=False))
            continue
        # the place, not the raw bm25 score: scores are tiny and negative on small databases
        facts = " | ".join(str(x) for x in (hit["site"], (hit["published"] or "")[:16], hit["url"] or hit["source"]) if x)
        snippet = " ".join(hit["snippet"].split())  # paragraph breaks would break the layout
        print(f"{place:>3}.  {hit['title'] or '(no title)'}\n      {facts}\n      {snippet}\n")
    from ..words import counted
    print(f"declutter search: {counted(len(hits), 'result')}", file=sys.stderr)
    return 0 if hits else 1
