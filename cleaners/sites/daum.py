"""Daum News (v.daum.net, formerly news.v.daum.net): partner articles (뉴시스, 연합뉴스, YTN, ...)
inside Daum's frame. `site` is the portal's host and `publisher` the partner (`og:article:author`);
Daum's own summary layer becomes `summary`; its font-size and reaction layers, the partner's
copyright and signature lines, a broadcaster's camera credits and calls for tips, and its
more-news list are cut.

Two versions of the markup, told apart by the header (`mark`): until 2025 the header's
`span.info_view` printed `입력 2018. 05. 16. 16:23` and the reporter with or without 기자; the
2026 pages (`og:site_name` "Daum | YTN") print a `div.info_view` with the reporter's bare name
and the time without a label. Both keep the exact time, to the second, in `og:regDate`
(`20260321214325`)."""
from datetime import date

from .base import PARTNER_LINES, Layout, Profile, Site, Sources

_COMMON = dict(
    title="div.head_view .tit_view",
    body="div.article_view",
    deck="div.article_view .summary_view",
    published='meta[property="og:regDate"]@content',
    figures="div.article_view figure",
    captions="figcaption",
    summary="div.layer_summary li",
    publisher='meta[property="og:article:author"]@content',
    drop=(("font-size", "div.layer_size"),
          ("copyright", "div.copyright_view"),
          ("reactions", "div.emotion_wrap"),
          ("related", "div.box_related"),
          ("comments", "div.cmt_view"),
          ("most-read", "div.box_rank")),
)

PROFILE = Profile(
    name="daum",
    hosts=("v.daum.net",),
    marks=r'og:site_name"\s+content="(?:다음뉴스|Daum \| [^"]+)"',
    site="v.daum.net",
    lines=(("daum:partner-signature", r"^☞"),
           ("daum:partner-copyright", r"^<\s*(?:저작권자|ⓒ|©|Copyright)"),
           *((f"daum:{name}", rx) for name, rx in PARTNER_LINES)),
    layouts=[
        Layout(version="2026", since=date(2026, 1, 1), mark="div.head_view div.info_view",
               byline="div.info_view .txt_info", times="div.info_view .txt_info", **_COMMON),
        Layout(version="2023", until=date(2025, 12, 31), mark="div.head_view span.info_view",
               byline="span.info_view .txt_info", times="span.info_view .txt_info", **_COMMON),
    ],
)


SITES = (Site(name="daum", origin="https://v.daum.net", profile=PROFILE, domains=("news.daum.net",),
              sources=Sources(sitemaps=("https://v.daum.net/sitemap.xml",),
                              listings=("https://news.daum.net/breakingnews/economic",),
                              article_patterns=(r"^https?://v\.daum\.net/v/\w{10,}$",))),)
