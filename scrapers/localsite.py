"""A local copy of news sites on 127.0.0.1, for `make run`, the tests and the benchmark.

Built from a tree of fixture pages, `<root>/<dir>/<name>.html` each with `<name>.json`
holding at least `{"url": <the page's real URL>}`. Pages are grouped by the real URL's host,
and each host gets its own port, serving every page at its real path and query. Around them
each host serves what a crawler looks for:

    /robots.txt              (the tree's `<dir>/robots.txt` if any, `{base}` filled in)
    /sitemap.xml             a sitemap index pointing to /sitemap-articles.xml.gz (gzipped)
    /rss.xml                 an RSS feed of every page
    /list?page=N             listing pages, `per_page` links each, rel=next to the next

and the same documents at the paths the site's spider declares (its sitemaps, feeds and
listings), so site spiders crawl it unchanged with `mirror=`. A site on several hosts (a
`families` entry: Naver's lists on news.naver.com, its articles on n.news.naver.com and
the sports and entertainment hosts; etoday's feed on rss.etoday.co.kr) lists the pages of
all its hosts in each listing, sitemap and feed, and a host of the family with declared
documents is served even without pages of its own.
A listing asked for `date=YYYYMMDD` lists only the pages published that day (the json's
"published", else its first article's); an empty or missing date lists them all. Discovery documents carry
ETag and Last-Modified and answer conditional requests with 304.

A page's json may also make it misbehave, for tests: "status" (answer with that code),
"redirect" (a path or URL to redirect to, status 301 unless "status" says otherwise),
"delay" (seconds before answering), "headers" (extra headers), "content_type".
`copies=N` serves each page under N extra URLs (`copy=K` added to the query), for benchmarks.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from email.utils import formatdate
from html import escape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

LASTMOD = "2024-01-01T00:00:00+00:00"
LAST_MODIFIED = formatdate(1704067200, usegmt=True)


@dataclass
class LocalPage:
    target: str                 # path and query, as on the real site
    body: bytes
    meta: dict


@dataclass
class LocalHost:
    """One site on one port."""

    host: str                   # the real host, e.g. www.etoday.co.kr
    pages: dict[str, LocalPage] = field(default_factory=dict)
    robots: str | None = None
    aliases: dict[str, str] = field(default_factory=dict)   # path -> sitemap|feed|listing
    base: str = ""
    server: ThreadingHTTPServer | None = None
    hits: Counter = field(default_factory=Counter)         # target -> requests served
    peers: list["LocalHost"] = field(default_factory=list)  # the hosts its listings list (itself at least)

    def documents(self) -> list[str]:
        """Local URLs of the pages, in a stable order (sitemap, feed and listing order)."""
        return [self.base + t for t in sorted(self.pages)]

    def listed(self, day: str = "") -> list[str]:
        """Local URLs its listings, sitemaps and feeds show: the pages of the host and its
        peers, of `day` if given."""
        return [url for url, _ in self.entries(day)]

    def entries(self, day: str = "") -> list[tuple[str, "LocalPage"]]:
        out = []
        for host in self.peers or [self]:
            for target in sorted(host.pages):
                if not day or _day(host.pages[target].meta) == day:
                    out.append((host.base + target, host.pages[target]))
        return out


def _day(meta: dict) -> str:
    """A page's published day as YYYYMMDD (in the time's own offset), or ""."""
    published = meta.get("published") or next(
        (a.get("published") for a in meta.get("articles") or [] if isinstance(a, dict)), None)
    return published[:10].replace("-", "") if isinstance(published, str) else ""


def _target(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def _with_copy(target: str, k: int) -> str:
    return f"{target}{'&' if '?' in target else '?'}copy={k}"


def load_tree(root: Path, copies: int = 0) -> dict[str, LocalHost]:
    """The hosts of a fixture tree, keyed by real host name."""
    hosts: dict[str, LocalHost] = {}
    for meta_path in sorted(Path(root).glob("*/*.json")):
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or not meta.get("url"):
            continue
        body_path = next((p for p in meta_path.parent.glob(meta_path.stem + ".*") if p.suffix != ".json"), None)
        body = body_path.read_bytes() if body_path else b""
        host = urlsplit(meta["url"]).hostname
        site = hosts.setdefault(host, LocalHost(host))
        robots = meta_path.parent / "robots.txt"
        if robots.exists():
            site.robots = robots.read_text(encoding="utf-8")
        target = _target(meta["url"])
        site.pages[target] = LocalPage(target, body, meta)
        for k in range(1, copies + 1):
            site.pages[_with_copy(target, k)] = LocalPage(_with_copy(target, k), body, meta)
    return hosts


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body go out in two writes: no delayed-ACK stall
    site: LocalHost
    per_page: int

    def log_message(self, *args):  # quiet: the tests read `hits`
        pass

    def do_GET(self):  # noqa: N802 (http.server's naming)
        site = self.site
        site.hits[self.path] += 1
        page = site.pages.get(self.path)
        parts = urlsplit(self.path)
        if page is not None:
            return self._page(page)
        if parts.path == "/robots.txt":
            text = site.robots if site.robots is not None else "User-agent: *\nAllow: /\nSitemap: {base}/sitemap.xml\n"
            return self._send(200, text.replace("{base}", site.base).encode(), "text/plain; charset=utf-8")
        kind = {"/sitemap.xml": "sitemap", "/rss.xml": "feed", "/list": "listing"}.get(parts.path)
        kind = kind or site.aliases.get(parts.path)
        if kind is None and parse_qs(parts.query).get("page") and any(
                urlsplit(t).path == parts.path for t in site.pages):
            kind = "listing"  # further pages of a fixture listing
        if parts.path == "/sitemap-articles.xml.gz":
            return self._document(gzip.compress(self._urlset(), mtime=0), "application/x-gzip")
        if kind == "sitemap":
            newest = max((p.meta.get("lastmod", LASTMOD) for _, p in site.entries()), default=LASTMOD)
            index = (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                     f"<sitemap><loc>{site.base}/sitemap-articles.xml.gz</loc><lastmod>{newest}</lastmod></sitemap>"
                     "</sitemapindex>\n")
            return self._document(index.encode(), "application/xml")
        if kind == "feed":
            return self._document(self._rss(), "application/rss+xml")
        if kind == "listing":
            query = parse_qs(parts.query)
            number = int((query.get("page") or ["1"])[0] or 1)
            return self._document(self._listing(parts.path, query, number), "text/html; charset=utf-8")
        return self._send(404, b"<html><body>not found</body></html>", "text/html")

    def _page(self, page: LocalPage):
        meta = page.meta
        if meta.get("delay"):
            time.sleep(float(meta["delay"]))
        headers = dict(meta.get("headers") or {})
        if meta.get("redirect"):
            headers["Location"] = meta["redirect"]
            return self._send(int(meta.get("status", 301)), b"", "text/html", headers)
        return self._send(int(meta.get("status", 200)), page.body, meta.get("content_type", "text/html"), headers)

    def _document(self, body: bytes, ctype: str):
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
        if self.headers.get("If-None-Match") == etag:
            return self._send(304, b"", ctype, validators)
        return self._send(200, body, ctype, validators)

    def _send(self, status: int, body: bytes, ctype: str, headers: dict | None = None):
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body) if status != 304 else 0))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            if status != 304:
                self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeouts, size limit)
            pass

    def _urlset(self) -> bytes:
        rows = "".join(f"<url><loc>{escape(u)}</loc><lastmod>{escape(page.meta.get('lastmod', LASTMOD))}</lastmod></url>"
                       for u, page in self.site.entries())
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                f"{rows}</urlset>\n").encode()

    def _rss(self) -> bytes:
        items = "".join(f"<item><title>{escape(u)}</title><link>{escape(u)}</link></item>" for u in self.site.listed())
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>{self.site.host}</title>'
                f"<link>{self.site.base}/</link>{items}</channel></rss>\n").encode()

    def _listing(self, path: str, query: dict, number: int) -> bytes:
        urls = self.site.listed((query.get("date") or [""])[0])
        chunk = urls[(number - 1) * self.per_page: number * self.per_page]
        links = "".join(f'<li><a href="{escape(u)}">{escape(u)}</a></li>' for u in chunk)
        more = number * self.per_page < len(urls)
        after = urlencode({**{k: v[0] for k, v in query.items()}, "page": number + 1})
        nxt = f'<a rel="next" href="{escape(path)}?{escape(after)}">next</a>' if more else ""
        return (f"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{self.site.host} {number}</title></head>"
                f"<body><ul>{links}</ul>{nxt}</body></html>").encode()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a crawler opens many connections at once; a short backlog drops SYNs

    def handle_error(self, request, client_address):  # clients that hang up are normal here
        pass


class LocalSite:
    """The hosts of a fixture tree served on 127.0.0.1, one port each; a context manager.

        with LocalSite("fixtures/sites") as site:
            site.base("www.etoday.co.kr")   # -> "http://127.0.0.1:PORT"
    """

    def __init__(self, root: str | Path, per_page: int = 5, copies: int = 0,
                 aliases: dict[str, dict[str, str]] | None = None, families: list[set[str]] | None = None,
                 port: int = 0):
        self.hosts = load_tree(Path(root), copies=copies)
        self.port = port  # the first host's port, the next ones following in host order; 0: any free ones
        self.per_page = per_page
        aliases = aliases or {}
        for family in families or []:
            if not family & set(self.hosts):
                continue
            for host in sorted(family):
                if host not in self.hosts and aliases.get(host):
                    self.hosts[host] = LocalHost(host)  # the family's lists live here
            peers = [self.hosts[h] for h in sorted(family) if h in self.hosts]
            for peer in peers:
                peer.peers = peers
        for host, paths in aliases.items():
            if host in self.hosts:
                self.hosts[host].aliases.update(paths)
        self._threads: list[threading.Thread] = []

    def start(self) -> "LocalSite":
        for i, (_, site) in enumerate(sorted(self.hosts.items())):
            handler = type("Handler", (_Handler,), {"site": site, "per_page": self.per_page})
            port = self.port + i if self.port else 0
            try:
                site.server = _Server(("127.0.0.1", port), handler)
            except OSError as exc:
                self.stop()
                raise OSError(f"port {port} on 127.0.0.1: {exc.strerror}") from None
            site.base = f"http://127.0.0.1:{site.server.server_address[1]}"
            thread = threading.Thread(target=site.server.serve_forever, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        for site in self.hosts.values():
            if getattr(site, "server", None):
                site.server.shutdown()
                site.server.server_close()

    def __enter__(self) -> "LocalSite":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def base(self, host: str) -> str:
        return self.hosts[host].base


def spider_aliases() -> dict[str, dict[str, str]]:
    """For each host a registered site covers, the paths of its declared discovery documents."""
    from urllib.parse import urljoin

    out: dict[str, dict[str, str]] = {}
    for site in registered_sites():
        src, paths = site.sources, {}
        for kind, urls in (("sitemap", src.sitemaps), ("feed", src.feeds), ("listing", src.listings)):
            for url in urls:
                paths[urlsplit(urljoin(site.origin, url)).path] = kind
        for host in spider_hosts(site):
            out.setdefault(host, {}).update(paths)
    return out


def spider_hosts(site) -> set[str]:
    """The hosts a site's spider crawls: its origin's and its further domains."""
    return {urlsplit(site.origin).hostname, *site.domains}


def spider_families() -> list[set[str]]:
    """The hosts of each site: one site whose listings span them."""
    return [spider_hosts(site) for site in registered_sites()]


def spider_targets(site: LocalSite, only: str | None = None) -> list[tuple[str, dict]]:
    """(spider name, arguments) crawling each served host with its site's spider, mirrored
    (host by host when the site spans several)."""
    targets = []
    for entry in registered_sites():
        hosts = sorted(h for h in site.hosts if h in spider_hosts(entry))
        if hosts and only in (None, entry.name):
            mirror = site.base(hosts[0]) if len(hosts) == 1 else ",".join(f"{h}={site.base(h)}" for h in hosts)
            targets.append((entry.name, {"mirror": mirror}))
    return targets


def registered_sites() -> tuple:
    """The sites of the registry (cleaners.sites), each of which has a spider."""
    from cleaners.sites import sites
    return sites()
