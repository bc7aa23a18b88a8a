"""The text-dump path on pages built for the test: other outlets, other widgets, other
languages than the seed pages, and input no page would ever contain."""
import shutil
import subprocess
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaners.meta import KST
from cleaners.model import Article, Drop
from cleaners.textdump import clean_text

PROSE = [
    "서울시는 내년부터 모든 시내버스에 저상버스를 도입한다고 3일 밝혔다.",
    "시는 이를 위해 올해 추경 예산 120억원을 편성했으며, 노후 차량부터 순차적으로 교체할 계획이다.",
    "교통약자 단체들은 환영의 뜻을 밝히면서도 정류장 시설 개선이 함께 이뤄져야 한다고 지적했다.",
    "오세훈 시장은 “누구나 편하게 버스를 탈 수 있는 도시를 만들겠다”고 말했다.",
]

KOREAN_PAGE = "\n".join([
    "2025년 01월 03일 금요일",
    "",
    "  • 대구 -3℃",
    "  • 광주 2℃",
    "  • 세종 -1℃",
    "",
    "  • 코스피",
    "  • 2,450.12",
    "  • +0.45%",
    "  • 달러/원",
    "  • 1,470.50",
    "  • -0.12%",
    "",
    "서울 시내버스, 내년부터 전부 저상버스로",
    "서울 시내버스, 내년부터 전부 저상버스로",
    "  • 김민수 기자",
    "  • 입력 2024.12.03 10:15",
    "  • 수정 2024.12.03 11:20",
    "  • 공유하기",
    "  • 글자크기 설정",
    "",
    "추경 120억원 편성…노후 차량부터 교체",
    "",
    "서울시내를 달리는 저상버스. / 연합뉴스",
    "서울시내를 달리는 저상버스. / 연합뉴스",
    "",
    *[p for para in PROSE for p in (para, "")],
    "김민수 기자 minsu@seoulpaper.co.kr",
    "<저작권자 © 서울신문 무단전재 및 재배포 금지>",
    "",
    "  • 훈훈해요 3",
    "  • 슬퍼요 0",
    "",
    "많이 본 뉴스",
    "  • 연말 물가 다시 들썩…장바구니 부담 커져",
    "  • 한파 특보 확대, 출근길 빙판 주의",
    "  • 프로야구 FA 시장 마감 임박",
])


def test_korean_article_with_widgets_of_other_outlets():
    trace = []
    arts = clean_text(KOREAN_PAGE, trace=trace)
    assert len(arts) == 1
    a = arts[0]
    assert a.title == "서울 시내버스, 내년부터 전부 저상버스로"
    assert a.subtitle == ["추경 120억원 편성…노후 차량부터 교체"]
    assert a.authors == ["김민수"]
    assert a.published == datetime(2024, 12, 3, 10, 15, tzinfo=KST)
    assert a.published.utcoffset() == timedelta(hours=9)
    assert a.modified == datetime(2024, 12, 3, 11, 20, tzinfo=KST)
    assert a.captions == ["서울시내를 달리는 저상버스. / 연합뉴스"]
    assert a.paragraphs == PROSE
    assert a.site == "seoulpaper.co.kr"
    assert a.cleaner == "text/1"
    rules = {d.rule for d in trace}
    assert {"weather", "ticker", "share", "font_size", "copyright", "reaction", "related"} <= rules
    assert all(isinstance(d, Drop) and d.text for d in trace)
    kept = "\n".join([a.title, *a.subtitle, a.body])
    for clutter in ("대구", "2,450.12", "공유하기", "훈훈해요", "저작권자", "한파 특보", "2025년 01월 03일"):
        assert clutter not in kept


ENGLISH_PAGE = "\n".join([
    "The Daily Example",
    "",
    "  • Home",
    "  • World",
    "  • Business",
    "  • Sport",
    "",
    "Business > Markets",
    "",
    "Harbour city approves a new tidal power plant",
    "",
    "By Jane Doe and John Smith",
    "Published March 4, 2021 10:30 AM",
    "",
    "  • Share on Facebook",
    "  • Share on Twitter",
    "",
    "The city council voted on Tuesday to build a tidal power plant at the mouth of the harbour.",
    "",
    "Construction is expected to take four years and to cost about 300 million pounds, officials said.",
    "",
    "Opponents argued that the plant would harm the local fishing industry and the bird reserve nearby.",
    "",
    "Like 12",
    "",
    "Related articles",
    "  • Wind farm plan shelved after protests",
    "  • Ferry fares to rise in spring",
    "",
    "© 2021 The Daily Example. All rights reserved.",
])


