"""`declutter health --db FILE`: each site's state and its recent runs, from `site_runs`.

A site is unhealthy when its latest run drifted from its own history (storage.health);
the exit status is then 4, as for `declutter crawl`, so a scheduled job can alert on it. A
site whose latest run could read none of its sources is unreachable: exit status 6.
`--html FILE` writes the report with its plots; `--accept SITE` takes a site's drifted runs
as its new normal (after a profile was fixed, or a change that is fine)."""
from __future__ import annotations

import json
import sys

from . import at_least, format_name
from ..status import DRIFTED, UNREACHABLE


def register(sub) -> None:
    p = sub.add_parser("health", help="each site's state and recent runs; exit 4 when a site drifted, 5 when one is unreachable",
                       description="Site health: whether each site's latest run still looks like the "
                                   "site's earlier runs, and its recent runs.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--site", help="only this site")
    p.add_argument("--runs", type=at_least(1), default=5, metavar="N", help="recent runs shown per site (default 5)")
    p.add_argument("--html", metavar="FILE", help="also write a self-contained HTML report with plots")
    p.add_argument("--format", type=format_name, choices=["text", "jsonl"], default="text",
                   help="text (default) or jsonl: each site's latest row as JSON lines")
    p.add_argument("--json", action="store_true", help="the same as --format jsonl")
    p.add_argument("--accept", metavar="SITE",
                   help="take SITE's drifted runs as its new baseline, then report")
    p.set_defaults(func=run)


def _pct(v) -> str:
    return "-" if v is None else f"{v * 100:.0f}%"


def run(args) -> int:
    from storage import Store
    from storage import health

    from ..outputs import output_problem, replaced

    if args.html and (problem := output_problem(args.html, db=args.db)):
        print(f"declutter health: {problem}", file=sys.stderr)
        return 2
    from ._site import health_site

    if args.accept:
        with Store(args.db) as store:
            site = health_site(store, args.accept)
            n = health.accept(store, site)
        print(f"declutter health: {site}: {n} drifted runs accepted as its baseline", file=sys.stderr)
    with Store(args.db, readonly=True) as store:
        rows = health.all_runs(store, health_site(store, args.site))
    by_site: dict[str, list[dict]] = {}
    for row in rows:
        by_site.setdefault(row["site"], []).append(row)
    if args.html:
        from ..report import health_report
        report = health_report(rows, database=args.db)  # whole before the old report is replaced
        with replaced(args.html) as out:
            out.write(report)
        print(f"declutter health: report written to {args.html}", file=sys.stderr)
    if not by_site:
        print("no site figures yet: crawl, or clean --db, first")
        return 0
    unhealthy, unreachable = [], []
    for site, site_rows in sorted(by_site.items()):
        last = site_rows[-1]
        if last["state"] == "drifted":
            unhealthy.append(site)
        elif last["state"] == "unreachable":
            unreachable.append(site)
        if args.json or args.format == "jsonl":
            print(json.dumps(last, ensure_ascii=False))
            continue
        print(f"{site}: {last['state']}")
        for finding in json.loads(last["drift"] or "[]"):
            print(f"  ! {finding}")
        print("  run   command  started           state     pages  articles  profile  title  published  "
              "authors  captions  body median")
        for r in reversed(site_rows[-args.runs:]):
            share = r["profile_pages"] / r["pages"] if r["pages"] else None
            body = "-" if r["body_median"] is None else f"{r['body_median']:,.0f}"
            print(f"  {r['run_id'] or '-':<5} {r['command']:<8} {r['started'][:16]:<17} {r['state']:<9} "
                  f"{r['pages']:>5} {r['articles']:>9} {_pct(share):>8} {_pct(r['title']):>6} "
                  f"{_pct(r['published']):>10} {_pct(r['authors']):>8} {_pct(r['captions']):>9} {body:>12}")
    if unreachable:
        print(f"declutter health: unreachable: {', '.join(unreachable)}", file=sys.stderr)
    if unhealthy:
        print(f"declutter health: drifted: {', '.join(unhealthy)}", file=sys.stderr)
    return UNREACHABLE if unreachable else DRIFTED if unhealthy else 0
