"""etoday.co.kr: /news/view/N now, /news/section/newsview.php?idxno=N in older years."""
from .base import SiteSpider


class EtodaySpider(SiteSpider):
    name = "etoday"
    origin = "https://www.etoday.co.kr"
    domains = ["etoday.co.kr", "m.etoday.co.kr", "rss.etoday.co.kr"]
    sitemaps = ["/sitemap.xml"]
    feeds = ["https://rss.etoday.co.kr/eto/etoday_news_all.xml"]
    listings = ["/news/flashnews/flash_list"]
    article_patterns = [r"/news/view/\d+", r"/news/section/newsview\.php\?(?:.*&)?idxno=\d+"]
