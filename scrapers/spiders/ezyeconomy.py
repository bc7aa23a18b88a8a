"""ezyeconomy.com and the other sites on the ND-soft CMS (news/articleView.html?idxno=N)."""
from .base import SiteSpider

NDSOFT_ARTICLE = r"/news/articleView\.html\?(?:.*&)?idxno=\d+"


class NdsoftSpider(SiteSpider):
    """The ND-soft CMS family: same feeds, sitemap and listing paths on every site.
    Another site on it is three lines: a name, an origin, nothing else."""

    sitemaps = ["/sitemap.xml"]
    feeds = ["/rss/allArticle.xml"]
    listings = ["/news/articleList.html?view_type=sm"]
    article_patterns = [NDSOFT_ARTICLE]


class EzyeconomySpider(NdsoftSpider):
    name = "ezyeconomy"
    origin = "https://www.ezyeconomy.com"
    domains = ["ezyeconomy.com"]


class MediatodaySpider(NdsoftSpider):
    name = "mediatoday"
    origin = "https://www.mediatoday.co.kr"
    domains = ["mediatoday.co.kr"]
