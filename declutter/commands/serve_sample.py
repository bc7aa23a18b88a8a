"""`declutter serve-sample`: serve the bundled sample sites on 127.0.0.1 until interrupted,
to try `declutter crawl URL` or `scrapy crawl SITE -a mirror=URL` without the internet."""
from __future__ import annotations

from . import at_least

import sys

from .crawl import SAMPLE_DIR


def register(sub) -> None:
    p = sub.add_parser("serve-sample", help="serve the bundled sample sites on 127.0.0.1",
                       description="Serve the sample sites (fixture pages, sitemaps, feeds, listings, "
                                   "robots.txt) on 127.0.0.1, one port per site, until Ctrl-C.")
    p.add_argument("--dir", default=str(SAMPLE_DIR), help="the tree of <site>/<page>.html + .json")
    p.add_argument("--copies", type=at_least(0), default=0, metavar="N",
                   help="also serve each page under N more URLs (for load tests)")
    p.set_defaults(func=run)


def run(args) -> int:
    import time

    from scrapers.localsite import LocalSite, spider_aliases, spider_families

    with LocalSite(args.dir, copies=args.copies, aliases=spider_aliases(), families=spider_families()) as site:
        for host, local in sorted(site.hosts.items()):
            print(f"{host}\t{local.base}\t{local.base}/sitemap.xml\t{len(local.pages)} pages", flush=True)
        print("serving; Ctrl-C stops", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)
