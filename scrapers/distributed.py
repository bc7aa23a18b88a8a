"""Crawling on many machines: scrapy-redis workers sharing one request queue per site.

    declutter crawl etoday --redis redis://queue-host:6379/0     # on as many machines as you like
    declutter store --redis redis://queue-host:6379/0 --db news.db   # once, next to the database

Set DECLUTTER_REDIS (what `--redis` does) and the `Distributed` add-on turns a crawl into a
worker: scrapy-redis's scheduler and dupefilter replace Scrapy's, keyed by the site
(`declutter:site:SITE:requests`, `...:dupefilter`), so every worker of a site takes requests
from one queue and none is fetched twice in a run; the store becomes a `RemoteStore`
(results go to the writer); the run lock and the `runs` row give way to a run shared in
Redis; the shared politeness limits apply. Requests wait in the queue as JSON data, never as
pickles (scrapers.redis_requests).

A run of a site is shared by the workers that crawl it at the same time. The first one
begins it: it clears the last run's queue and seen-set (a request a killed worker held is
found again from the sitemaps, since nothing stored it) and it alone reads the start
documents; the others join and take from the queue. A worker that runs out of requests
while another is busy waits for what that one may still find. Each worker beats a
heartbeat; one silent for DECLUTTER_REDIS_WORKER_TIMEOUT seconds is taken for dead. The
last to leave ends the run; the writer then closes its `runs` row with the counts of all,
and commits the discovery validators only if every worker finished.

Site health: the workers send each page's figures with the page and each source's counts
on their own (scrapers.health); the writer judges the run when it ends. The last worker to
leave waits (DECLUTTER_REDIS_HEALTH_WAIT seconds, while a writer holds its lease) for that
verdict, so its end summary and exit status say whether the site drifted, as a
single-process crawl's do; the others leave before the run is judged.
"""
from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from . import redis_queue as rq
from .extensions import crawl_counts
from .health import spider_site

log = logging.getLogger(__name__)

# The counts only a worker knows (the writer counts pages, articles, errors and outcomes).
WORKER_COUNTS = ("known", "changed", "not_modified")

# KEYS: run, members, requests, dupefilter, results. ARGV: worker, heartbeat json, timeout, token, args
JOIN = """
local now = tonumber(redis.call('TIME')[1])
local function live(key, timeout)
  local n = 0
  local all = redis.call('HGETALL', key)
  for i = 1, #all, 2 do
    if now - cjson.decode(all[i + 1]).t > timeout then redis.call('HDEL', key, all[i]) else n = n + 1 end
  end
  return n
end
local token = redis.call('GET', KEYS[1])
local beat = cjson.decode(ARGV[2]); beat.t = now
if token then
  if live(KEYS[2], tonumber(ARGV[3])) > 0 then
    redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(beat))
    return {token, 0}
  end
  redis.call('LPUSH', KEYS[5], cjson.encode({type='end', run=token, last=true, reason='abandoned', lost=1}) .. '\\n')
end
redis.call('SET', KEYS[1], ARGV[4])
redis.call('DEL', KEYS[2], KEYS[3], KEYS[4])
redis.call('HSET', KEYS[2], ARGV[1], cjson.encode(beat))
redis.call('LPUSH', KEYS[5], cjson.encode({type='begin', run=ARGV[4], args=ARGV[5]}) .. '\\n')
return {ARGV[4], 1}
"""

# KEYS: members. ARGV: worker, heartbeat json
BEAT = """
local beat = cjson.decode(ARGV[2]); beat.t = tonumber(redis.call('TIME')[1])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(beat))
"""

# KEYS: run, members, results. ARGV: worker, token, timeout, end message (json)
LEAVE = """
local now = tonumber(redis.call('TIME')[1])
redis.call('HDEL', KEYS[2], ARGV[1])
local lost, n = 0, 0
local all = redis.call('HGETALL', KEYS[2])
for i = 1, #all, 2 do
  if now - cjson.decode(all[i + 1]).t > tonumber(ARGV[3]) then redis.call('HDEL', KEYS[2], all[i]); lost = lost + 1
  else n = n + 1 end
end
local message = cjson.decode(ARGV[4])
message.lost = lost
message.last = false
if n == 0 and redis.call('GET', KEYS[1]) == ARGV[2] then
  redis.call('DEL', KEYS[1])
  message.last = true
end
redis.call('LPUSH', KEYS[3], cjson.encode(message) .. '\\n')
return message.last and 1 or 0
"""


