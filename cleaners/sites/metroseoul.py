"""메트로신문 (metroseoul.co.kr): article pages, and section listing pages that carry each
entry's full text (one Article per entry)."""
from datetime import date

from .base import Layout, Profile, Site, Sources

PROFILE = Profile(
    name="metroseoul",
    hosts=("metroseoul.co.kr",),
    marks=r"<title>[^<]*메트로신문",
    site="metroseoul.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title="div.article-head .article-title",
            body="#article-body",
            deck="div.article-head .article-subtitle",
            byline="div.article-info .writer",
            times="div.article-info .date",
            section="div.article-head .location",
            figures="#article-body div.article-photo",
            captions="p.photo-caption",
            drop=(("ad", "#article-body div.ad-inarticle"),
                  ("share", "div.article-util"),
                  ("writer", "div.article-reporter"),
                  ("copyright", "div.article-copyright"),
                  ("related", "div.related-news"),
                  ("most-read", "div.most-read")),
        ),
        Layout(
            version="list-2019", since=date(2019, 1, 1),
            entries="ul.list-news > li",
            link="a.tit@href",
            title="a.tit",
            body="p.desc",
            byline="span.writer",
            times="span.date",
            section="div.section-head .section-title",
        ),
        Layout(
            version="2013", until=date(2018, 12, 31),
            title="h3.news_view_title",
            body="#newsview_cont",
            byline="p.news_view_writer",
            times="p.news_view_info",
            section="p.news_view_location",
            drop=(("share", "div.news_view_btn"),
                  ("copyright", "div.news_view_copy"),
                  ("most-read", "div.news_view_best")),
        ),
    ],
)


SITES = (Site(name="metroseoul", origin="https://www.metroseoul.co.kr", profile=PROFILE, outlet="메트로신문",
              domains=("metroseoul.co.kr",),
              sources=Sources(sitemaps=("/sitemap.xml",), feeds=("/rss/all.xml",), listings=("/list/0402",),
                              # /article/<date and serial>; /news/newsview?newscd= to 2018
                              article_patterns=(r"/article/\d{8,}", r"/news/newsview\?(?:.*&)?newscd=\d+"))),)
