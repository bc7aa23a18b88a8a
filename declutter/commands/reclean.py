"""`declutter reclean --db FILE`: run the current cleaners again on the stored raw pages.

Each page is cleaned with its own fetch time, so site profiles pick the layout of that day.
Only articles that changed are rewritten; --dry-run shows what a cleaner fix would change
before it is applied."""
from __future__ import annotations

from . import format_name

import json
import sys
from collections import Counter


def register(sub) -> None:
    p = sub.add_parser("reclean", help="re-clean stored pages with the current cleaners",
                       description="Re-clean stored raw pages; report articles whose body, title, "
                                   "times or other fields moved, with a short diff.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--site", help="only pages of this site: its name (naver) or any of its hosts")
    p.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    p.add_argument("--format", type=format_name, choices=["text", "jsonl"], default="text",
                   help="text (changes with diffs) or jsonl (one object per article, unchanged included)")
    p.set_defaults(func=run)


def run(args) -> int:
    from cleaners import clean_strict
    from storage import Store

    counts: Counter[str] = Counter()
    health = None
    clean = clean_strict
    if not args.dry_run:  # site health: the figures of the re-cleaned pages, stored with the run
        from ..sitehealth import HealthRecorder
        health = HealthRecorder()
        clean = health.traced(clean_strict)
    run_id = None
    with Store(args.db) as store:
        from cleaners.learn import from_spec, install
        from storage import learned
        install(from_spec(spec) for spec in learned.specs(store).values())  # hand-written, learned, generic
        from ._site import site_hosts
        for change in store.reclean(site=site_hosts(store, args.site), dry_run=args.dry_run, clean=clean):
            run_id = change.get("run_id", run_id)
            counts[change["change"]] += 1
            if args.format == "jsonl":
                print(json.dumps(change, ensure_ascii=False))
            elif change["change"] == "error":
                print(f"declutter: {change['source'] or change['url']}: {change['reason']}", file=sys.stderr)
            elif change["change"] != "unchanged":
                where = change["url"] or change["key"]
                print(f"{change['change']}: {change['title'] or '(no title)'}  <{where}>")
                if change["fields"]:
                    print(f"  fields: {', '.join(change['fields'])}  ({change.get('old_cleaner')} -> {change['cleaner']})")
                for line in change["diff"].splitlines():
                    print(f"  {line}")
        if health is not None and run_id is not None:
            health.record(store, run_id, "reclean", "reclean")
    order = [("updated", "updated"), ("new", "new"), ("gone", "gone"), ("unchanged", "unchanged"), ("error", "errors")]
    line = ", ".join(f"{counts[key]:,} {label if counts[key] != 1 or key != 'error' else 'error'}" for key, label in order)
    note = " (dry run: nothing written)" if args.dry_run else ""
    print(f"declutter reclean: {line}{note}", file=sys.stderr)
    return 1 if counts["error"] else 0
