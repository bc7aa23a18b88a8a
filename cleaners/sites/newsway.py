"""뉴스웨이 (newsway.co.kr): article pages under a weather widget; photo captions that only
credit the photo (사진=KT.) are not captions."""
from datetime import date

from .base import Layout, Profile, Site, Sources

PROFILE = Profile(
    name="newsway",
    hosts=("newsway.co.kr",),
    marks=r"<title>(?:뉴스웨이 - [^<]*|[^<]*- 뉴스웨이)</title>",
    site="newsway.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title="div.view-top .view-tit",
            body="#articleBody",
            deck="div.view-sub-tit",
            byline="div.view-info .writer",
            times="div.view-info .date",
            section="div.view-top .view-cate",
            figures="#articleBody div.img-box",
            captions="div.img-box .caption",
            drop=(("ad", "#articleBody div.ad-in, div.view-ad"),
                  ("font-size", "div.view-util"),
                  ("writer", "div.view-byline"),
                  ("comments", "div.view-comment"),
                  ("most-read", "div.rank-news"),
                  ("weather", "ul.weather-list")),
        ),
        Layout(
            version="2014", until=date(2018, 12, 31),
            title="#view_title h2",
            body="#view_content",
            deck="div.view_sub",
            byline="div.view_info .reporter",
            times="div.view_info",
            section="#view_title .cate",
            figures="#view_content table.img_table",
            captions="td.img_caption",
            drop=(("font-size", "div.view_btn"),
                  ("writer", "div.view_reporter"),
                  ("copyright", "div.view_copyright"),
                  ("related", "div.view_relation"),
                  ("weather", "td.weather")),
        ),
    ],
)


SITES = (Site(name="newsway", origin="https://www.newsway.co.kr", profile=PROFILE, outlet="뉴스웨이",
              domains=("newsway.co.kr",),
              sources=Sources(sitemaps=("/sitemap.xml",), feeds=("/rss/all.xml",),
                              listings=("/news/lists?cate=newsAll",),
                              # /news/view?ud=<timestamp serial>; /view.php?...&ud= to 2018
                              article_patterns=(r"/news/view\?(?:.*&)?ud=\d+", r"/view\.php\?(?:.*&)?ud=\d+"))),)