def test_english_article_reads_byline_and_keeps_utc():
    a, = clean_text(ENGLISH_PAGE)
    assert a.title == "Harbour city approves a new tidal power plant"
    assert a.authors == ["Jane Doe", "John Smith"]
    assert a.published == datetime(2021, 3, 4, 10, 30, tzinfo=timezone.utc)
    assert len(a.paragraphs) == 3 and a.paragraphs[0].startswith("The city council voted")
    assert "Wind farm" not in a.body and "Like 12" not in a.body and "Share" not in a.body
    assert a.section == "Business > Markets"


def entry(title, body, stamp, name):
    return ["사진보기", title, "", body, "", f"{stamp} {name} 기자"]


LISTING = "\n".join([
    "  • 정치", "  • 경제", "  • 사회", "  • 국제", "",
    *entry("정부, 반도체 지원 10조 추가", "정부가 반도체 산업에 10조원 규모의 추가 지원책을 내놓았다. " * 4,
           "2024-05-02 10:00:00", "박지훈"),
    *entry("한은, 기준금리 동결", "한국은행이 기준금리를 연 3.5%로 동결했다. 물가 안정이 우선이라는 판단이다. " * 3,
           "2024-05-01 15:30:10", "이수진"),
    *entry("수출 8개월 연속 증가", "지난달 수출이 전년 같은 달보다 13% 늘어 8개월 연속 증가세를 이어갔다. " * 3,
           "2024-05-01 09:05:00", "최동욱"),
])


def test_listing_gives_one_article_per_entry():
    arts = clean_text(LISTING)
    assert [a.title for a in arts] == ["정부, 반도체 지원 10조 추가", "한은, 기준금리 동결", "수출 8개월 연속 증가"]
    assert [a.authors for a in arts] == [["박지훈"], ["이수진"], ["최동욱"]]
    assert arts[1].published == datetime(2024, 5, 1, 15, 30, 10, tzinfo=KST)
    assert all("기자" not in a.body and "사진보기" not in a.body for a in arts)


def test_portal_summary_and_name_split_from_its_role():
    page = "\n".join([
        "지하철 요금 150원 인상",
        "자동요약 기사 제목과 주요 문장을 기반으로 자동요약한 결과입니다.",
        "서울 지하철 기본요금이 다음 달부터 150원 오른다.",
        "시는 적자 누적을 이유로 들었다.",
        "  • 가장작게",
        "  • 가장크게",
        "등록 2023.09.01 08:00",
        "",
        "박서연",
        "",
        "  기자",
        "",
        *PROSE,
    ])
    a, = clean_text(page)
    assert a.title == "지하철 요금 150원 인상"
    assert a.summary == ["서울 지하철 기본요금이 다음 달부터 150원 오른다.", "시는 적자 누적을 이유로 들었다."]
    assert a.authors == ["박서연"]
    assert a.published == datetime(2023, 9, 1, 8, 0, tzinfo=KST)
    assert a.paragraphs == PROSE


def test_wire_credit_opening_the_body_names_the_author():
    page = "\n".join(["노벨상 발표", "", "(스톡홀름=연합뉴스) 정하늘 특파원 = " + PROSE[0], "", *PROSE[1:]])
    a, = clean_text(page)
    assert a.authors == ["정하늘"]
    assert a.title == "노벨상 발표"


def test_hard_wrapped_sentence_is_one_paragraph():
    page = "Title of the piece\n\nThe committee met for three hours on Monday evening and talked it over.\n\n" \
           "It will present a new plan for the river banks to the residents\nin the town hall next month, the chair said."
    a, = clean_text(page)
    assert a.paragraphs[-1] == ("It will present a new plan for the river banks to the residents in the town hall "
                                "next month, the chair said.")


@pytest.mark.parametrize("text", ["", "   \n\n", "  • Home\n  • News\n  • Sport\n  • 로그인", "서울 7℃\n부산 9℃"])
def test_no_article_gives_empty_list(text):
    assert clean_text(text) == []


def test_huge_inputs_stay_linear_and_never_raise():
    assert isinstance(clean_text("가" * 2_000_000), list)
    assert isinstance(clean_text("x\n" * 100_000), list)
    big = clean_text("".join(f"Paragraph {i} is part of a very long text about nothing much. " * 20 + "\n\n"
                             for i in range(2000)))
    assert len(big) == 1 and len(big[0].paragraphs) == 2000


