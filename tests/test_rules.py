"""Each shared clutter rule on lines of its kind that the seed pages do not contain,
and ordinary article lines that no rule may touch."""
from collections import Counter

import pytest

from cleaners.rules import bare, line_rule

CASES = {
    "weather": ["• 대구 -3℃", "  • 세종 14.5℃", "Berlin 21 °C", "• Tokyo 8°", "New York 45°F", "맑음 23℃"],
    "ticker": ["• +12.34%", "    • -0.5%", "1,234,567", "▲ 3.2%", "코스닥 870.15 ▼5.21 (-0.60%)",
               "DAX 15432.10 +0.5%", "• 3,210"],
    "reaction": ["좋아요 12", "• 훈훈해요3", "• 후속기사 원해요 0", "Like 3", "Likes: 1,204", "12 likes",
                 "Reactions 5", "Gefällt mir 7"],
    "share": ["공유하기", "• 카카오톡", "Share on Facebook", "Share this article", "Artikel teilen",
              "Partager", "Facebook Twitter LinkedIn", "Mit Freunden teilen"],
    "font_size": ["글자크기 설정", "• 보통", "Text size", "A+", "A-", "Schriftgröße ändern", "본문 글자 크기"],
    "copyright": ["<저작권자 © 아시아경제 무단전재 및 재배포 금지>", "ⓒ 한국경제신문, 무단전재 및 재배포 금지",
                  "Copyright © 2021 The New York Times Company", "© 2024 Guardian News & Media Limited",
                  "All rights reserved.", "Alle Rechte vorbehalten."],
    "signature": ["김민수 기자 minsu@hankyung.com", "press@example.org", "Reporter Jane Doe jane@paper.com"],
    "ad": ["AD", "광고", "Advertisement", "Anzeige", "Sponsored"],
    "comments": ["댓글 3", "댓글쓰기", "Leave a comment", "12 Comments", "Kommentar verfassen",
                 "Comment by Max Muster — 3. Mai 2020", "5 Antworten zu „Ein Beitrag“", "Anna says:"],
    "related": ["관련 뉴스", "많이 본 뉴스", "인기기사", "Related articles", "More stories", "Most read",
                "Lesen Sie auch", "Das könnte Sie auch interessieren", "À lire aussi", "Noticias relacionadas",
                "You might also like:"],
    "account": ["로그인", "회원가입", "Sign in", "Subscribe", "Skip to content", "Anmelden"],
    "prev_next": ["« Older post", "Next article →", "이전기사", "← Zurück zur Übersicht"],
    "image": ["[image]", "[IMG_2034.jpg]", "사진", "사진 확대", "Enlarge image"],
    "breadcrumb": ["Home > World > Asia", "경제>금융", "뉴스 » 정치"],
    "date_only": ["2023년 1월 5일 수요일", "Monday, 3 January 2022", "March 4, 2021", "2021-03-04", "31.12.2020"],
    "newsletter": ["Sign up for our newsletter", "Newsletter abonnieren", "뉴스레터 구독 신청",
                   "매주 월요일 아침 경제 소식을 뉴스레터로 받아보세요"],
    "legal": ["Impressum", "Privacy Policy", "Datenschutzerklärung", "개인정보처리방침", "Terms of Service"],
    "comment_form": ["Your email address will not be published. Required fields are marked *",
                     "Deine E-Mail-Adresse wird nicht veröffentlicht."],
    "consent": ["Ich bin mit der Verarbeitung meiner Daten gemäß Datenschutzerklärung einverstanden.",
                "I agree to the Terms and the Privacy Policy.", "[필수] 개인정보 수집 및 이용에 동의합니다."],
    "form_field": ["[ ] Notify me of new posts by email", "Search [                    ] [Go]"],
    # kinds publishers put between the article's paragraphs
    "teaser": ["Read more: Council approves the new ferry timetable for the winter season",
               "À lire aussi » Le port de pêche rouvre après trois semaines de travaux",
               "관련기사: 지하철 9호선 연장 구간, 내년 상반기 개통 예정으로 공사 속도",
               ">> Zehn Tipps für die Wanderung durch das obere Tal <<"],
    "promo": ["Get the best of our reporting in your inbox every weekday morning, free of charge.",
              "Support our journalism: become a member today and read without limits.",
              "매주 월요일 아침, 놓치면 아쉬운 경제 소식과 시장 전망, 전문가 칼럼을 한데 모은 뉴스레터를 보내드립니다. "
              "지금 바로 이메일 주소를 남기시고 첫 호를 받아보세요. 언제든 수신을 거부하실 수 있습니다."],
    "disclosure": ["This post contains affiliate links; we may earn a small share of any purchase.",
                   "REKLAMA"],
    "comment_box": ["Du musst eingeloggt sein, um einen Kommentar zu schreiben und mitzudiskutieren."],
    "credit": ["Photo: Jane Roe / Example Agency", "Titelbild: Max Beispiel"],
    "source": ["Quelle: Statistisches Landesamt", "Source: company filings", "mb/dpa"],
    "tags": ["Tags: ferry, harbour, winter timetable", "Schlagwörter: Fähre, Hafen"],
    "widget": ["Klicken Sie hier, um den Inhalt von YouTube zu laden."],
}


