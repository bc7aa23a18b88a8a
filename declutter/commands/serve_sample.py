"""`declutter serve-sample`: serve the bundled sample sites on 127.0.0.1 until interrupted,
to try `declutter crawl URL` or `scrapy crawl SITE -a mirror=URL` without the internet."""
from __future__ import annotations

import sys

from .crawl import SAMPLE_DIR
from . import at_least


def register(sub) -> None:
    p = sub.add_parser("serve-sample", help="serve the bundled sample sites on 127.0.0.1",
                       description="Serve the sample sites (fixture pages, sitemaps, feeds, listings, "
                                   "robots.txt) on 127.0.0.1, one port per site, until Ctrl-C.")
    p.add_argument("--dir", default=str(SAMPLE_DIR), help="the tree of <site>/<page>.html + .json")
    p.add_argument("--copies", type=at_least(0), default=0, metavar="N",
                   help="also serve each page under N more URLs (for load tests)")
    p.add_argument("--port", type=at_least(1), default=0, metavar="N",
                   help="serve the first host on port N and the others on the ports after it, in the "
                        "order listed, so a mirror string stays valid across restarts (default: free ports)")
    p.set_defaults(func=run)


def run(args) -> int:
    import time

    from scrapers.localsite import LocalSite, spider_aliases, spider_families

    from ..words import counted

    site = LocalSite(args.dir, copies=args.copies, aliases=spider_aliases(), families=spider_families(),
                     port=args.port)
    try:
        site.start()
    except OSError as exc:
        print(f"declutter serve-sample: {exc}", file=sys.stderr)
        return 1
    try:
        for host, local in sorted(site.hosts.items()):
            print(f"{host}\t{local.base}\t{local.base}/sitemap.xml\t{counted(len(local.pages), 'page')}", flush=True)
        print("serving; Ctrl-C stops", file=sys.stderr, flush=True)
        while True:
            time.sleep(3600)
    finally:
        site.stop()
