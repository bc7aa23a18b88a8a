"""The pipeline: clean each fetched page in a pool of processes, then store page and articles.

Cleaning is CPU-bound (lxml, trafilatura); done in the reactor it would stall downloads, and
threads would share one core under the GIL. So pages go to a process pool and the pipeline
awaits the result, while Scrapy keeps downloading. Storing stays in the reactor thread: one
writer, no locking.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from cleaners.model import Page

from .db import distributed, store_for
from .health import clean_counted, figures_for, spider_site
from .items import ErrorItem, PageItem
from .learning import RUN_PAGES, RunLearner, learn_pages

log = logging.getLogger(__name__)


def _as_deferred(future: Future) -> Deferred:
    """A Deferred fired in the reactor thread when `future` completes; no thread waits on it."""
    from twisted.internet import reactor
    d: Deferred = Deferred()

    def done(f: Future) -> None:
        exc = f.exception()
        reactor.callFromThread(d.errback if exc else d.callback, exc or f.result())

    future.add_done_callback(done)
    return d


class CleanAndStorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = crawler.settings.getint("DECLUTTER_CLEAN_WORKERS") or os.cpu_count() or 1
        self.max_pages = crawler.settings.getint("DECLUTTER_MAX_PAGES")
        self.pool: ProcessPoolExecutor | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self):
        self._new_pool()
        self.learner = None
        if not distributed(self.crawler):  # learned layouts live in the database (scrapers.learning)
            self.learner = RunLearner(store_for(self.crawler))

    def _new_pool(self) -> None:
        # forkserver: workers start from a clean process, not a fork of the running reactor.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["cleaners"])
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context)
        # Start the workers now, while robots.txt and sitemaps load, from a thread: starting
        # one waits for the fork server to be up, which would hold the reactor that long.
        threading.Thread(target=self._start_workers, name="start-clean-workers", daemon=True).start()

    def _start_workers(self) -> None:
        try:
            for _ in range(self.workers):
                self.pool.submit(int)
        except RuntimeError:  # the crawl ended before the workers started
            pass

    def close_spider(self):
        if self.pool:
            self.pool.shutdown(wait=True, cancel_futures=True)
        if getattr(self, "learner", None):  # sites due for learning, and this run's pages of new ones
            for line in self.learner.finish(self.run_id, RUN_PAGES):
                log.info(line)

    @property
    def run_id(self):
        return getattr(self.crawler, "run_id", None)

    async def process_item(self, item):
        if isinstance(item, ErrorItem):
            self.record_error(item.url, item.stage, item.reason)
            return item
        if not isinstance(item, PageItem):
            return item
        page = Page(url=item.url, body=item.body, final_url=item.final_url, fetched=item.fetched,
                    status=item.status, headers=item.headers, source=item.url)
        try:
            try:
                articles, rules = await self._clean(item)
            except BrokenProcessPool:
                # a worker died (killed, out of memory): the executor refuses all work from then
                # on, so the first page to notice replaces it, and each such page is tried again
                articles, rules = await self._clean(item)
        except Exception as exc:  # a cleaner error or a second death costs one page, not the crawl
            self.record_error(item.url, "clean", f"cleaner failed: {type(exc).__name__}: {exc}")
            return {"url": item.url, "articles": 0}
        if self.max_pages and self.stats.get_value("declutter/pages", 0) >= self.max_pages:
            return {"url": item.url, "articles": 0}  # fetched while the crawl was stopping
        store = store_for(self.crawler)
        if distributed(self.crawler):  # site health: the page's figures travel with it to the writer
            counts = store.save(page, articles, run_id=self.run_id,
                                health={"site": spider_site(self.crawler.spider), "rules": rules})
        else:
            counts = store.save(page, articles, run_id=self.run_id)
            figures_for(self.crawler).add_page(articles, rules)  # site health (scrapers.health)
        self.stats.inc_value("declutter/pages")
        self.stats.inc_value("declutter/articles", len(articles))
        for name, value in counts.items():  # new, updated, unchanged, duplicate
            self.stats.inc_value(f"declutter/{name}", value)
        if item.lastmod:
            store.set_validators(item.url, lastmod=item.lastmod)
        if self.max_pages and self.stats.get_value("declutter/pages") == self.max_pages:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_pages"))
        if not articles and item.expect_article:
            self.record_error(item.url, "clean", "no article found in the page")
        if self.learner is not None and (site := self.learner.add(item.url, articles)):
            await self._learn(site)
        return {"url": item.url, "articles": len(articles)}  # the body need not travel further

    async def _clean(self, item: PageItem) -> tuple[list, dict]:
        """The page's articles, and the lines each named rule removed (for site health)."""
        pool = self.pool
        try:
            learned = self.learner.profile(item.url) if getattr(self, "learner", None) else None
            future = pool.submit(clean_counted, item.body, url=item.url, fetched=item.fetched,
                                 content_type=item.content_type, learned=learned)
            return await maybe_deferred_to_future(_as_deferred(future))
        except BrokenProcessPool:
            if self.pool is pool:
                log.warning("a cleaning worker died; starting a new pool")
                pool.shutdown(wait=False, cancel_futures=True)
                self._new_pool()
            raise

    async def _learn(self, site: str) -> None:
        """Learn a site from its stored pages in a cleaning worker; its next pages are
        cleaned with what was learned (scrapers.learning)."""
        try:
            pages = self.learner.pages(site)
            result = await maybe_deferred_to_future(_as_deferred(self.pool.submit(learn_pages, pages, site)))
            numbers = self.learner.keep(site, result, self.run_id)
        except Exception as exc:  # learning is a bonus: the crawl goes on with what it had
            log.warning("learning %s failed: %s: %s", site, type(exc).__name__, exc)
            return
        self.stats.set_value(f"declutter/learned/{site}", numbers)

    def record_error(self, url: str, stage: str, reason: str) -> None:
        self.stats.inc_value("declutter/errors")
        log.warning("%s: %s: %s", url, stage, reason)
        store_for(self.crawler).record_error(url, stage, reason, run_id=self.run_id)
