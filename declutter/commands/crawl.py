"""`declutter crawl SITE|URL... --db FILE`: fetch what is new on sites, clean it, store it.

SITE is one of the site spiders (`declutter crawl --list`); a URL (a site's home page, a
sitemap or a feed) uses the generic spider. Several targets crawl at once in one process,
each with its own spider, run lock, `runs` row and summary line; the exit status is the
worst of theirs. `--sample` crawls the bundled local copy of the seed sites instead of the
internet.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..status import DRIFTED, FAILED, LOCKED, NOT_STORED, UNREACHABLE, WORST
from . import at_least

SAMPLE_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "sites"


def register(sub) -> None:
    p = sub.add_parser("crawl", help="crawl a news site (or the bundled sample) into the database",
                       description="Crawl a site: fetch new articles, clean them, store them. "
                                   "Safe to run from cron: one run per site and database at a time.")
    p.add_argument("targets", nargs="*", metavar="SITE|URL",
                   help="site spiders' names, or URLs: home page, sitemap (.xml, .xml.gz) or feed; "
                        "several crawl at once")
    p.add_argument("--db", metavar="FILE", help="the SQLite database (created if missing); required to crawl")
    p.add_argument("--max-pages", type=at_least(0), default=0, metavar="N", help="stop after storing N pages")
    p.add_argument("--since", metavar="DATE",
                   help="skip sitemap and feed entries dated before DATE (YYYY-MM-DD or ISO time)")
    p.add_argument("--until", metavar="DATE",
                   help="skip entries dated after DATE; sites listed by day (naver) read each day "
                        "from --since to DATE (default today)")
    p.add_argument("-a", "--arg", action="append", default=[], metavar="NAME=VALUE",
                   help="a spider argument, e.g. -a press=001 for naver (repeatable)")
    p.add_argument("--sample", action="store_true",
                   help="crawl the bundled sample sites, served on 127.0.0.1 for the run (all of "
                        "them, or only the SITEs given)")
    p.add_argument("--sample-dir", default=str(SAMPLE_DIR), metavar="DIR", help=argparse.SUPPRESS)
    p.add_argument("--list", action="store_true", help="list the site spiders and exit")
    p.add_argument("--redis", nargs="?", const="", metavar="URL",
                   help="run as a distributed worker on this Redis (redis://host:port/db): requests "
                        "shared with the other workers, results stored by `declutter store`; no --db. "
                        "Without URL, read from DECLUTTER_REDIS_URL (keeps a password off the process list)")
    p.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                   help="a Scrapy or declutter setting, e.g. -s DOWNLOAD_DELAY=2 (repeatable)")
    p.set_defaults(func=run)


def run(args) -> int:
    import logging
    from datetime import datetime

    from scrapers.run import project_settings, run_crawls, spider_names, target

    overrides = {"DECLUTTER_DB": args.db, "DECLUTTER_MAX_PAGES": args.max_pages,
                 "LOG_LEVEL": "INFO" if args.verbose else "WARNING",
                 "LOG_FORMAT": "%(levelname)s %(name)s: %(message)s"}
    for flag, value in (("since", args.since), ("until", args.until)):
        if not value:
            continue
        try:
            datetime.fromisoformat(value)
        except ValueError:
            print(f"declutter crawl: --{flag} {value!r} is not a date (YYYY-MM-DD)", file=sys.stderr)
            return 2
        overrides[f"DECLUTTER_{flag.upper()}"] = value
    if args.since and args.until and args.until < args.since:
        print(f"declutter crawl: --until {args.until} is before --since {args.since}", file=sys.stderr)
        return 2
    spider_args = {}
    for item in args.arg:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            print(f"declutter crawl: -a {item!r}: expected NAME=VALUE", file=sys.stderr)
            return 2
        spider_args[name.strip()] = value
    for item in args.set:
        name, sep, value = item.partition("=")
        if not sep:
            print(f"declutter crawl: -s {item!r}: expected NAME=VALUE", file=sys.stderr)
            return 2
        overrides[name.strip()] = value
    if args.redis is not None:  # a distributed worker (scrapers/distributed.py): it never opens the database
        from scrapers.redis_queue import url_from
        try:
            args.redis = url_from(args.redis)
        except ValueError as exc:
            print(f"declutter crawl: {exc}", file=sys.stderr)
            return 2
        overrides["DECLUTTER_REDIS"] = args.redis
    settings = project_settings(overrides)
    for handler in list(logging.root.handlers):  # Scrapy installs its own, at LOG_LEVEL
        logging.root.removeHandler(handler)

    if args.list:
        print("\n".join(n for n in spider_names(settings) if n != "generic"))
        return 0
    if not args.db and not args.redis:
        print("declutter crawl: --db FILE (or --redis URL) is required", file=sys.stderr)
        return 2
    if args.redis:
        from scrapers.distributed import unreachable
        if problem := unreachable(args.redis):
            print(f"declutter crawl: {problem}", file=sys.stderr)
            return 1
    if args.sample:
        return crawl_sample(args, settings, spider_args)
    if not args.targets:
        print("declutter crawl: give a SITE or URL (or --sample); --list shows the sites", file=sys.stderr)
        return 2
    targets = []
    for given in dict.fromkeys(args.targets):   # a target given twice is crawled once
        try:
            name, kwargs = target(given, settings)
        except ValueError as exc:   # nothing is crawled when one target is wrong
            print(f"declutter crawl: {exc}", file=sys.stderr)
            return 2
        targets.append((name, {**kwargs, **spider_args}))
    return report(run_crawls(targets, settings))


def crawl_sample(args, settings, spider_args=None) -> int:
    """Serve the sample sites on 127.0.0.1 and crawl each with its own spider."""
    from scrapers.localsite import LocalSite, spider_aliases, spider_families, spider_targets
    from scrapers.run import run_crawls

    with LocalSite(args.sample_dir, aliases=spider_aliases(), families=spider_families()) as site:
        targets = spider_targets(site)
        if args.targets:
            missing = [t for t in args.targets if t not in {name for name, _ in targets}]
            if missing:
                print(f"declutter crawl: no sample site for {missing[0]!r}", file=sys.stderr)
                return 2
            targets = [(name, kwargs) for name, kwargs in targets if name in args.targets]
        targets = [(name, {**kwargs, **(spider_args or {})}) for name, kwargs in targets]
        for name, kwargs in targets:
            print(f"declutter crawl: sample {name} served at {kwargs['mirror']}", file=sys.stderr)
        return report(run_crawls(targets, settings))




def report(results) -> int:
    """The summary at the end: one line per crawl; the exit status is the worst of theirs."""
    from scrapers.runlock import RunLocked

    statuses = set()
    for result in results:
        print(f"declutter crawl {result.summary()}", file=sys.stderr)
        if result.signal:   # stopped on purpose: 128 + the signal, as a shell reports it
            statuses.add(128 + result.signal)
            continue
        status = 0
        if not result.ok:
            status = LOCKED if isinstance(result.error, RunLocked) else FAILED
        if result.stats.get("declutter/store_failures"):
            status = status or NOT_STORED
            print(f"declutter crawl: {not_stored_line(result.stats)}", file=sys.stderr)
        for verdict in result.stats.get("declutter/health") or ():  # site health (storage.health)
            if verdict["state"] == "drifted":
                status = status or DRIFTED
                print(f"declutter crawl: site drifted: {health_line(verdict)}", file=sys.stderr)
            elif verdict["state"] == "unreachable":
                status = status or UNREACHABLE
                print(f"declutter crawl: site {health_line(verdict)}", file=sys.stderr)
        statuses.add(status)
    signalled = [s for s in statuses if s > 128]
    if signalled:
        return signalled[0]
    return next(s for s in WORST if s in statuses) if statuses else 0


def not_stored_line(stats: dict) -> str:
    """How many pages the database refused, and why (the last refusal's message)."""
    pages = stats.get("declutter/not_stored", 0)
    others = stats.get("declutter/store_failures", 0) - pages
    what = f"{pages} pages not stored" + (f" ({others} other writes refused)" if others else "")
    return (f"{what}: {stats.get('declutter/store_error')}; no validators saved, "
            "so the next run fetches them again")


def health_line(verdict: dict) -> str:
    from storage.health import Verdict
    return Verdict(**verdict).line()