@pytest.mark.parametrize("rule, line", [(rule, line) for rule, lines in CASES.items() for line in lines if lines])
def test_rule_names_its_kind(rule, line):
    assert line_rule(line) == rule


KEEP = [
    "KT가 서울 예술의전당에서 시각장애인을 초청해 공연을 개최했다.",
    "The company said revenue rose 12% to $3.4 billion in the quarter.",
    "서울의 기온은 영하 3℃까지 떨어졌고, 시민들은 두꺼운 외투를 꺼내 입었다.",
    "Die GEMA dreht völlig am Zeiger!",
    "200 g Zucker",
    "1 TL Zimt",
    "Zubereitungszeit: 25 Minuten (+ 15 Minuten backen)",
    "Shares of the company fell sharply after the announcement on Tuesday.",
    "He said he would like 12 more days to decide.",
    "http://www.openpetition.de/petition/online/gegen-die-tarifreform",
    "구현모 KT 사장, 대외 협력 ‘통크게’ 품었다",
    "Related research has shown that sleep matters for memory, the authors wrote.",
    "Er war mit dem Plan nicht einverstanden, sagte er am Montag.",
    "«Wir waren fast 40 Tage in Quarantäne»",
    "Next-Gen HAMR Platters Promise 80TB Hard Drives",
    "KT는 IPTV 가입자가 지난해 말 950만 명을 넘었다고 밝혔다.",
    "관련 업계는 이번 조치가 내년 예산에도 영향을 줄 것으로 내다봤다.",
]


@pytest.mark.parametrize("line", KEEP)
def test_article_lines_are_kept(line):
    assert line_rule(line) is None


def test_blank_and_bare():
    assert line_rule("   ") == "blank"
    assert bare("  • 작게 ") == "작게"
    assert bare("    □ Menu") == "Menu"


@pytest.mark.parametrize("line", ["x" * 100000, "• " * 50000, "\u200b\ufeff", "1" * 5000, "[" * 300])
def test_line_rule_takes_any_string(line):
    line_rule(line)  # must not raise


def test_a_story_sentence_that_names_a_call_word_is_kept():
    """Narration about subscriptions, sponsors or donations is article text, not a call."""
    story = [
        "The streaming company said its subscription revenue grew 12% in the third quarter, beating analysts' forecasts by a wide margin.",
        "Officials said the government-sponsored scheme would reach 2 million households by the end of next year, the ministry announced.",
        "Laut dem Verlag stieg die Zahl der Abonnenten im vergangenen Jahr um 8 Prozent, sagte eine Sprecherin am Dienstag in Berlin.",
    ]
    for line in story:
        assert line_rule(line) is None, line
    calls = [
        "To view the full story, please subscribe to The Daily Courier and get 3 months of unlimited access for free.",
        "If you buy something through links on our site, we may earn a commission that supports our independent journalism.",
        "Sign up for our newsletter to get the 5 most important stories delivered to your inbox every morning, free.",
    ]
    for line in calls:
        assert line_rule(line) in {"promo", "disclosure", "newsletter"}, line


# --- Story sentences that carry a rule's word, and the clutter of the same kinds.
# `bench/rule_removals.py` measures, per rule, how much text each rule removes that a dev set's
# gold body keeps; these are the kinds of lines it found, written afresh.

from cleaners.context_rules import paragraph_drops  # noqa: E402
from cleaners.rules import reads_as_sentence, word_verdict  # noqa: E402

STORY = [
    "The new ferry carries up to 400 passengers and will sail every two hours from the harbour.",
    "Residents said the old boat had broken down four times last winter, stranding commuters on the island.",
    "The operator expects the crossing to take twenty minutes, ten fewer than before.",
]

# (rule the word would name, a story sentence of that kind that a reader of the story needs)
STORY_SENTENCES = [
    ("comment_box", "What about you? Share your thoughts on the new timetable in the comments below."),
    ("disclosure", "Some of the kettles we tested were sent by their makers; others came through affiliate programmes."),
    ("copyright", "Most of the boats photographed on the quay were built in the 1960s. (© Harbour Photo Archive)"),
    ("comment_form", "The names of the two teenagers will not be published, the police said on Monday."),
    ("signature", "Witnesses were asked to write to the reporter at tips@courier.example with photos of the crash."),
    ("widget", "Click the green button on the ticket machine and the barrier opens after a second or two."),
]

