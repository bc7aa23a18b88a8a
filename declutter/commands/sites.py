"""`declutter sites [--db FILE]`: the sites in a database and what serves each;
`declutter sites show SITE --db FILE`: a site's learned profile as a declarative profile
(Python source in the vocabulary of cleaners/sites/*.py, ready to promote to a file)."""
from __future__ import annotations

import sys
from collections import Counter


def register(sub) -> None:
    p = sub.add_parser("sites", help="list the sites in a database and what serves them",
                       description="List sites with their stored pages and what serves them "
                                   "(hand-written profile, learned layouts, generic path); "
                                   "`sites show SITE` prints a learned profile.")
    p.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    p.add_argument("site", nargs="?", help="for show: the site (host without www.)")
    p.add_argument("--db", required=True, metavar="FILE", help="the SQLite database")
    p.set_defaults(func=run)


def run(args) -> int:
    from storage import Store
    from storage import learned as stored

    with Store(args.db, readonly=True) as store:
        if args.action == "show":
            if not args.site:
                print("declutter sites show: name a site", file=sys.stderr)
                return 2
            from cleaners.learn import from_spec
            spec = stored.specs(store, args.site).get(args.site)
            if spec is None:
                known = sorted(stored.specs(store))
                hint = f" (learned sites: {', '.join(known)})" if known else " (no site is learned; see `declutter learn`)"
                print(f"declutter sites show: {args.site}: no learned layouts in {args.db}{hint}", file=sys.stderr)
                return 2
            print(from_spec(spec).to_source(), end="")
            return 0
        return _list(store, stored)


def _list(store, stored) -> int:
    from cleaners.sites import profiles
    pages = {site: len(ids) for site, ids in stored.site_page_ids(store).items()}
    learned = stored.specs(store)
    served: dict[str, Counter] = {}
    with store._errors():
        for row in store.conn.execute("SELECT p.url, p.final_url, a.cleaner FROM articles a "
                                      "JOIN pages p ON p.id = a.page_id"):
            site = stored.site_of(row["final_url"] or row["url"])
            if site:
                served.setdefault(site, Counter())[(row["cleaner"] or "?").split("/")[0].split("+")[0]] += 1
    print(f"{'site':40} {'pages':>6}  served by")
    for site in sorted(pages):
        hand = next((p.name for p in profiles() if p.matches_url(f"https://{site}/")), None)
        what = []
        if hand:
            what.append(f"profile {hand}")
        if site in learned:
            what.append("learned " + ", ".join(str(lay["version"]) for lay in learned[site]["layouts"]))
        counts = served.get(site, Counter())
        mix = ", ".join(f"{name} {n}" for name, n in counts.most_common())
        print(f"{site[:40]:40} {pages[site]:6}  {'; '.join(what) or 'generic'}" + (f"  (articles: {mix})" if mix else ""))
    return 0
