"""Stamps, bylines and outlet names as Korean and English pages write them."""
from datetime import datetime, timedelta, timezone

import pytest

from cleaners.meta import (KST, body_bylines, byline_authors, clean_author, closing_byline, contributor, is_desk,
                           merge_authors, numeric_order, parse_time, shown_time, site_from_text, stamp, stamps)


def kst(*args):
    return datetime(*args, tzinfo=KST)


@pytest.mark.parametrize("text, want", [
    ("승인 2022.05.02 02:14", kst(2022, 5, 2, 2, 14)),
    ("입력 2015-10-08 09:00", kst(2015, 10, 8, 9, 0)),
    ("등록 2020.08.21 16:10", kst(2020, 8, 21, 16, 10)),
    ("2023-04-18 09:37:45 김승호 기자", kst(2023, 4, 18, 9, 37, 45)),
    ("2022년 5월 2일 오후 2:14", kst(2022, 5, 2, 14, 14)),
    ("2022년 5월 2일 오전 12:05", kst(2022, 5, 2, 0, 5)),
    ("기사입력 2019.11.03. 오후 3:07", kst(2019, 11, 3, 15, 7)),
    ("2021/3/4 7:08", kst(2021, 3, 4, 7, 8)),
    ("May 2, 2022 2:14 PM", kst(2022, 5, 2, 14, 14)),
    ("2 May 2022", kst(2022, 5, 2)),
])
def test_parse_time_reads_korean_and_english_stamps(text, want):
    assert parse_time(text) == want


def test_parse_time_keeps_a_written_offset():
    got = parse_time("2022-05-02T14:14:00+00:00")
    assert got == datetime(2022, 5, 2, 14, 14, tzinfo=timezone.utc)
    assert parse_time("Published 2021-03-04T05:06:07-05:00").utcoffset() == timedelta(hours=-5)
    assert parse_time("2022-05-02T14:14:00Z").utcoffset() == timedelta(0)


def test_parse_time_default_zone_and_naive():
    assert parse_time("2020.01.02 03:04").utcoffset() == timedelta(hours=9)
    assert parse_time("2020.01.02 03:04", default_tz=timezone.utc).utcoffset() == timedelta(0)
    assert parse_time("2020.01.02 03:04", default_tz=None).tzinfo is None


@pytest.mark.parametrize("text", ["", None, "no date here", "2022/13/45", "version 1.2.3", "x" * 100000])
def test_parse_time_gives_none_without_a_date(text):
    assert parse_time(text) is None


@pytest.mark.parametrize("line, kind", [
    ("입력 2015-10-08 09:00", "published"),
    ("  • 승인 2022.05.02 02:14", "published"),
    ("기사입력 2021.01.01 10:00", "published"),
    ("최종수정 2021.01.02 11:00", "modified"),
    ("수정 2021-01-02 11:00", "modified"),
    ("업데이트 2021.01.02 11:00", "modified"),
    ("Published: March 4, 2021", "published"),
    ("Updated 2021-03-05 10:00", "modified"),
])
def test_stamp_names_the_kind(line, kind):
    found = stamp(line)
    assert found is not None and found[0] == kind


def test_stamps_reads_both_stamps_of_one_line():
    found = stamps("입력 2022.05.02 02:14 | 수정 2022.05.03 10:00")
    assert found == [("published", kst(2022, 5, 2, 2, 14)), ("modified", kst(2022, 5, 3, 10, 0))]


def test_stamp_needs_a_label():
    assert stamp("2024년 03월 28일 목요일") is None
    assert stamp("[2026.02.19] 증권신고서(채무증권)") is None


