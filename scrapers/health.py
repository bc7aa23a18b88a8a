"""Site health in a crawl: the figures of each cleaned page and each discovery document,
gathered for the run and judged against the site's history when the spider closes
(storage.health does the judging and the storing).

- `clean_counted` runs in the cleaning workers: the articles and the lines each named rule
  removed (the trace `declutter clean --explain` prints), counted there so only a small
  dict travels back.
- `SiteHealth` (extension) stores the run's `site_runs` row and puts the verdict in the
  crawl's stats (`declutter/health`), which `declutter crawl` prints and turns into its exit
  status.
- `note_source` is called by the spiders for each discovery document they read.
- On a distributed crawl (scrapers.distributed) the workers gather nothing themselves: each
  page's rules and site travel with the page to the writer, each source's counts as a
  message of their own, and the writer (scrapers.redis_writer) stores the row when the run
  ends; `SiteHealth` is not loaded.

Nothing here imports Scrapy at module level: the cleaning workers import this module.
"""
from __future__ import annotations

import logging
from dataclasses import asdict
from urllib.parse import urljoin

from storage.health import RunFigures, SiteFigures, record, rule_counts, site_of

log = logging.getLogger(__name__)


def clean_counted(body: bytes, url: str | None = None, fetched=None, content_type: str | None = None,
                  learned=None):
    """cleaners.clean, plus {rule: lines removed} for the page. `learned`: the site's
    learned profile, if it has one (cleaners.learn)."""
    import cleaners
    trace: list = []
    articles = cleaners.clean(body, url=url, fetched=fetched, content_type=content_type, trace=trace,
                              learned=learned if learned is not None else False)
    return articles, rule_counts(trace)


def spider_site(spider) -> str:
    """A site spider's name; for the generic spider the start URL's host without www., as
    saved pages of that host are named (storage.health.site_of)."""
    start = getattr(spider, "start_url", None)
    return site_of(start) if start else spider.name


def figures_for(crawler) -> SiteFigures:
    """The running crawl's figures for its site."""
    figures = getattr(crawler, "_declutter_health", None)
    if figures is None:
        figures = crawler._declutter_health = RunFigures()
    return figures.site(spider_site(crawler.spider))


def note_source(spider, meta: dict, urls: int = 0, status: int | None = None, failed: bool = False) -> None:
    """Count a discovery document's article URLs under the declared source it came from
    (a sitemap index's children and a listing's further pages count for the first)."""
    source = meta.get("source") or meta.get("page_url")
    if not source or getattr(spider, "crawler", None) is None:
        return
    kind = "start"
    for name, urls_of_kind in (("sitemap", getattr(spider, "sitemaps", [])), ("feed", getattr(spider, "feeds", [])),
                               ("listing", getattr(spider, "listings", []))):
        if source in {urljoin(spider.origin, u) for u in urls_of_kind}:
            kind = name
            break
    counts = {"urls": urls, "read": int(status == 200), "not_modified": int(status == 304), "failed": int(failed)}
    from .db import distributed, store_for
    if distributed(spider.crawler):   # to the writer, which gathers the run's figures
        store_for(spider.crawler).note_source(spider_site(spider), source, kind, **counts)
    else:
        figures_for(spider.crawler).add_source(source, kind, **counts)


class SiteHealth:
    """Stores the run's site figures and verdict when the spider closes."""

    def __init__(self, crawler):
        from scrapy import signals
        self.crawler = crawler
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_closed(self, spider, reason):
        from .db import store_for
        figures = getattr(self.crawler, "_declutter_health", None) or RunFigures()
        figures.site(spider_site(spider))  # a run that cleaned nothing is a row too
        run_id = getattr(self.crawler, "run_id", None)
        try:
            verdicts = record(store_for(self.crawler), run_id, "crawl", figures)
        except Exception as exc:  # the crawl's pages are stored; only its health figures are lost
            log.warning("site health of run %s not recorded: %s", run_id, exc)
            return
        self.crawler.stats.set_value("declutter/health", [asdict(v) for v in verdicts])


def spider_hosts() -> dict[str, str]:
    """host -> site spider name, for naming the site of a saved page like its crawls do."""
    from .localsite import site_spiders, spider_hosts as hosts_of
    from .run import project_settings
    project_settings()
    out: dict[str, str] = {}
    for cls in site_spiders():
        for host in sorted(hosts_of(cls)):
            out.setdefault(host, cls.name)
    return out


class PageSites:
    """Names the health site of stored or saved pages (clean --db, reclean)."""

    def __init__(self):
        try:
            self.hosts = spider_hosts()
        except Exception:  # no spiders to name sites by: hosts it is
            self.hosts = {}

    def __call__(self, url: str | None, articles) -> str:
        fallback = next((a.site for a in articles if a.site), None)
        return site_of(url or next((a.url for a in articles if a.url), None), self.hosts, fallback)


__all__ = ["PageSites", "SiteHealth", "clean_counted", "figures_for", "note_source", "spider_hosts", "spider_site"]
