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

from cleaners.sites import site_name
from storage.health import RunFigures, SiteFigures, record, rule_counts

log = logging.getLogger(__name__)


def clean_counted(body: bytes, url: str | None = None, fetched=None, content_type: str | None = None,
                  learned=None):
    """cleaners.clean, plus {rule: lines removed} for the page; the articles carry their
    Korean index terms (storage.korean), analysed here in the worker, not in the writer.
    `learned`: the site's learned profile, if it has one (cleaners.learn)."""
    import cleaners
    from storage import korean
    trace: list = []
    articles = cleaners.clean(body, url=url, fetched=fetched, content_type=content_type, trace=trace,
                              learned=learned if learned is not None else False)
    return korean.annotate(articles), rule_counts(trace)


def spider_site(spider) -> str:
    """The crawled site's one name (SiteSpider.site_key), as saved pages of it are named."""
    return getattr(spider, "site_key", None) or spider.name


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


class PageSites:
    """Names the health site of stored or saved pages (clean --db, reclean), as crawls do."""

    def __call__(self, url: str | None, articles) -> str:
        fallback = next((a.site for a in articles if a.site), None)
        return site_name(url or next((a.url for a in articles if a.url), None), fallback)


__all__ = ["PageSites", "SiteHealth", "clean_counted", "figures_for", "note_source", "spider_site"]