@pytest.mark.parametrize("line, names", [
    ("정윤서 기자", ["정윤서"]),
    ("  • 정윤서 기자", ["정윤서"]),
    ("[서울=뉴시스]윤정민 기자 = KT가 1일 양방향 문자 서비스를 도입했다.", ["윤정민"]),
    ("[이지경제=정윤서 기자] KT(대표이사 구현모)와 LG유플러스가", ["정윤서"]),
    ("(부산=연합뉴스) 김철수 기자 = 부산시는 오늘", ["김철수"]),
    ("뉴스웨이 이어진 기자", ["이어진"]),
    ("홍길동 기자 news@x.com", ["홍길동"]),
    ("김철수·이영희 기자", ["김철수", "이영희"]),
    ("워싱턴=박영수 특파원", ["박영수"]),
    ("2023-04-18 09:37:45 김승호 기자", ["김승호"]),
    ("By Jane Doe", ["Jane Doe"]),
    ("By Jane Doe and John Smith", ["Jane Doe", "John Smith"]),
])
def test_byline_authors(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("line", [
    "이정식 고용노동부 장관은 이날 정부세종청사에서 기자들을 만나 말했다.",
    "by the way, this is not a byline",
    "☞공감언론 뉴시스 alpaca@newsis.com",
    "",
])
def test_byline_authors_ignores_prose_and_signatures_without_names(line):
    assert byline_authors(line) == []


def test_site_from_text_prefers_the_reporter_email_domain():
    assert site_from_text("본문입니다.\n\n정윤서 기자 news@ezyeconomy.com") == "ezyeconomy.com"
    assert site_from_text("본문.\n홍길동 기자 hong@gmail.com\nCopyright © 뉴시스") == "newsis.com"


def test_site_from_text_reads_copyright_lines_and_wire_credits():
    assert site_from_text("text\n© 2024 www.example-news.com All rights reserved") == "example-news.com"
    assert site_from_text("ⓒ 연합뉴스, 무단 전재-재배포 금지") == "yna.co.kr"
    assert site_from_text("뉴스웨이 이어진 기자") == "newsway.co.kr"
    assert site_from_text("plain text with nothing to say") is None


@pytest.mark.parametrize("line, kind, when", [
    ("Aktualisiert am 03.02.2020", "modified", kst(2020, 2, 3)),
    ("Zuletzt aktualisiert am 4. März 2019, 08:15", "modified", kst(2019, 3, 4, 8, 15)),
    ("Updated on 2019-06-30 17:45", "modified", kst(2019, 6, 30, 17, 45)),
    ("Mis à jour le 05/11/2018 à 09h20", "modified", kst(2018, 11, 5, 9, 20)),
    ("Publicado el 9 de agosto de 2017", "published", kst(2017, 8, 9)),
    ("Pubblicato il 21/12/2016", "published", kst(2016, 12, 21)),
])
def test_a_connector_word_may_stand_between_label_and_a_day_first_date(line, kind, when):
    assert stamps(line) == [(kind, when)]


def test_a_label_right_after_a_digit_is_read():
    found = stamps("등록 2021. 3. 4. 08:10최종수정 2021. 3. 5. 11:20")
    assert found == [("published", kst(2021, 3, 4, 8, 10)), ("modified", kst(2021, 3, 5, 11, 20))]


def test_a_label_glued_to_a_byline_is_read_but_not_the_tail_of_a_word():
    assert stamps("박지영 특파원기사입력 2020.07.08 06:30") == [("published", kst(2020, 7, 8, 6, 30))]
    assert stamps("이민호 기자수정 2020-07-09 10:00") == [("modified", kst(2020, 7, 9, 10, 0))]
    assert stamps("Bestand 12.03.2020") == []  # `Stand` inside a word is no label


def test_a_portal_framing_a_partner_article_names_the_site():
    text = ("본문 첫 문단입니다.\n"
            "(예시) 네이버뉴스에서 더 많은 소식을 만나보세요.\n"
            "☞공감언론 뉴시스 reporter@newsis.com\nCopyright © 뉴시스. 무단전재 및 재배포 금지.")
    assert site_from_text(text) == "n.news.naver.com"
    assert site_from_text("본문.\nCopyright © 다음뉴스") == "v.daum.net"
    # the portal named in the story's own prose is no mark: the wire partner stays
    assert site_from_text("다음뉴스는 이날 개편안을 발표했다.\n☞공감언론 뉴시스 reporter@newsis.com") == "newsis.com"


# -- Korean times, as kinds: each form with several made-up instances ----------------------

@pytest.mark.parametrize("text, want", [
    # 12-hour clock with 오전/오후 after a dotted date with its trailing dot
    ("2021.03.07. 오후 9:15", kst(2021, 3, 7, 21, 15)),
    ("2019.11.30. 오전 8:02", kst(2019, 11, 30, 8, 2)),
    ("2024. 1. 5. 오후 3:40", kst(2024, 1, 5, 15, 40)),
    # noon and midnight: 오후 12 is noon, 오전 12 is the first hour of the day
    ("2020.06.01. 오후 12:30", kst(2020, 6, 1, 12, 30)),
    ("2020.06.01. 오전 12:05", kst(2020, 6, 1, 0, 5)),
    ("2023년 2월 9일 오전 12:45", kst(2023, 2, 9, 0, 45)),
    ("2023년 2월 9일 오후 12:01", kst(2023, 2, 9, 12, 1)),
    # dates with trailing dots and no time
    ("2018.04.22.", kst(2018, 4, 22)),
    ("2025. 12. 31.", kst(2025, 12, 31)),
])
def test_korean_twelve_hour_clock_and_dotted_dates(text, want):
    assert parse_time(text) == want


@pytest.mark.parametrize("label, kind", [
    ("입력", "published"), ("기사입력", "published"), ("송고", "published"), ("등록", "published"),
    ("승인", "published"), ("최종수정", "modified"), ("수정", "modified"), ("업데이트", "modified"),
])
@pytest.mark.parametrize("sep", ["", " ", " : ", ": ", "："])
@pytest.mark.parametrize("date, want", [
    ("2017.08.15 14:20", kst(2017, 8, 15, 14, 20)),
    ("2021-01-03 07:05:09", kst(2021, 1, 3, 7, 5, 9)),
    ("2022.10.11. 오후 1:07", kst(2022, 10, 11, 13, 7)),
])
def test_every_stamp_label_with_or_without_a_colon(label, kind, sep, date, want):
    assert stamps(f"{label}{sep}{date}") == [(kind, want)]


@pytest.mark.parametrize("line, want", [
    ("입력 2016.02.03. 오전 10:11 수정 2016.02.03. 오후 2:12",
     [("published", kst(2016, 2, 3, 10, 11)), ("modified", kst(2016, 2, 3, 14, 12))]),
    ("기사입력 2012-07-08 06:00:00 | 최종수정 2012-07-09 18:30:00",
     [("published", kst(2012, 7, 8, 6, 0)), ("modified", kst(2012, 7, 9, 18, 30))]),
    ("송고시간 2023-05-06 11:22 · 업데이트 2023-05-06 12:00",
     [("published", kst(2023, 5, 6, 11, 22)), ("modified", kst(2023, 5, 6, 12, 0))]),
])
def test_published_and_modified_are_kept_apart(line, want):
    assert stamps(line) == want


# -- bylines, as kinds ---------------------------------------------------------------------

@pytest.mark.parametrize("line, names", [
    ("스포츠조선=선수민 기자", ["선수민"]),
    ("한빛경제=박나래 기자", ["박나래"]),
    ("[동해신문=오세영 기자]", ["오세영"]),
])
def test_a_wire_prefixed_byline_gives_the_bare_name(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("line, names", [
    ("[OSEN=대전, 이상학 기자]", ["이상학"]),
    ("[스포츠한빛=부산, 김하람 기자]", ["김하람"]),
    ("[동해신문=광주, 오세영 특파원]", ["오세영"]),
    ("[OSEN=잠실, 홍길동·김철수 기자]", ["홍길동", "김철수"]),
    ("(서울=연합뉴스) 홍길동 기자 =", ["홍길동"]),
    ("(대전=한빛통신) 박나래 이서진 기자 =", ["박나래", "이서진"]),
])
def test_the_place_in_a_wire_credit_is_a_dateline_not_an_author(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("name, want", [
    ("OSEN=대전, 이상학 기자", "이상학"),
    ("[스포츠한빛=인천, 김하람 기자]", "김하람"),
    ("스포츠조선=선수민 기자", "선수민"),
])
def test_a_credited_name_is_cleaned_of_its_dateline(name, want):
    assert clean_author(name) == want
    assert merge_authors([name, want]) == [want]


@pytest.mark.parametrize("line, names", [
    ("홍길동·김철수 기자", ["홍길동", "김철수"]),
    ("이민아, 최준호 기자", ["이민아", "최준호"]),
    ("강다인/윤서준/한지우 기자", ["강다인", "윤서준", "한지우"]),
])
def test_several_reporters_in_one_byline(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("line, names", [
    ("홍길동 기자 외 1명", ["홍길동"]),
    ("박소연 기자 외 3명", ["박소연"]),
    ("김도윤 특파원 외 2인", ["김도윤"]),
])
def test_unnamed_co_authors_invent_no_name(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("line, names", [
    ("홍길동 기자 hong@example.co.kr", ["홍길동"]),
    ("이서진 기자(sjlee@example.com)", ["이서진"]),
    ("정하늘 기자 <sky@example.net>", ["정하늘"]),
])
def test_e_mail_addresses_stay_out_of_the_name(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("name", ["온라인뉴스팀", "디지털뉴스부", "연합뉴스", "사회부", "편집국", "뉴스센터",
                                  "Reuters", "Associated Press", "Staff", "AFP", "Web Desk"])
def test_a_desk_or_the_outlet_is_not_a_reporter(name):
    assert is_desk(name)
    assert clean_author(name) is None
    assert merge_authors([name, "홍길동"]) == ["홍길동"]


@pytest.mark.parametrize("line", ["온라인뉴스팀 기자", "디지털뉴스부", "[연합뉴스]", "사회부 기자 society@example.com"])
def test_a_desk_signing_the_story_gives_no_author(line):
    assert byline_authors(line) == []


@pytest.mark.parametrize("name", ["홍길동", "선수민", "Jane Doe", "María López"])
def test_a_person_is_no_desk(name):
    assert not is_desk(name)


@pytest.mark.parametrize("groups, want", [
    ((["스포츠조선=선수민 기자"], ["선수민"]), ["선수민"]),
    ((["홍길동 기자"], ["홍길동", "김철수 기자"]), ["홍길동", "김철수"]),
    ((["By Jane Doe"], ["Jane Doe", "jane doe"]), ["Jane Doe"]),
    ((["온라인뉴스팀", "이수아 기자 sua@example.com"],), ["이수아"]),
])
def test_merge_authors_names_each_person_once(groups, want):
    assert merge_authors(*groups) == want


@pytest.mark.parametrize("line, names", [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("By Ana Silva, Associated Press", ["Ana Silva"]),
    ("Jane Doe, Reuters", ["Jane Doe"]),
    ("Pierre Martin | AFP", ["Pierre Martin"]),
])
def test_english_bylines_with_several_names_or_a_wire(line, names):
    assert byline_authors(line) == names


@pytest.mark.parametrize("line", ["Paris, France", "New York, USA", "Monday, March"])
def test_a_place_and_a_comma_is_no_byline(line):
    assert byline_authors(line) == []


# -- numeric dates: month first or day first, by the page's evidence -------------------------

@pytest.mark.parametrize("text, month_first, want", [
    ("1/9/2012", None, (2012, 9, 1)),      # nothing says otherwise: day first
    ("1/9/2012", False, (2012, 9, 1)),
    ("1/9/2012", True, (2012, 1, 9)),
    ("25/12/2011", True, (2011, 12, 25)),  # a first value over 12 is a day on any page
    ("12/25/2011", False, (2011, 12, 25)),  # a second value over 12 is a day on any page
    ("Posted 3/4/2010 5:30 PM", True, (2010, 3, 4)),
])
def test_numeric_dates_follow_the_order_given(text, month_first, want):
    assert parse_time(text, month_first=month_first).timetuple()[:3] == want


@pytest.mark.parametrize("lang, host, texts, want", [
    ("en", "example.com", ["Updated 1/19/2012"], True),    # the page's own unambiguous date
    ("en-GB", "example.com", ["Posted 1/19/2012"], True),  # outweighs the declared region
    ("en-US", "example.co.uk", ["19/1/2012 and 20/1/2012"], False),
    ("en-US", None, [], True),
    ("en_GB", None, [], False),
    ("en-AU", "example.com", [], False),
    (None, "example.us", [], True),
    (None, "example.de", [], False),
    ("en", "example.co.uk", [], False),   # a country domain outweighs bare English
    ("en", "example.com", [], True),      # English on a generic domain: most often American
    ("pl", "example.com", [], None),
    (None, None, [], None),
])
def test_the_numeric_order_comes_from_the_page_evidence(lang, host, texts, want):
    assert numeric_order(lang, host, texts) is want


# -- bylines as Korean pages print them (made-up names and addresses) -----------------------------

@pytest.mark.parametrize("paragraph, names, rest", [
    ("시는 내년 예산을 늘리기로 했다.부산=박서준 기자 park@example-ilbo.kr", ["박서준"], "시는 내년 예산을 늘리기로 했다."),
    ("시는 내년 예산을 늘리기로 했다. 박서준기자 park@example-ilbo.kr", ["박서준"], "시는 내년 예산을 늘리기로 했다."),
    ("시는 내년 예산을 늘리기로 했다. [박서준 기자]", ["박서준"], "시는 내년 예산을 늘리기로 했다."),
    ("“곧 발표하겠다”고 말했다.[박서준·윤하늘 기자 park@example.kr]", ["박서준", "윤하늘"], "“곧 발표하겠다”고 말했다."),
    ("시는 예산을 늘린다.박서준 park@example-ilbo.kr", ["박서준"], "시는 예산을 늘린다."),
])
def test_a_byline_glued_to_the_last_sentence_is_read_and_cut(paragraph, names, rest):
    assert closing_byline(paragraph) == (names, rest)


@pytest.mark.parametrize("paragraph", [
    "이 내용은 박서준 기자가 처음 보도했다.",      # a reporter named in the prose
    "담당은 박서준 기자",                          # no sentence ends before the name
    "시민들은 현장에서 기자들을 만났다.",
])
def test_prose_naming_a_reporter_is_no_closing_byline(paragraph):
    assert closing_byline(paragraph) == ([], paragraph)


def test_body_bylines_reads_the_lead_credit_and_keeps_it():
    authors, paragraphs, cut = body_bylines(["(대전=예시통신) 윤하늘 기자 = 첫 문장이다.", "둘째 문장이다."])
    assert authors == ["윤하늘"] and paragraphs == ["(대전=예시통신) 윤하늘 기자 = 첫 문장이다.", "둘째 문장이다."]
    assert cut == []
    one = ["[서울=예시뉴스]윤하늘 기자 = 짧은 한 문단 기사다."]  # a one-paragraph story is not its own byline
    assert body_bylines(one) == (["윤하늘"], one, [])


def test_body_bylines_cuts_a_closing_byline_and_its_mail_line():
    authors, paragraphs, cut = body_bylines(["첫 문장이다.", "마지막 문장이다.", "박서준 기자", "park@example.kr"])
    assert (authors, paragraphs, cut) == (["박서준"], ["첫 문장이다.", "마지막 문장이다."], ["박서준 기자", "park@example.kr"])
    authors, paragraphs, _ = body_bylines(["첫 문장이다.", "마지막 문장이다.홍예린기자 hong@example.kr"])
    assert (authors, paragraphs) == (["홍예린"], ["첫 문장이다.", "마지막 문장이다."])


def test_an_op_ed_names_its_contributor_in_the_deck_or_a_signature():
    authors, paragraphs, cut = body_bylines(["논지를 편다.", "끝맺는다.", "최은서 예시대 경제학과 교수"], title="[기고] 금리의 앞날")
    assert (authors, paragraphs, cut) == (["최은서"], ["논지를 편다.", "끝맺는다."], ["최은서 예시대 경제학과 교수"])
    authors, paragraphs, _ = body_bylines(["논지를 편다."], title="[시론] 금리", deck=["최은서 예시연구소장"])
    assert (authors, paragraphs) == (["최은서"], ["논지를 편다."])
    assert contributor("글=최은서 예시대 명예교수") == "최은서"
    assert contributor("정부는 금리를 올리기로 했다") is None


def test_a_byline_box_may_hold_a_bare_name():
    assert byline_authors("윤하늘", bare=True) == ["윤하늘"]
    assert byline_authors("윤하늘·박서준", bare=True) == ["윤하늘", "박서준"]
    assert byline_authors("윤하늘") == []  # in running text a bare name is no byline
    assert byline_authors("온라인뉴스팀", bare=True) == []


# -- times: what the page prints for readers against what it declares ---------------------------

def test_compact_stamps_of_digits_are_read():
    assert parse_time("20250704183012") == kst(2025, 7, 4, 18, 30, 12)
    assert parse_time("202507041830") == kst(2025, 7, 4, 18, 30)


@pytest.mark.parametrize("declared, shown, want", [
    (kst(2025, 7, 4, 18, 30, 12), kst(2025, 7, 4, 18, 30), kst(2025, 7, 4, 18, 30, 12)),  # agree: the seconds
    (kst(2025, 7, 4, 9, 30, 12), kst(2025, 7, 4, 18, 30), kst(2025, 7, 4, 18, 30, 12)),   # UTC labelled +09:00
    (datetime(2025, 7, 4, 18, 30, 12, tzinfo=timezone.utc), kst(2025, 7, 4, 18, 30), kst(2025, 7, 4, 18, 30, 12)),
    (kst(2025, 7, 4, 17, 2), kst(2025, 7, 4, 18, 30), kst(2025, 7, 4, 18, 30)),             # the draft's creation
    (kst(2025, 7, 4, 7, 0), kst(2025, 7, 4), kst(2025, 7, 4, 7, 0)),                        # a day printed: same day
    (kst(2025, 7, 3, 23, 0), kst(2025, 7, 4), kst(2025, 7, 4)),                             # another day
    (None, kst(2025, 7, 4, 18, 30), kst(2025, 7, 4, 18, 30)),
    (kst(2025, 7, 4, 18, 30, 12), None, kst(2025, 7, 4, 18, 30, 12)),
])
def test_shown_time_prefers_what_readers_see(declared, shown, want):
    got = shown_time(declared, shown)
    assert got == want and (got.second, got.minute) == (want.second, want.minute)
