"""`declutter check SITE|URL`: try a site profile on the site as it is today.

Site profiles are written from reconstructions of each site's markup, and sites change
theirs; this fetches a handful of the site's current article pages through the spider's
own sources (sitemaps, feeds, listings; robots.txt and the crawl's politeness apply), into a
throw-away database, and shows per page which layout served it and which fields it found,
with the generic path's result beside it. Exit status 0 when the profile served at least one
page, 1 when it served none (or nothing could be fetched), 2 for bad arguments."""
from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from . import at_least


def register(sub) -> None:
    p = sub.add_parser("check", help="try a site's profile on a handful of its current pages",
                       description="Fetch a few current article pages of a site through its spider's "
                                   "sources and show what its profile and the generic path find in each.")
    p.add_argument("target", metavar="SITE|URL", help="a site spider's name, or a URL (home page, sitemap, feed)")
    p.add_argument("--pages", type=at_least(1), default=5, metavar="N", help="article pages to fetch (default 5)")
    p.add_argument("--mirror", metavar="URL",
                   help="fetch the site from a copy at URL (e.g. http://127.0.0.1:8001) instead of the site")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a Scrapy or declutter setting (repeatable)")
    p.set_defaults(func=run)


def _fields(article) -> str:
    if article is None:
        return "no article"
    mark = lambda ok: "yes" if ok else "no"  # noqa: E731
    return (f"title {mark(article.title)}, published {mark(article.published)}, authors "
            f"{mark(article.authors)}, captions {len(article.captions)}, body {len(article.body):,} characters "
            f"in {len(article.paragraphs)} paragraphs")


def run(args) -> int:
    import logging

    from scrapers.run import project_settings, run_crawls, target

    if args.pages < 1:
        print("declutter check: --pages must be at least 1", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="declutter-check-") as tmp:
        db = str(Path(tmp) / "check.db")
        overrides = {"DECLUTTER_DB": db, "DECLUTTER_MAX_PAGES": args.pages, "DECLUTTER_PROGRESS_INTERVAL": 0,
                     "LOG_LEVEL": "INFO" if args.verbose else "ERROR"}
        for item in args.set:
            name, sep, value = item.partition("=")
            if not sep:
                print(f"declutter check: -s {item!r}: expected NAME=VALUE", file=sys.stderr)
                return 2
            overrides[name.strip()] = value
        settings = project_settings(overrides)
        for handler in list(logging.root.handlers):
            logging.root.removeHandler(handler)
        try:
            name, kwargs = target(args.target, settings)
        except ValueError as exc:
            print(f"declutter check: {exc}", file=sys.stderr)
            return 2
        if args.mirror:
            kwargs["mirror"] = args.mirror
        result = run_crawls([(name, kwargs)], settings)[0]
        if result.error is not None:
            print(f"declutter check: {args.target}: could not crawl: {result.error}", file=sys.stderr)
            return 1
        return report(args.target, db)


def report(label: str, db: str) -> int:
    from cleaners import decode
    from cleaners import clean
    from cleaners.htmlpage import clean_generic
    from cleaners.sites import find_profile
    from storage import Store
    from storage.health import all_runs, is_profile

    with Store(db, readonly=True) as store:
        page_ids = [r[0] for r in store.conn.execute("SELECT id FROM pages ORDER BY id")]
        pages = [store.page(i) for i in page_ids]
        runs = all_runs(store)
        errors = [dict(r) for r in store.conn.execute("SELECT source, reason FROM errors ORDER BY id LIMIT 5")]
    for r in runs:
        for url, src in json.loads(r["sources"] or "{}").items():
            state = "failed" if src["failed"] and not src["read"] else "read"
            print(f"{src['kind']} {url}: {src['urls']} article links ({state})")
    if not pages:
        print(f"declutter check: {label}: no article page could be fetched"
              + (f" (e.g. {errors[0]['source']}: {errors[0]['reason']})" if errors else ""), file=sys.stderr)
        return 1
    served = 0
    profiles = set()
    for page in pages:
        articles = clean(page.body, url=page.url, fetched=page.fetched)
        html = decode(page.body, (page.headers or {}).get("Content-Type"))
        profile = find_profile(page.url, html)
        if profile is not None:
            profiles.add(profile.name)
        try:
            generic = clean_generic(html, page.url)
        except Exception:  # the generic path is only the comparison here
            generic = []
        first = articles[0] if articles else None
        by = first.cleaner if first else "none"
        if first is not None and is_profile(by):
            served += 1
        print(f"\n{page.url}")
        print(f"  {by:<18} {_fields(first)}")
        print(f"  {'generic path':<18} {_fields(generic[0] if generic else None)}")
    names = ", ".join(sorted(profiles)) or "no profile"
    print(f"\ndeclutter check {label}: {names} served {served} of {len(pages)} pages", file=sys.stderr)
    if not profiles:
        print(f"declutter check: {label}: no site profile claims these pages; the generic path cleans them",
              file=sys.stderr)
    return 0 if served else 1
