"""이투데이 (etoday.co.kr): article pages; its company-disclosure box, reaction counters,
main-news list and crypto ticker sit next to the body."""
from datetime import date

from .base import Layout, Profile

PROFILE = Profile(
    name="etoday",
    hosts=("etoday.co.kr",),
    marks=r'og:site_name"\s+content="이투데이"',
    site="etoday.co.kr",
    layouts=[
        Layout(
            version="2019", since=date(2019, 1, 1),
            title="h1.main_title",
            body="#articleView, .articleView",
            deck=".articleView .sub_title, .subview_title .sub_title",
            byline=".reporter_area .name, .reporter_wrap .name",
            times=".newsinfo span, .newsinfo",
            section='meta[property="article:section"]@content',
            figures=".articleView .imgBox",
            captions=".imgBox .imgTxt",
            drop=(("ad", ".articleView .ad_box"),
                  ("font-size", ".font_size_box"),
                  ("share", ".share_box"),
                  ("company", ".stock_company_box"),
                  ("reactions", ".reaction_box"),
                  ("copyright", ".copyright_txt"),
                  ("main-news", ".main_news_box"),
                  ("stock-rank", ".stock_rank_box"),
                  ("coin-ticker", ".coin_box"),
                  ("ticker", ".stock_ticker")),
        ),
        Layout(
            version="2012", until=date(2018, 12, 31),
            title="#article_title .tit",
            body="#newsContent",
            deck="#article_title .sub_tit",
            byline="#article_title .reporter",
            times="#article_title .date",
            figures="#newsContent table.photo",
            captions="td.photo_txt",
            drop=(("related", "#newsContent .relation_news"),
                  ("font-size", ".fontsize"),
                  ("writer", ".reporter_email"),
                  ("copyright", ".copyright"),
                  ("most-read", ".best_news"),
                  ("ticker", "#top_stock")),
        ),
    ],
)
