"""Site profiles on their fixture pages: every field of every article, no clutter left in a
body, the right profile for a URL or for markup alone, and the layout chosen by date."""
import json
import re
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from cleaners import clean
from cleaners.decode import decode
from cleaners.meta import KST
from cleaners.rules import line_rule
from cleaners.sites import find_profile, profiles

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
PAGES = sorted(SITES.glob("*/*.html"))
SEED_PAGES = {  # seed dump -> its reconstruction
    "000_94ab34f99d498427.txt": "ndsoft/ezyeconomy-2022-esg",
    "001_e3c0022bee3ed14e.txt": "etoday/etoday-2015-gigastory",
    "002_20cc2ef761082f32.txt": "metroseoul/list-2023-industry-policy",
    "003_aba8f5db32093a90.txt": "newsway/view-2020-kt-partners",
    "004_8482e8b8238f6dce.txt": "daum/v-newsis-kt-texting",
}
# marks of page furniture that must never reach a body, whatever rule would catch them
CLUTTER = re.compile(r"무단\s?전재|재배포|Copyright|ⓒ|©|℃|이 기사를 공유합니다|글자\s?크기|가장\s?작게|"
                     r"좋아요|화나요|관련\s?기사|많이 본|주요 뉴스|암호화폐|로그인|회원가입|[\w.]+@[\w.]+")


def expected(page: Path) -> dict:
    return json.loads(page.with_suffix(".json").read_text(encoding="utf-8"))


def cleaned(page: Path, trace=None, **kw):
    return [a.to_dict() for a in clean(page.read_bytes(), url=expected(page)["url"], trace=trace, **kw)]


def test_every_layout_of_every_profile_has_a_fixture():
    """Walks the registry: a profile or layout version without a fixture page fails here."""
    from cleaners.sites import profiles
    served = {expected(p)["articles"][0].get("cleaner") for p in PAGES if expected(p)["articles"]}
    for profile in profiles():
        assert (SITES / profile.name).is_dir(), f"no fixtures for profile {profile.name}"
        for layout in profile.layouts:
            assert f"{profile.name}/{layout.version}" in served, f"no fixture for {profile.name}/{layout.version}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_fixture_fields(page):
    want = expected(page)["articles"]
    got = cleaned(page)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        for key, value in w.items():
            assert g[key] == value, f"{key} differs"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_no_clutter_in_bodies(page):
    for article in cleaned(page):
        paragraphs = article["body"].split("\n\n")
        assert paragraphs and all(p.strip() for p in paragraphs)
        for p in paragraphs:
            assert line_rule(p) is None, p
            assert not CLUTTER.search(p), p
        for text in [article["title"], *article["subtitle"], *article["captions"]]:
            assert not CLUTTER.search(text), text


@pytest.mark.parametrize("seed,name", sorted(SEED_PAGES.items()))
def test_seed_reconstructions_carry_the_gold_text(gold, seed, name):
    want = gold[seed]
    got = cleaned(SITES / f"{name}.html")
    assert [a["title"] for a in got] == [a["title"] for a in want["articles"]]
    norm = lambda s: s.replace("\xa0", " ")  # noqa: E731
    for g, w in zip(got, want["articles"]):
        assert g["body"] == norm("\n\n".join(w["body"]))
        assert g["authors"] == w["authors"]
        assert g["subtitle"] == [norm(s) for s in w["subtitle"]]
        assert g["captions"] == [norm(s) for s in w["captions"]]
        assert g["summary"] == w.get("summary", [])
        if w["published"]:
            assert g["published"] == w["published"]
        everything = json.dumps(g, ensure_ascii=False)
        for line in want["clutter"]:
            bare = line.lstrip("•- ").strip()
            if len(bare) > 6 and bare not in w["title"]:  # short words (기본, 크게) occur in prose
                assert bare not in g["body"], bare
        assert "kind" not in everything