def unreachable(url: str) -> str | None:
    """Why a worker cannot use the Redis at `url`, in one line; None when it can."""
    import redis

    try:
        rq.connect(url).ping()
    except (ValueError, redis.RedisError) as exc:
        return f"{rq.redact(url)}: cannot reach Redis ({rq.redact(str(exc))})"
    return None




class Distributed:
    """The add-on (in ADDONS): does nothing unless DECLUTTER_REDIS names a Redis server."""

    def update_settings(self, settings) -> None:
        url = settings.get("DECLUTTER_REDIS")
        if not url:
            return
        for name, value in {"REDIS_URL": url, "SCHEDULER": f"{__name__}.SiteScheduler",
                            "DUPEFILTER_CLASS": f"{__name__}.SiteDupeFilter",
                            "SCHEDULER_PERSIST": True,
                            # requests as data, never pickles (scrapers.redis_requests)
                            "SCHEDULER_SERIALIZER": "scrapers.redis_requests",
                            "SCHEDULER_QUEUE_CLASS": "scrapers.redis_requests.SiteQueue"}.items():
            settings.set(name, value, priority="cmdline")
        settings["EXTENSIONS"].update({"scrapers.extensions.CrawlRun": None, f"{__name__}.SharedRun": 100,
                                       "scrapers.health.SiteHealth": None})  # the writer judges the run
        settings["SPIDER_MIDDLEWARES"].update({f"{__name__}.StartOnce": 0})
        settings["DOWNLOADER_MIDDLEWARES"].update({"scrapers.politeness.SharedPoliteness": 950})


class SiteScheduler(Scheduler):
    """scrapy-redis's scheduler, its queue named after the site rather than the spider (every
    `generic` crawl is a different site)."""

    @classmethod
    def from_crawler(cls, crawler):
        return cls.from_settings(crawler.settings)  # no per-request stats: the crawl counts its own

    def open(self, spider):
        self.queue_key = rq.site_key(spider_site(spider), "requests")
        return super().open(spider)


class SiteDupeFilter(RFPDupeFilter):
    """scrapy-redis's shared seen-set of requests, per site, aware of redirects as
    scrapers.dupefilter.RedirectAwareDupeFilter is (a redirect loop must end in an error)."""

    @classmethod
    def from_spider(cls, spider):
        server = rq.connect(spider.settings.get("REDIS_URL"))
        return cls(server, key=rq.site_key(spider_site(spider), "dupefilter"),
                   debug=spider.settings.getbool("DUPEFILTER_DEBUG"))

    def request_seen(self, request) -> bool:
        if request.meta.get("redirect_times"):
            return False
        return super().request_seen(request)


