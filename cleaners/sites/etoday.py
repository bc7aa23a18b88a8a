"""이투데이 (etoday.co.kr): article pages; its company-disclosure box, reaction counters,
main-news list and crypto ticker sit next to the body."""
from datetime import date

from .base import Layout, Profile, Site, Sources

PROFILE = Profile(
    name="etoday",
    hosts=("etoday.co.kr",),
    marks=r'og:site_name"\s+content="이투데이"',
    site="etoday.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title="h1.main_title",
            body="#articleView",
            deck="#articleView .sub_title",
            byline="div.reporter_area .name",
            times="div.newsinfo span",
            section='meta[property="article:section"]@content',
            figures="#articleView .imgBox",
            captions="div.imgTxt",
            drop=(("ad", "#articleView .ad_box"),
                  ("font-size", "div.font_size_box"),
                  ("share", "div.share_box"),
                  ("company", "div.stock_company_box"),
                  ("reactions", "div.reaction_box"),
                  ("copyright", "div.copyright_txt"),
                  ("main-news", "div.main_news_box"),
                  ("stock-rank", "div.stock_rank_box"),
                  ("coin-ticker", "div.coin_box"),
                  ("ticker", "div.stock_ticker")),
        ),
        Layout(
            version="2012", until=date(2018, 12, 31),
            title="#article_title .tit",
            body="#newsContent",
            deck="#article_title div.sub_tit",
            byline="#article_title span.reporter",
            times="#article_title span.date",
            figures="#newsContent table.photo",
            captions="td.photo_txt",
            drop=(("related", "#newsContent div.relation_news"),
                  ("font-size", "div.fontsize"),
                  ("writer", "div.reporter_email"),
                  ("copyright", "div.copyright"),
                  ("most-read", "div.best_news"),
                  ("ticker", "#top_stock")),
        ),
    ],
)


SITES = (Site(name="etoday", origin="https://www.etoday.co.kr", profile=PROFILE, outlet="이투데이",
              domains=("etoday.co.kr", "m.etoday.co.kr", "rss.etoday.co.kr"),
              sources=Sources(sitemaps=("/sitemap.xml",),
                              feeds=("https://rss.etoday.co.kr/eto/etoday_news_all.xml",),
                              listings=("/news/flashnews/flash_list",),
                              # /news/view/N now, /news/section/newsview.php?idxno=N in older years
                              article_patterns=(r"/news/view/\d+",
                                                r"/news/section/newsview\.php\?(?:.*&)?idxno=\d+"))),)
