"""The crawl's own bookkeeping: the run lock, the `runs` row, and the progress line."""
from __future__ import annotations

import sys
import time

from scrapy import signals
from scrapy.extensions.throttle import AutoThrottle

from storage import StoreError

from .db import store_failed, store_for
from .hosts import is_loopback
from .runlock import RunLock


COUNTS = ("pages", "articles", "new", "updated", "unchanged", "duplicate", "errors", "known", "changed",
          "not_modified", "not_stored", "store_failures")


def crawl_counts(stats) -> dict[str, int]:
    """The counts a run reports, from the crawler's stats."""
    return {name: stats.get_value(f"declutter/{name}", 0) for name in COUNTS}


class CrawlRun:
    """Takes the site's lock (failing the crawl at once if held) and records the run."""

    def __init__(self, crawler):
        self.crawler = crawler
        site = getattr(crawler.spider, "site_key", None) or crawler.spider.name
        self.lock = RunLock(crawler.settings.get("DECLUTTER_DB"), site).acquire()
        try:
            store_for(crawler)  # a database that cannot be used fails the crawl here, not per page
        except Exception:
            self.lock.release()
            raise
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider):
        args = spider.run_args() if hasattr(spider, "run_args") else spider.name
        self.crawler.run_id = store_for(self.crawler).begin_run("crawl", args=args)
        self.crawler.stats.set_value("declutter/run_id", self.crawler.run_id)

    def spider_closed(self, spider, reason):
        try:
            counts = crawl_counts(self.crawler.stats)
            counts["finish_reason"] = reason
            store_for(self.crawler).end_run(self.crawler.run_id, counts)
        except StoreError as exc:  # the run stays open in `runs`; the crawl's status says why
            store_failed(self.crawler, "the run record", exc)
        finally:
            self.lock.release()


class Progress:
    """A short progress line on stderr every DECLUTTER_PROGRESS_INTERVAL seconds."""

    def __init__(self, crawler, interval: float):
        self.crawler = crawler
        self.interval = interval
        self.task = None
        self.started = time.monotonic()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler, crawler.settings.getfloat("DECLUTTER_PROGRESS_INTERVAL"))

    def spider_opened(self, spider):
        from twisted.internet import task
        self.started = time.monotonic()
        if self.interval > 0:
            self.task = task.LoopingCall(self.report, spider)
            self.task.start(self.interval, now=False)

    def report(self, spider):
        from declutter.words import counted
        c = crawl_counts(self.crawler.stats)
        print(f"crawl {spider.name}: {time.monotonic() - self.started:.0f}s, {counted(c['pages'], 'page')}, "
              f"{counted(c['articles'], 'article')}, {counted(c['known'], 'link')} skipped as already stored, "
              f"{counted(c['errors'], 'error')}{self.left()}", file=sys.stderr, flush=True)

    def left(self) -> str:
        """What the crawl knows is left: requests queued and downloads under way (more links
        turn up as listings and sitemaps are read, so this is no total)."""
        from declutter.words import counted
        engine = self.crawler.engine
        try:
            queued = len(engine.scheduler) if engine.scheduler is not None else 0
            active = len(engine.downloader.active)
        except (AttributeError, TypeError, NotImplementedError):  # a scheduler that cannot count (Redis)
            return ""
        return f"; left: {counted(queued, 'request')} queued, {active:,} downloading"

    def spider_closed(self, spider, reason):
        if self.task and self.task.running:
            self.task.stop()


class Throttle(AutoThrottle):
    """AutoThrottle for remote sites; none for this machine's own servers (a local copy of a
    site), whose slots DOWNLOAD_SLOTS gives no delay: politeness there only slows the crawl."""

    def _response_downloaded(self, response, request, spider):
        if not is_loopback(request.url):
            super()._response_downloaded(response, request, spider)
