"""Each shared clutter rule on lines of its kind that the seed pages do not contain,
and ordinary article lines that no rule may touch."""
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
