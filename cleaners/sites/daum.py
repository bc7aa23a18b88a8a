"""Daum News (v.daum.net): partner articles (뉴시스, 연합뉴스, ...) inside Daum's frame.
`site` is the portal's host and `publisher` the partner; Daum's own summary layer becomes
`summary`; its font-size and reaction layers, the partner's copyright and signature lines
and its more-news list are cut."""
from datetime import date

from .base import Layout, Profile, Site, Sources

PROFILE = Profile(
    name="daum",
    hosts=("v.daum.net",),
    marks=r'og:site_name"\s+content="다음뉴스"',
    site="v.daum.net",
    lines=(("daum:partner-signature", r"^☞"),
           ("daum:partner-copyright", r"^<\s*(?:저작권자|ⓒ|©|Copyright)")),
    layouts=[
        Layout(
            version="2023", since=date(2023, 1, 1),
            title="div.head_view .tit_view",
            body="div.article_view",
            deck="div.article_view .summary_view",
            byline="span.info_view .txt_info",
            times="span.info_view .txt_info",
            figures="div.article_view figure",
            captions="figcaption",
            summary="div.layer_summary li",
            publisher='meta[name="article:media_name"]@content',
            drop=(("font-size", "div.layer_size"),
                  ("copyright", "div.copyright_view"),
                  ("reactions", "div.emotion_wrap"),
                  ("related", "div.box_related"),
                  ("comments", "div.cmt_view"),
                  ("most-read", "div.box_rank")),
        ),
    ],
)


SITES = (Site(name="daum", origin="https://v.daum.net", profile=PROFILE, domains=("news.daum.net",),
              sources=Sources(sitemaps=("https://v.daum.net/sitemap.xml",),
                              listings=("https://news.daum.net/breakingnews/economic",),
                              article_patterns=(r"^https?://v\.daum\.net/v/\w{10,}$",))),)