@settings(max_examples=300, deadline=timedelta(seconds=10), derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.one_of(
    st.text(max_size=80),
    st.sampled_from(["  • ", "기자", "입력 2022.05.02 02:14", "▲", "사진=", "[서울=뉴시스]", "\r", "\u2028",
                     "전체 맥락을 이해하기 위해서는 본문 보기를 권장합니다.", "2023-04-18 09:37:45 김승호 기자",
                     "이 글자크기로 변경됩니다.", "Copyright ©", "A" * 300 + "."]),
), max_size=40).map("\n".join))
def test_any_text_gives_a_list_of_articles(text):
    arts = clean_text(text, trace=[])
    assert isinstance(arts, list) and all(isinstance(a, Article) for a in arts)
    for a in arts:
        a.to_dict()


def test_script_source_in_a_dump_is_not_prose():
    js = ('function(e){if(4===this.readyState){var r=0===this.status&&!1!==f.onLine,o="2"===String(this.status)[0];'
          'return void 0!==arguments[0]?arguments[0]:window}}') * 8
    css = ".sp_message .sp_message_dismiss:outline { outline: none; } .sp_iframe_container { display: block; }" * 6
    trace = []
    a, = clean_text("\n\n".join([js, css, "Harbour plan approved", *ENGLISH_PAGE.split("\n")[17:22]]), trace=trace)
    assert "readyState" not in a.body and "sp_message" not in a.body
    assert a.body.startswith("The city council voted")
    assert [d.rule for d in trace if "readyState" in d.text or "sp_message" in d.text] == ["script", "script"]


def test_teasers_after_a_comments_marker_do_not_win_over_a_short_article():
    teaser = "Another story about something else that happened somewhere, with more words to read here."
    page = "\n\n".join(["A short note on the bridge", *PROSE_EN, "Leave a comment", *[teaser + f" ({i})" for i in range(12)]])
    a, = clean_text(page)
    assert a.body.startswith(PROSE_EN[0]) and "Another story" not in a.body


PROSE_EN = ["The old bridge over the river will close for repairs from Monday, the town said on Friday.",
            "Engineers found cracks in two of its piers during an inspection last month, officials said."]


def test_bylines_far_below_the_article_are_not_its_authors():
    sidebar = ["", "포토뉴스", "", *[f"  • 다른 기사 제목 {i}" for i in range(15)], "", "최영수 기자", "2024.12.01 09:00"]
    a, = clean_text(KOREAN_PAGE + "\n" + "\n".join(sidebar))
    assert a.authors == ["김민수"]
    assert a.published == datetime(2024, 12, 3, 10, 15, tzinfo=KST)


# --- pages laid out as tables, headlines, dates and furniture lines -----------------------

STORY = ("The council voted on Monday to close the harbour road to lorries for a year, after months of debate "
         "that split the traders and the people who live along the quay. The trial begins in June and a "
         "report on its effect on trade will be published when it ends.")


def _layout(nav: list[str], story: str, width: int = 44, gap: int = 4) -> str:
    """A text browser's dump of a two-column table: a menu cell beside a story cell wrapped at `width`."""
    words, rows, line = story.split(), [], ""
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            rows.append(line)
            line = w
        else:
            line = (line + " " + w).strip()
    rows.append(line)
    left = max(map(len, nav)) + gap
    out = [(nav[k] if k < len(nav) else "").ljust(left) + (rows[k] if k < len(rows) else "")
           for k in range(max(len(nav), len(rows)))]
    return "\n".join(x.rstrip() for x in out)


def test_a_table_layout_is_read_column_by_column_and_its_wrapped_lines_rejoined():
    nav = ["Home", "Local news", "Sport", "Weather", "Jobs", "Contact us", "Archive", "Subscribe"]
    dump = "\n".join(["Harbour road closed to lorries for a year", "", _layout(nav, STORY)])
    arts = clean_text(dump)
    assert arts and arts[0].body == STORY
    assert arts[0].title == "Harbour road closed to lorries for a year"
    for item in nav:
        assert item not in arts[0].body


def test_a_data_table_reads_row_by_row():
    from cleaners.textdump import _columns
    rows = ["Time        Place", "9:00 AM     Leaves the house and walks to the market.",
            "10:00 AM    At the market.", "2:00 PM     Back home for lunch."]
    assert _columns(rows) == rows


def test_a_bordered_table_and_a_double_space_in_prose_are_not_columns():
    from cleaners.textdump import _columns
    rows = ["│Length in cm      │478,5      │", "│Width in cm       │190,0      │",
            "Leave the cake on the rack for at least 1 hr.  Then cut it into small squares and serve."]
    assert _columns(rows) == rows


