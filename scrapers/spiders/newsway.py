"""newsway.co.kr: articles at /news/view?ud=<timestamp serial> (/view.php?...&ud= to 2018)."""
from .base import SiteSpider


class NewswaySpider(SiteSpider):
    name = "newsway"
    origin = "https://www.newsway.co.kr"
    domains = ["newsway.co.kr"]
    sitemaps = ["/sitemap.xml"]
    feeds = ["/rss/all.xml"]
    listings = ["/news/lists?cate=newsAll"]
    article_patterns = [r"/news/view\?(?:.*&)?ud=\d+", r"/view\.php\?(?:.*&)?ud=\d+"]
