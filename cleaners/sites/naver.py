"""Naver News: every press's articles inside Naver's frame, on the desktop and mobile hosts
and the sports and entertainment ones. `site` is the host the page lives on (the portal),
`publisher` the press (its logo's title) and `original_url` its own copy ("기사원문").

Naver's machine summary (요약봇) becomes `summary`, never body; the press's subheads
(`strong.media_end_summary`) the deck. Around the body Naver puts reaction and
recommendation widgets, the reporter's subscription card, the press's most-read ranking,
comment counts, copyright and redistribution notices, font-size and share controls, and
"this article was classified/edited by the press" notices: each a named cut.

Exact times are in `data-date-time` / `data-modify-date-time` on the current layout; the
older layouts print them (`기사입력 2017-03-02 14:31`, `2021.03.04. 오후 2:31`)."""
from datetime import date

from .base import PARTNER_LINES, Layout, Profile, Site, Sources

# cuts shared by the layouts whose furniture uses Naver's common class names
_COMMON = (("reactions", "div._reactionModule, div.u_likeit, div.media_end_head_info_variety_likeit"),
           ("comment-count", "a.media_end_head_cmtcount_button, div.media_end_comment, div#cbox_module"),
           ("font-size", "div.media_end_head_fontsize, div.article_btns, div.btn_fontsize"),
           ("share", "div.media_end_head_share, div.u_share, span.u_hc"),
           ("tts", "div.media_end_head_tts"),
           ("copyright", "div.copyright, p.copyright, div.c_text"),
           ("subscribe", "div.media_end_linked_journalist, div.media_end_head_top_channel, div.reporter_area, "
                         "div.journalist_card"),
           ("most-read", "div.press_ranking_home, div.media_end_linked_more, div.press_ranking, "
                         "div.ranking_news, div.right_ranking"),
           ("recommended", "div.media_end_linked_news, div.main_brick, div.related_article, div.section_news_list"),
           ("press-notice", "div.media_end_head_info_notice, div.media_end_correction, p.media_end_head_info_notice_text, "
                            "div.press_edit_news, p.source_notice"),
           ("summary-layer", "div.media_end_head_autosummary, div._SUMMARY_LAYER"),
           ("section-guide", "div.categorize, div.guide_categorize"))
_LOGO_TITLE = "a.media_end_head_top_logo img@title"

