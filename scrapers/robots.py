"""robots.txt, read as the large search engines read it.

- Only its first ROBOTS_MAX_BYTES (500 KiB, Google's limit) are read: a larger file used to
  fail the download, and Scrapy then allowed everything, its Disallow lines included.
- Its `Crawl-delay` for our user agent (or `*`) is honoured: that site's download slot waits
  at least that long between requests, whatever AutoThrottle would do, capped at
  DECLUTTER_MAX_CRAWL_DELAY seconds so one line cannot stall a run for hours.

One downloader middleware (RobotsLimits) does both; Scrapy's RobotsTxtMiddleware still fetches
and obeys the file. The delay holds within one process: distributed workers share a site's
politeness through scrapers.politeness, which does not read Crawl-delay.
"""
from __future__ import annotations

from scrapy import signals
from scrapy.exceptions import StopDownload
from scrapy.utils.httpobj import urlparse_cached

ROBOTS_MAX_BYTES = 500 * 1024


def is_robots(request) -> bool:
    return bool(request.meta.get("dont_obey_robotstxt")) and urlparse_cached(request).path == "/robots.txt"


def crawl_delay(body: bytes, user_agent: str) -> float | None:
    """The Crawl-delay a robots.txt gives `user_agent` (or every agent), if any."""
    from protego import Protego
    try:
        parser = Protego.parse(body.decode("utf-8", "replace"))
        delay = parser.crawl_delay(user_agent)
    except Exception:  # a robots.txt Protego cannot read has no delay for us
        return None
    return float(delay) if delay else None


class RobotsLimits:
    def __init__(self, crawler):
        self.crawler = crawler
        self.user_agent = crawler.settings.get("USER_AGENT") or "*"
        self.max_delay = crawler.settings.getfloat("DECLUTTER_MAX_CRAWL_DELAY")
        self.delays: dict[str, float] = {}   # download slot -> seconds
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def bytes_received(self, data, request, spider=None):
        if is_robots(request):
            seen = request.meta["robots_bytes"] = request.meta.get("robots_bytes", 0) + len(data)
            if seen >= ROBOTS_MAX_BYTES:
                raise StopDownload(fail=False)   # the response keeps what came so far

    def process_request(self, request, spider=None):
        if is_robots(request):
            request.meta["download_maxsize"] = 0  # read its head, whatever its announced length
            return None
        if self.delays:
            downloader = self.crawler.engine.downloader
            key = downloader.get_slot_key(request)
            delay = self.delays.get(key)
            slot = downloader.slots.get(key)
            if delay and slot is not None and slot.delay < delay:
                slot.delay, slot.jitter = delay, 0.0   # AutoThrottle may have lowered it: raised again
        return None

    def process_response(self, request, response, spider=None):
        if is_robots(request) and response.status == 200:
            delay = crawl_delay(response.body[:ROBOTS_MAX_BYTES], self.user_agent)
            if delay:
                key = self.crawler.engine.downloader.get_slot_key(request)
                self.delays[key] = min(delay, self.max_delay)
        return response
