"""metroseoul.co.kr: articles at /article/<date and serial> (/news/newsview?newscd= to 2018)."""
from .base import SiteSpider


class MetroseoulSpider(SiteSpider):
    name = "metroseoul"
    origin = "https://www.metroseoul.co.kr"
    domains = ["metroseoul.co.kr"]
    sitemaps = ["/sitemap.xml"]
    feeds = ["/rss/all.xml"]
    listings = ["/list/0402"]
    article_patterns = [r"/article/\d{8,}", r"/news/newsview\?(?:.*&)?newscd=\d+"]
