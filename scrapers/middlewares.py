"""Middlewares that make crawls incremental and patient.

- StoredUrlsMiddleware (spider): article URLs already in the store are not requested again,
  unless their sitemap `lastmod` says they changed. The seen-set is the SQLite store, so it
  survives runs, is shared by parallel crawlers and costs no memory in the crawl.
- ConditionalRequestsMiddleware (downloader): feeds, sitemaps and listings are fetched every
  run, but with If-None-Match / If-Modified-Since from the last finished run.
- BackoffRetryMiddleware (downloader): Scrapy's retries, with a growing pause before each.
- QueueBounds (spider): what discovery may queue is bounded: new article requests count
  against --max-pages before they queue, and a spider's output waits while the scheduler
  already holds DECLUTTER_MAX_QUEUED requests.
"""
from __future__ import annotations

from scrapy import Request, signals
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

from storage import StoreError

from .db import store_failed, store_for
from .discovery import is_newer

BATCH = 500


class StoredUrlsMiddleware:
    """Drops requests for stored articles before they reach the scheduler, a batch at a time."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_spider_output(self, response, result):
        batch: list[Request] = []
        for obj in result:
            if isinstance(obj, Request) and obj.meta.get("kind") == "article":
                batch.append(obj)
                if len(batch) >= BATCH:
                    yield from self._new(batch)
                    batch = []
            else:
                yield obj
        yield from self._new(batch)

    async def process_spider_output_async(self, response, result):
        batch: list[Request] = []
        async for obj in result:
            if isinstance(obj, Request) and obj.meta.get("kind") == "article":
                batch.append(obj)
                if len(batch) >= BATCH:
                    for kept in self._new(batch):
                        yield kept
                    batch = []
            else:
                yield obj
        for kept in self._new(batch):
            yield kept

    def _new(self, requests: list[Request]) -> list[Request]:
        if not requests:
            return []
        store = store_for(self.crawler)
        known = store.known_urls([r.meta["page_url"] for r in requests])
        kept = []
        for request in requests:
            url = request.meta["page_url"]
            if url not in known:
                kept.append(request)
                continue
            lastmod = request.meta.get("lastmod")
            if lastmod:
                stored = store.get_validators(url).get("lastmod")
                if stored is None:  # first sighting of a date: remember it, no refetch
                    try:
                        store.set_validators(url, lastmod=lastmod)
                    except StoreError as exc:  # the run then commits no validators (store_failed)
                        store_failed(self.crawler, url, exc)
                elif is_newer(lastmod, stored):
                    self.crawler.stats.inc_value("declutter/changed")
                    kept.append(request)
                    continue
            self.crawler.stats.inc_value("declutter/known")
        return kept


class ConditionalRequestsMiddleware:
    """Conditional GETs for discovery documents; a 304 reaches the spider as 'nothing new'.

    Validators are saved only when a run finishes with everything it fetched stored: after a
    killed or cut-short run, or one whose writes the database refused (full disk, lock held
    past the wait), the next one reads every document in full, so nothing it listed is missed.
    """

    def __init__(self, crawler):
        self.crawler = crawler
        self.pending: dict[str, dict[str, str | None]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        if request.meta.get("kind") != "discovery" or request.meta.get("conditional"):
            return None
        validators = store_for(self.crawler).get_validators(request.url) or {}
        headers = {}
        if validators.get("etag"):
            headers["If-None-Match"] = validators["etag"]
        if validators.get("last_modified"):
            headers["If-Modified-Since"] = validators["last_modified"]
        request.meta["conditional"] = True
        request.meta["handle_httpstatus_list"] = [*request.meta.get("handle_httpstatus_list", []), 304]
        for name, value in headers.items():
            request.headers[name] = value
        return None

    def process_response(self, request, response, spider=None):
        if request.meta.get("kind") != "discovery":
            return response
        if response.status == 304:
            self.crawler.stats.inc_value("declutter/not_modified")
        elif response.status == 200:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if etag or modified:
                self.pending[request.url] = {
                    "etag": etag.decode("latin-1") if etag else None,
                    "last_modified": modified.decode("latin-1") if modified else None,
                }
        return response

    def spider_closed(self, spider, reason):
        if reason != "finished" or not self.pending or self.crawler.stats.get_value("declutter/store_failures"):
            return
        store = store_for(self.crawler)
        for url, validators in self.pending.items():
            store.set_validators(url, **validators)


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries as Scrapy does, but waits DECLUTTER_RETRY_BACKOFF * 2**(try-1) seconds first,
    so a struggling server gets room to recover."""

    def __init__(self, settings):
        super().__init__(settings)
        self.backoff = settings.getfloat("DECLUTTER_RETRY_BACKOFF")

    async def process_response(self, request, response, spider=None):
        return await self._pause(super().process_response(request, response))

    async def process_exception(self, request, exception, spider=None):
        return await self._pause(super().process_exception(request, exception))

    async def _pause(self, result):
        if isinstance(result, Request) and self.backoff > 0:
            from twisted.internet import reactor  # the one Scrapy installed
            delay = self.backoff * 2 ** (result.meta.get("retry_times", 1) - 1)
            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return result


class QueueBounds:
    """Placed after StoredUrlsMiddleware (a lower number), so only new articles count.

    Without it a sitemap of 500,000 URLs queues 500,000 requests (1.8 GB) even when the run
    will store 50. With --max-pages N, the first N new article requests are queued and the
    rest dropped (a page that fails still counts); without it the spider's output pauses
    while the scheduler is full, and resumes as requests leave it.
    """

    POLL = 0.2   # seconds between looks at a full scheduler

    def __init__(self, crawler):
        self.crawler = crawler
        self.budget = crawler.settings.getint("DECLUTTER_MAX_PAGES") or None
        self.max_queued = crawler.settings.getint("DECLUTTER_MAX_QUEUED")
        self.queued = 0

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _admit(self, obj) -> bool:
        if not (isinstance(obj, Request) and obj.meta.get("kind") == "article"):
            return True
        if self.budget is not None:
            if self.queued >= self.budget:
                self.crawler.stats.inc_value("declutter/over_budget")
                return False
            self.queued += 1
        return True

    def process_spider_output(self, response, result):
        for obj in result:
            if self._admit(obj):
                yield obj

    async def process_spider_output_async(self, response, result):
        async for obj in result:
            if self._admit(obj):
                if isinstance(obj, Request) and obj.meta.get("kind") == "article":
                    await self._room()
                yield obj

    def _full(self) -> bool:
        engine = self.crawler.engine
        scheduler = engine.scheduler if engine else None
        if scheduler is None or not self.max_queued or not engine.running:
            return False
        if getattr(engine, "_slot", None) is None or engine._slot.closing:
            return False  # stopping: what is queued now is dropped anyway
        if engine.scraper.slot is not None and engine.scraper.slot.needs_backout():
            return False  # the engine waits for the scraper, which waits for us: go on
        return len(scheduler) >= self.max_queued

    async def _room(self) -> None:
        from twisted.internet import reactor
        while self._full():
            await maybe_deferred_to_future(deferLater(reactor, self.POLL, lambda: None))