PROFILE = Profile(
    name="naver",
    hosts=("news.naver.com", "sports.naver.com", "entertain.naver.com"),
    marks=r'og:article:author"\s+content="(?:[^"|]*\|\s*네이버|네이버(?: 스포츠| 엔터| 뉴스)?\s*\|)'
          r'|og:site_name"\s+content="네이버(?: 스포츠| 엔터| 뉴스)?"',
    lines=(*((f"naver:{name}", rx) for name, rx in PARTNER_LINES),
           ("naver:press-edit", r"^(?:이 기사는 )?언론사(?:가|에서) .{0,30}(?:편집|분류)(?:했습니다|하였습니다|한 것입니다)\.?$"),),
    layouts=[
        # n.news.naver.com/article/OID/AID and /mnews/article/...: desktop and mobile alike
        Layout(
            version="2022", since=date(2022, 1, 1),
            title="#title_area span",
            body="#dic_area",
            deck="#dic_area strong.media_end_summary",
            byline="em.media_end_head_journalist_name, span.byline_s",
            published="span._ARTICLE_DATE_TIME@data-date-time",
            modified="span._ARTICLE_MODIFY_DATE_TIME@data-modify-date-time",
            times="div.media_end_head_info_datestamp_bunch",
            section="em.media_end_categorize_item",
            figures="span.end_photo_org, table.nbd_table, div.end_photo_org, div.vod_player_wrap",
            captions="em.img_desc",
            summary="div._SUMMARY_CONTENT_BODY",
            publisher=_LOGO_TITLE,
            original_url="a.media_end_head_origin_link@href",
            drop=_COMMON,
        ),
        # m.news.naver.com/read.nhn?...: the mobile end page before the hosts merged
        Layout(
            version="mobile-2016", since=date(2016, 1, 1), until=date(2022, 12, 31),
            title="h2.media_end_head_headline",
            body="#dic_area",
            deck="#dic_area strong.media_end_summary",
            byline="em.media_end_head_journalist_name, span.byline_s",
            times="div.media_end_head_info_datestamp_bunch",
            section="div.media_end_categorize a",
            figures="span.end_photo_org, table.nbd_table",
            captions="em.img_desc",
            summary="div._SUMMARY_CONTENT_BODY",
            publisher=_LOGO_TITLE,
            original_url="a.media_end_head_origin_link@href",
            drop=_COMMON,
        ),
        # news.naver.com/main/read.nhn (read.naver from 2021)?oid=&aid=: EUC-KR until 2018
        Layout(
            version="2012", until=date(2022, 12, 31),
            title="#articleTitle",
            body="#articleBodyContents",
            deck="#articleBodyContents strong.media_end_summary",
            byline="div.reporter_area span.name, div.byline p.b_text",  # the byline box below the body (2019+)
            times="div.sponsor",
            section='meta[property="me2:category2"]@content',
            figures="span.end_photo_org, table.nbd_table",
            captions="em.img_desc",
            publisher="div.press_logo img@title",
            original_url="div.sponsor a.btn_artialoriginal@href",
            drop=_COMMON + (("link-news", "#articleBodyContents div.link_news"),),
        ),
        # sports.news.naver.com/news.nhn?oid=&aid=
        Layout(
            version="sports-2014", until=date(2023, 12, 31),
            title="div.news_headline h4.title",
            body="#newsEndContents",
            byline="#newsEndContents div.reporter_area span.name",
            times="div.news_headline div.info span",
            section="#lnb li.on a",
            figures="span.end_photo_org, table.nbd_table",
            captions="em.img_desc",
            publisher="#pressLogo img@alt",
            original_url="div.news_headline div.info a.press_link@href",
            # the press's links to its other stories sit between the paragraphs, outside them
            drop=_COMMON + (("source", "#newsEndContents p.source"),
                            ("promotion", "#newsEndContents div.promotion, #newsEndContents > a")),
        ),
        # entertain.naver.com/read?oid=&aid= (its body id is spelt articeBody)
        Layout(
            version="entertain-2014", until=date(2023, 12, 31),
            title="h2.end_tit",
            body="#articeBody",
            byline="div.byline span.byline_s",
            times="div.article_info span.author",
            figures="span.end_photo_org, table.nbd_table",
            captions="em.img_desc",
            publisher="div.press_logo img@title",
            original_url="div.article_info a.press_link@href",
            drop=_COMMON,
        ),
        # m.sports.naver.com/.../article/OID/AID and m.entertain.naver.com/article/OID/AID
        Layout(
            version="sports-entertain-2023", since=date(2023, 1, 1),
            title="h2.news_headline, h2[class*='ArticleHead_article_title']",
            body="#comp_news_article",
            deck="#comp_news_article strong.media_end_summary",
            byline="em.name, span.byline_s",
            times="div[class*='ArticleHead_article_head_info'] em.date",
            section="a[class*='ArticleHead_section']",
            figures="span.end_photo_org, table.nbd_table, div.end_photo_org",
            captions="em.img_desc",
            publisher="a[class*='ArticleHead_press_logo'] img@alt",
            original_url="a[class*='ArticleHead_origin_link']@href",
            drop=_COMMON + (("reactions", "div[class*='ReactionModule']"),
                            ("most-read", "div[class*='PressRanking']"),
                            ("subscribe", "div[class*='JournalistCard']")),
        ),
    ],
)


# Naver's article hosts and URL forms; its listings are per section and day (`{date}`), chosen
# by the spider's `section`/`press` arguments (scrapers/spiders/naver.py).
SECTION_LIST = "https://news.naver.com/main/list.naver?mode=LSD&mid=sec&sid1={sid}&date={{date}}"
SECTIONS = "100,101,102,103,104,105"  # 정치, 경제, 사회, 생활/문화, 세계, IT/과학

SITES = (Site(name="naver", origin="https://n.news.naver.com", profile=PROFILE,
              domains=("news.naver.com", "m.news.naver.com", "media.naver.com", "sports.news.naver.com",
                       "m.sports.naver.com", "entertain.naver.com", "m.entertain.naver.com"),
              sources=Sources(
                  listings=tuple(SECTION_LIST.format(sid=sid) for sid in SECTIONS.split(",")),
                  strip_params=("sid", "ntype", "rc"),  # section and referrer marks on list links
                  article_patterns=(
                      r"^https?://n\.news\.naver\.com/(?:mnews/)?article/\d{3}/\d{10}",
                      r"^https?://(?:m\.)?news\.naver\.com/(?:main/)?read\.(?:naver|nhn)\?(?:.*&)?aid=\d+",
                      # news?oid= is the short form pages name as og:url
                      r"^https?://(?:m\.)?sports\.(?:news\.)?naver\.com/(?:.*/)?(?:news(?:\.nhn)?\?|article/\d{3}/\d{10})",
                      r"^https?://(?:m\.)?entertain\.naver\.com/(?:read\?|article/\d{3}/\d{10})"))),)