def test_the_headline_is_the_line_whose_words_the_story_repeats():
    dump = "\n".join([
        "Home | News | Sport | Weather | Contact",
        "",
        "Harbour road closed to lorries for a year",
        "",
        "Enlarge photo",
        "Lorries queue on the harbour road",
        "",
        STORY,
        "",
        "Councillors said the quay had been rebuilt twice in ten years and could not take the weight of traffic.",
    ])
    arts = clean_text(dump)
    assert arts[0].title == "Harbour road closed to lorries for a year"


def test_separator_and_bar_menu_lines_are_dropped_by_name():
    trace: list[Drop] = []
    dump = "\n".join(["Home | News | Sport | Weather | Contact", "━━━━━━━━━━━━━━━━━━━━",
                      "Harbour road closed to lorries for a year", "", STORY])
    arts = clean_text(dump, trace=trace)
    assert arts[0].body == STORY
    rules = {d.rule: d.text for d in trace}
    assert rules.get("menu") == "Home | News | Sport | Weather | Contact"
    assert rules.get("separator", "").startswith("━━━")
    # a bar inside a sentence is not a menu
    assert clean_text("Title of the story\n\n" + "Prices rose | fell | rose again, the traders said, and "
                      "nobody could tell which way the market would go next week.")[0].body.startswith("Prices")


@pytest.mark.parametrize("line, day", [
    ("04 января 2012, 22:03", "2012-01-04"),
    ("Czwartek, 5 stycznia 2012", "2012-01-05"),
    ("12 Ιανουαρίου 2012", "2012-01-12"),
    ("2012年01月17日 21:00", "2012-01-17"),
    ("Thursday 12 January 2012", "2012-01-12"),
])
def test_the_date_line_nearest_the_headline_dates_the_article(line, day):
    dump = "\n".join(["Monday 9 January 2012", "  • Home", "  • News", "", "Harbour road closed to lorries",
                      "", line, "", STORY])
    art = clean_text(dump)[0]
    assert art.published is not None and art.published.date().isoformat() == day
    assert art.published.utcoffset() == timedelta(0)  # no zone written on a page that is not Korean


def test_a_date_inside_a_sentence_does_not_date_the_article():
    dump = "\n".join(["Harbour road closed to lorries", "", STORY + " The first closure was on 4 May 2009.",
                      "", "More than 3,000 lorries used the road in 2011, the council said in its report."])
    assert clean_text(dump)[0].published is None


def test_long_space_padded_lines_are_cleaned():
    pad = "[rows_delimiter]" + " " * 3000
    arts = clean_text("\n".join([pad] * 200 + ["Harbour road closed to lorries", "", STORY]))
    assert arts and arts[0].body == STORY


@pytest.mark.skipif(not shutil.which("w3m"), reason="w3m is not installed")
def test_a_w3m_dump_of_a_fixture_page_comes_out_clean():
    page = Path(__file__).resolve().parent.parent / "fixtures" / "html" / "en_jsonld.html"
    dump = subprocess.run(["w3m", "-dump", "-T", "text/html", "-I", "UTF-8", "-O", "UTF-8", "-cols", "10000",
                           str(page)], capture_output=True, timeout=60, check=True).stdout.decode("utf-8")
    art = clean_text(dump)[0]
    assert art.title == "Harbour town votes to ban cars from its old quarter"
    assert art.authors == ["Mary Holt", "Sam Okafor"]
    assert art.published is not None and art.published.date().isoformat() == "2023-03-14"
    assert art.body.startswith("Councillors in the harbour town voted on Monday night")
    assert "whether to make it permanent." in art.body
    for clutter in ("Subscribe", "Lifeboat crew honoured", "All rights reserved", "Sign up to our daily newsletter"):
        assert clutter not in art.body


def test_a_story_sentence_above_the_first_paragraph_is_not_the_headline():
    dump = "\n".join([
        "Harbour road closed to lorries for a year",
        "",
        "Home | News | Sport | Weather | Contact",
        "",
        ("HARBOURTON, May 4 -- The council voted on Monday to close the old harbour road to all lorries for a "
         "whole year, after months of"),
        "",
        STORY,
    ])
    assert clean_text(dump)[0].title == "Harbour road closed to lorries for a year"


