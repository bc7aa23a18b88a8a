"""메트로신문 (metroseoul.co.kr): article pages, and section listing pages that carry each
entry's full text (one Article per entry)."""
from datetime import date

from .base import Layout, Profile

PROFILE = Profile(
    name="metroseoul",
    hosts=("metroseoul.co.kr",),
    marks=r"<title>[^<]*메트로신문",
    site="metroseoul.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title=".article-head .article-title",
            body="#article-body",
            deck=".article-head .article-subtitle",
            byline=".article-info .writer",
            times=".article-info .date",
            section=".article-head .location",
            figures="#article-body .article-photo",
            captions=".photo-caption",
            drop=(("ad", "#article-body .ad-inarticle"),
                  ("share", ".article-util"),
                  ("writer", ".article-reporter"),
                  ("copyright", ".article-copyright"),
                  ("related", ".related-news"),
                  ("most-read", ".most-read")),
        ),
        Layout(
            version="list-2019", since=date(2019, 1, 1),
            entries="ul.list-news > li",
            link="a.tit@href",
            title="a.tit",
            body="p.desc",
            byline=".writer",
            times=".date",
            section=".section-head .section-title",
        ),
        Layout(
            version="2013", until=date(2018, 12, 31),
            title=".news_view_title",
            body="#newsview_cont",
            byline=".news_view_writer",
            times=".news_view_info",
            section=".news_view_location",
            drop=(("share", ".news_view_btn"),
                  ("copyright", ".news_view_copy"),
                  ("most-read", ".news_view_best")),
        ),
    ],
)
