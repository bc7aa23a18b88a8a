"""Per-site politeness that holds for all distributed workers together.

Each worker's Scrapy keeps its own delay and concurrency per site; ten workers would hit a
site ten times as hard. So, before a request goes out, the worker takes a lease for the
site's download slot from Redis, in one Lua script, on Redis's clock (no clock skew between
machines): at most `concurrency` leases at once, and at least `delay` seconds between two
leases. The response (or the failure) gives the lease back; a lease a killed worker never
returned expires after DOWNLOAD_TIMEOUT plus a margin. The limits are the crawl's own:
DOWNLOAD_SLOTS for the slot if it names it, else DOWNLOAD_DELAY and
CONCURRENT_REQUESTS_PER_DOMAIN. AutoThrottle still slows each worker down on a slow site;
the lease bounds what all of them do together.
"""
from __future__ import annotations

import random
import uuid

from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.task import deferLater

from . import redis_queue as rq

# KEYS: leases (zset lease -> expiry ms), next (earliest start of the next lease, ms)
# ARGV: lease id, delay ms, concurrency, lease ttl ms. Returns 0 when granted, else ms to wait.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return -1 end
local nxt = tonumber(redis.call('GET', KEYS[2]) or '0')
if now < nxt then return nxt - now end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[4]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[4]))
redis.call('SET', KEYS[2], now + tonumber(ARGV[2]), 'PX', tonumber(ARGV[2]) + 1000)
return 0
"""
BUSY_WAIT = 0.05   # seconds before asking again when all of a site's leases are out


class SharedPoliteness:
    """Downloader middleware (enabled by the Distributed add-on), placed last before the
    download so that robots.txt, retries and redirects each take their own lease."""

    def __init__(self, crawler):
        settings = crawler.settings
        url = settings.get("DECLUTTER_REDIS")
        if not url:
            raise NotConfigured
        self.server = rq.connect(url)
        self.acquire = self.server.register_script(ACQUIRE)
        self.slots = settings.getdict("DOWNLOAD_SLOTS")
        self.delay = settings.getfloat("DOWNLOAD_DELAY")
        self.concurrency = settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN")
        self.ttl_ms = int((settings.getfloat("DOWNLOAD_TIMEOUT") + 30) * 1000)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def limits(self, slot: str) -> tuple[float, int]:
        conf = self.slots.get(slot) or {}
        return float(conf.get("delay", self.delay)), int(conf.get("concurrency", self.concurrency))

    async def process_request(self, request, spider=None):
        from twisted.internet import reactor

        slot = request.meta.get("download_slot") or urlparse_cached(request).hostname or ""
        delay, concurrency = self.limits(slot)
        lease = uuid.uuid4().hex
        keys = [f"{rq.PREFIX}:polite:{slot}:leases", f"{rq.PREFIX}:polite:{slot}:next"]
        while True:
            wait = self.acquire(keys=keys, args=[lease, int(delay * 1000), max(1, concurrency), self.ttl_ms])
            if wait == 0:
                break
            seconds = BUSY_WAIT if wait < 0 else wait / 1000
            # a little jitter, so that workers waiting on one site do not ask in lockstep
            await maybe_deferred_to_future(deferLater(reactor, seconds * random.uniform(1.0, 1.3), lambda: None))
        request.meta["declutter_lease"] = (keys[0], lease)
        return None

    def _release(self, request) -> None:
        held = request.meta.pop("declutter_lease", None)
        if held:
            self.server.zrem(*held)

    def process_response(self, request, response, spider=None):
        self._release(request)
        return response

    def process_exception(self, request, exception, spider=None):
        self._release(request)
        return None