# Lists of links after a story, in several languages and with no word any rule knows: lines
# set one under another with no blank line between, none a sentence.
_LIST_STORIES = {
    "ru": (["Городские власти объявили о начале реконструкции центрального парка, которая продлится два года.",
            "По словам чиновников, работы будут вестись поэтапно, чтобы жители могли гулять в открытой части.",
            "Стоимость проекта оценивается в миллиард рублей, средства выделят из регионального бюджета."],
           "Похожие материалы недели",
           ["Новый мост откроют к осени в пригороде", "Цены на билеты в метро вырастут с января",
            "Школьники победили на олимпиаде по физике", "В зоопарке родились два медвежонка"]),
    "el": (["Η δημοτική αρχή ανακοίνωσε την έναρξη των εργασιών ανάπλασης της κεντρικής πλατείας της πόλης.",
            "Σύμφωνα με τον δήμαρχο, οι εργασίες θα ολοκληρωθούν μέσα σε δεκαοκτώ μήνες από σήμερα.",
            "Το κόστος του έργου ανέρχεται σε τρία εκατομμύρια ευρώ και θα καλυφθεί από ευρωπαϊκά κονδύλια."],
           "Δείτε ακόμα αυτά",
           ["11:29 Νέα γέφυρα στην είσοδο της πόλης", "11:13 Παράταση για τις δηλώσεις των πολιτών",
            "10:52 Κλειστοί δρόμοι λόγω αγώνα δρόμου", "10:43 Ανοίγει το νέο μουσείο της πόλης"]),
    "pl": (["Władze miasta ogłosiły rozpoczęcie przebudowy głównego placu, która potrwa niemal dwa lata.",
            "Jak zapowiedział prezydent miasta, prace będą prowadzone etapami, aby nie utrudniać ruchu.",
            "Koszt inwestycji szacuje się na czterdzieści milionów złotych ze środków unijnych programu."],
           "Warto przeczytać teraz",
           ["Nowy most otwarty przed terminem", "Bilety komunikacji podrożeją od stycznia",
            "Uczniowie wygrali olimpiadę fizyczną", "W zoo urodziły się dwa niedźwiadki"]),
    "zh": (["市政府今天宣布，中心广场的改造工程将于下月正式开工，预计工期为两年左右，届时将全面开放。",
            "市长表示，施工将分阶段进行，以尽量减少对周边居民和商户日常生活的影响，并设置临时通道。",
            "该项目总投资约三亿元，资金主要来自市级财政和社会资本，预计将带动周边商业的发展。"],
           "看看这些",
           ["新大桥提前通车 市民点赞", "地铁票价明年起调整", "中学生获物理竞赛金牌", "动物园迎来两只熊猫宝宝"]),
}


@pytest.mark.parametrize("lang", sorted(_LIST_STORIES))
def test_a_list_of_links_after_the_story_is_not_its_text(lang):
    story, heading, links = _LIST_STORIES[lang]
    page = "\n\n".join(["Menu", "Title of the day", *story, heading, "\n".join(links),
                        "Footer"])
    trace = []
    arts = clean_text(page, trace=trace)
    assert len(arts) == 1
    body = arts[0].body
    assert all(p in body for p in story)
    assert not any(link in body for link in links)
    assert any(d.text == links[0] for d in trace)


def test_a_teaser_list_does_not_outweigh_a_short_story_below_it():
    links = [f"Headline number {k} about the city council budget" for k in range(12)]
    story = ["The council approved the new budget on Tuesday after a long debate about school funding.",
             "The mayor said the plan would be reviewed again in spring, once the tax figures are in."]
    page = "\n\n".join(["\n".join(links), "Council approves budget", *story])
    arts = clean_text(page)
    assert arts and arts[0].body == "\n\n".join(story)


def test_a_paragraph_wrapped_over_lines_is_not_a_list():
    wrapped = ["Οι εργασίες στην κεντρική πλατεία θα ξεκινήσουν", "τον επόμενο μήνα και θα διαρκέσουν",
               "περίπου δεκαοκτώ μήνες, σύμφωνα με τον δήμαρχο."]
    page = "\n\n".join(["Νέα πλατεία στην πόλη",
                        "Ο δήμος ενέκρινε χθες το σχέδιο για την ανάπλαση της πλατείας μετά από μακρά συζήτηση.",
                        "\n".join(wrapped),
                        "Το κόστος του έργου ανέρχεται σε τρία εκατομμύρια ευρώ από ευρωπαϊκά κονδύλια."])
    arts = clean_text(page)
    assert arts and all(w in arts[0].body for w in wrapped)


def test_a_byline_glued_to_the_last_sentence_is_read_and_cut():
    last = PROSE[-1].rstrip() + "부산=박서준 기자 park@example-ilbo.kr"
    page = "\n".join(["항만 물동량 늘어", "", *PROSE[:-1], "", last])
    a, = clean_text(page)
    assert a.authors == ["박서준"]
    assert a.paragraphs[-1] == PROSE[-1].rstrip()
