"""뉴스웨이 (newsway.co.kr): article pages under a weather widget; photo captions that only
credit the photo (사진=KT.) are not captions."""
from datetime import date

from .base import Layout, Profile

PROFILE = Profile(
    name="newsway",
    hosts=("newsway.co.kr",),
    marks=r"<title>(?:뉴스웨이 - [^<]*|[^<]*- 뉴스웨이)</title>",
    site="newsway.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title=".view-top .view-tit",
            body="#articleBody",
            deck=".view-sub-tit",
            byline=".view-info .writer",
            times=".view-info .date",
            section=".view-top .view-cate",
            figures="#articleBody .img-box",
            captions=".img-box .caption",
            drop=(("ad", "#articleBody .ad-in, .view-ad"),
                  ("font-size", ".view-util"),
                  ("writer", ".view-byline"),
                  ("comments", ".view-comment"),
                  ("most-read", ".rank-news"),
                  ("weather", ".weather-list")),
        ),
        Layout(
            version="2014", until=date(2018, 12, 31),
            title="#view_title h2",
            body="#view_content",
            deck=".view_sub",
            byline=".view_info .reporter",
            times=".view_info",
            section="#view_title .cate",
            figures="#view_content table.img_table",
            captions="td.img_caption",
            drop=(("font-size", ".view_btn"),
                  ("writer", ".view_reporter"),
                  ("copyright", ".view_copyright"),
                  ("related", ".view_relation"),
                  ("weather", "td.weather")),
        ),
    ],
)
