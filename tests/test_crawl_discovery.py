"""Reading sitemaps, feeds and robots.txt: the pure half of discovery."""
import gzip

from scrapers.discovery import (before, feed_entries, gunzip_if_needed, is_newer, kind_of, parse_date,
                                robots_sitemaps, sitemap_entries)

URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc> https://ex.com/a/1 </loc><lastmod>2024-03-01T10:00:00+09:00</lastmod></url>
  <url><loc>https://ex.com/a/2</loc>
    <news:news><news:publication_date>2024-03-02</news:publication_date></news:news></url>
  <url><lastmod>2024-01-01</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://ex.com/s1.xml.gz</loc><lastmod>2024-02-01</lastmod></sitemap></sitemapindex>"""


def test_urlset_entries_with_lastmod_and_news_dates():
    entries = sitemap_entries(URLSET)
    assert [(e.url, e.date, e.is_sitemap) for e in entries] == [
        ("https://ex.com/a/1", "2024-03-01T10:00:00+09:00", False),
        ("https://ex.com/a/2", "2024-03-02", False),
    ]


def test_sitemap_index_and_gzip():
    assert kind_of(INDEX) == "sitemap"
    entries = sitemap_entries(gzip.compress(INDEX))
    assert entries[0].url == "https://ex.com/s1.xml.gz" and entries[0].is_sitemap
    assert gunzip_if_needed(gzip.compress(b"<urlset/>")) == b"<urlset/>"


def test_rss_and_atom_items():
    rss = b"""<rss version="2.0"><channel><item><title>t</title><link>https://ex.com/n/1</link>
    <pubDate>Tue, 05 Mar 2024 09:00:00 +0900</pubDate></item>
    <item><guid>https://ex.com/n/2</guid></item></channel></rss>"""
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry><link rel="alternate" href="https://ex.com/n/3"/>
    <updated>2024-03-06T00:00:00Z</updated></entry></feed>"""
    assert kind_of(rss) == "feed" and kind_of(atom) == "feed"
    assert [(e.url, parse_date(e.date).isoformat() if e.date else None) for e in feed_entries(rss)] == [
        ("https://ex.com/n/1", "2024-03-05T09:00:00+09:00"), ("https://ex.com/n/2", None)]
    assert [e.url for e in feed_entries(atom)] == ["https://ex.com/n/3"]


def test_robots_sitemap_lines():
    body = b"User-agent: *\nDisallow: /private/\nSitemap: https://ex.com/sitemap.xml\nsitemap:https://ex.com/news.xml\n"
    assert robots_sitemaps(body) == ["https://ex.com/sitemap.xml", "https://ex.com/news.xml"]


def test_dates_compare_across_time_zones_and_unknowns():
    assert is_newer("2024-03-01T02:00:00+00:00", "2024-03-01T10:00:00+09:00")
    assert not is_newer("2024-03-01", None) and not is_newer(None, "2024-03-01")
    since = parse_date("2024-03-01")
    assert before("2024-02-28", since) and not before("2024-03-02", since) and not before(None, since)


def test_html_is_neither_sitemap_nor_feed():
    assert kind_of(b"<!DOCTYPE html><html><body><a href='/x'>x</a></body></html>") == "html"
    assert sitemap_entries(b"not xml at all") == []
