"""Daum News: articles of many publishers at v.daum.net/v/<id>, listed on news.daum.net."""
from .base import SiteSpider


class DaumSpider(SiteSpider):
    name = "daum"
    origin = "https://v.daum.net"
    domains = ["news.daum.net"]
    sitemaps = ["https://v.daum.net/sitemap.xml"]
    listings = ["https://news.daum.net/breakingnews/economic"]
    article_patterns = [r"^https?://v\.daum\.net/v/\w{10,}$"]
