"""Opt-in browser impersonation, for a site that refuses Scrapy's own TLS client.

    declutter crawl https://picky.example/ --db news.db -s DECLUTTER_IMPERSONATE=chrome
    ... -s DECLUTTER_IMPERSONATE_HOSTS='["picky.example"]'   # only that site

Some sites (or the bot shields in front of them) judge a client by its TLS handshake (the
cipher list, extensions, GREASE values: its JA3/JA4 fingerprint) and refuse anything that is
not a browser. With DECLUTTER_IMPERSONATE set to a browser name curl-cffi knows ("chrome",
"firefox", "safari", "edge", or a version such as "chrome131"), the `Impersonation` add-on
fetches through scrapy-impersonate, whose handshake is that browser's. Requests keep
declutter's own User-Agent, so the site can still tell who is crawling.

Trade-offs: each request goes through curl-cffi in place of Scrapy's Twisted client
(a new connection per request: slower, more load on the site); Scrapy's download size limits,
per-request latency stats and HTTP/1.1 connection pooling do not apply to those requests;
certificates are verified by curl (set DECLUTTER_IMPERSONATE_VERIFY=False only for a test
server of your own). Use it only for the hosts that need it (DECLUTTER_IMPERSONATE_HOSTS),
and only where the site's terms allow automated reading.
"""
from __future__ import annotations

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached

HANDLER = "scrapy_impersonate.ImpersonateDownloadHandler"


class Impersonation:
    """The add-on (in ADDONS): does nothing unless DECLUTTER_IMPERSONATE names a browser."""

    def update_settings(self, settings) -> None:
        if not settings.get("DECLUTTER_IMPERSONATE"):
            return
        settings["DOWNLOAD_HANDLERS"].update({"http": HANDLER, "https": HANDLER})
        settings["DOWNLOADER_MIDDLEWARES"].update({f"{__name__}.ImpersonateBrowser": 960})
        settings.set("TWISTED_REACTOR", "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
                     priority="cmdline")


class ImpersonateBrowser:
    """Downloader middleware: marks the requests to impersonate, for the handler to see."""

    def __init__(self, settings):
        self.browser = settings.get("DECLUTTER_IMPERSONATE")
        if not self.browser:
            raise NotConfigured
        self.hosts = [h.lower().lstrip(".") for h in settings.getlist("DECLUTTER_IMPERSONATE_HOSTS")]
        self.verify = settings.getbool("DECLUTTER_IMPERSONATE_VERIFY", True)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings)

    def wanted(self, request) -> bool:
        host = (urlparse_cached(request).hostname or "").lower()
        return not self.hosts or any(host == h or host.endswith("." + h) for h in self.hosts)

    def process_request(self, request, spider=None):
        if self.wanted(request) and "impersonate" not in request.meta:
            request.meta["impersonate"] = self.browser
            if not self.verify:
                request.meta["impersonate_args"] = {**request.meta.get("impersonate_args", {}), "verify": False}
        return None