# Sentences whose rule word is no longer a rule word once the whole line is read
PLAIN_SENTENCES = [
    "Bottom line: it cleans well and dries fast. Follow the instructions on the label and you will be fine.",
    "The shirt has a soft collar and four mother-of-pearl buttons down the front.",
    "What did the comments from residents reveal?",
    "Why share a car when the bus is free?",
]


@pytest.mark.parametrize("line", PLAIN_SENTENCES)
def test_a_rule_word_in_an_ordinary_sentence_names_no_rule(line):
    assert line_rule(line) is None


@pytest.mark.parametrize("rule, line", STORY_SENTENCES)
def test_a_story_sentence_with_a_rule_word_is_kept_among_the_story_and_dropped_at_its_edges(rule, line):
    assert line_rule(line) == rule and word_verdict(rule, line)  # the word alone names it ...
    middle = STORY[:2] + [line] + STORY[2:]
    assert paragraph_drops(middle) == [None] * 4  # ... which is not enough among the story
    assert paragraph_drops(STORY + [line])[-1] == rule  # after the last story paragraph it is
    assert paragraph_drops([line] + STORY)[0] == rule  # and before the first


@pytest.mark.parametrize("rule, line", STORY_SENTENCES)
def test_a_rule_word_sentence_among_the_story_goes_when_it_is_a_link_or_in_a_run_of_clutter(rule, line):
    middle = STORY[:2] + [line] + STORY[2:]
    assert paragraph_drops(middle, linked=lambda p: p == line)[2] == rule
    with_run = STORY[:2] + [line, "Share on Facebook"] + STORY[2:]
    assert paragraph_drops(with_run)[2:4] == [rule, "share"]


def test_a_call_naming_the_publishers_own_channel_goes_anywhere():
    call = "Sign up to our daily newsletter and never miss a story from the coast."
    assert paragraph_drops(STORY[:2] + [call] + STORY[2:])[2] == "newsletter"
    support = "Support our journalism today and help us keep reporting from the islands every week."
    assert paragraph_drops(STORY[:2] + [support] + STORY[2:])[2] == "promo"
    # a sentence about "the US" is not the publisher speaking of itself
    assert not word_verdict("promo", "Sign up for our newsletter.") and word_verdict(
        "promo", "Exports to the US rose after the subscription deal was signed, officials said.")


def test_labels_and_short_lines_do_not_read_as_sentences():
    for label in ["Share this article", "Leave a comment", "Comments (12)", "Privacy Policy", "Photo: Jane Roe",
                  "Follow us on Twitter", "Newsletter abonnieren", "공유하기"]:
        assert not reads_as_sentence(label), label
    for sentence in STORY + ["소방당국은 이날 오전 화재 원인을 조사하고 있다고 밝혔다고 전했다.", "卫生部门表示，目前已有十二名患者康复出院，其余患者病情稳定。"]:
        assert reads_as_sentence(sentence), sentence


def test_measured_false_removals_of_the_kinds_are_zero_and_their_clutter_still_goes():
    """The per-rule count bench/rule_removals.py reports, on the kinds above: every story
    sentence kept where it stands among the story, every clutter line of the same rules removed."""
    clutter = ["Share on Facebook", "Leave a comment", "This post contains affiliate links.",
               "Copyright © 2024 The Coastal Courier", "Sign up to our daily newsletter and never miss a story."]
    page = [clutter[0]] + STORY[:1] + [s for _, s in STORY_SENTENCES] + PLAIN_SENTENCES + STORY[1:] + clutter[1:]
    verdicts = paragraph_drops(page)
    false = Counter(v for p, v in zip(page, verdicts) if v and p not in clutter)
    missed = [p for p, v in zip(page, verdicts) if p in clutter and not v]
    assert false == Counter() and missed == []


def test_a_reported_figure_with_a_label_word_is_not_a_label():
    assert line_rule("Sprint had a subscriber base of 53.8 million at the end of the year.") is None
    assert line_rule("Sign up for our newsletter to get the 5 most important stories every morning.") in {"newsletter", "promo"}
    assert line_rule("Immediate online access to all issues from 2019. Subscription will auto renew annually.") == "promo"


# --- A tail of other stories' links closing the text, in any language: headlines that are links
# on the page, each perhaps with its teaser, perhaps under a short heading.

TAIL_HEADLINES = [
    "Council votes to close the old library",
    "Storm leaves thousands without power",
    "Local bakery wins national prize",
]


