"""The generic HTML path end to end through `cleaners.clean`, on saved pages in fixtures/html."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cleaners import Drop, clean
from cleaners.htmlmeta import page_meta
from cleaners.context_rules import paragraph_drops

HTML = Path(__file__).resolve().parent.parent / "fixtures" / "html"
SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
KST = timezone(timedelta(hours=9))
KO_URL = "https://www.hanbit-economy.co.kr/news/articleView.html?idxno=1001"
EN_URL = "https://www.coastalcourier.example/news/2023/03/14/harbour-cars"


def page(name: str) -> bytes:
    return (HTML / name).read_bytes()


def only(articles):
    assert len(articles) == 1, articles
    return articles[0]


@pytest.mark.parametrize("name", ["ko_euckr_meta.html", "ko_undeclared.html"])
def test_euc_kr_article_comes_out_as_korean_text_with_its_metadata(name):
    raw = page(name)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is CP949 bytes
    trace: list[Drop] = []
    a = only(clean(raw, KO_URL, trace=trace))
    assert a.title == "한은, 기준금리 연 3.50% 동결…여섯 차례 연속"
    assert a.subtitle == ["물가 둔화에도 가계부채 부담", "하반기 인하 기대는 경계"]
    assert a.authors == ["홍길동"]
    assert a.published == datetime(2022, 5, 2, 2, 14, tzinfo=KST)
    assert a.modified == datetime(2022, 5, 2, 9, 30, tzinfo=KST)
    assert a.section == "경제" and a.site == "한빛경제" and a.lang == "ko"
    assert a.captions == ["이창용 한국은행 총재가 기자간담회에서 발언하고 있다. 사진=한빛경제"]
    assert len(a.paragraphs) == 4 and a.paragraphs[0].startswith("한국은행이 기준금리를 연 3.50%로 동결했다.")
    for clutter in ("저작권자", "hong@", "관련기사", "로그인", "가장작게", "페이스북", "서울 7℃"):
        assert clutter not in a.body
    assert {"copyright", "byline"} <= {d.rule for d in trace}
    assert a.cleaner.startswith("generic/")


def test_cp949_page_declared_only_in_the_http_header_keeps_cp949_only_syllables():
    raw = page("ko_cp949_header.html")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc-kr")  # 똠 exists in CP949 only
    a = only(clean(raw, "https://wire.example.kr/view/2023/11/02/1", content_type="text/html; charset=euc-kr"))
    assert "똠방각하" in a.body
    assert a.paragraphs[0].startswith("[서울=뉴시스]김철수 기자 = 과학기술정보통신부는")  # the wire credit stays
    assert a.authors == ["김철수"]
    assert a.published == datetime(2023, 11, 2, 14, 5, 33, tzinfo=KST)
    assert "kim@newsis.com" not in a.body and "많이 본 뉴스" not in a.body


def test_english_article_metadata_from_json_ld_and_clutter_inside_the_article_named():
    trace: list[Drop] = []
    a = only(clean(page("en_jsonld.html"), EN_URL, trace=trace))
    assert a.title == "Harbour town votes to ban cars from its old quarter"
    assert a.subtitle == ["Councillors back a year-long trial after months of debate"]
    assert a.authors == ["Mary Holt", "Sam Okafor"]
    assert a.published == datetime(2023, 3, 14, 8, 30, tzinfo=timezone.utc)
    assert a.modified == datetime(2023, 3, 14, 11, 5, tzinfo=timezone.utc)
    assert a.section == "Local news" and a.site == "The Coastal Courier" and a.lang == "en"
    assert a.captions == ["The narrow lanes of the old quarter on a market day."]
    assert len(a.paragraphs) == 5 and a.paragraphs[-1].startswith("A report on the effect")
    for clutter in ("Read more:", "newsletter", "Lifeboat crew", "All rights reserved", "Subscribe"):
        assert clutter not in a.body
    dropped = {d.text: d.rule for d in trace}
    assert dropped["Read more: Traders fear for their takings as the harbour car park closes"] == "teaser"
    assert "Sign up to our daily newsletter and never miss a story from the coast." in dropped


@pytest.mark.parametrize("name, url", [
    ("front_page.html", "https://www.coastalcourier.example/"),
    ("front_page.html", None),
    ("ko_front_page.html", "https://www.hanbit-economy.co.kr/"),
    ("ko_front_page.html", None),
    ("error_404.html", "https://www.coastalcourier.example/news/gone"),
    ("ko_error.html", "https://www.hanbit-economy.co.kr/news/articleView.html?idxno=9"),
])
def test_pages_that_are_not_articles_give_no_article(name, url):
    assert clean(page(name), url) == []


def test_error_page_removal_is_named():
    trace: list[Drop] = []
    assert clean(page("error_404.html"), "https://www.coastalcourier.example/x", trace=trace) == []
    assert [d.rule for d in trace] == ["error_page"]


def test_when_trafilatura_finds_only_boilerplate_the_visible_text_is_cleaned_as_a_dump():
    import trafilatura

    html = page("no_main_text.html").decode("utf-8")
    assert "bells" not in (trafilatura.extract(html, include_comments=False) or "")  # the case this covers
    a = only(clean(html, "https://parish-notes.example.org/2022/11/bells"))
    assert a.title == "The bells of St Anne's come home"
    assert a.paragraphs[0].startswith("The six bells of St Anne's were taken down")
    assert "condemned" in a.body and "Archive" not in a.body
    assert a.published == datetime(2022, 11, 12, tzinfo=timezone.utc)  # an English page is not given Korean time
    assert "+text" in a.cleaner


def test_a_known_site_goes_to_its_profile_and_an_unknown_one_to_the_generic_path():
    html_path = SITES / "etoday" / "etoday-2015-gigastory.html"
    articles = clean(html_path.read_bytes(), "https://www.etoday.co.kr/news/view/1219898")
    assert articles and articles[0].cleaner and not articles[0].cleaner.startswith("generic/")
    assert only(clean(page("en_jsonld.html"), EN_URL)).cleaner.startswith("generic/")


def test_page_meta_reads_epoch_times_strips_the_site_from_the_title_and_is_no_author():
    from trafilatura.utils import load_html

    tree = load_html("""<html lang="ko-KR"><head><title>속보 제목 | 한빛경제</title>
        <meta property="og:site_name" content="한빛경제"><meta name="pubdate" content="2022-05-02 02:14">
        <meta property="article:modified_time" content="1651470000"><meta name="author" content="한빛경제"></head>
        <body><div><p>본문</p></div></body></html>""")
    meta = page_meta(tree, "https://www.hanbit-economy.co.kr/a/1")
    assert meta.title == "속보 제목" and meta.lang == "ko"
    assert meta.authors == []  # the outlet named as author is not a person
    assert meta.published == datetime(2022, 5, 2, 2, 14, tzinfo=KST)  # no offset on a Korean page: KST
    assert meta.modified == datetime.fromtimestamp(1651470000, tz=KST)


def test_context_rules_cut_a_related_list_but_not_the_prose_after_it():
    paragraphs = [
        "The council will publish its report in the spring, after a public consultation.",
        "Auch interessant:",
        "Neue Fähre für die Insel",
        "- Rettungsboot im Einsatz",
        "Wer die Fähre nimmt, zahlt ab Juni mehr. Die Gemeinde begründet das mit den gestiegenen Kosten. "
        "Pendler bekommen einen Rabatt, wenn sie eine Jahreskarte kaufen.",
        "Crédits photos : Agence Exemple",
        "Lea también: El puerto amplía su horario de verano para los ferris",
    ]
    assert paragraph_drops(paragraphs) == [None, "related_heading", "related_list", "related_list", None,
                                           "credit", "teaser"]


def test_a_short_wire_credit_paragraph_stays_and_a_byline_glued_to_its_stamp_is_read():
    html = """<html lang="ko"><head><meta charset="utf-8"><title>단풍 절정 | 예시뉴스</title></head><body>
    <div class="gnb"><a href="/">홈</a> <a href="/society">사회</a></div>
    <div class="article"><h1>가을 단풍 이달 중순 절정</h1>
    <p class="info">김현수 기자입력 2023. 10. 12. 15:30</p>
    <div class="body"><p>(서울=연합뉴스) 김현수 기자 = 올가을 단풍은 평년과 비슷하거나 조금 늦게 절정에 이를 것으로 보인다.</p>
    <p>한 민간 기상업체는 12일 설악산 단풍이 18일께 절정을 맞고, 중부지방 산들은 이달 하순께 물들 것이라고 예상했다.</p>
    <p>단풍은 산 전체의 80%가 물들었을 때를 절정으로 본다.</p><p>hskim@example.co.kr</p></div></div>
    <div class="foot">Copyright © 예시뉴스. All rights reserved.</div></body></html>"""
    a = only(clean(html.encode("utf-8"), "https://news.example.kr/view/2023/10/12/1"))
    assert a.paragraphs[0].startswith("(서울=연합뉴스) 김현수 기자 = 올가을 단풍은")
    assert a.authors == ["김현수"]
    assert a.published == datetime(2023, 10, 12, 15, 30, tzinfo=KST)
    assert a.cleaner.startswith("generic/") and "hskim@" not in a.body


@pytest.mark.parametrize("path, url", [
    ("newsway/view-2016-euckr.html", None),
    ("ndsoft/mediatoday-2021-broadcast.html", None),
    ("ndsoft/ezyeconomy-2017-euckr.html", None),
])
def test_generic_path_on_korean_news_markup_finds_deck_caption_and_body(path, url):
    """The site-profile fixtures cleaned without their profile: what an unknown site on a
    similar CMS would get."""
    import json

    from cleaners.decode import decode
    from cleaners.htmlpage import clean_generic

    page_path = SITES / path
    expected = json.loads(page_path.with_suffix(".json").read_text(encoding="utf-8"))["articles"][0]
    a = only(clean_generic(decode(page_path.read_bytes()), url))
    assert a.title == expected["title"]
    assert a.subtitle == expected["subtitle"]
    assert a.captions == expected["captions"]
    assert a.authors == expected["authors"]
    assert a.paragraphs == [p for p in expected["body"].split("\n\n") if p.strip()]


def test_a_short_story_with_not_found_in_its_headline_is_still_an_article():
    html = """<html><head><title>Missing hiker not found after three days | Courier</title></head><body>
    <nav><a href="/">Home</a> <a href="/news">News</a></nav><article><h1>Missing hiker not found after three days</h1>
    <p>Rescue teams searched the moor for a third day on Tuesday without finding the walker, who set out alone.</p>
    <p>Police said the search would continue at first light, with a helicopter and dogs, and asked for sightings.</p>
    <p>The walker's family thanked the volunteers and said he was an experienced hiker who knew the area.</p>
    </article></body></html>"""
    a = only(clean(html, "https://courier.example/news/hiker"))
    assert a.title == "Missing hiker not found after three days" and len(a.paragraphs) == 3


def test_stamps_glued_to_a_byline_and_to_each_other_are_read_and_the_line_dropped():
    html = """<html lang="ko"><head><meta charset="utf-8"><title>버스 노선 개편 | 예시일보</title></head><body>
    <div class="article"><h1>시내버스 노선 다음 달 개편</h1>
    <p class="info">이민호 기자등록 2021.03.04 08:10수정 2021.03.05 11:20</p>
    <div class="body"><p>시는 다음 달부터 시내버스 노선 열두 개를 새로 짜고 배차 간격을 줄인다고 4일 밝혔다.</p>
    <p>출퇴근 시간에는 주요 노선의 배차 간격이 10분 안쪽으로 줄어들고, 외곽 지역에는 마을버스가 새로 들어간다.</p>
    <p>시는 개편안을 두고 이달 말까지 시민 의견을 받는다.</p></div></div></body></html>"""
    trace: list[Drop] = []
    a = only(clean(html.encode("utf-8"), "https://news.example.kr/view/2021/03/04/7", trace=trace))
    assert a.authors == ["이민호"]
    assert a.published == datetime(2021, 3, 4, 8, 10, tzinfo=KST)
    assert a.modified == datetime(2021, 3, 5, 11, 20, tzinfo=KST)
    assert "기자등록" not in a.body


def test_story_sentences_with_rule_words_stay_and_the_calls_at_the_edges_go():
    """A review whose sentences use the words of the share, comment, widget and affiliate rules."""
    trace: list[Drop] = []
    a = only(clean(page("en_review.html"), "https://www.gadgetpages.example/reviews/travel-kettles", trace=trace))
    for story in ("What did the comments from other travellers reveal?", "Follow the instructions on the base",
                  "two brass buttons on the flap", "others came through affiliate programmes",
                  "Prices were checked on the day of publication"):
        assert story in a.body, story
    for clutter in ("Sign up to our weekly", "Click the button below", "earns a commission", "What about you?"):
        assert clutter not in a.body, clutter
    dropped = {d.text[:20]: d.rule for d in trace}
    assert dropped["Gadget Pages earns a"] == "disclosure" and dropped["What about you? Tell"] == "comment_box"


def test_link_text_tells_a_linked_line_from_a_sentence_with_a_link_in_it():
    from lxml import html as lxml_html

    from cleaners.context_rules import LinkText

    tree = lxml_html.fromstring("<div><p><a href='/n'>Sign up to our newsletter and never miss a story.</a></p>"
                                "<p>The council <a href='/r'>report</a> was published on Monday after a long wait.</p></div>")
    linked = LinkText(tree)
    assert linked("Sign up to our newsletter and never miss a story.")
    assert not linked("The council report was published on Monday after a long wait.")


# -- metadata on unseen markup, as kinds (made-up pages) -----------------------------------

def _meta(body: str, head: str = "", url: str = "https://www.example-ilbo.co.kr/news/1"):
    from trafilatura.utils import load_html

    sentence = "정부가 새로운 정책을 발표했다. 시장은 이를 환영했다. " if ".kr/" in url else \
        "The ministry announced a new policy today and the markets welcomed it. "
    prose = "<p>" + sentence * 8 + "</p>"
    return page_meta(load_html(f"<html><head>{head}</head><body>{body}{prose}</body></html>"), url)


@pytest.mark.parametrize("stamp_html", [
    "<li><span>기사입력</span> <em>2013-10-24 03:00:00</em></li>",
    "<dl><dt>입력</dt><dd>2013.10.24. 오전 3:00</dd></dl>",
    "<p class='info'><strong>등록 :</strong> <span>2013/10/24 03:00</span></p>",
    "<div><span class='label'>송고</span><span class='num'>2013-10-24 03:00</span></div>",
])
def test_a_stamp_whose_label_markup_splits_from_its_date_is_read(stamp_html):
    meta = _meta(f"<div class='art_head'><h1>새 정책 발표</h1>{stamp_html}</div>")
    assert meta.published == datetime(2013, 10, 24, 3, 0, tzinfo=KST)


@pytest.mark.parametrize("attrs, published, modified", [
    ('data-date-time="2022-09-14 16:04:12"', datetime(2022, 9, 14, 16, 4, 12, tzinfo=KST), None),
    ('data-published-time="2021-05-06T07:08:00+09:00"', datetime(2021, 5, 6, 7, 8, tzinfo=KST), None),
    ('data-modify-date-time="2020-01-02 03:04:05"', None, datetime(2020, 1, 2, 3, 4, 5, tzinfo=KST)),
    ('data-updated-date="2019-12-31 23:59"', None, datetime(2019, 12, 31, 23, 59, tzinfo=KST)),
])
def test_a_data_attribute_carrying_the_exact_time_is_read(attrs, published, modified):
    meta = _meta(f"<div class='info'><h1>정부 새 정책 발표</h1><span {attrs}>방금 전</span></div>")
    assert (meta.published, meta.modified) == (published, modified)


@pytest.mark.parametrize("furniture", [
    "<div id='header'><span class='date'>입력 2030.01.01 09:00</span></div>",
    "<header><div class='top'>등록 2030-01-01 09:00</div><nav>메뉴</nav></header>",
    "<aside><ul><li>입력 2030.01.01 09:00 다른 기사</li></ul></aside>",
    "<div class='sidebar'><p>등록 2030.01.01</p></div>",
    "<div class='comment_list'><span>등록 2030.01.01 09:00</span></div>",
    "<div class='gnb'><time datetime='2030-01-01T09:00:00+09:00'>오늘</time></div>",
])
def test_the_dates_of_page_furniture_are_never_the_articles(furniture):
    meta = _meta(furniture + "<div class='view'><h1>정부 새 정책 발표</h1><span>입력 2015.03.04 05:06</span></div>")
    assert meta.published == datetime(2015, 3, 4, 5, 6, tzinfo=KST)
    bare = _meta(furniture + "<h1>정부 새 정책 발표</h1>")
    assert bare.published is None


def test_declared_times_agreeing_with_the_printed_ones_keep_their_seconds_and_stay_apart():
    head = ('<meta property="article:published_time" content="2018-02-03T04:05:06+09:00">'
            '<meta property="article:modified_time" content="2018-02-04T01:02:03+09:00">')
    meta = _meta("<h1>정부 새 정책 발표</h1><p>입력 2018.02.03 04:05 수정 2018.02.04 01:02</p>", head)
    assert meta.published == datetime(2018, 2, 3, 4, 5, 6, tzinfo=KST)
    assert meta.modified == datetime(2018, 2, 4, 1, 2, 3, tzinfo=KST)
    meta = _meta("<h1>정부 새 정책 발표</h1>", head)  # nothing printed: the declared times
    assert (meta.published, meta.modified.day) == (datetime(2018, 2, 3, 4, 5, 6, tzinfo=KST), 4)
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "정부 새 정책 발표",'
          '"datePublished": "2017-07-07T10:00:00+09:00", "dateModified": "2017-07-08T11:00:00+09:00"}</script>')
    meta = _meta("<h1>정부 새 정책 발표</h1>", ld)
    assert (meta.published.day, meta.modified.day) == (7, 8)
    meta = _meta("<div class='info'><h1>정부 새 정책 발표</h1><p>입력 2016.02.03. 오후 4:05</p>"
                 "<p>최종수정 2016.02.04. 오전 12:10</p></div>")
    assert meta.published == datetime(2016, 2, 3, 16, 5, tzinfo=KST)
    assert meta.modified == datetime(2016, 2, 4, 0, 10, tzinfo=KST)


@pytest.mark.parametrize("head, body, title", [
    # the site's name after or before the headline, by a separator the site chose
    ("<title>Harbour ferry fares rise again | The Coastal Courier</title>"
     "<meta property='og:site_name' content='The Coastal Courier'>", "<h2>Latest</h2>", "Harbour ferry fares rise again"),
    ("<title>Coastal Courier: Harbour ferry fares rise again</title>", "", "Harbour ferry fares rise again"),
    ("<title>Harbour ferry fares rise again - Local - News - coastalcourier.example</title>", "",
     "Harbour ferry fares rise again"),
    ("<title>Ferries » Harbour ferry fares rise again</title>"
     "<meta property='og:site_name' content='Ferries'>", "", "Harbour ferry fares rise again"),
    # the name the front-page link carries names the site
    ("<title>Harbour ferry fares rise again — Tidewater Daily</title>",
     "<a href='/'><img alt='Tidewater Daily' src='logo.png'></a>", "Harbour ferry fares rise again"),
    # the heading the declared title agrees with, among a logo, a section and teasers
    ("<title>Tidewater Daily - Harbour ferry fares rise again</title>",
     "<h1>Tidewater Daily</h1><h2>News</h2><h2>Council backs new pier</h2><h1>Harbour ferry fares rise again</h1>",
     "Harbour ferry fares rise again"),
    ("<meta property='og:title' content='Harbour ferry fares rise again'>",
     "<h1>Local</h1><h3><a href='/b'>Council backs new pier plan</a></h3><h2>Harbour ferry fares rise again</h2>",
     "Harbour ferry fares rise again"),
    # a headline written with a dash or a colon of its own keeps it
    ("<title>Ferries: what the new fares mean - Tidewater Daily</title>", "", "Ferries: what the new fares mean"),
    ("<title>Harbour ferries - a history</title>", "", "Harbour ferries - a history"),
])
def test_the_title_is_chosen_by_agreement_and_the_site_part_is_stripped(head, body, title):
    meta = _meta(body, head, url="https://www.coastalcourier.example/news/2023/03/14/ferry")
    assert meta.title == title


def test_page_meta_names_each_author_once_and_no_desk():
    ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "정부 새 정책 발표",'
          '"author": [{"name": "스포츠한빛=선수민 기자"}, {"name": "선수민"}, {"name": "온라인뉴스팀"}]}</script>')
    assert _meta("<h1>정부 새 정책 발표</h1>", ld).authors == ["선수민"]
    head = '<meta name="author" content="Jane Doe, Reuters">'
    assert _meta("<h1>Ferry fares rise</h1>", head, url="https://www.coastalcourier.example/a").authors == ["Jane Doe"]


@pytest.mark.parametrize("header, want", [
    ("<p class='byline'>By Ann Lee</p><div class='when'>Jan. 6, 2008</div>", datetime(2008, 1, 6, tzinfo=timezone.utc)),
    ("<div class='meta'>5 января 2012, 14:33</div>", datetime(2012, 1, 5, 14, 33, tzinfo=timezone.utc)),
    ("<span>9 stycznia 2012 | 10:58</span>", datetime(2012, 1, 9, 10, 58, tzinfo=timezone.utc)),
    ("<span class='src'>2012年01月17日08:03 某某网</span>", datetime(2012, 1, 17, 8, 3, tzinfo=timezone.utc)),
])
def test_a_bare_date_right_under_the_headline_is_the_published_time(header, want):
    meta = _meta(f"<div id='top'><span>Mon, 1 March 2030</span></div><h1>Harbour ferry fares rise again</h1>{header}",
                 "<title>Harbour ferry fares rise again</title>", url="https://news.example.org/a/1")
    assert meta.published == want


def test_a_bare_date_after_the_story_began_or_in_a_sidebar_is_not_the_published_time():
    prose = "<p>" + "The council met on Tuesday and agreed the new timetable for the harbour. " * 4 + "</p>"
    meta = _meta(f"<h1>Harbour ferry fares rise again</h1>{prose}<p>March 3, 2019</p>"
                 "<div class='sidebar'><p>April 4, 2020</p></div>", url="https://news.example.org/a/1")
    assert meta.published is None


@pytest.mark.parametrize("markup", [
    '<span itemprop="datePublished" content="2019-05-06T07:08:09+02:00">6. Mai 2019</span>',
    '<script type="application/ld+json">{"@type": "WebPage", "datePublished": "2019-05-06T07:08:09+02:00"}</script>',
    '<time datetime="2019-05-06T07:08:09+02:00" pubdate>6. Mai</time>',
    '<footer class="entry-footer"><time class="entry-date published" datetime="2019-05-06T07:08:09+02:00">6. Mai</time></footer>',
])
def test_machine_marked_publication_times_anywhere_in_the_article(markup):
    meta = _meta(f"<article><h1>Fähre wird teurer</h1>{markup}</article>", url="https://www.example.de/a/1")
    assert meta.published == datetime(2019, 5, 6, 7, 8, 9, tzinfo=timezone(timedelta(hours=2)))


def test_a_time_in_the_comments_is_not_the_articles():
    meta = _meta("<h1>Fähre wird teurer</h1><div class='comments'><time datetime='2030-01-01T10:00:00Z' pubdate>"
                 "1.1.2030</time></div>", url="https://www.example.de/a/1")
    assert meta.published is None


def test_todays_date_under_the_sites_logo_is_not_a_published_time():
    meta = _meta("<h1>Tidewater Daily</h1><div>Monday, March 4, 2030</div><ul><li><a href='/a'>One story</a></li></ul>",
                 "<title>Tidewater Daily</title><meta property='og:site_name' content='Tidewater Daily'>",
                 url="https://www.tidewaterdaily.example/")
    assert meta.published is None


@pytest.mark.parametrize("head, url, when", [
    ("<meta http-equiv='content-language' content='en'>", "https://www.example-news.com/a/1", (2012, 1, 9)),
    ("<meta http-equiv='content-language' content='en'>", "https://www.example-news.co.uk/a/1", (2012, 9, 1)),
    ("", "https://www.example-news.com/a/1", (2012, 9, 1)),  # nothing says: day first    # a country domain that writes the day first
    ("<meta property='og:locale' content='en_GB'>", "https://www.example-news.com/a/1", (2012, 9, 1)),
])
def test_a_numeric_date_is_read_in_the_page_s_order(head, url, when):
    meta = _meta("<div class='article'><h1>Council approves new budget</h1><p>1/9/2012</p></div>", head, url)
    assert meta.published is not None and meta.published.timetuple()[:3] == when


def test_an_unambiguous_date_elsewhere_on_the_page_decides_the_order():
    body = ("<div class='article'><h1>Council approves new budget</h1><p>1/9/2012</p></div>"
            "<p>Earlier report from 27/8/2012 on the same council.</p>")
    meta = _meta(body, "<meta property='og:locale' content='en_US'>", "https://www.example-news.com/a/1")
    assert meta.published.timetuple()[:3] == (2012, 9, 1)


@pytest.mark.parametrize("title, shown", [
    ("Valley Courier Online - Council approves new budget for schools", "Council approves new budget for schools"),
    ("Riverside Gazette - Sport - Reading edges past Portsmouth late", "Reading edges past Portsmouth late"),
    ("Harbour Times : Business : Port tariffs rise for the third year", "Port tariffs rise for the third year"),
])
def test_the_part_of_the_declared_title_the_page_prints_is_the_headline(title, shown):
    body = ("<div class='nav'><a href='/'>Home</a> <a href='/sport'>Sport</a></div>"
            f"<table><tr><td><font size='4'><b>{shown}</b></font></td></tr></table>")
    meta = _meta(body, f"<title>{title}</title>", "https://www.example-news.com/a/1")
    assert meta.title == shown


@pytest.mark.parametrize("body", [
    "<ul><li><a href='/x'>Council approves new budget for schools</a></li></ul>",  # a link to it
    "<div class='sidebar'><span>Council approves new budget for schools</span></div>",  # furniture
])
def test_a_part_printed_only_in_a_link_or_the_furniture_is_not_taken_for_the_headline(body):
    from trafilatura.utils import load_html
    from cleaners.htmlmeta import _shown_part

    tree = load_html(f"<html><body>{body}<p>The council met today.</p></body></html>")
    assert _shown_part(tree, ["Valley Courier Online - Council approves new budget for schools"], set()) is None
    tree = load_html("<html><body><td>Council approves new budget for schools</td></body></html>")
    assert _shown_part(tree, ["Valley Courier Online - Council approves new budget for schools"], set()) \
        == "Council approves new budget for schools"


@pytest.mark.parametrize("title", ["Riverside Gazette > Golf > News", "Sport | Scores"])
def test_a_section_name_met_in_a_lesser_heading_gives_way_to_the_one_headline(title):
    section = title.split(">")[-1].split("|")[0].strip()
    body = f"<h3>{section}</h3><h1>Local golfer wins the county open</h1>"
    meta = _meta(body, f"<title>{title}</title>", "https://www.example-news.com/a/1")
    assert meta.title == "Local golfer wins the county open"


def test_a_short_headline_in_the_h1_is_kept():
    body = "<h1>Budget passes</h1><h2>The council voted late on Monday after a long debate</h2>"
    meta = _meta(body, "<title>Budget passes - Riverside Gazette</title>", "https://www.example-news.com/a/1")
    assert meta.title == "Budget passes"


@pytest.mark.parametrize("title, want", [
    ("Rivals split the points late on Example-Sports.com", "Rivals split the points late"),
    ("Rivals split the points late at www.example-sports.com", "Rivals split the points late"),
    ("Talks on trade resume on Monday", "Talks on trade resume on Monday"),  # no domain: a headline's own words
])
def test_a_domain_after_the_title_is_the_site(title, want):
    meta = _meta("<p>x</p>", f"<title>{title}</title>", "https://www.example-sports.com/a/1")
    assert meta.title == want


@pytest.mark.parametrize("declared, printed, want", [
    # a UTC time labelled +09:00: nine hours early; the printed 입력 is right and lends nothing but the minute
    ("2024-05-06T01:20:30+09:00", "입력 2024.05.06 10:20", datetime(2024, 5, 6, 10, 20, 30, tzinfo=KST)),
    # the draft's creation, earlier than the printed 입력
    ("2024-05-06T09:58:00+09:00", "입력 2024.05.06. 오전 10:31", datetime(2024, 5, 6, 10, 31, tzinfo=KST)),
    # an archive printing only the day: the declared time on that day keeps its clock
    ("2011-03-09T06:00:00+09:00", "게재 2011.03.09", datetime(2011, 3, 9, 6, 0, tzinfo=KST)),
    # ... and a declared day other than the printed one gives way to it
    ("2011-03-08T22:00:00+09:00", "게재 2011.03.09", datetime(2011, 3, 9, 0, 0, tzinfo=KST)),
])
def test_the_time_the_page_prints_for_readers_wins_over_a_declared_one(declared, printed, want):
    head = f'<meta property="article:published_time" content="{declared}">'
    meta = _meta(f"<div class='view'><h1>정부 새 정책 발표</h1><span>{printed}</span></div>", head)
    assert meta.published == want


def test_a_title_naming_only_the_page_kind_or_the_site_gives_way_to_the_headline():
    body = "<h1>저장된 페이지 보기</h1><div class='news_view'><h3>시내버스 노선 새로 짠다</h3></div>"
    assert _meta(body, "<title>저장된 페이지 보기</title>").title == "시내버스 노선 새로 짠다"
    assert _meta(body, "<title>언론재단</title>").title == "시내버스 노선 새로 짠다"
    site = '<meta property="og:site_name" content="예시뉴스TV"><title>예시뉴스TV</title>'
    body = "<h1><a href='/'>예시뉴스TV</a></h1><h2>도심 버스전용차로 확대 시행</h2>"
    assert _meta(body, site).title == "도심 버스전용차로 확대 시행"


def test_the_generic_path_reads_a_byline_glued_to_the_last_sentence():
    prose = "".join(f"<p>시는 항만 물동량이 {n}년 연속 늘었다고 밝혔다. 컨테이너 처리량도 함께 증가했다.</p>" for n in range(2, 9))
    html = ("<html lang='ko'><head><title>항만 물동량 늘어</title></head><body><article><h1>항만 물동량 늘어</h1>"
            f"{prose}<p>시는 내년 예산을 늘리기로 했다.부산=박서준 기자 park@example-ilbo.kr</p></article></body></html>")
    trace: list[Drop] = []
    a = only(clean(html, "https://www.example-ilbo.kr/news/7", trace=trace))
    assert a.authors == ["박서준"]
    assert a.paragraphs[-1] == "시는 내년 예산을 늘리기로 했다."
    assert ("byline", "부산=박서준 기자 park@example-ilbo.kr") in {(d.rule, d.text) for d in trace}


def test_the_generic_path_reads_a_byline_box_outside_the_story():
    prose = "".join(f"<p>시는 항만 물동량이 {n}년 연속 늘었다고 밝혔다. 컨테이너 처리량도 함께 증가했다.</p>" for n in range(2, 9))
    box = "<div class='view_byline'><span>윤하늘 기자</span> <a href='mailto:sky@example-ilbo.kr'>sky@example-ilbo.kr</a></div>"
    comments = "<div class='comment_list'><span class='author'>박서준 기자</span><p>좋은 기사네요</p></div>"
    html = ("<html lang='ko'><head><title>항만 물동량 늘어</title></head><body><article><h1>항만 물동량 늘어</h1>"
            f"{prose}</article>{comments}{box}</body></html>")
    a = only(clean(html, "https://www.example-ilbo.kr/news/8"))
    assert a.authors == ["윤하늘"]


_SAID = ("시장 상인들은 올겨울 배추 값이 지난해보다 두 배 가까이 올랐다고 말했습니다. "
         "손님들은 한 포기를 사려다 반 포기만 사 가는 일이 잦다고 합니다.")


def test_a_broadcast_transcript_keeps_its_speaker_labels_as_paragraphs():
    turns = ["[진행자]", f"첫 소식입니다. {_SAID}", "[리포터]", f"현장에 나와 있습니다. {_SAID}",
             "[진행자]", f"다음 소식입니다. {_SAID}", "[리포터]", f"다시 전해 드립니다. {_SAID}"]
    body = "".join(f"<p>{line}</p>" for line in turns)
    html = (f"<html lang='ko'><head><title>배추 값 두 배로 뛰어</title></head><body><article>"
            f"<h1>배추 값 두 배로 뛰어</h1>{body}</article></body></html>")
    a = only(clean(html, "https://tv.example.co.kr/news/2024/11/05/cabbage"))
    assert a.paragraphs == turns


def test_a_layout_table_is_read_as_paragraphs_not_as_one_row():
    """An old archive popup: the article is one `<p>` split by `<br/>` in a cell of the page's layout
    table, with a title row and a footer row around it."""
    lines = [f"　{_SAID}", f"　도매시장 관계자는 {_SAID}", f"　정부는 비축 물량을 풀기로 했다. {_SAID}"]
    html = ("<html><head><title>기사 보기</title></head><body><table width='600'>"
            "<tr><td><b>배추 값 두 배로 뛰어</b></td></tr>"
            f"<tr><td><div><p>{'<br/>'.join(lines)}<br/>홍길동 기자 hong@example.co.kr</p></div></td></tr>"
            "<tr><td>창 닫기</td></tr></table></body></html>")
    a = only(clean(html, "https://archive.example.co.kr/view?id=2010042810001"))
    assert not any("|" in p for p in a.paragraphs)
    assert a.paragraphs[:3] == [" ".join(line.split()) for line in lines]


def test_a_data_table_stays_a_table():
    rows = "".join(f"<tr><td>{city}</td><td>{price}원</td></tr>" for city, price in
                   [("서울", "4,200"), ("부산", "3,900"), ("대구", "3,800")])
    html = ("<html lang='ko'><head><title>배추 값 두 배로 뛰어</title></head><body><article>"
            f"<h1>배추 값 두 배로 뛰어</h1><p>{_SAID}</p><table>{rows}</table><p>{_SAID}</p>"
            "</article></body></html>")
    from cleaners.candidates import unwrap_layout_tables
    from trafilatura.utils import load_html
    tree = load_html(html)
    assert unwrap_layout_tables(tree) is tree
