"""The base of every spider: a site spider only declares where articles are listed and which
URLs are articles; fetching, discovery, pagination and error reporting live here. Site spiders
are declared from the site registry (`SiteSpider.declare(site)`, see scrapers/spiders), where
each site's `Sources` say where its articles are listed:

    Site(name="etoday", origin="https://www.etoday.co.kr", profile=PROFILE,
         sources=Sources(feeds=("https://rss.etoday.co.kr/eto/etoday_news_all.xml",),
                         sitemaps=("/sitemap.xml",), listings=("/news/flashnews",),
                         article_patterns=(r"/news/view/\\d+",)))

Discovery documents (sitemaps, sitemap indexes, news sitemaps, gzipped or not, RSS and Atom
feeds, listing pages) are recognised by their content, so any of them may stand in any list.
They are requested with dont_filter=True, so a crawl resumed from a JOBDIR reads them again
instead of stopping at once, and conditionally (see ConditionalRequestsMiddleware).

A listing may hold `{date}`: it is read once per day from DECLUTTER_SINCE to
DECLUTTER_UNTIL (default today), the day written as `date_format`; without a since date
`{date}` is left empty, which portals read as "the latest".

`mirror` (spider argument) fetches the site from a local copy, e.g. http://127.0.0.1:8001,
while pages are still stored under the site's own URLs; the bundled sample site uses it.
A site on several hosts is mirrored host by host: `mirror=news.site.com=http://127.0.0.1:8001,
m.site.com=http://127.0.0.1:8002`.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit, urlunsplit

from scrapy import Request, Spider
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from courlan.clean import TRACKERS_RE
from w3lib.url import url_query_cleaner

from ..guards import RefusedRedirect
from ..health import note_source
from ..discovery import (MAX_ENTRIES, MAX_INDEX_DEPTH, UnreadableSitemap, after, before, feed_entries,
                         gunzip_if_needed, iter_sitemap_entries, kind_of, parse_date, robots_sitemaps)
from ..items import ErrorItem, PageItem

PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "")
HTML_START = re.compile(rb"<(!doctype html|html|head|body)\b", re.I)


def header_text(headers) -> dict[str, str]:
    """Response headers as text. Scrapy decodes them as strict UTF-8, which fails on the
    legacy bytes older servers send (an EUC-KR file name): latin-1, HTTP's own default,
    reads any byte, and the article does not depend on these values."""
    return {k.decode("latin-1"): ", ".join(v.decode("latin-1") for v in vs) for k, vs in headers.items()}


def strip_trackers(url: str) -> str:
    """`url` without the tracking parameters (utm_*, fbclid, ...) storage ignores in its keys
    (courlan's list), the rest of the query kept as written: one request per article,
    however many campaign spellings link it."""
    parts = urlsplit(url)
    if not parts.query:
        return url
    pieces = parts.query.split("&")
    kept = [p for p in pieces if not TRACKERS_RE.search(unquote(p.split("=", 1)[0]).lower())]
    return url if len(kept) == len(pieces) else urlunsplit(parts._replace(query="&".join(kept)))


def rebase(url: str, base: str) -> str:
    """`url`'s path and query on another scheme and host: http://copy:8001 + /a?b=1."""
    parts = urlsplit(url)
    return base + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


class SiteSpider(Spider):
    site = None                      # the registry entry (cleaners.sites.Site) it was declared from
    origin: str = ""                 # scheme and host of the site; relative entries below join it
    domains: list[str] = []          # further hosts the site's pages live on
    sitemaps: list[str] = []         # sitemaps, sitemap indexes, news sitemaps, robots.txt
    feeds: list[str] = []            # RSS or Atom
    listings: list[str] = []         # section listing pages; their pagination is followed
    article_patterns: list[str] = []  # regexes on the URL; a link matching one is an article
    page_param: str = "page"         # the query parameter listings paginate with
    date_format: str = "%Y%m%d"      # how a `{date}` in a listing is written
    strip_params: list[str] = []     # query parameters of article links that do not name the article

    def __init__(self, *args, mirror: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hosts = {h for h in [urlsplit(self.origin).hostname, *self.domains] if h}
        self.mirror = None
        self.mirrors: dict[str, str] = {}  # real host -> base of its local copy
        if mirror and "=" in mirror.split("://")[0]:
            for item in mirror.split(","):
                host, _, base = item.partition("=")
                self.mirrors[host.strip()] = base.strip().rstrip("/")
        elif mirror:
            self.mirror = mirror.rstrip("/")
            self.mirrors = {h: self.mirror for h in self.hosts}
        mirror_hosts = {urlsplit(base).hostname for base in self.mirrors.values()}
        self.allowed_domains = sorted(mirror_hosts) if mirror_hosts else sorted(self.hosts)
        self._article_res = [re.compile(p) for p in self.article_patterns]

    @classmethod
    def declare(cls, site, module: str | None = None) -> type:
        """The spider of a registry site: its name, hosts and sources as class attributes."""
        src = site.sources
        attrs = {"name": site.name, "site": site, "origin": site.origin, "domains": list(site.domains),
                 "sitemaps": list(src.sitemaps), "feeds": list(src.feeds), "listings": list(src.listings),
                 "article_patterns": list(src.article_patterns), "strip_params": list(src.strip_params),
                 "page_param": src.page_param, "date_format": src.date_format,
                 "__doc__": f"The spider of {site.name} ({site.origin}), declared from the site registry."}
        if module:
            attrs["__module__"] = module
        return type(f"{site.name.title()}Spider", (cls,), attrs)

    @property
    def site_key(self) -> str:
        """The site's one name: what the run lock, the Redis keys and site health are named
        after (one crawl per site and database at a time)."""
        return self.name

    def run_args(self) -> str:
        mirror = self.mirror or ",".join(f"{h}={b}" for h, b in sorted(self.mirrors.items()))
        return " ".join([self.name, *([f"mirror={mirror}"] if mirror else [])])

    @property
    def since(self) -> datetime | None:
        return parse_date(self.settings.get("DECLUTTER_SINCE"))

    @property
    def until(self) -> datetime | None:
        """The end of the last day asked for (a bare date includes the whole day)."""
        value = self.settings.get("DECLUTTER_UNTIL")
        parsed = parse_date(value)
        if parsed and len(str(value).strip()) == 10:
            parsed += timedelta(days=1) - timedelta(microseconds=1)
        return parsed

    def days(self) -> list[str]:
        """The days a `{date}` listing is read for, as `date_format`: each day from since to
        until (default today); [""] without a since date."""
        since = self.since
        if since is None:
            return [""]
        last = self.until.date() if self.until else date.today()
        day, out = since.date(), []
        while day <= last:
            out.append(day.strftime(self.date_format))
            day += timedelta(days=1)
        return out

    # -- where to start -------------------------------------------------------------------
    def discovery_urls(self) -> list[str]:
        urls = [urljoin(self.origin, u) for u in (*self.sitemaps, *self.feeds)]
        days = self.days() if any("{date}" in u for u in self.listings) else [""]
        for listing in self.listings:
            dated = "{date}" in listing
            urls.extend(urljoin(self.origin, listing.replace("{date}", day)) for day in (days if dated else [""]))
        return urls

    async def start(self):
        for url in self.discovery_urls():
            yield self.discovery_request(url, dont_filter=True)

    # -- URLs: the site's own, and the mirror's ---------------------------------------------
    def fetch_url(self, url: str) -> str:
        """Where to fetch `url`: on the mirror when there is one and the URL is the site's."""
        base = self.mirrors.get(urlsplit(url).hostname or "") if self.mirrors else None
        return rebase(url, base) if base else url

    def page_url(self, url: str) -> str:
        """The site's own URL for a fetched URL (the inverse of fetch_url)."""
        if self.mirror and url.startswith(self.mirror + "/"):
            return self.origin.rstrip("/") + url[len(self.mirror):]
        for host, base in self.mirrors.items():
            if url.startswith(base + "/"):
                scheme = urlsplit(self.origin).scheme or "https"
                return f"{scheme}://{host}{url[len(base):]}"
        return url

    def is_article(self, url: str, listed: bool = False) -> bool:
        """Whether `url` (the site's own URL) is an article of this site. `listed`: it comes
        from a sitemap or feed, which for a spider without patterns is enough."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or parts.hostname not in self.hosts:
            return False
        if not self._article_res:
            return listed or self.looks_like_article(url)
        return any(p.search(url) for p in self._article_res)

    def looks_like_article(self, url: str) -> bool:
        """For spiders without patterns: links from listing pages that look like articles."""
        return False

    # -- requests ---------------------------------------------------------------------------
    def discovery_request(self, url: str, dont_filter: bool = False, **meta) -> Request:
        meta.setdefault("source", self.page_url(url))  # the declared source it comes from (site health)
        return Request(self.fetch_url(url), callback=self.parse_discovery, errback=self.failed,
                       dont_filter=dont_filter, priority=10,
                       meta={"kind": "discovery", "page_url": self.page_url(url), **meta})

    def article_request(self, url: str, lastmod: str | None = None) -> Request:
        real = urldefrag(self.page_url(url))[0]
        if self.strip_params:  # one article under one URL, however each list links it
            real = url_query_cleaner(real, self.strip_params, remove=True)
        real = strip_trackers(real)
        return Request(self.fetch_url(real), callback=self.parse_article, errback=self.failed,
                       meta={"kind": "article", "page_url": real, "lastmod": lastmod})

    def child_request(self, url: str, response, **meta):
        """A document another one names (a robots.txt Sitemap: line, an index's child): only
        over http or https, else an errors row (an ftp:// child would open an FTP connection)."""
        if urlsplit(url).scheme not in ("http", "https"):
            yield ErrorItem(response.meta["page_url"], "fetch", f"names a document that is not http(s): {url[:200]}")
            return
        yield self.discovery_request(url, source=response.meta["source"], **meta)

    # -- callbacks --------------------------------------------------------------------------
    def parse_discovery(self, response):
        """The discovery document's requests, counting its article URLs for site health."""
        urls = 0
        for out in self._discover(response):
            if isinstance(out, Request) and out.meta.get("kind") == "article":
                urls += 1
            yield out
        note_source(self, response.meta, urls, status=response.status)

    def _discover(self, response):
        if response.status == 304:  # unchanged since the last finished run
            return
        if urlsplit(response.url).path.endswith("/robots.txt"):
            found = robots_sitemaps(response.body)
            if not found and response.meta.get("sitemap_fallback"):
                found = [urljoin(response.url, "/sitemap.xml")]
            for url in found:
                yield from self.child_request(url, response)
            return
        try:
            body = gunzip_if_needed(response.body)
        except (OSError, ValueError, EOFError) as exc:
            yield ErrorItem(response.meta["page_url"], "fetch", f"unreadable gzip: {exc}")
            return
        kind = kind_of(body)
        since, until = self.since, self.until
        if kind == "sitemap":
            depth, deeper, n = response.meta.get("index_depth", 0), 0, 0
            entries = iter_sitemap_entries(body)
            while True:
                try:
                    entry = next(entries, None)
                except UnreadableSitemap as exc:
                    yield ErrorItem(response.meta["page_url"], "fetch", f"unreadable after {n:,} entries: {exc}")
                    break
                if entry is None:
                    break
                n += 1
                if n > MAX_ENTRIES:
                    yield ErrorItem(response.meta["page_url"], "fetch", f"more than {MAX_ENTRIES:,} entries "
                                    f"(the sitemap protocol's limit): only the first {MAX_ENTRIES:,} read")
                    break
                if before(entry.date, since) or (not entry.is_sitemap and after(entry.date, until)):
                    continue
                if entry.is_sitemap and depth >= MAX_INDEX_DEPTH:
                    deeper += 1
                elif entry.is_sitemap:
                    yield from self.child_request(entry.url, response, index_depth=depth + 1)
                elif self.is_article(self.page_url(entry.url), listed=True):
                    yield self.article_request(entry.url, lastmod=entry.date)
            if deeper:
                yield ErrorItem(response.meta["page_url"], "fetch", f"{deeper} sitemap(s) nested more than "
                                f"{MAX_INDEX_DEPTH} indexes deep: not followed")
        elif kind == "feed":
            for entry in feed_entries(body):
                if not before(entry.date, since) and not after(entry.date, until) and self.is_article(self.page_url(entry.url), listed=True):
                    yield self.article_request(entry.url)
        elif isinstance(response, TextResponse):
            yield from self.parse_listing(response)

    def parse_listing(self, response):
        for href in response.css("a::attr(href)").getall():
            url = self.page_url(urljoin(response.url, href.strip()))
            if self.is_article(url):
                yield self.article_request(url)
        next_page = self.next_listing_page(response)
        if next_page:
            yield self.discovery_request(next_page, listing_page=response.meta.get("listing_page", 1) + 1,
                                         source=response.meta["source"])

    def next_listing_page(self, response) -> str | None:
        """The listing's next page: rel=next, else a link raising `page_param` by one;
        None after DECLUTTER_MAX_LISTING_PAGES pages."""
        if response.meta.get("listing_page", 1) >= self.settings.getint("DECLUTTER_MAX_LISTING_PAGES"):
            return None
        for href in response.css("link[rel=next]::attr(href), a[rel=next]::attr(href)").getall():
            return urljoin(response.url, href)
        here = urlsplit(response.url)
        current = int((parse_qs(here.query).get(self.page_param) or ["1"])[0] or 1)
        for href in response.css("a::attr(href)").getall():
            url = urljoin(response.url, href.strip())
            parts = urlsplit(url)
            if parts.path == here.path and parse_qs(parts.query).get(self.page_param) == [str(current + 1)]:
                return url
        return None

    def parse_article(self, response):
        """The fetched page as a PageItem; any surprise in the response is an errors row,
        never a page lost to a traceback."""
        try:
            yield from self._page_item(response)
        except Exception as exc:
            yield ErrorItem(response.meta["page_url"], "fetch", f"unreadable response: {type(exc).__name__}: {exc}")

    def _page_item(self, response):
        page_url = response.meta["page_url"]
        ctype = response.headers.get("Content-Type", b"").decode("latin-1")
        body = response.body
        if ctype.split(";")[0].strip().lower() not in PAGE_TYPES:
            # servers of saved copies often label pages application/octet-stream: look inside
            try:
                body = gunzip_if_needed(body)
            except (OSError, ValueError, EOFError):
                pass
            if not HTML_START.search(body[:2048]):
                yield ErrorItem(page_url, "fetch", f"not an HTML page ({ctype})")
                return
            ctype = ""
        yield PageItem(url=page_url, body=body, final_url=self.page_url(response.url),
                       status=response.status,
                       headers=header_text(response.headers),
                       fetched=datetime.now(timezone.utc), content_type=ctype or None,
                       lastmod=response.meta.get("lastmod"))

    def failed(self, failure):
        """Errback of every request: the reason goes to `errors`, the crawl goes on."""
        request = failure.request
        url = request.meta.get("page_url") or request.url
        exc = failure.value
        if request.meta.get("kind") == "discovery":
            note_source(self, request.meta, failed=True)
        if isinstance(exc, HttpError):
            yield ErrorItem(url, "fetch", f"HTTP {exc.response.status}")
        elif isinstance(exc, IgnoreRequest) and "robots.txt" in str(exc):
            yield ErrorItem(url, "robots", "forbidden by robots.txt")
        elif isinstance(exc, IgnoreRequest) and "redirections" in str(exc):
            yield ErrorItem(url, "fetch", f"more than {self.settings.getint('REDIRECT_MAX_TIMES')} "
                                          "redirects (a redirect loop?)")
        elif isinstance(exc, RefusedRedirect):
            yield ErrorItem(url, "fetch", str(exc))
        elif isinstance(exc, DownloadCancelledError):
            yield ErrorItem(url, "fetch", "larger than the download size limit "
                                          f"({self.settings.getint('DOWNLOAD_MAXSIZE')} bytes)")
        else:
            yield ErrorItem(url, "fetch", f"{type(exc).__name__}: {exc}".strip().rstrip(":"))
