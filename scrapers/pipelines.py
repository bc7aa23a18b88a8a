"""The pipeline: clean each fetched page in a pool of processes, then store page and articles.

Cleaning is CPU-bound (lxml, trafilatura); done in the reactor it would stall downloads, and
threads would share one core under the GIL. So pages go to a process pool and the pipeline
awaits the result, while Scrapy keeps downloading. Storing stays in the reactor thread: one
writer, no locking.

Each page's cleaning is bounded as `declutter clean`'s is: DECLUTTER_CLEAN_TIMEOUT seconds
(then the pool's workers are killed, the page is an `errors` row, and the pages the other
workers held are cleaned again on a new pool), and DECLUTTER_CLEAN_MEMORY_MB of address
space per worker (past it the cleaner fails with MemoryError: an `errors` row too).
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import resource
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from scrapy.utils.defer import deferred_from_coro, maybe_deferred_to_future
from twisted.internet.defer import Deferred

from cleaners.model import Page
from storage import StoreError

from .db import distributed, store_failed, store_for
from .health import clean_counted, figures_for, spider_site
from .items import ErrorItem, PageItem
from .learning import RUN_PAGES, RunLearner, learn_pages

log = logging.getLogger(__name__)


def _as_deferred(future: Future) -> Deferred:
    """A Deferred fired in the reactor thread when `future` completes; no thread waits on it."""
    from twisted.internet import reactor
    d: Deferred = Deferred()

    def fire(exc, result) -> None:
        if not d.called:  # a page given up on (timeout) has had its answer already
            d.errback(exc) if exc else d.callback(result)

    def done(f: Future) -> None:
        if f.cancelled():  # its pool was replaced before it ran: to be tried again
            exc = BrokenProcessPool("the cleaning pool was replaced")
        else:
            exc = f.exception()
        reactor.callFromThread(fire, exc, None if exc else f.result())

    future.add_done_callback(done)
    return d


def _init_worker(megabytes: int, crawl: int) -> None:
    """Pool initializer. Ctrl-C reaches the whole process group: the crawl stops itself and
    then its workers, so they ignore it (else each prints a KeyboardInterrupt traceback).
    A worker's address space is bounded (DECLUTTER_CLEAN_MEMORY_MB beyond what it starts
    with, the Korean analyser's model among it), so one huge page ends in MemoryError instead
    of taking the machine's memory. A worker is the fork server's child and holds both ends of
    its task pipe, so a crawl killed outright (kill -9) would leave it waiting for ever: it
    watches the crawl's pid and exits when the crawl is gone."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_without, args=(crawl,), name="watch-crawl", daemon=True).start()
    if megabytes > 0:  # on top of what the worker starts with (the fork server's preloads)
        limit = _address_space() + megabytes * 1024 * 1024
        try:
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        except (ValueError, OSError):  # a lower hard limit is already set: keep it
            pass


def _address_space() -> int:
    """The process's address space now, in bytes (0 where /proc does not say)."""
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _exit_without(pid: int, every: float = 2.0) -> None:
    import time
    while True:
        time.sleep(every)
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            os._exit(1)
        except PermissionError:  # alive, another user's: cannot be ours, but is not gone
            pass


def _start_forkserver() -> None:
    """Start the fork server (and multiprocessing's resource tracker) with SIGINT ignored,
    a disposition they keep across exec and hand on to every worker: Ctrl-C reaches the
    whole process group, and one that lands while they import would print their
    tracebacks. The crawl itself stops on it, and stops them. Only the main thread may
    change signal handlers; elsewhere the server starts as it would anyway."""
    import signal
    from multiprocessing import forkserver
    if threading.current_thread() is not threading.main_thread():
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


class CleaningTimeout(Exception):
    """A page still cleaning after DECLUTTER_CLEAN_TIMEOUT seconds."""


class CleanAndStorePipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.workers = crawler.settings.getint("DECLUTTER_CLEAN_WORKERS") or os.cpu_count() or 1
        self.max_pages = crawler.settings.getint("DECLUTTER_MAX_PAGES")
        self.timeout = crawler.settings.getfloat("DECLUTTER_CLEAN_TIMEOUT")
        self.memory_mb = crawler.settings.getint("DECLUTTER_CLEAN_MEMORY_MB")
        self.pool: ProcessPoolExecutor | None = None
        # one page per worker at a time: a page's time is then its own cleaning, not also
        # the queue before it, so the timeout gives up only on the page that is slow
        from twisted.internet.defer import DeferredSemaphore
        self.slots = DeferredSemaphore(self.workers)

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
        context.set_forkserver_preload(["scrapers.warmclean", "storage.korean_loaded"])
        _start_forkserver()
        self.pool = ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                        initargs=(self.memory_mb, os.getpid()))
        # Start the workers now, while robots.txt and sitemaps load, from a thread: starting
        # one waits for the fork server to be up, which would hold the reactor that long.
        threading.Thread(target=self._start_workers, name="start-clean-workers", daemon=True).start()

    def _start_workers(self) -> None:
        try:
            for _ in range(self.workers):
                self.pool.submit(int)
        except Exception:  # the crawl ended (or was stopped) before the workers started: pages start them
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
        except CleaningTimeout:
            self.record_error(item.url, "clean", f"cleaning took longer than {self.timeout:g} s (given up)")
            return {"url": item.url, "articles": 0}
        except Exception as exc:  # a cleaner error or a second death costs one page, not the crawl
            self.record_error(item.url, "clean", f"cleaner failed: {type(exc).__name__}: {exc}")
            return {"url": item.url, "articles": 0}
        if self.max_pages and self.stats.get_value("declutter/pages", 0) >= self.max_pages:
            return {"url": item.url, "articles": 0}  # fetched while the crawl was stopping
        store = store_for(self.crawler)
        try:
            if distributed(self.crawler):  # site health: the page's figures travel with it to the writer
                counts = store.save(page, articles, run_id=self.run_id,
                                    health={"site": spider_site(self.crawler.spider), "rules": rules})
            else:
                counts = store.save(page, articles, run_id=self.run_id)
        except StoreError as exc:  # disk full, database locked past the wait: counted, not lost
            store_failed(self.crawler, item.url, exc, page=True)
            return {"url": item.url, "articles": 0}
        if not distributed(self.crawler):
            figures_for(self.crawler).add_page(articles, rules)  # site health (scrapers.health)
        self.stats.inc_value("declutter/pages")
        self.stats.inc_value("declutter/articles", len(articles))
        for name, value in counts.items():  # new, updated, unchanged, duplicate
            self.stats.inc_value(f"declutter/{name}", value)
        if item.lastmod:
            try:
                store.set_validators(item.url, lastmod=item.lastmod)
            except StoreError as exc:
                store_failed(self.crawler, item.url, exc)
        if self.max_pages and self.stats.get_value("declutter/pages") == self.max_pages:
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="max_pages"))
        if not articles and item.expect_article:
            self.record_error(item.url, "clean", "no article found in the page")
        if self.learner is not None and (site := self.learner.add(item.url, articles)):
            await self._learn(site)
        return {"url": item.url, "articles": len(articles)}  # the body need not travel further

    async def _clean(self, item: PageItem) -> tuple[list, dict]:
        """The page's articles, and the lines each named rule removed (for site health)."""
        await maybe_deferred_to_future(self.slots.acquire())
        try:
            return await self._clean_now(item)
        finally:
            self.slots.release()

    async def _clean_now(self, item: PageItem) -> tuple[list, dict]:
        from twisted.internet import defer, reactor
        pool = self.pool
        try:
            learned = self.learner.profile(item.url) if getattr(self, "learner", None) else None
            future = pool.submit(clean_counted, item.body, url=item.url, fetched=item.fetched,
                                 content_type=item.content_type, learned=learned)
            d = _as_deferred(future)
            if self.timeout > 0:
                d.addTimeout(self.timeout, reactor)
            return await maybe_deferred_to_future(d)
        except defer.TimeoutError:
            # a running task cannot be stopped: its workers are killed (the pages the others
            # held come back as BrokenProcessPool and are tried again on the new pool)
            if self.pool is pool:
                self._replace_pool(pool, kill=True)
            raise CleaningTimeout() from None
        except BrokenProcessPool:
            if self.pool is pool:
                log.warning("a cleaning worker died; starting a new pool")
                self._replace_pool(pool)
            raise

    def _replace_pool(self, pool: ProcessPoolExecutor, kill: bool = False) -> None:
        if kill:
            for process in list((getattr(pool, "_processes", None) or {}).values()):
                process.kill()
        pool.shutdown(wait=False, cancel_futures=True)
        self._new_pool()
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
        try:
            store_for(self.crawler).record_error(url, stage, reason, run_id=self.run_id)
        except StoreError as exc:
            store_failed(self.crawler, url, exc)
