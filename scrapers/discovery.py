"""Reading the documents that say where articles are: sitemaps, feeds, robots.txt.

Pure functions on bytes, so spiders stay short and the parsing is testable without Scrapy.
"""
from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Iterator

from lxml import etree

MAX_UNZIPPED = 64 * 1024 * 1024  # a gzipped sitemap may not inflate past this
MAX_ENTRIES = 50_000   # entries read from one sitemap: the sitemap protocol's own limit
MAX_INDEX_DEPTH = 2    # sitemap indexes below the first followed (the protocol allows none)


@dataclass(frozen=True)
class Entry:
    """One URL a sitemap or feed lists, with the date it gives (lastmod or publication)."""

    url: str
    date: str | None = None
    is_sitemap: bool = False   # a child of a sitemap index


def kind_of(body: bytes) -> str:
    """'sitemap', 'feed' or 'html', judged from the opening of the document."""
    head = body[:4096].lower()
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head:
        return "feed"
    return "html"


def gunzip_if_needed(body: bytes) -> bytes:
    """Sitemaps are often served as .xml.gz without Content-Encoding: inflate them here."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflater.decompress(body, MAX_UNZIPPED)
    if inflater.unconsumed_tail:
        raise ValueError(f"gzipped document inflates past {MAX_UNZIPPED} bytes")
    return out


def _root(body: bytes):
    parser = etree.XMLParser(recover=True, huge_tree=True, resolve_entities=False, no_network=True)
    return etree.fromstring(body, parser=parser)


def _text(node, *names: str) -> str | None:
    for name in names:
        found = node.xpath(f".//*[local-name()='{name}']")
        for el in found:
            value = (el.text or "").strip() or (el.get("href") or "").strip()
            if value:
                return value
    return None


def iter_sitemap_entries(body: bytes) -> Iterator[Entry]:
    """The <url> and <sitemap> entries of a sitemap, sitemap index or news sitemap, read as
    a stream: each entry's element is freed once read, so a sitemap of half a million URLs
    costs the memory of the entries the caller keeps, not of its whole tree."""
    events = etree.iterparse(io.BytesIO(gunzip_if_needed(body)), events=("start", "end"), recover=True,
                             huge_tree=True, resolve_entities=False, no_network=True)
    depth = 0
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                continue
            depth -= 1
            if depth != 1 or not isinstance(el.tag, str):
                continue
            name = etree.QName(el).localname
            if name in ("url", "sitemap"):
                loc = _text(el, "loc")
                if loc:
                    yield Entry(loc, _text(el, "lastmod", "publication_date"), is_sitemap=name == "sitemap")
            el.clear()
            parent = el.getparent()
            while parent is not None and el.getprevious() is not None:
                del parent[0]
    except etree.XMLSyntaxError as exc:  # recover=True reads what it can; past this, nothing
        raise UnreadableSitemap(str(exc)) from None


class UnreadableSitemap(ValueError):
    """The XML parser gave up (libxml2's limits, or a document past repair); the entries
    before this point were read."""


def sitemap_entries(body: bytes) -> list[Entry]:
    """The entries of a sitemap, sitemap index or news sitemap that can be read (see
    iter_sitemap_entries for reading a large one, and for where reading stopped)."""
    entries: list[Entry] = []
    try:
        entries.extend(iter_sitemap_entries(body))
    except UnreadableSitemap:
        pass
    return entries


def feed_entries(body: bytes) -> list[Entry]:
    """The items of an RSS 0.9x/1.0/2.0 or Atom feed."""
    root = _root(body)
    if root is None:
        return []
    entries = []
    for node in root.xpath("//*[local-name()='item' or local-name()='entry']"):
        link = None
        for el in node.xpath("./*[local-name()='link']"):
            if el.get("href") and el.get("rel", "alternate") == "alternate":
                link = el.get("href").strip()
                break
            if (el.text or "").strip():
                link = el.text.strip()
                break
        link = link or _text(node, "guid")
        if link and link.startswith("http"):
            entries.append(Entry(link, _text(node, "pubDate", "published", "updated", "date")))
    return entries


def robots_sitemaps(body: bytes) -> list[str]:
    """The `Sitemap:` lines of a robots.txt."""
    out = []
    for line in body.decode("utf-8", "replace").splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap" and value.strip():
            out.append(value.strip())
    return out


def parse_date(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 822 date as an aware datetime (naive ones taken as UTC), else None."""
    if not value:
        return None
    value = value.strip()
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed


def is_newer(date: str | None, than: str | None) -> bool:
    """Whether `date` is strictly later than `than` (unknown dates are never newer)."""
    a, b = parse_date(date), parse_date(than)
    return bool(a and b and a > b)


def before(date: str | None, since: datetime | None) -> bool:
    """Whether an entry is dated before `since` (an undated entry never is)."""
    parsed = parse_date(date)
    return bool(since and parsed and parsed < since)


def after(date: str | None, until: datetime | None) -> bool:
    """Whether an entry is dated after `until` (an undated entry never is)."""
    parsed = parse_date(date)
    return bool(until and parsed and parsed > until)


__all__ = ["Entry", "after", "before", "feed_entries", "gunzip_if_needed", "is_newer", "iter_sitemap_entries", "kind_of",
           "parse_date", "robots_sitemaps", "sitemap_entries", "UnreadableSitemap"]