def test_euc_kr_pages_are_read_through_their_declaration():
    euc = [p for p in PAGES if b"charset=euc-kr" in p.read_bytes()[:2000]]
    assert {p.parent.name for p in euc} >= {"ndsoft", "etoday", "newsway", "naver"}
    for page in euc:
        with pytest.raises(UnicodeDecodeError):
            page.read_bytes().decode("utf-8")
        assert cleaned(page)[0]["title"] == expected(page)["articles"][0]["title"]


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_profile_chosen_by_url_and_by_markup(page):
    html = decode(page.read_bytes())
    url = expected(page)["url"]
    assert find_profile(url, html).name == page.parent.name
    assert find_profile(None, html).name == page.parent.name  # a page saved without its URL


def test_url_alone_picks_the_profile_and_cms_family_spans_hosts():
    assert find_profile("https://www.etoday.co.kr/news/view/2300001", "").name == "etoday"
    assert find_profile("https://m.metroseoul.co.kr/article/20230418500163", "").name == "metroseoul"
    assert find_profile("https://v.daum.net/v/20240801104219788", "").name == "daum"
    for url in ("https://n.news.naver.com/article/001/0014823456", "https://n.news.naver.com/mnews/article/001/0014823456",
                "https://news.naver.com/main/read.naver?oid=001&aid=0014823456", "https://m.news.naver.com/read.nhn?oid=1&aid=2",
                "https://sports.news.naver.com/news.nhn?oid=109&aid=1", "https://m.sports.naver.com/kbaseball/article/109/1",
                "https://entertain.naver.com/read?oid=076&aid=1", "https://m.entertain.naver.com/article/076/1"):
        assert find_profile(url, "").name == "naver", url
    for host in ("www.ezyeconomy.com", "www.mediatoday.co.kr", "www.some-local-news.kr"):
        assert find_profile(f"https://{host}/news/articleView.html?idxno=1234", "").name == "ndsoft"
    assert find_profile("https://www.example.com/news/view/1", "<html><body><p>x</p></body></html>") is None


def test_cms_family_on_an_unknown_host_by_markup():
    html = decode((SITES / "ndsoft" / "mediatoday-2021-broadcast.html").read_bytes())
    url = "https://news.example-local.kr/a/2021/06/14/broadcast"
    (article,) = clean(html, url=url)
    assert article.cleaner == "ndsoft/2019"
    assert article.site == "news.example-local.kr"
    assert article.title == "지역 방송사들 뉴스 공동 제작 늘린다"


def test_trace_names_each_removal_by_site_rule():
    trace = []
    cleaned(SITES / "etoday" / "etoday-2015-gigastory.html", trace=trace)
    rules = {d.rule for d in trace}
    assert {"etoday:reactions", "etoday:coin-ticker", "etoday:company", "etoday:font-size"} <= rules
    assert any(d.rule == "etoday:reactions" and d.text == "좋아요0" for d in trace)
    trace = []
    cleaned(SITES / "daum" / "v-yonhap-foliage.html", trace=trace)
    assert ("rules:signature", "hskim@yna.co.kr") in {(d.rule, d.text) for d in trace}
    trace = []
    cleaned(SITES / "newsway" / "view-2020-kt-partners.html", trace=trace)
    assert ("newsway:credit-caption", "사진=KT.") in {(d.rule, d.text) for d in trace}


def _profile(name):
    return next(p for p in profiles() if p.name == name)


def test_layout_order_follows_the_date():
    etoday = _profile("etoday")
    assert [lay.version for lay in etoday.layout_for(date(2015, 10, 8))] == ["2012", "2019"]
    assert [lay.version for lay in etoday.layout_for(datetime(2023, 1, 1, tzinfo=KST))] == ["2019", "2012"]
    assert etoday.layout_for(None)[0].version == "2019"  # no date: newest first


# one page both ND-soft skins could serve: the date decides which one is read
HYBRID = """<html lang="ko"><head><title>t</title></head><body>
<div class="article-head-title">제목</div>
<div class="info-text"><ul><li>김하늘 기자</li>{stamp}</ul></div>
<div id="articleBody"><p>옛 화면의 본문입니다.</p></div>
<header class="article-view-header"><h3 class="heading">제목</h3></header>
<article id="article-view-content-div"><p>새 화면의 본문입니다.</p></article>
</body></html>"""