def test_a_closing_run_of_linked_headlines_and_teasers_is_dropped_with_its_heading():
    teasers = ["The building will be sold next year.", "Crews worked through the night.", "Its rye bread took gold."]
    tail = ["In the region"] + [x for pair in zip(TAIL_HEADLINES, teasers) for x in pair]
    verdicts = paragraph_drops(STORY + tail, linked=lambda p: p in TAIL_HEADLINES)
    assert verdicts[:3] == [None] * 3
    assert verdicts[3:] == ["linked_tail"] * len(tail)


def test_linked_lines_among_the_story_or_too_few_of_them_are_kept():
    two = STORY + TAIL_HEADLINES[:2]
    assert paragraph_drops(two, linked=lambda p: p in TAIL_HEADLINES) == [None] * 5
    mixed = STORY[:1] + TAIL_HEADLINES + STORY[1:3] + STORY[:1]  # story sentences close the text
    assert paragraph_drops(mixed, linked=lambda p: p in TAIL_HEADLINES) == [None] * len(mixed)
    no_story = TAIL_HEADLINES + ["Five more."]  # a list of links is no story to cut it from
    assert paragraph_drops(no_story, linked=lambda p: p in TAIL_HEADLINES) == [None] * 4


# --- Small print and stamps at the edges of the story.

def test_a_copyright_notice_closing_the_text_takes_its_small_print_with_it():
    notice = "© 2031 Harbour Courier Ltd. All rights reserved."
    small_print = "This material may not be published, broadcast or redistributed without permission."
    verdicts = paragraph_drops(STORY + [notice, small_print])
    assert verdicts == [None] * 3 + ["copyright", "copyright_tail"]
    long_story = "The ferry will also carry bicycles free of charge, " * 8 + "the operator said."
    assert paragraph_drops(STORY + [notice, long_story])[-1] is None  # a long paragraph is story again


from cleaners.context_rules import is_stamp  # noqa: E402

STAMPS = ["March 3, 2031 9:15am", "Last updated at 11:25am on 03.03.31", "2031-03-03 09:15:02 -",
          "Published: 3 Mar 2031 14:03 GMT", "2031년 3월 3일 오후 3:00", "Fri, 03/03/2031 - 10:02"]
NOT_STAMPS = ["The election was held in 2031 after a long campaign.", "delivered in spring 2031.",
              "| 2031 | Winner | Harbour FC |", "Posted"]


@pytest.mark.parametrize("line", STAMPS)
def test_a_date_and_time_stamp_is_dropped_at_the_edges_of_the_story_only(line):
    assert is_stamp(line)
    assert paragraph_drops([line] + STORY)[0] == "stamp"
    assert paragraph_drops(STORY + [line])[-1] == "stamp"
    assert paragraph_drops(STORY[:2] + [line] + STORY[2:])[2] is None


@pytest.mark.parametrize("line", NOT_STAMPS)
def test_a_sentence_a_fragment_or_a_table_row_with_a_year_is_no_stamp(line):
    assert not is_stamp(line)


def test_transcript_speaker_labels_take_turns_and_stay():
    """A transcript's bracketed speaker labels alternate (at least two, one back again): they are
    kept as paragraphs, while a lone bracketed photo marker and a long bracketed credit still go."""
    from cleaners.rules import turn_labels
    lines = ["[진행자]", "오늘 시장 소식입니다.", "[리포터]", "채소 값이 올랐습니다.", "[진행자]", "고맙습니다.",
             "[사진]", "[촬영 김아무개 박아무개 최아무개 편집 이아무개 정아무개]"]
    turns = turn_labels(lines)
    assert turns == {"[진행자]", "[리포터]", "[사진]"}
    assert line_rule("[진행자]", turns) is None and line_rule("[리포터]", turns) is None
    assert line_rule("[진행자]") == "image"  # without its turns, a bracket-only line is a marker
    assert line_rule("[촬영 김아무개 박아무개 최아무개 편집 이아무개 정아무개]", turns) == "image"


@pytest.mark.parametrize("lines", [
    ["[사진]", "시장 풍경이다.", "[사진]", "다른 풍경이다."],  # one marker repeated: no turns
    ["[사진=한빛통신]", "시장 풍경이다.", "[그래픽]"],  # markers that never come back
    ["[Image]", "A market.", "[Photo: Jane Roe]", "[Image]"],  # a credit with a colon is no label
])
def test_photo_markers_are_no_turns(lines):
    from cleaners.rules import turn_labels
    turns = turn_labels(lines)
    assert all(line_rule(line, turns) == "image" for line in lines if line.startswith("[") and ":" not in line)
