"""`generic`: any site, from a start URL, a sitemap or a feed.

    scrapy crawl generic -a url=https://example.com/sitemap.xml
    declutter crawl https://example.com/ --db news.db

Everything a sitemap or feed lists on the site is taken as an article. A bare site URL
also reads robots.txt for `Sitemap:` lines (falling back to /sitemap.xml), and the page
itself as a listing whose article-looking links are followed.

A copy of a site served on this machine (127.0.0.1, localhost) whose sitemaps still list
the site's own URLs is crawled as that site: each listed URL is fetched from the copy,
same path, and stored under its own URL (so site profiles apply). Nothing leaves the machine.
"""
from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from cleaners.sites import site_for, site_name

from ..hosts import is_loopback
from .base import SiteSpider, rebase

DOCUMENT_HINT = re.compile(r"(sitemap|rss|atom|feed)|\.xml(\.gz)?$", re.I)
ARTICLE_HINT = re.compile(r"\d{4,}|[^/]*-[^/]*-[^/]*-[^/]{3,}|[?&](idxno|id|no|aid|article_?id|newsid)=\d+", re.I)
NOT_ARTICLE = re.compile(r"\.(jpe?g|png|gif|webp|svg|pdf|zip|mp[34]|css|js|xml|rss)$|/(tag|tags|category|author|search|login|page)/", re.I)


class GenericSpider(SiteSpider):
    name = "generic"

    def __init__(self, url: str | None = None, *args, **kwargs):
        if not url or not urlsplit(url).hostname:
            raise ValueError("the generic spider needs a start URL: -a url=https://site/...")
        self.start_url = url
        parts = urlsplit(url)
        self.origin = f"{parts.scheme}://{parts.netloc}"
        super().__init__(*args, **kwargs)
        host = parts.hostname
        # the site's www and bare names are one site
        self.hosts |= {host[4:]} if host.startswith("www.") else {f"www.{host}"}
        self.allowed_domains = sorted(self.hosts) if not self.mirror else self.allowed_domains
        self.local_copy = is_loopback(url)

    @property
    def site_key(self) -> str:
        """The site's one name (cleaners.sites.site_name: a registered site's name, else the
        host without www.), with the port of a copy served on this machine."""
        parts = urlsplit(self.start_url)
        name = site_name(self.start_url)
        return f"{name}:{parts.port}" if parts.port and site_for(self.start_url) is None else name

    def run_args(self) -> str:
        return f"{self.name} {self.start_url}"

    async def start(self):
        yield self.discovery_request(self.start_url, dont_filter=True)
        if urlsplit(self.start_url).path in ("", "/"):
            yield self.discovery_request(urljoin(self.start_url, "/robots.txt"), dont_filter=True,
                                         sitemap_fallback=True)

    def fetch_url(self, url: str) -> str:
        parts = urlsplit(url)
        if self.local_copy and parts.scheme in ("http", "https") and parts.netloc != urlsplit(self.origin).netloc:
            return rebase(url, self.origin)  # another host, or this one on another port
        return super().fetch_url(url)

    def is_article(self, url: str, listed: bool = False) -> bool:
        if self.local_copy and listed:  # the copy's sitemap may name the site's own hosts
            return urlsplit(url).scheme in ("http", "https")
        return super().is_article(url, listed)

    def looks_like_article(self, url: str) -> bool:
        path = urlsplit(url).path
        if not path.strip("/") or NOT_ARTICLE.search(path) or DOCUMENT_HINT.search(path):
            return False
        return bool(ARTICLE_HINT.search(url))