def test_layout_chosen_by_the_pages_own_stamp_then_fetch_time_then_newest():
    url = "https://www.ezyeconomy.com/news/articleView.html?idxno=1"
    (old,) = clean(HYBRID.format(stamp="<li>입력 2017.12.28 10:21</li>"), url=url,
                   fetched=datetime(2024, 1, 1, tzinfo=KST))
    assert (old.cleaner, old.body) == ("ndsoft/2016", "옛 화면의 본문입니다.")
    assert old.published == datetime(2017, 12, 28, 10, 21, tzinfo=KST)
    undated = HYBRID.format(stamp="")
    (by_fetch,) = clean(undated, url=url, fetched=datetime(2017, 3, 1, tzinfo=KST))
    assert by_fetch.cleaner == "ndsoft/2016"
    (newest,) = clean(undated, url=url)
    assert (newest.cleaner, newest.body) == ("ndsoft/2019", "새 화면의 본문입니다.")


def test_old_article_in_todays_markup_falls_to_the_layout_that_serves_it():
    (article,) = cleaned(SITES / "etoday" / "etoday-2015-gigastory.html")
    assert article["published"].startswith("2015-10-08") and article["cleaner"] == "etoday/2019"


def test_profile_gives_none_for_pages_it_cannot_read():
    etoday = _profile("etoday")
    assert etoday.clean("<html><body><p>점검 중입니다</p></body></html>", "https://www.etoday.co.kr/x") is None
    assert etoday.clean("", "https://www.etoday.co.kr/x") is None


def test_listing_gives_one_article_per_entry_with_its_own_url():
    got = cleaned(SITES / "metroseoul" / "list-2023-industry-policy.html")
    assert len(got) == 8 and len({a["url"] for a in got}) == 8
    assert all(a["url"].startswith("https://www.metroseoul.co.kr/article/") for a in got)
    assert all(a["cleaner"] == "metroseoul/list-2019" and a["section"] == "산업>정책" for a in got)


def test_page_saved_without_its_url_takes_the_canonical_one():
    page = SITES / "ndsoft" / "mediatoday-2021-broadcast.html"
    (article,) = clean(page.read_bytes())
    assert article.cleaner == "ndsoft/2019"
    assert article.url == expected(page)["url"] and article.site == "mediatoday.co.kr"
    (entry, *_) = clean((SITES / "metroseoul" / "list-2023-industry-policy.html").read_bytes())
    assert entry.url.endswith("/article/20230418500163")  # no URL to resolve against: the link as written


def test_cli_cleans_a_fixture_with_its_profile_and_explains_the_cuts():
    from conftest import run_cli

    page = SITES / "newsway" / "view-2020-kt-partners.html"
    done = run_cli("clean", page, "--format", "jsonl", "--explain", "--jobs", "1")
    assert done.returncode == 0, done.stderr
    (line,) = [ln for ln in done.stdout.splitlines() if ln.strip()]
    article = json.loads(line)
    assert article["cleaner"] == "newsway/2019" and article["url"] == expected(page)["url"]
    assert "newsway:weather" in done.stderr and "서울 7℃" in done.stderr


