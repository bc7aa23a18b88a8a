"""`declutter learn --db FILE [--site SITE]`: learn (or relearn) sites' layouts from their
stored pages, and say per site what was learned and how it agreed with the generic path.

`crawl` and `clean --db` learn sites on their own as pages come in; this command relearns
on demand, e.g. before `declutter reclean`."""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("learn", help="learn sites' layouts from their stored pages",
                       description="Learn each site's layouts from its stored raw pages (the newest "
                                   "--pages of them) and keep those that agree with the generic path "
                                   "on pages held back from learning. Then `declutter reclean` "
                                   "re-cleans stored pages with them.")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.add_argument("--site", action="append", metavar="SITE",
                   help="only this site: its name or any of its hosts (repeatable); default: every site with enough pages")
    p.add_argument("--pages", type=int, default=1000, metavar="N", help="learn from the newest N pages (default 1000)")
    p.add_argument("--format", choices=["text", "jsonl"], default="text")
    p.set_defaults(func=run)


def run(args) -> int:
    from cleaners.learn import learn
    from cleaners.learn.learner import MIN_PAGES
    from storage import Store
    from storage import learned as stored

    with Store(args.db) as store:
        by_site = stored.site_page_ids(store)
        from ._site import health_site  # a site's one name, as learned layouts keep it
        given = [health_site(store, s) for s in args.site or []]
        sites = given or sorted(s for s, ids in by_site.items() if len(ids) >= MIN_PAGES)
        unknown = [s for s in sites if s not in by_site]
        if unknown:
            print(f"declutter learn: no stored pages of {', '.join(unknown)} in {args.db}", file=sys.stderr)
            return 2
        run_id = store.begin_run("learn", json.dumps({"sites": args.site}))
        kept_sites = 0
        for site in sites:
            result = stored.learn_site(store, site, learn, by_site[site], run_id, limit=args.pages)
            kept = [r for r in result.reports if r.kept]
            kept_sites += bool(kept)
            if args.format == "jsonl":
                print(json.dumps({"site": site, "pages": result.pages, "layouts": [
                    {"version": r.version, "pages": r.pages, "read": r.read, "checked": r.checked,
                     "served": round(r.served, 3), "agreement": round(r.agreement, 3), "kept": r.kept,
                     "reason": r.reason} for r in result.reports if r.pages >= MIN_PAGES]}, ensure_ascii=False))
                continue
            print(f"{site}: {result.pages} pages, {len(kept)} layout{'s' if len(kept) != 1 else ''} learned")
            for r in result.reports:
                if r.pages < MIN_PAGES:
                    continue
                name = f"learned/{site}/{r.version}" if r.kept else "not kept"
                print(f"  {name}: {r.pages} pages share its template; checked on {r.checked} held back: "
                      f"served {r.served:.0%}, agreement with generic {r.agreement:.2f}"
                      + ("" if r.kept else f" ({r.reason})"))
            small = sum(r.pages for r in result.reports if r.pages < MIN_PAGES)
            if small:
                print(f"  {small} pages in templates shared by fewer than {MIN_PAGES} pages: generic path")
        store.end_run(run_id, {"pages": sum(len(by_site[s]) for s in sites), "sites": len(sites),
                               "sites_learned": kept_sites})
    print(f"declutter learn: {kept_sites} of {len(sites)} sites learned; "
          f"`declutter reclean --db {args.db}` re-cleans their pages", file=sys.stderr)
    return 0
