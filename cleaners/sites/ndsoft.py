"""ND-soft's news CMS (`/news/articleView.html?idxno=`), which serves hundreds of Korean
outlets (이지경제, 미디어오늘, ...) with the same skins: one profile for the whole family,
matched by the URL pattern or by the skins' own ids and classes."""
from datetime import date

from .base import Layout, Profile, Site, Sources

PROFILE = Profile(
    name="ndsoft",
    url_pattern=r"/news/articleView\.html\?(?:[^#]*&)?idxno=\d+",
    marks=r'id="article-view-content-div"|class="article-head-title"',
    layouts=[
        # the "user" skin: header.article-view-header, ul.infomation, the deck inside the body
        Layout(
            version="2019", since=date(2019, 7, 1),
            title="header.article-view-header .heading",
            body="#article-view-content-div",
            deck="#article-view-content-div .subheading, header.article-view-header .subheading",
            byline="ul.infomation li",
            times="ul.infomation li",
            section='meta[property="article:section"]@content',
            figures="#article-view-content-div figure",
            captions="figure figcaption",
            drop=(("ad", "#article-view-content-div .ad-template"),
                  ("share", "div.article-util"),
                  ("font-size", "div.font-size-wrap"),
                  ("writer", "article.writer"),
                  ("copyright", "div.view-copyright"),
                  ("related", "article.relation, div.article-relation"),
                  ("reactions", "div.article-reaction"),
                  ("comments", "#comment-area"),
                  ("most-read", "section.auto-article"),
                  ("weather", "div.weather-box"),
                  ("ticker", "div.market-ticker")),
        ),
        # the "foundation" skin: div.article-head-title, div.info-text, div#articleBody
        Layout(
            version="2016", until=date(2019, 6, 30),
            title="div.article-head-title",
            body="#articleBody",
            deck="div.article-head-sub",
            byline="div.info-text li",
            times="div.info-text li",
            section='meta[property="article:section"]@content',
            figures="#articleBody table.photo-layout, #articleBody figure, #articleBody div.IMGFLOATING",
            captions="td.photo-caption, figcaption",
            drop=(("share", "div.article-util"),
                  ("writer", "div.view-editors"),
                  ("copyright", "div.view-copyright"),
                  ("related", "div.article-relation"),
                  ("weather", "div.top-weather")),
        ),
    ],
)


# The family's sources: the same feeds, sitemap and listing paths on every site; another site
# on the CMS is one entry here.
NDSOFT = Sources(sitemaps=("/sitemap.xml",), feeds=("/rss/allArticle.xml",),
                 listings=("/news/articleList.html?view_type=sm",),
                 article_patterns=(r"/news/articleView\.html\?(?:.*&)?idxno=\d+",))

SITES = (Site(name="ezyeconomy", origin="https://www.ezyeconomy.com", domains=("ezyeconomy.com",),
              profile=PROFILE, sources=NDSOFT, outlet="이지경제"),
         Site(name="mediatoday", origin="https://www.mediatoday.co.kr", domains=("mediatoday.co.kr",),
              profile=PROFILE, sources=NDSOFT, outlet="미디어오늘"))