@pytest.mark.parametrize("page", PAGES[::3], ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_truncated_or_broken_pages_give_articles_or_none(page):
    html = decode(page.read_bytes())
    profile = find_profile(expected(page)["url"], html)
    for cut in range(0, len(html), len(html) // 12):
        for variant in (html[:cut], html[cut:], html[:cut] + "<div><p>" * 300):
            articles = profile.clean(variant, expected(page)["url"])
            assert articles is None or all(a.title and a.body for a in articles)


def test_authors_fall_back_to_the_wire_credit_when_the_byline_is_missing():
    page = SITES / "daum" / "v-yonhap-foliage.html"
    html = page.read_text(encoding="utf-8").replace('<span class="txt_info">김현수 기자</span>', "")
    (article,) = clean(html, url=expected(page)["url"])
    assert article.authors == ["김현수"]
    assert article.body == expected(page)["articles"][0]["body"]


def test_a_url_owned_by_one_profile_is_not_taken_by_another_profiles_marks():
    page = SITES / "daum" / "v-yonhap-foliage.html"
    html = decode(page.read_bytes()).replace(
        "</head>", '<meta property="og:site_name" content="이투데이"></head>')  # a quoted partner tag
    assert find_profile(expected(page)["url"], html).name == "daum"


NAVER = SITES / "naver"


def test_naver_site_is_the_portal_and_publisher_the_press():
    for page in sorted(NAVER.glob("*.html")):
        (article,) = cleaned(page)
        assert article["site"] == urlsplit(expected(page)["url"]).hostname
        assert article["publisher"] and article["original_url"].startswith("http")
        assert article["publisher"] not in article["site"]


def test_naver_machine_summary_goes_to_summary_never_to_the_body():
    (article,) = cleaned(NAVER / "n-yonhap-2024-heatwave.html")
    assert len(article["summary"]) == 3
    assert all(line not in article["body"] for line in article["summary"])
    assert "요약봇" not in article["body"] and "자동 추출" not in article["body"]


def test_naver_exact_times_come_from_the_data_attributes():
    page = NAVER / "n-yonhap-2024-heatwave.html"
    html = page.read_text(encoding="utf-8")
    (article,) = clean(html, url=expected(page)["url"])
    assert article.published == datetime(2024, 8, 1, 10, 42, 19, tzinfo=KST)  # the attribute, to the second
    assert article.modified == datetime(2024, 8, 1, 11, 5, 3, tzinfo=KST)
    (printed,) = clean(html.replace('data-date-time="2024-08-01 10:42:19"', ""), url=expected(page)["url"])
    assert printed.published == datetime(2024, 8, 1, 10, 42, tzinfo=KST)  # no attribute: the printed stamp
    # where the attribute and the printed 입력 disagree, readers see the printed one
    (shown,) = clean(html.replace("2024.08.01. 오전 10:42", "2024.08.01. 오전 10:40"), url=expected(page)["url"])
    assert shown.published == datetime(2024, 8, 1, 10, 40, tzinfo=KST)


def test_naver_cuts_are_named():
    trace = []
    cleaned(NAVER / "n-yonhap-2024-heatwave.html", trace=trace)
    rules = {d.rule for d in trace}
    assert {"naver:reactions", "naver:subscribe", "naver:most-read", "naver:comment-count", "naver:copyright",
            "naver:font-size", "naver:share", "naver:press-notice", "naver:summary-layer"} <= rules
    texts = [d.text for d in trace]
    assert texts.count("기자 구독 후 기사보기") == 1  # a card inside the cut subscription block goes with it
    trace = []
    cleaned(NAVER / "m-newsis-2021-battery.html", trace=trace)
    assert any(d.rule == "naver:press-tip" for d in trace)
    assert ("naver:press-notice", "이 기사는 언론사에서 편집했습니다.") in {(d.rule, d.text) for d in trace}


def test_naver_layouts_by_date():
    naver = _profile("naver")
    assert naver.layout_for(date(2017, 3, 2))[0].version in {"2012", "sports-2014", "entertain-2014", "mobile-2016"}
    assert naver.layout_for(date(2024, 8, 1))[0].version == "2022"


# -- the markup Naver and Daum serve, in fixtures built on the real pages' structure -------------

DAUM = SITES / "daum"


def test_daum_versions_are_told_apart_by_their_header_whatever_the_date():
    new = DAUM / "v-broadcast-2026-flood-drill.html"
    old = DAUM / "v-wire-2010-sunrise.html"
    assert cleaned(new)[0]["cleaner"] == "daum/2026"
    assert cleaned(old)[0]["cleaner"] == "daum/2023"
    # an old story re-served in today's markup lands on today's layout, and the other way round
    html = new.read_text(encoding="utf-8").replace("20260402180512", "20100402180512").replace("2026. 4. 2.", "2010. 4. 2.")
    (article,) = clean(html, url=expected(new)["url"])
    assert (article.cleaner, article.authors) == ("daum/2026", ["한지우"])
    html = old.read_text(encoding="utf-8").replace("20100101081507", "20260101081507").replace("2010. 01. 01.", "2026. 01. 01.")
    (article,) = clean(html, url=expected(old)["url"])
    assert (article.cleaner, article.published.year) == ("daum/2023", 2026)


def test_daum_2026_reads_the_bare_reporter_name_and_the_exact_time():
    (article,) = cleaned(DAUM / "v-broadcast-2026-flood-drill.html")
    assert article["authors"] == ["한지우"] and article["publisher"] == "한빛TV"
    assert article["published"] == "2026-04-02T18:05:12+09:00"  # og:regDate's seconds behind the printed 18:05
    trace = []
    cleaned(DAUM / "v-broadcast-2026-flood-drill.html", trace=trace)
    rules = {(d.rule, d.text) for d in trace}
    assert ("daum:partner-credit", "영상편집 : 서하람") in rules
    assert ("daum:press-tip", "[전화] 02-000-0000") in rules


def test_a_profile_reads_a_byline_glued_to_the_last_sentence_and_keeps_the_sentence():
    page = DAUM / "v-wire-2010-sunrise.html"
    html = page.read_text(encoding="utf-8").replace(
        "운행했다.</p>", "운행했다.강릉=문가온 기자 gaon@example-wire.kr</p>").replace("(강릉=예시통신) 문가온 기자 = ", "")
    trace = []
    (article,) = clean(html, url=expected(page)["url"], trace=trace)
    assert article.authors == ["문가온"]
    assert article.paragraphs[-1] == "시는 해변 일대에 임시 주차장 다섯 곳을 열고 셔틀버스를 10분 간격으로 운행했다."
    assert any(d.text == "강릉=문가온 기자 gaon@example-wire.kr" for d in trace)


def test_a_printed_time_wins_over_an_exact_one_that_disagrees():
    page = DAUM / "v-wire-2010-sunrise.html"
    html = page.read_text(encoding="utf-8").replace('content="20100101081507"', 'content="20091231231507"')  # UTC, unlabelled
    (article,) = clean(html, url=expected(page)["url"])
    assert article.published == datetime(2010, 1, 1, 8, 15, 7, tzinfo=KST)  # the printed minute, the seconds kept


def test_naver_old_desktop_reads_the_byline_box_outside_the_body_and_text_after_comments():
    (article,) = cleaned(NAVER / "read-desktop-2021-byline-box.html")
    assert article["authors"] == ["윤다온"]
    assert article["subtitle"] == ["천천히 부풀린 반죽… 소화 잘된다는 입소문", "재료값 올라 가격은 부담"]
    assert article["body"].count("\n\n") == 5  # the paragraphs after `<!-- MobileAdNew center -->` are there
    assert "{=journalist" not in article["body"]


def test_naver_sports_cuts_the_press_promo_links_between_paragraphs():
    trace = []
    (article,) = cleaned(NAVER / "sports-2017-promo-links.html", trace=trace)
    assert "[리그]" not in article["body"] and "섹션 분류" not in article["body"]
    assert {"naver:promotion", "naver:section-guide"} <= {d.rule for d in trace}


def test_a_portal_transcript_keeps_its_speaker_labels():
    """A broadcaster's transcript on Daum: `[진행자]`/`[리포터]` labels alternate and stay as their own
    paragraphs, while the bracketed copyright line still goes."""
    page = DAUM / "v-broadcast-2026-flood-drill.html"
    html = page.read_text(encoding="utf-8")
    for pid, label in [("Pa01", "[진행자]"), ("Pa02", "[리포터]"), ("Pa04", "[진행자]")]:
        mark = f'<p dmcf-pid="{pid}" dmcf-ptype="general">'
        html = html.replace(mark, f'<p dmcf-pid="L{pid}" dmcf-ptype="general">{label}</p>{mark}')
    (article,) = clean(html, url=expected(page)["url"])
    labels = [p for p in article.paragraphs if p.startswith("[")]
    assert labels == ["[진행자]", "[리포터]", "[진행자]"]
    assert article.paragraphs[article.paragraphs.index("[리포터]") + 1].startswith("팔당댐 방류량이")
