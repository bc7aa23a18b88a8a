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
(a new connection per request: slower, more load on the site); per-request latency stats and
HTTP/1.1 connection pooling do not apply to those requests. Scrapy's size limit does: the
body is read as a stream (inflated, as curl hands it over) and a response past
DOWNLOAD_MAXSIZE is given up, so a small gzip bomb costs at most that much memory;
certificates are verified by curl (set DECLUTTER_IMPERSONATE_VERIFY=False only for a test
server of your own). Use it only for the hosts that need it (DECLUTTER_IMPERSONATE_HOSTS),
and only where the site's terms allow automated reading.
"""
from __future__ import annotations

import time

from scrapy.exceptions import NotConfigured
from scrapy.utils.httpobj import urlparse_cached
from scrapy_impersonate import ImpersonateDownloadHandler

HANDLER = "scrapers.impersonate.CappedImpersonateHandler"


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


class CappedImpersonateHandler(ImpersonateDownloadHandler):
    """scrapy-impersonate's handler, reading the body as a stream up to DOWNLOAD_MAXSIZE
    (or the request's download_maxsize): past it the request fails as Scrapy's own client
    fails it, with DownloadCancelledError (an `errors` row)."""

    async def _download_request(self, request):
        from curl_cffi.requests import AsyncSession
        from scrapy.exceptions import DownloadCancelledError
        from scrapy.http.headers import Headers
        from scrapy.responsetypes import responsetypes
        from scrapy_impersonate.parser import CurlOptionsParser, RequestParser

        from .robots import ROBOTS_MAX_BYTES, is_robots
        maxsize = request.meta.get("download_maxsize", self._crawler.settings.getint("DOWNLOAD_MAXSIZE"))
        head_only = is_robots(request)   # robots.txt: its first part is read, the rest left unread
        request_copy = request.copy()
        curl_options = CurlOptionsParser(request_copy).as_dict()
        async with AsyncSession(max_clients=1, curl_options=curl_options) as client:
            args = {**RequestParser(request_copy).as_dict(), "stream": True}
            start = time.time()
            response = await client.request(**args)
            chunks, size = [], 0
            try:
                async for chunk in response.aiter_content():
                    size += len(chunk)
                    if head_only and size >= ROBOTS_MAX_BYTES:
                        chunks.append(chunk)
                        break
                    if maxsize and size > maxsize:
                        raise DownloadCancelledError(f"impersonated response of {request.url} larger than "
                                                     f"the download size limit ({maxsize} bytes)")
                    chunks.append(chunk)
            finally:
                await response.aclose()
            latency = time.time() - start
        body = b"".join(chunks)
        headers = Headers(response.headers.multi_items())
        headers.pop("Content-Encoding", None)   # curl inflated it
        respcls = responsetypes.from_args(headers=headers, url=response.url, body=body)
        resp = respcls(url=response.url, status=response.status_code, headers=headers, body=body,
                       flags=["impersonate"], request=request)
        resp.meta["download_latency"] = latency
        return resp
