"""`declutter sites [--db FILE]`: every site, its hosts, its sources, what cleans its pages and
its health; `declutter sites show SITE [--db FILE]`: one site's entry and profile as declared,
and its learned layouts as a declarative profile (Python in the vocabulary of cleaners/sites,
ready to promote to a file).

The registered sites come from the registry (cleaners.sites); with `--db`, the sites the
database names that no entry claims (generic crawls, saved pages) are listed too.
"""
from __future__ import annotations

import json
import sys


def register(sub) -> None:
    p = sub.add_parser("sites", help="list the sites: hosts, sources, what cleans them, health",
                       description="Every site: its name (what every command takes, as do its hosts), "
                                   "its hosts, its sources, what cleans its pages and its health state.")
    p.add_argument("action", nargs="?", choices=["list", "show"], default="list",
                   help="list (default) every site, or show one site's entry and profile")
    p.add_argument("site", nargs="?", metavar="SITE", help="with show: a site's name or any of its hosts")
    p.add_argument("--db", help="the database: adds the sites it holds and their health")
    p.add_argument("--json", action="store_true", help="one JSON object per site")
    p.set_defaults(func=run)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def sources_of(site) -> str:
    src = site.sources
    parts = [_plural(len(v), k) for k, v in (("feed", src.feeds), ("sitemap", src.sitemaps),
                                            ("listing", src.listings)) if v]
    return ", ".join(parts) or "none"


def rows(store=None) -> list[dict]:
    """One row per site: registered sites first, then the database's others."""
    from cleaners.sites import site_for, sites
    states: dict[str, str] = {}
    learned: dict[str, dict] = {}
    if store is not None:
        from storage import health
        from storage import learned as stored
        for row in health.all_runs(store):
            states[row["site"]] = row["state"]
        learned = stored.specs(store)

    def served_by(name: str, profile) -> str:
        parts = [f"profile {profile.name} ({_plural(len(profile.layouts), 'layout')})"] if profile else []
        if name in learned:
            parts.append(f"learned ({_plural(len(learned[name]['layouts']), 'layout')})")
        return ", then ".join(parts) or "generic"

    out = []
    for site in sites():
        out.append({"site": site.name, "hosts": list(site.hosts), "sources": sources_of(site),
                    "served_by": served_by(site.name, site.profile),
                    "health": states.pop(site.name, "no runs" if store else "-")})
    if store is not None:
        others = {name for name in store.site_names() if site_for(name) is None and "." in name}
        for name in sorted(others | set(states) | set(learned)):
            if site_for(name) is not None:
                continue
            out.append({"site": name, "hosts": [name], "sources": "none (crawled from a URL or saved pages)",
                        "served_by": served_by(name, None), "health": states.get(name, "no runs")})
    return out


def show(target) -> str:
    """A registered site's entry and its profile's layouts, as declared in cleaners/sites."""
    from dataclasses import fields
    lines = [f"site {target.name}", f"  origin   {target.origin}", f"  hosts    {', '.join(target.hosts)}"]
    for f in fields(target.sources):
        value = getattr(target.sources, f.name)
        if value and value != f.default:
            lines.append(f"  {f.name:<8} {', '.join(value) if isinstance(value, tuple) else value}")
    profile = target.profile
    if profile is None:
        lines.append("  profile  none: the generic path cleans its pages")
        return "\n".join(lines)
    lines.append(f"  profile  {profile.name} (cleaners/sites/{profile.name}.py)")
    for layout in profile.layouts:
        span = " ".join(f"{word} {d}" for word, d in (("since", layout.since), ("until", layout.until)) if d)
        lines.append(f"    layout {layout.version} ({span or 'any date'})")
        for name in ("title", "body", "deck", "byline", "times", "captions"):
            value = getattr(layout, name, None)
            if value:
                lines.append(f"      {name:<8} {value}")
        for cut, selector in layout.drop:
            lines.append(f"      cut {cut}: {selector}")
    return "\n".join(lines)


def run(args) -> int:
    from cleaners.sites import Site, resolve

    store = None
    if args.db:
        from storage import Store
        store = Store(args.db, readonly=True)
    try:
        if args.action == "show":
            if not args.site:
                print("declutter sites: show needs a SITE (a site's name or any of its hosts)", file=sys.stderr)
                return 2
            from storage import learned as stored
            known = [*store.site_names(), *stored.specs(store)] if store else []
            target = resolve(args.site, known=known)
            name = target.name if isinstance(target, Site) else target
            spec = stored.specs(store, name).get(name) if store else None
            if isinstance(target, Site):
                print(show(target))
            elif spec is None:
                print(f"site {target}\n  hosts    {target}\n  profile  none: the generic path cleans its pages"
                      + ("" if store else " (give --db to see what was learned)"))
            if spec is not None:
                from cleaners.learn import from_spec
                print(("\n# learned layouts, after the hand-written profile:\n" if isinstance(target, Site) else "")
                      + from_spec(spec).to_source(), end="")
            return 0
        table = rows(store)
    finally:
        if store is not None:
            store.close()
    if args.json:
        for row in table:
            print(json.dumps(row, ensure_ascii=False))
        return 0
    print(f"{'site':<16} {'served by':<32} {'health':<10} {'sources':<34} hosts")
    for row in table:
        print(f"{row['site']:<16} {row['served_by']:<32} {row['health']:<10} {row['sources']:<34} "
              f"{', '.join(row['hosts'])}")
    return 0