class StartOnce:
    """Spider middleware: only the worker that began the run reads the start documents."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    async def process_start(self, start):
        async for item in start:
            run = getattr(self.crawler, "_declutter_run", None)
            if run is None or run.seeds:
                yield item


class SharedRun:
    """Extension: joins the site's shared run, beats a heartbeat, waits while other workers
    are busy, and leaves with its counts (see the module docstring)."""

    def __init__(self, crawler):
        url = crawler.settings.get("DECLUTTER_REDIS")
        if not url:
            raise NotConfigured
        self.crawler = crawler
        self.server = rq.connect(url)
        self.timeout = crawler.settings.getfloat("DECLUTTER_REDIS_WORKER_TIMEOUT")
        self.health_wait = crawler.settings.getfloat("DECLUTTER_REDIS_HEALTH_WAIT")
        self.worker = f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.token: str | None = None
        self.seeds = False
        self.site = ""
        self.reason = None
        self.beat = None
        self.left = False
        self.waiting = False
        crawler._declutter_run = self
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)
        self._join, self._beat, self._leave = (self.server.register_script(s) for s in (JOIN, BEAT, LEAVE))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def _keys(self) -> dict[str, str]:
        return {w: rq.site_key(self.site, w) for w in ("run", "members", "requests", "dupefilter")}

    def _state(self) -> str:
        engine = self.crawler.engine
        try:
            busy = not engine.spider_is_idle()
        except RuntimeError:  # not open yet, or closing
            busy = False
        return json.dumps({"busy": busy, "pid": os.getpid()})

    def spider_opened(self, spider):
        from twisted.internet import task

        self.site = spider_site(spider)
        args = spider.run_args() if hasattr(spider, "run_args") else spider.name
        k = self._keys()
        token = f"{self.site}:{int(time.time())}:{uuid.uuid4().hex[:8]}"
        got, began = self._join(keys=[k["run"], k["members"], k["requests"], k["dupefilter"], rq.RESULTS],
                                args=[self.worker, json.dumps({"busy": True}), self.timeout, token,
                                      f"{args} (distributed)"])
        self.token, self.seeds = got.decode(), bool(began)
        self.crawler.run_id = self.token
        self.crawler.stats.set_value("declutter/run_id", self.token)
        log.info("%s run %s as %s", "began" if began else "joined", self.token, self.worker)
        if not self.server.exists(rq.STORED_READY):
            log.warning("no writer has filled the stored-URL set in Redis yet (start `declutter store`): "
                        "articles already stored may be fetched again")
        # spider_closed is connected only now, after the middlewares' own handlers, so the
        # discovery validators they put with the run are there before this worker leaves
        self.crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        self.beat = task.LoopingCall(self.heartbeat)
        self.beat.start(min(1.0, self.timeout / 4), now=False)

    def heartbeat(self):
        try:
            self._beat(keys=[self._keys()["members"]], args=[self.worker, self._state()])
            # an idle engine looks at its scheduler (and asks spider_idle again) only every
            # few seconds: while waiting on the others, have it look at every beat, so that
            # it takes what they queued, or ends with them, at once
            slot = getattr(self.crawler.engine, "_slot", None)
            if slot is not None and self.waiting:
                slot.nextcall.schedule()
        except Exception as exc:  # Redis away for a moment: the next beat tries again
            log.warning("heartbeat to Redis failed: %s", exc)

    def others_busy(self) -> bool:
        now = self.server.time()[0]
        for worker, raw in self.server.hgetall(self._keys()["members"]).items():
            beat = json.loads(raw)
            if worker.decode() != self.worker and beat.get("busy") and now - beat["t"] <= self.timeout:
                return True
        return False

    def spider_idle(self, spider):
        self.waiting = bool(self.token and self.others_busy())
        if self.waiting:
            raise DontCloseSpider

    async def spider_closed(self, spider, reason):
        # a coroutine: Scrapy deprecates signal handlers that return a Deferred
        from scrapy.utils.defer import maybe_deferred_to_future
        self.reason = reason
        if self.beat and self.beat.running:
            self.beat.stop()
        if self.leave() and self.health_wait > 0 and self.server.exists(rq.WRITER):
            await maybe_deferred_to_future(self.await_verdict())

    def await_verdict(self):
        """A Deferred fired once the writer has judged the run (or after health_wait
        seconds): the verdicts go into the stats, where `declutter crawl` finds them."""
        from twisted.internet import task

        key = rq.run_key(self.token, "health")
        deadline = time.monotonic() + self.health_wait

        def look():
            try:
                raw = self.server.get(key)
            except Exception as exc:  # Redis away: no verdict for this worker
                log.warning("site health of run %s not known: %s", self.token, exc)
                loop.stop()
                return
            if raw is not None:
                self.crawler.stats.set_value("declutter/health", json.loads(raw))
                loop.stop()
            elif time.monotonic() > deadline:
                log.warning("the writer has not judged run %s yet; `declutter health` will say", self.token)
                loop.stop()

        loop = task.LoopingCall(look)
        return loop.start(0.2, now=True)

    def engine_stopped(self):
        self.leave()  # a crawl that failed before spider_closed still leaves its run

    def leave(self) -> bool:
        """Leave the run; True when this worker was the last, and so ended it."""
        if self.left or not self.token:
            return False
        self.left = True
        counts = crawl_counts(self.crawler.stats)
        reason = self.reason or "failed"
        if reason == "finished" and counts["store_failures"]:  # Redis lost writes: no validators committed
            reason = "not stored"
        message = {"type": "end", "run": self.token, "id": rq.message_id(), "worker": self.worker,
                   "reason": reason,
                   "counts": {k: counts[k] for k in WORKER_COUNTS}, "site": spider_site(self.crawler.spider)}
        k = self._keys()
        last = self._leave(keys=[k["run"], k["members"], rq.RESULTS],
                           args=[self.worker, self.token, self.timeout, json.dumps(message)])
        log.info("left run %s%s", self.token, " (the last worker: the run ends)" if last else "")
        return bool(last)
