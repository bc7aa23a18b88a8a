"""`declutter reclean --db FILE`: run the current cleaners again on the stored raw pages.

Each page is cleaned with its own fetch time, so site profiles pick the layout of that day.
Only articles that changed are rewritten; --dry-run shows what a cleaner fix would change
before it is applied. Pages are cleaned on --jobs processes (as `clean` does); the single
writer stores in page order."""
from __future__ import annotations

import json
import sys
from collections import Counter

from ..pool import default_jobs
from . import at_least, format_name


def register(sub) -> None:
    p = sub.add_parser("reclean", help="re-clean stored pages with the current cleaners",
                       description="Re-clean stored raw pages; report articles whose body, title, "
                                   "times or other fields moved, with a short diff.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--site", help="only pages of this site: its name (naver) or any of its hosts")
    p.add_argument("--dry-run", action="store_true", help="report the changes, write nothing")
    p.add_argument("--format", type=format_name, choices=["text", "jsonl"], default="text",
                   help="text (changes with diffs) or jsonl (one object per article, unchanged included)")
    p.add_argument("--jobs", "-j", type=at_least(1), default=default_jobs(), metavar="N",
                   help="worker processes (default: all cores)")
    p.set_defaults(func=run)


def _on_workers(jobs: int, health, analyse: bool):
    """`cleaned` for storage.reclean: the pages cleaned on `jobs` processes, in order."""
    from ..pool import clean_all

    def cleaned(pairs):
        ids: list[int] = []

        def pages():
            for page_id, page in pairs:
                ids.append(page_id)
                yield page
        for seq, done in enumerate(clean_all(pages(), jobs=jobs, ordered=True, explain=health is not None,
                                             analyse=analyse)):
            if done.error is not None:
                yield ids[seq], done.item, done.error.reason
                continue
            if health is not None:
                health.add(done.item.url, done.articles, done.trace)
            yield ids[seq], done.item, done.articles
    return cleaned


def run(args) -> int:
    from storage import Store
    from storage.reclean import page_ids, reclean

    from ..progress import Progress
    from ..sinks import Summary

    counts: Counter[str] = Counter()
    health = None
    if not args.dry_run:  # site health: the figures of the re-cleaned pages, stored with the run
        from ..sitehealth import HealthRecorder
        health = HealthRecorder()
    run_id = None
    with Store(args.db) as store:
        from cleaners.learn import from_spec, install
        from storage import learned
        # hand-written, learned, generic: installed before the workers fork, so they have them
        install(from_spec(spec) for spec in learned.specs(store).values())
        from ._site import site_hosts
        summary = Summary()
        # the bar would tear changes printed to the same terminal
        progress = Progress(sys.stderr, enabled=sys.stderr.isatty() and not sys.stdout.isatty(),
                            total=len(page_ids(store, site_hosts(store, args.site))), label="reclean: ")
        pages_seen: set[int] = set()
        try:
            for change in reclean(store, site=site_hosts(store, args.site), dry_run=args.dry_run,
                                  cleaned=_on_workers(args.jobs, health, analyse=not args.dry_run)):
                run_id = change.get("run_id", run_id)
                counts[change["change"]] += 1
                if change["change"] == "error":
                    summary.errors += 1
                elif change["page_id"] not in pages_seen:
                    summary.pages += 1
                if change["change"] not in ("error", "gone"):
                    summary.articles += 1
                pages_seen.add(change["page_id"])
                if args.format == "jsonl":
                    print(json.dumps(change, ensure_ascii=False))
                elif change["change"] == "error":
                    progress.message(f"declutter: {change['source'] or change['url']}: {change['reason']}")
                elif change["change"] != "unchanged":
                    progress.clear()
                    where = change["url"] or change["key"]
                    print(f"{change['change']}: {change['title'] or '(no title)'}  <{where}>")
                    if change["fields"]:
                        print(f"  fields: {', '.join(change['fields'])}  ({change.get('old_cleaner')} -> {change['cleaner']})")
                    for line in change["diff"].splitlines():
                        print(f"  {line}")
                progress.update(summary)
        finally:
            progress.clear()
        if health is not None and run_id is not None:
            health.record(store, run_id, "reclean", "reclean")
    order = [("updated", "updated"), ("new", "new"), ("gone", "gone"), ("unchanged", "unchanged"), ("error", "errors")]
    line = ", ".join(f"{counts[key]:,} {label if counts[key] != 1 or key != 'error' else 'error'}" for key, label in order)
    note = " (dry run: nothing written)" if args.dry_run else ""
    print(f"declutter reclean: {line}{note}", file=sys.stderr)
    return 1 if counts["error"] else 0
